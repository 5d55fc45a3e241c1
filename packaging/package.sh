#!/usr/bin/env bash
# Builds the Debian package pingscope_<version>_<arch>.deb with CPack and checks it: its
# control fields and files, that it unpacks into a scratch root whose pingscope-cli runs and
# prints the project's version, lintian (errors fail), the desktop entry and the AppStream
# metainfo. Installs missing Debian packages first (debian-packages.txt and
# debian-packages-packaging.txt). Exits non-zero on any failure.
#
#   ./packaging/package.sh [--build-dir DIR]
#
# By default it packages the dev build (build/, preset dev, RelWithDebInfo): after
# test.sh that build is up to date, so the package holds the very binaries the tests ran
# (CPack strips them), and nothing is compiled twice. --build-dir packages another tree,
# configured already (it is built, not configured, here).
# The package is left in DIR/package/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

parse_build_dir_option "$@"

ensure_debian_packages
PINGSCOPE_PACKAGES_FILE=$PINGSCOPE_ROOT/packaging/debian-packages-packaging.txt \
    ensure_debian_packages
build_dev_or_given_tree

version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build_dir/CPackConfig.cmake")
[ -n "$version" ] || { echo "package.sh: no version in $build_dir/CPackConfig.cmake" >&2; exit 1; }
out=$build_dir/package
rm -rf "$out"
log "Packaging PingScope $version (cpack)"
(cd "$build_dir" && cpack -G DEB -B "$out" >"$out.log" 2>&1) || { cat "$out.log" >&2; exit 1; }
deb=$out/pingscope_${version}_$(dpkg --print-architecture).deb
[ -f "$deb" ] || { echo "package.sh: cpack made no $deb" >&2; ls "$out" >&2; exit 1; }

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

log "dpkg-deb -I $(basename "$deb")"
dpkg-deb -I "$deb"
log "dpkg-deb -c $(basename "$deb")"
dpkg-deb -c "$deb"

depends=$(dpkg-deb -f "$deb" Depends)
recommends=$(dpkg-deb -f "$deb" Recommends)
for library in libqt6core6 libqt6network6 libqt6gui6 libqt6widgets6; do
    grep -q "$library" <<<"$depends" || fail "Depends lacks $library: $depends"
done
grep -qw mosquitto <<<"$recommends" || fail "Recommends lacks mosquitto: $recommends"
contents=$(dpkg-deb -c "$deb" | awk '{ print $6 }')
for file in ./usr/bin/pingscope ./usr/bin/pingscope-cli \
    ./usr/share/applications/io.github.pingscope.PingScope.desktop \
    ./usr/share/metainfo/io.github.pingscope.PingScope.metainfo.xml \
    ./usr/share/icons/hicolor/scalable/apps/io.github.pingscope.PingScope.svg \
    ./usr/share/man/man1/pingscope-cli.1.gz ./usr/share/man/man1/pingscope.1.gz \
    ./usr/share/doc/pingscope/copyright ./usr/share/doc/pingscope/changelog.gz; do
    grep -qxF "$file" <<<"$contents" || fail "the package has no $file"
done
# Only what a user runs or reads: no tests, static libraries, headers or CMake files.
if unwanted=$(grep -E '\.(a|h|cmake)$|/tests?/|_test$' <<<"$contents"); then
    fail "the package holds build leftovers: $unwanted"
fi

log "Unpacking into a scratch root and running the installed pingscope-cli --version"
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg -x "$deb" "$root"
# Qt comes from the system, as for an installed package: no LD_LIBRARY_PATH.
cli_version=$("$root/usr/bin/pingscope-cli" --version) || fail "pingscope-cli --version failed"
echo "$cli_version"
[ "$cli_version" = "pingscope-cli $version" ] ||
    fail "pingscope-cli --version said '$cli_version', not 'pingscope-cli $version'"
gui_version=$(env -u DISPLAY -u WAYLAND_DISPLAY "$root/usr/bin/pingscope" --version 2>/dev/null) ||
    fail "pingscope --version failed without a display"
echo "$gui_version"
[ "$gui_version" = "PingScope $version" ] ||
    fail "pingscope --version said '$gui_version', not 'PingScope $version'"

log "desktop-file-validate"
desktop-file-validate "$root/usr/share/applications/io.github.pingscope.PingScope.desktop" ||
    fail "desktop-file-validate"
log "appstreamcli validate"
appstreamcli validate --no-net "$root/usr/share/metainfo/io.github.pingscope.PingScope.metainfo.xml" ||
    fail "appstreamcli validate"

log "lintian (errors fail; warnings are listed)"
# Exit status 1 is "errors found" (checked by their E: lines below); 2 and more: it broke.
lintian_status=0
lintian_output=$(lintian --allow-root --tag-display-limit 0 "$deb" 2>&1) || lintian_status=$?
echo "${lintian_output:-lintian: no findings}"
[ $lintian_status -le 1 ] || fail "lintian itself failed (exit status $lintian_status)"
if grep -q '^E:' <<<"$lintian_output"; then
    fail "lintian reported errors"
fi

if [ $failures -gt 0 ]; then
    echo "package.sh: $failures check(s) failed for $deb" >&2
    exit 1
fi
log "OK: $deb"
