#!/usr/bin/env bash
# The tests with OpenSearch nodes of their own, started and stopped by the tests: a 3-node
# cluster (HTTP on CLUSTER_OPENSEARCH_PORT.. +2, default 9410, transport +300) and a node with
# the security plugin (SECURE_OPENSEARCH_PORT, default 9430); the model, the samples.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/env.sh
source scripts/env.sh

echo "== pytest (cluster)"
pytest -m cluster -s "$@"
