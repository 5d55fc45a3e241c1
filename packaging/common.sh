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
build_pingscope() {
    cd "$PINGSCOPE_ROOT"
    log "Configuring (preset dev)"
    cmake --preset dev >/dev/null
    log "Building"
    cmake --build --preset dev "$@"
}
