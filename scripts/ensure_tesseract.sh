#!/usr/bin/env bash
# OCR needs Debian's tesseract with its German model; install them where missing. OCR is
# optional: when the install is impossible (no root, no apt) this warns and goes on, and
# ingestion reports scanned pages as unread. With --required (the test command) it fails.
if tesseract --list-langs 2>/dev/null | grep -qx deu; then
    exit 0
fi
echo "== installing tesseract-ocr and its German model for OCR"
if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ] \
    && apt-get update -qq && apt-get install -y -qq tesseract-ocr tesseract-ocr-deu >/dev/null; then
    exit 0
fi
if [ "${1:-}" = "--required" ]; then
    echo "error: could not install tesseract-ocr-deu, which the tests need" >&2
    exit 1
fi
echo "warning: could not install tesseract-ocr-deu; scanned pages will not be OCRed" >&2
exit 0
