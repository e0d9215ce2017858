"""Fault injection: the OpenSearch node is stopped in the middle of a batch ingest.

The CLI reports the failure (exit 1); while the node is down the API answers 503; when the
node is back the same app answers again by itself, and a rerun of the ingest completes with
exactly the records a clean run writes: no duplicate, no missing unit or chunk, nothing left
half-written. The node is one of the test's own (its own port and data folder), started and
stopped with scripts/opensearch.sh, so the suite's node is never touched.
"""

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ingest.prepare import prepare_document
from ingest.run import prepare_options
from ratsuche.backends import get_backend
from ratsuche.backends.opensearch.admin import make_client
from ratsuche.backends.opensearch.store import OpenSearchBackend
from ratsuche.settings import Settings, get_settings
from search_api.app import app
from tests.ingest_process import complete_ids, start_ingest
from tests.net import free_port

REPO = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.engine, pytest.mark.model]
PORT = int(os.environ.get("FAULT_OPENSEARCH_PORT") or free_port())
ALIAS = "faults"
BATCH = [
    "pdf/ahnsen_gemeinderat_2023-03-02_protokoll.pdf",
    "pdf/ahnsen_gemeinderat_2026-03-26_niederschrift.pdf",
    "pdf/ahnsen_gemeinderat_2026-05-05_niederschrift.pdf",
    "pdf/erlangen_stadtteilbeirat-buechenbach_2020-01-22_niederschrift.pdf",
    "pdf/erlangen_stadtteilbeirat-buechenbach_2022-11-17_niederschrift.pdf",
    "pdf/nordstemmen_rat_2021-12-21_protokoll.pdf",
    "text/nordstemmen_rat_2018-03-15_niederschrift.txt",
    "text/duisburg_rat_2025-02-24_niederschrift_top2.txt",
]


def node(action: str, home: Path) -> None:
    env = {**os.environ, "OPENSEARCH_PORT": str(PORT), "OPENSEARCH_HOME": str(home)}
    subprocess.run([str(REPO / "scripts" / "opensearch.sh"), action], env=env, check=True,
                   capture_output=True, timeout=400)


@pytest.fixture(scope="module")
def fault_node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("fault-node")
    node("start", home)
    try:
        yield home
    finally:
        node("stop", home)


def test_node_dies_mid_ingest_then_rerun_completes(
    fault_node: Path, samples: Path, tmp_path: Path
) -> None:
    for file in BATCH:
        (tmp_path / file).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(samples / file, tmp_path / file)
    options, _ = prepare_options(get_settings())  # what the CLI will do
    expected = sorted(  # the records a clean run writes
        record["_id"]
        for file in BATCH
        for record in prepare_document(tmp_path / file, tmp_path, options).records()
    )
    settings = Settings(opensearch_url=f"http://127.0.0.1:{PORT}", index_alias=ALIAS,
                        opensearch_timeout=5.0)
    client = make_client(settings)

    run = start_ingest(tmp_path, f"http://127.0.0.1:{PORT}", ALIAS)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and run.poll() is None:
        if client.indices.exists_alias(name=ALIAS) and client.count(index=ALIAS, body={
            "query": {"bool": {"filter": [{"term": {"record": "document"}},
                                          {"term": {"complete": True}}]}}})["count"] >= 2:
            break
        time.sleep(0.2)
    assert run.poll() is None, "the ingest ended before the fault could be injected"
    node("stop", fault_node)
    output, _ = run.communicate(timeout=600)
    assert run.returncode == 1, output
    assert "Failed files" in output and "unavailable" in output.lower(), output

    previous = dict(app.dependency_overrides)
    app.dependency_overrides[get_settings] = lambda: settings
    backend = OpenSearchBackend(client, ALIAS)
    app.dependency_overrides[get_backend] = lambda: backend
    try:
        with TestClient(app) as api:
            assert api.get("/health").status_code == 503
            down = api.get("/search", params={"q": "Haushalt", "mode": "keyword"})
            assert down.status_code == 503 and "Traceback" not in down.text
            node("start", fault_node)
            up = api.get("/search", params={"q": "Haushalt", "mode": "keyword"})
            assert up.status_code == 200, up.text
            assert api.get("/health").json()["status"] == "ok"
    finally:
        app.dependency_overrides.clear()
        app.dependency_overrides.update(previous)

    partial = complete_ids(client, ALIAS)
    assert 0 < len(partial) < len(expected)
    rerun = start_ingest(tmp_path, f"http://127.0.0.1:{PORT}", ALIAS)
    output, _ = rerun.communicate(timeout=900)
    assert rerun.returncode == 0, output
    assert sorted(complete_ids(client, ALIAS)) == expected  # no duplicate, nothing missing
    assert client.count(index=ALIAS)["count"] == len(expected)  # nothing half-written left
