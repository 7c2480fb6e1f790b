#!/bin/sh
# Make sure this machine has what rdotool's virtualenv cannot get from PyPI:
# git, rpm/rpmbuild, librpm's Python bindings for $PYTHON (the system Python,
# since the bindings are built for it), and venv support for that Python.
# As root the missing packages are installed (apt-get or dnf); otherwise the
# exact command is printed and the script fails.
#
# With --test, what only the tests need instead: Chromium and its WebDriver, in which
# tests/uc/test_report_page.py opens `uc report --html`'s page. Without root the
# command is printed and the script succeeds (that test then skips, saying why; under
# CI it fails).
set -eu

PYTHON=${PYTHON:-/usr/bin/python3}
for_tests=""
[ "${1:-}" = "--test" ] && for_tests=1
missing=""
if [ -n "$for_tests" ]; then
    command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 ||
        missing="$missing chromium"
    command -v chromedriver >/dev/null 2>&1 || missing="$missing chromedriver"
else
    command -v git >/dev/null 2>&1 || missing="$missing git"
    command -v rpmbuild >/dev/null 2>&1 || missing="$missing rpmbuild"
    "$PYTHON" -c 'import rpm' >/dev/null 2>&1 || missing="$missing rpm-python-bindings"
    "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1 || missing="$missing python-venv"
fi
[ -z "$missing" ] && exit 0

id_like=""
if [ -r /etc/os-release ]; then
    # shellcheck disable=SC1091
    . /etc/os-release
    id_like="${ID:-} ${ID_LIKE:-}"
fi
case "$id_like" in
    *debian*|*ubuntu*)
        packages="rpm python3-rpm python3-venv git"
        [ -n "$for_tests" ] && packages="chromium chromium-driver"
        install="apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages"
        ;;
    *fedora*|*rhel*|*centos*)
        packages="python3-rpm rpm-build git python3"
        [ -n "$for_tests" ] && packages="chromium chromedriver"
        install="dnf install -y $packages"
        ;;
    *)
        echo "rdotool: missing:$missing; this distribution ($id_like) is not known to the Makefile." >&2
        echo "Install rpm, rpmbuild, git and the rpm Python bindings for $PYTHON, then rerun." >&2
        exit 1
        ;;
esac

if [ "$(id -u)" = 0 ]; then
    echo "rdotool: installing system packages for:$missing" >&2
    sh -c "$install"
    [ -n "$for_tests" ] && exit 0
    "$PYTHON" -c 'import rpm' || {
        echo "rdotool: rpm bindings still not importable by $PYTHON; set PYTHON= to the system Python." >&2
        exit 1
    }
elif [ -n "$for_tests" ]; then
    echo "rdotool: the browser tests need:$missing (they skip without it). Run as root:" >&2
    echo "    sudo sh -c '$install'" >&2
else
    echo "rdotool: this machine lacks:$missing. Run as root:" >&2
    echo "    sudo sh -c '$install'" >&2
    exit 1
fi
