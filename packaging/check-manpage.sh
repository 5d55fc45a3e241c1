#!/usr/bin/env bash
# Fails when an option that PROGRAM --help lists is missing from its hand-written man page,
# so the page cannot fall behind the option table. Run by ctest (cmake/Packaging.cmake).
#
#   packaging/check-manpage.sh PROGRAM MANPAGE
set -euo pipefail
program=$1 page=$2

# Qt's help lists "  -k, --keep-alive <SECONDS>  ..."; the page writes options as \-\-name.
options=$("$program" --help | grep -oE '^ +(-[A-Za-z], )?--[a-z][a-z0-9-]*' | grep -oE -- '--[a-z0-9-]+' | sort -u)
[ -n "$options" ] || { echo "check-manpage: $program --help listed no options" >&2; exit 1; }
missing=()
for option in $options; do
    grep -qF -- "${option//-/\\-}" "$page" || missing+=("$option")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "check-manpage: $page does not document: ${missing[*]}" >&2
    exit 1
fi
echo "check-manpage: $(wc -w <<<"$options") options of $(basename "$program") are in $(basename "$page")"
