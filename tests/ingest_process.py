"""The CLI's ingest in a process of its own, and the records it left complete: for the tests
that hurt the engine while an ingest runs (test_faults, test_cluster)."""

import os
import subprocess
import sys
from pathlib import Path

from opensearchpy import OpenSearch


def start_ingest(folder: Path, url: str, alias: str, **env: str) -> subprocess.Popen[str]:
    """`ratsuche ingest folder` against `url`, file by file (EMBEDDING_GROUP_CHUNKS=1: a slow,
    long batch to hurt in the middle); more settings as environment variables."""
    variables = {**os.environ, "OPENSEARCH_URL": url, "INDEX_ALIAS": alias,
                 "EMBEDDING_GROUP_CHUNKS": "1", **env}
    return subprocess.Popen(
        [sys.executable, "-m", "cli.main", "ingest", str(folder)],
        env=variables, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def complete_ids(client: OpenSearch, alias: str) -> list[str]:
    """The ids of the complete records under `alias`, sorted."""
    client.indices.refresh(index=alias)
    hits = client.search(index=alias, body={
        "size": 10_000, "_source": False, "query": {"term": {"complete": True}},
    })["hits"]["hits"]
    return sorted(h["_id"] for h in hits)
