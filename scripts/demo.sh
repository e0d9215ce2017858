#!/usr/bin/env bash
# The demo: ingest the bundled sample protocols and serve search on localhost.
# By default on the embedded store (one SQLite file, no server). With BACKEND=opensearch a
# local OpenSearch node is started (and stopped with the server, Ctrl-C), unless
# OPENSEARCH_URL names a running cluster.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/env.sh
source scripts/env.sh
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}

if [ "${BACKEND:-}" = "opensearch" ] && [ -z "${OPENSEARCH_URL:-}" ]; then
  export OPENSEARCH_PORT=${OPENSEARCH_PORT:-9200}
  export OPENSEARCH_URL=http://127.0.0.1:$OPENSEARCH_PORT
  trap 'scripts/opensearch.sh stop || true' EXIT
  scripts/opensearch.sh start
fi
ratsuche model prepare
# Exit code 1 means some sample files were reported and skipped (e.g. a scan without text).
ratsuche ingest data/samples || [ $? -eq 1 ]
echo "Search is ready: http://$HOST:$PORT/  (API docs: http://$HOST:$PORT/docs) - Ctrl-C stops"
ratsuche serve --host "$HOST" --port "$PORT"
