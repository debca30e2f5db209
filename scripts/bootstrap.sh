#!/bin/sh
# Installs everything tibao needs on a Debian machine, idempotently:
# the Debian packages (fonts, HarfBuzz subsetting, Chromium for the browser tests),
# uv (from PyPI into .tools/, because Debian's system Python refuses pip installs, PEP 668),
# the Python environment from uv.lock, and the compiled translation catalogues.
#
# usage: scripts/bootstrap.sh [run|test|bench]
set -eu
purpose=${1:-run}
cd "$(dirname "$0")/.."

packages="libharfbuzz-subset0 fonts-noto-cjk"
case "$purpose" in
    test) packages="$packages chromium" ;;
    bench) packages="$packages wrk" ;;
esac
# ensurepip is split out of Debian's python3 into python3-venv; we need it to make .tools/.
if ! command -v uv >/dev/null 2>&1 && [ ! -x .tools/bin/uv ]; then
    python3 -c 'import ensurepip' 2>/dev/null || packages="$packages python3-venv"
fi

missing=""
for package in $packages; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
        missing="$missing $package"
done
if [ -n "$missing" ]; then
    echo "tibao: installing Debian packages:$missing"
    sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
fi

if command -v uv >/dev/null 2>&1; then
    uv=$(command -v uv)
else
    if [ ! -x .tools/bin/uv ]; then
        echo "tibao: installing uv into .tools/"
        python3 -m venv .tools
        .tools/bin/pip install --quiet --disable-pip-version-check uv
    fi
    uv=.tools/bin/uv
fi

# Only the system's Python: no machine here reaches uv's Python downloads.
UV_PYTHON_DOWNLOADS=never "$uv" sync --frozen --quiet
UV_PYTHON_DOWNLOADS=never "$uv" run --frozen pybabel -q compile -d procurement/translations
