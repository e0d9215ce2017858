"""The product on a real 3-node cluster (3 shards, 1 replica): a node killed under query load, a
node killed during an ingest, a new index definition rolled out under load, a rolling restart.

Run by `make test-cluster` (scripts/test_cluster.sh), not by `make test`. The figures (requests,
statuses, seconds to yellow and back to green, records) are printed (`-s` shows them); the
tests assert states and counts, never times.
"""

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from opensearchpy import OpenSearch

from ingest.prepare import prepare_document
from ingest.run import collect_files, ingest_files, prepare_options
from ratsuche.backends import get_backend
from ratsuche.backends.opensearch.admin import Layout, alias_targets, drop_index, make_client
from ratsuche.backends.opensearch.store import OpenSearchBackend
from ratsuche.embedding import get_embedder
from ratsuche.settings import Settings, get_settings
from search_api.app import create_app
from tests.cluster import (
    Cluster,
    LoadReport,
    QueryLoad,
    baseline,
    manager_node,
    served,
    wait_for_health,
)
from tests.ingest_process import complete_ids, start_ingest

pytestmark = [pytest.mark.cluster, pytest.mark.engine, pytest.mark.model]
PORT = int(os.environ.get("CLUSTER_OPENSEARCH_PORT", "9410"))
ALIAS = "cluster-search"
LAYOUT = Layout(shards=3, replicas=1)
FILES = [
    "pdf/ahnsen_gemeinderat_2023-03-02_protokoll.pdf",
    "pdf/ahnsen_gemeinderat_2026-03-26_niederschrift.pdf",
    "pdf/ahnsen_gemeinderat_2026-05-05_niederschrift.pdf",
    "pdf/erlangen_stadtteilbeirat-buechenbach_2020-01-22_niederschrift.pdf",
    "pdf/erlangen_stadtteilbeirat-buechenbach_2022-11-17_niederschrift.pdf",
    "pdf/erlangen_stadtteilbeirat-buechenbach_2025-03-11_niederschrift.pdf",
    "pdf/nordstemmen_rat_2021-09-30_protokoll.pdf",
    "pdf/nordstemmen_rat_2021-12-21_protokoll.pdf",
]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    given = os.environ.get("CLUSTER_OPENSEARCH_HOME")
    home = Path(given) if given else tmp_path_factory.mktemp("cluster")
    nodes = Cluster(home, PORT)
    nodes.script("start")
    try:
        yield nodes
    finally:
        nodes.script("stop")


def cluster_settings(cluster: Cluster, alias: str) -> Settings:
    return Settings(opensearch_url=cluster.url, index_alias=alias,
                    opensearch_shards=LAYOUT.shards, opensearch_replicas=LAYOUT.replicas)


@pytest.fixture(scope="module")
def client(cluster: Cluster) -> OpenSearch:
    return make_client(cluster_settings(cluster, ALIAS))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, samples: Path) -> Path:
    folder = tmp_path_factory.mktemp("cluster-corpus")
    for file in FILES:
        (folder / file).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(samples / file, folder / file)
    return folder


@pytest.fixture(scope="module")
def expected(corpus: Path) -> list[str]:
    """The ids of the records a clean ingest of the corpus writes (as into a single node)."""
    options, _ = prepare_options(get_settings())
    return sorted(record["_id"] for file in FILES
                  for record in prepare_document(corpus / file, corpus, options).records())


@pytest.fixture(scope="module")
def indexed(client: OpenSearch, corpus: Path) -> Iterator[str]:
    backend = OpenSearchBackend(client, ALIAS, LAYOUT)
    backend.ensure_ready(get_embedder().dimension)
    report = ingest_files(backend, get_embedder(), collect_files([str(corpus)]))
    assert report.count("ingested") == len(FILES), report
    yield ALIAS
    drop_index(client, ALIAS)


@pytest.fixture(scope="module")
def api(cluster: Cluster, client: OpenSearch, indexed: str) -> Iterator[str]:
    """The real app over loopback, reading the cluster through every node's URL."""
    settings = cluster_settings(cluster, indexed)
    app = create_app()
    backend = OpenSearchBackend(client, indexed, LAYOUT)
    app.dependency_overrides[get_settings] = lambda: settings
    app.dependency_overrides[get_backend] = lambda: backend
    with served(app) as base_url:
        yield base_url


def records(client: OpenSearch, alias: str) -> dict[str, int]:
    """Complete records by type, and every record."""
    client.indices.refresh(index=alias)
    counts = {kind: client.count(index=alias, body={"query": {"bool": {"filter": [
        {"term": {"record": kind}}, {"term": {"complete": True}}]}}})["count"]
        for kind in ("document", "unit", "chunk")}
    return {**counts, "all": client.count(index=alias)["count"]}


def kill_and_restart(cluster: Cluster, client: OpenSearch, node: int) -> tuple[float, float]:
    """SIGKILL a node, wait for yellow, start it again, wait for green: seconds from the kill
    to yellow, and from the restart to green."""
    started = time.monotonic()
    cluster.script("kill-node", str(node))
    to_yellow = time.monotonic() - started + wait_for_health(client, "yellow", cluster.nodes - 1)
    started = time.monotonic()
    cluster.script("start-node", str(node))
    return to_yellow, time.monotonic() - started + wait_for_health(client, "green", cluster.nodes)


