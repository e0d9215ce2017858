#!/usr/bin/env bash
# The demo: start a local OpenSearch node, ingest the bundled sample protocols, serve search.
# Stops the node when the server is stopped (Ctrl-C).
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/env.sh
source scripts/env.sh
export OPENSEARCH_PORT=${OPENSEARCH_PORT:-9200}
export OPENSEARCH_URL=${OPENSEARCH_URL:-http://127.0.0.1:$OPENSEARCH_PORT}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}

trap 'scripts/opensearch.sh stop || true' EXIT
scripts/opensearch.sh start
ratsuche model prepare
# Exit code 1 means some sample files were reported and skipped (e.g. a scan without text).
ratsuche ingest data/samples || [ $? -eq 1 ]
echo "Search is ready: http://$HOST:$PORT/  (API docs: http://$HOST:$PORT/docs) - Ctrl-C stops"
ratsuche serve --host "$HOST" --port "$PORT"
