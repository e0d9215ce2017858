#!/usr/bin/env bash
# Create .venv (if absent) and install the project into it, CPU torch first.
#
# torch: a local CPU wheel (in a --find-links folder such as /opt/wheels) is installed first
# where one exists; otherwise torch comes from PyPI, whose Linux build pulls ~3 GB of CUDA
# libraries. pip's own HTTP cache stays empty behind this machine's registry proxy, so those
# wheels are kept in a wheelhouse outside the clone ($WHEELHOUSE): later installs, fresh
# clones and CI take them from there in seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
PYTHON=${PYTHON:-python3}
TORCH_VERSION=${TORCH_VERSION:-2.13.0}
STAMP="$VENV/.installed"
WHEELHOUSE=${WHEELHOUSE:-${XDG_CACHE_HOME:-$HOME/.cache}/ratsuche/wheels}

if [ -f "$STAMP" ] && [ "$STAMP" -nt pyproject.toml ]; then
    exit 0
fi

[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
PIP=("$VENV/bin/python" -m pip --disable-pip-version-check)
"${PIP[@]}" install -q --upgrade pip setuptools wheel

if ! "$VENV/bin/python" -c "import torch" 2>/dev/null; then
    local_wheel=""
    for dir in ${PIP_FIND_LINKS:-} /opt/wheels; do
        [ -d "$dir" ] || continue
        local_wheel=$(ls "$dir"/torch-"$TORCH_VERSION"+cpu-*.whl 2>/dev/null | head -n 1 || true)
        [ -n "$local_wheel" ] && break
    done
    if [ -n "$local_wheel" ]; then
        echo "installing CPU torch from $local_wheel"
        "${PIP[@]}" install -q "$local_wheel"
    else
        echo "no local CPU torch wheel: torch==$TORCH_VERSION from the index via $WHEELHOUSE"
        mkdir -p "$WHEELHOUSE"
        "${PIP[@]}" download -q -d "$WHEELHOUSE" "torch==$TORCH_VERSION"
        "${PIP[@]}" install -q --no-index --find-links "$WHEELHOUSE" "torch==$TORCH_VERSION"
    fi
fi

"${PIP[@]}" install -q -e ".[ocr,dev]"
touch "$STAMP"
echo "virtual environment ready: $VENV (run: $VENV/bin/ratsuche --help)"
