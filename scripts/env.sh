# Sourced by the demo and test scripts: the project's virtual environment on PATH (created
# and installed first if needed), tesseract for OCR where it can be installed, and the model hub
# switched off (the model is built locally).
scripts/setup_venv.sh
scripts/ensure_tesseract.sh
VENV=${VENV:-.venv}
export PATH="$PWD/$VENV/bin:$PATH"
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
