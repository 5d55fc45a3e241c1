# Shared by demo.sh and test.sh; sourced, not run.

PINGSCOPE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PINGSCOPE_PACKAGES_FILE="$PINGSCOPE_ROOT/packaging/debian-packages.txt"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Installs those packages of debian-packages.txt that are not installed yet; does nothing
# (and needs no root) when all are there.
ensure_debian_packages() {
    local wanted missing=() package
    wanted=$(sed -e 's/#.*//' "$PINGSCOPE_PACKAGES_FILE" | awk 'NF { print $1 }')
    for package in $wanted; do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$package")
        fi
    done
    if [ ${#missing[@]} -eq 0 ]; then
        return 0
    fi
    log "Installing missing Debian packages: ${missing[*]}"
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "error: need root or sudo to install: ${missing[*]}" >&2; return 1; }
        sudo=(sudo)
    fi
    "${sudo[@]}" apt-get update -qq
    # Through env: sudo's env_reset would drop a DEBIAN_FRONTEND set in front of it.
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Configures and builds with the "dev" preset (build/), shared by both scripts so that
# running one after the other builds only once.
# PINGSCOPE_CMAKE_ARGS: extra configure arguments, split on spaces (CI passes
# -DPINGSCOPE_DEBUG_INFO=OFF); they stay in the tree's cache for later runs.
build_pingscope() {
    cd "$PINGSCOPE_ROOT"
    log "Configuring (preset dev${PINGSCOPE_CMAKE_ARGS:+ $PINGSCOPE_CMAKE_ARGS})"
    # shellcheck disable=SC2086 # split on purpose
    cmake --preset dev ${PINGSCOPE_CMAKE_ARGS:-} >/dev/null
    log "Building"
    cmake --build --preset dev "$@"
}

# For the scripts that take `--build-dir DIR` and nothing else (package.sh, screenshots.sh):
# sets build_dir to DIR's absolute path, or leaves it empty for the dev build; any other
# argument is a usage error (exit 2), named with the script's name.
parse_build_dir_option() {
    build_dir=
    while [ $# -gt 0 ]; do
        case $1 in
        --build-dir) build_dir=$(cd "$2" && pwd); shift 2 ;;
        *) echo "$(basename "$0"): unknown argument '$1' (see the comment at the top)" >&2; exit 2 ;;
        esac
    done
}

# Builds the dev tree (configured here) when build_dir is empty, else the tree given
# (configured already), with extra `cmake --build` arguments; sets build_dir to the tree.
build_dev_or_given_tree() {
    if [ -z "$build_dir" ]; then
        build_pingscope "$@"
        build_dir=$PINGSCOPE_ROOT/build
    else
        log "Building $build_dir"
        cmake --build "$build_dir" "$@"
    fi
}
