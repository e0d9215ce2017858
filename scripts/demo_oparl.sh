#!/usr/bin/env bash
# The OParl demo without a network: start the local OParl server (tests/oparl_server.py,
# built around data/samples), import from it twice (a full run, then an incremental one that
# finds nothing new), and serve search. Index alias `ratsuche-oparl` unless INDEX_ALIAS is set.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/env.sh
source scripts/env.sh
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
OPARL_PORT=${OPARL_PORT:-8765}
export INDEX_ALIAS=${INDEX_ALIAS:-ratsuche-oparl}

PYTHONPATH=. python -m tests.oparl_server --port "$OPARL_PORT" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
URL="http://127.0.0.1:$OPARL_PORT/oparl/system"
python - "$URL" <<'PY'
import sys, time, urllib.request
for _ in range(50):
    try:
        urllib.request.urlopen(sys.argv[1], timeout=1)
        break
    except OSError:
        time.sleep(0.2)
PY
ratsuche model prepare
# --allow-private: the server is on loopback. Exit 1 would mean some files failed.
ratsuche import-oparl "$URL" --allow-private
ratsuche import-oparl "$URL" --allow-private
echo "Search is ready: http://$HOST:$PORT/?q=Bebauungsplan - Ctrl-C stops"
ratsuche serve --host "$HOST" --port "$PORT"
