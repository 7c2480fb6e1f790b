#!/usr/bin/env bash
# Run the suite on other Pythons (EL9's 3.9 and the newest one found), each in its own
# venv (.venv-X.Y). Tests that need librpm's bindings are skipped, with the reason, on a
# Python they do not load in. A Python that is not installed is reported, not faked.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
find_python() {  # $1 = X.Y: python on PATH, else a pyenv install
    local found
    for found in "$(command -v "python$1" 2>/dev/null)" "$HOME"/.pyenv/versions/"$1".*/bin/python"$1"; do
        if [ -x "$found" ] && "$found" -c 'import sys' >/dev/null 2>&1; then
            echo "$found"
            return 0
        fi
    done
    return 1
}
newest=""
for version in 3.14 3.13 3.12; do
    if find_python "$version" >/dev/null; then newest=$version; break; fi
done
for version in 3.9 $newest; do
    python=$(find_python "$version") || { echo "test-all: no Python $version on this machine: not tested" >&2; continue; }
    venv=".venv-$version"
    if [ ! -f "$venv/.installed" ] || [ pyproject.toml -nt "$venv/.installed" ]; then
        rm -rf "$venv"
        "$python" -m venv "$venv" &&
            "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e '.[dev,fast]' &&
            "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps koji &&
            touch "$venv/.installed" || { echo "test-all: could not set up $venv" >&2; status=1; continue; }
    fi
    echo "test-all: Python $version ($python)" >&2
    "$venv/bin/python" -m pytest -q -p no:cacheprovider || status=1
done
exit $status
