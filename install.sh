#!/bin/sh
# Install SmartPick TUI from this checkout into a virtual environment of its own, then start it.
#
#   sh install.sh [ARGS...]         install (or update) and start: `smartpick ARGS...`
#   sh install.sh --test [ARGS...]  install with the test dependencies and run `pytest -q ARGS...`
#
# Why a script: on Debian and Ubuntu `pip install .` into the system Python is refused
# (PEP 668, "externally-managed-environment"). This never touches the system Python: it makes
# `.venv` beside this file with `python3 -m venv`, or with uv where the venv module is missing
# (Debian ships it apart, as python3-venv); without either, pipx installs the app (not the
# tests). Set PYTHON to choose the interpreter (3.11 or newer), SMARTPICK_VENV the folder.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
venv=${SMARTPICK_VENV:-$here/.venv}
python=${PYTHON:-python3}
mode=start
if [ "${1:-}" = "--test" ]; then
    mode=test
    shift
fi
say() { printf 'install.sh: %s\n' "$*" >&2; }

make_venv() {
    [ -x "$venv/bin/python" ] && return 0
    if "$python" -m venv "$venv" >/dev/null 2>&1; then
        return 0
    fi
    rm -rf "$venv" # a half-made venv (no ensurepip) would be taken as ready next time
    if command -v uv >/dev/null 2>&1; then
        say "no venv module in $python: making $venv with uv"
        uv venv -q --python "$python" "$venv" && return 0
        rm -rf "$venv"
    fi
    return 1
}

install_into_venv() {
    target=$1
    # a developer's editable install of this checkout (CONTRIBUTING.md) stays as it is
    if "$venv/bin/python" -I -c "import sys, smartpick_tui as s; sys.exit(not s.__file__.startswith('$here/smartpick_tui/'))" \
        >/dev/null 2>&1; then
        return 0
    fi
    if [ -x "$venv/bin/pip" ]; then
        "$venv/bin/python" -m pip install -q --disable-pip-version-check "$target"
    else # made by uv: no pip inside
        uv pip install -q --python "$venv/bin/python" "$target"
    fi
}

if make_venv; then
    if [ "$mode" = test ]; then
        install_into_venv "$here[test]"
        cd "$here"
        exec "$venv/bin/python" -m pytest -q "$@"
    fi
    install_into_venv "$here"
    exec "$venv/bin/smartpick" "$@"
fi

if [ "$mode" = start ] && command -v pipx >/dev/null 2>&1; then
    say "no venv module in $python: installing with pipx"
    pipx install --force "$here" >&2
    exec smartpick "$@"
fi
say "cannot make a virtual environment with $python: install python3-venv (sudo apt install python3-venv), uv or pipx, then run this again"
exit 1
