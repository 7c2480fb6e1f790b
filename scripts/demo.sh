#!/usr/bin/env bash
# `make demo`: rdotool on the real rdoinfo snapshot (../shared/data/rdoinfo) when it is
# there, otherwise on the small rdoinfo of the test suite. Uses a throw-away cache so the
# first query shows a cold start (YAML parsed) and the next ones warm starts (JSON cache).
set -euo pipefail
cd "$(dirname "$0")/.."

RDOTOOL=${RDOTOOL:-.venv/bin/rdotool}
rdoinfo=${RDOTOOL_DEMO_RDOINFO:-../shared/data/rdoinfo}
if [ ! -f "$rdoinfo/rdo-full.yml" ]; then
    rdoinfo=tests/data/rdoinfo/basic
    echo "(../shared/data/rdoinfo is absent: using the small rdoinfo in $rdoinfo)"
fi
RDOTOOL_CACHE_DIR=$(mktemp -d)
export RDOTOOL_CACHE_DIR RDOTOOL_RDOINFO=$rdoinfo
trap 'rm -rf "$RDOTOOL_CACHE_DIR"' EXIT

step() {
    printf '\n\033[1m$ %s\033[0m\n' "$*"
    "$@"
}
timed() {
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null
    end=$(date +%s%N)
    printf '%s: %d ms\n' "$*" $(((end - start) / 1000000))
}

step "$RDOTOOL" --version
echo
echo "rdoinfo: $rdoinfo (RDOTOOL_RDOINFO)"
timed "$RDOTOOL" info openstack-nova
timed "$RDOTOOL" info openstack-nova
step "$RDOTOOL" info openstack-nova --tag epoxy
step "$RDOTOOL" info python-oslo-config --tag flamingo-uc --json
step "$RDOTOOL" info conf:lib tags:^epoxy$
step "$RDOTOOL" findpkg oslo.config --json
step "$RDOTOOL" releases --status maintained
step "$RDOTOOL" info
uc=${RDOTOOL_DEMO_UC:-../shared/data/upper-constraints/stable-2025.1.txt}
if [ -f "$uc" ] && [ "$rdoinfo" != tests/data/rdoinfo/basic ]; then
    # a release manager's view: what is behind upper-constraints, and the bump's plan
    step "$RDOTOOL" uc report --release epoxy --uc-file "$uc" --distro el9s --status pin-behind
    step "$RDOTOOL" uc bump --release epoxy --uc-file "$uc" --status pin-behind --dry-run \
        --workdir "$RDOTOOL_CACHE_DIR/bump"
fi
printf '\n\033[1m$ %s\033[0m\n' "$RDOTOOL info opensatck-nova   # a typo: exit 3"
"$RDOTOOL" info opensatck-nova && exit 1 || echo "exit code: $?"