def show(scenario: str, load: LoadReport, **figures: object) -> None:
    numbers = ", ".join(f"{name} {value:.1f}" if isinstance(value, float) else f"{name} {value}"
                        for name, value in figures.items())
    print(f"\n[{scenario}] requests {load.sent}, statuses {dict(load.statuses)}, "
          f"errors {load.errors} {dict(load.failures)}, wrong keyword totals "
          f"{load.wrong_totals}; {numbers}")


def assert_clean(load: LoadReport) -> None:
    """What users saw: answers, or a clean 503; never a 500, never a short result list."""
    assert load.sent > 0
    assert set(load.statuses) <= {"200", "503"}, load.statuses
    assert load.wrong_totals == 0, load


def test_node_killed_under_query_load(
    cluster: Cluster, client: OpenSearch, api: str, expected: list[str]
) -> None:
    before = records(client, ALIAS)
    assert complete_ids(client, ALIAS) == expected
    victim = manager_node(client)  # the hardest node to lose: an election follows
    totals = baseline(api)
    with QueryLoad(api, totals) as load:
        time.sleep(2)  # the load runs before the fault
        to_yellow, to_green = kill_and_restart(cluster, client, victim)
        time.sleep(2)  # and after the recovery
    show("kill under load", load.report, keyword_totals=totals,
         killed=f"node {victim} (cluster manager)",
         seconds_to_yellow=to_yellow, seconds_restart_to_green=to_green,
         records_before=before, records_after=records(client, ALIAS))
    assert_clean(load.report)
    assert complete_ids(client, ALIAS) == expected
    assert records(client, ALIAS) == before


def test_node_killed_during_ingest_then_rerun_completes(
    cluster: Cluster, client: OpenSearch, corpus: Path, expected: list[str]
) -> None:
    alias = "cluster-ingest"
    layout = {"OPENSEARCH_SHARDS": str(LAYOUT.shards),
              "OPENSEARCH_REPLICAS": str(LAYOUT.replicas)}
    try:
        run = start_ingest(corpus, cluster.url, alias, **layout)
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline and run.poll() is None:
            if client.indices.exists_alias(name=alias) and records(client, alias)["document"] >= 2:
                break
            time.sleep(0.2)
        assert run.poll() is None, "the ingest ended before the fault could be injected"
        written = records(client, alias)
        victim = next(i for i in range(1, cluster.nodes + 1) if i != manager_node(client))
        to_yellow, to_green = kill_and_restart(cluster, client, victim)
        output, _ = run.communicate(timeout=900)
        first_exit = run.returncode
        after_fault = records(client, alias)

        rerun = start_ingest(corpus, cluster.url, alias, **layout)
        rerun_output, _ = rerun.communicate(timeout=900)
        assert rerun.returncode == 0, rerun_output
        after_rerun = records(client, alias)
        print(f"\n[kill during ingest] killed node {victim} with {written} written; first run "
              f"exit {first_exit}; then {after_fault}; after the rerun {after_rerun} (a clean "
              f"run writes {len(expected)} records); seconds to yellow {to_yellow:.1f}, "
              f"restart to green {to_green:.1f}")
        assert first_exit in (0, 1), output
        assert complete_ids(client, alias) == expected  # each record once, none missing
        assert after_rerun["all"] == len(expected)  # nothing half-written left
    finally:
        drop_index(client, alias)


def test_new_index_definition_rolled_out_under_load(
    cluster: Cluster, client: OpenSearch, api: str, expected: list[str]
) -> None:
    old = alias_targets(client, ALIAS)
    before = records(client, ALIAS)
    env = {**os.environ, "OPENSEARCH_URL": cluster.url, "INDEX_ALIAS": ALIAS,
           "OPENSEARCH_SHARDS": "2", "OPENSEARCH_REPLICAS": "1"}  # another shard count
    with QueryLoad(api, baseline(api)) as load:
        time.sleep(2)
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "cli.main", "index", "create", "--drop-old"],
                              env=env, capture_output=True, text=True, timeout=600)
        seconds = time.monotonic() - started
        time.sleep(2)
    new = alias_targets(client, ALIAS)
    show("rollout under load", load.report, old_index=old, new_index=new,
         seconds_for_index_create=seconds, records_before=before,
         records_after=records(client, ALIAS))
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(new) == 1 and new != old
    assert not client.indices.exists(index=old[0])
    assert load.report.errors == 0, load.report
    assert_clean(load.report)
    assert complete_ids(client, ALIAS) == expected


def test_rolling_restart_under_load(
    cluster: Cluster, client: OpenSearch, api: str, expected: list[str]
) -> None:
    before = records(client, ALIAS)
    steps = []
    with QueryLoad(api, baseline(api)) as load:
        for node in range(1, cluster.nodes + 1):
            started = time.monotonic()
            cluster.script("stop-node", str(node))
            to_yellow = time.monotonic() - started + wait_for_health(client, "yellow",
                                                                      cluster.nodes - 1)
            started = time.monotonic()
            cluster.script("start-node", str(node))
            to_green = time.monotonic() - started + wait_for_health(client, "green",
                                                                     cluster.nodes)
            steps.append(f"node {node}: {to_yellow:.1f} s to yellow, {to_green:.1f} s to green")
    show("rolling restart", load.report, steps="; ".join(steps), records_before=before,
         records_after=records(client, ALIAS))
    assert_clean(load.report)
    assert complete_ids(client, ALIAS) == expected
