#!/usr/bin/env bash
# The whole test suite: lint, type-check, start a real OpenSearch node, pytest, stop the node.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/env.sh
source scripts/env.sh

# The browser tests drive Debian's chromium (Playwright never downloads a browser).
if [ ! -x /usr/bin/chromium ]; then
  echo "== installing chromium for the browser tests"
  apt-get update -qq && apt-get install -y -qq chromium
fi

# The OCR tests need tesseract: fail here rather than skip them.
scripts/ensure_tesseract.sh --required

echo "== ruff"
ruff check .
echo "== mypy"
mypy
echo "== import contracts"
lint-imports

# A node of its own for the tests, on a port apart from the demo's.
export OPENSEARCH_PORT=${TEST_OPENSEARCH_PORT:-9250}
export OPENSEARCH_HOME=${TEST_OPENSEARCH_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/ratsuche/opensearch-test}
export OPENSEARCH_URL="http://127.0.0.1:$OPENSEARCH_PORT"
trap 'scripts/opensearch.sh stop || true' EXIT
scripts/opensearch.sh start

echo "== pytest"
# the cluster tests start a cluster of their own: `make test-cluster`
pytest -m "not cluster" "$@"
