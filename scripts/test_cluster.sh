#!/usr/bin/env bash
# The cluster tests: a 3-node OpenSearch cluster of their own (started and stopped by the tests,
# HTTP on CLUSTER_OPENSEARCH_PORT.. +2, default 9410, transport +300), the model, the samples.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/env.sh
source scripts/env.sh

echo "== pytest (cluster)"
pytest -m cluster -s tests/test_cluster.py "$@"
