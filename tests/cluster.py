"""A local 3-node OpenSearch cluster for the failure tests (or one secured node), the API
served over loopback, and a bounded query load that counts what its users see.

The cluster is started, stopped and hurt with scripts/opensearch.sh (`kill-node`: SIGKILL,
`stop-node`: SIGTERM, `start-node`: back and joined), on ports and in a folder of its own
(`CLUSTER_OPENSEARCH_PORT`, default 9410; `CLUSTER_OPENSEARCH_HOME`, default a temp dir).
"""

import itertools
import os
import socket
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import uvicorn
from fastapi import FastAPI
from opensearchpy import OpenSearch

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Cluster:
    """The nodes of scripts/opensearch.sh under `home`, HTTP on `port` .. `port + nodes - 1`."""

    home: Path
    port: int
    nodes: int = 3
    env: dict[str, str] = field(default_factory=dict)  # more for the script (security)

    @property
    def url(self) -> str:
        """OPENSEARCH_URL for all nodes."""
        scheme = "https" if self.env.get("OPENSEARCH_SECURITY") == "1" else "http"
        return ",".join(f"{scheme}://127.0.0.1:{self.port + i}" for i in range(self.nodes))

    def script(self, *args: str) -> None:
        env = {**os.environ, "OPENSEARCH_NODES": str(self.nodes),
               "OPENSEARCH_PORT": str(self.port), "OPENSEARCH_HOME": str(self.home), **self.env}
        done = subprocess.run([str(REPO / "scripts" / "opensearch.sh"), *args], env=env,
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"opensearch.sh {' '.join(args)}:\n{done.stdout}{done.stderr}"


def manager_node(client: OpenSearch) -> int:
    """The number of the elected cluster manager (node names are `ratsuche-<number>`)."""
    nodes = client.cat.nodes(format="json", h="name,cluster_manager")
    return next(int(n["name"].rsplit("-", 1)[1]) for n in nodes if n["cluster_manager"] == "*")


def wait_for_health(client: OpenSearch, status: str, nodes: int) -> float:
    """Seconds until the cluster has `nodes` nodes and exactly `status` (the engine waits,
    at most 120 s per call; the caller asserts the state, never the time)."""
    started = time.monotonic()
    order = ["red", "yellow", "green"]
    for _ in range(10):
        health = client.cluster.health(wait_for_nodes=str(nodes), wait_for_status=status,
                                       timeout="120s", request_timeout=150)
        if health["number_of_nodes"] == nodes and health["status"] == status:
            return time.monotonic() - started
        # green while waiting for yellow: shards not yet unassigned; ask again
        assert order.index(health["status"]) >= order.index(status), health
        time.sleep(0.2)
    raise AssertionError(f"cluster not {status} with {nodes} nodes: {health}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(app: FastAPI) -> Iterator[str]:
    """The app under uvicorn in a thread on a free loopback port; its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(600):
        if server.started:
            break
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@dataclass
class LoadReport:
    """What the users of a query load saw."""

    statuses: Counter[str] = field(default_factory=Counter)
    wrong_totals: int = 0  # 200 answers whose keyword result count differs from the baseline
    failures: Counter[str] = field(default_factory=Counter)  # what the errors said

    @property
    def sent(self) -> int:
        return sum(self.statuses.values())

    @property
    def errors(self) -> int:
        return self.sent - self.statuses["200"]


QUERIES = ["Haushalt", "Bebauungsplan", "Kindergarten", "Feuerwehr", "Straßenbeleuchtung",
           "Beschluss einstimmig", "Windenergie", "Radverkehr"]
MODES = ["keyword", "hybrid", "semantic"]


def baseline(base_url: str) -> dict[str, int]:
    """Result counts of the keyword queries on the healthy cluster."""
    with httpx.Client(base_url=base_url, timeout=60) as http:
        return {q: http.get("/search", params={"q": q, "mode": "keyword"}).json()["total"]
                for q in QUERIES}


class QueryLoad:
    """`workers` threads send searches (queries x modes, in turn) until stopped or `limit`
    requests are sent; a keyword answer is checked against the baseline's result count."""

    def __init__(self, base_url: str, expected: dict[str, int], workers: int = 4,
                 limit: int = 4000) -> None:
        self.base_url = base_url
        self.expected = expected
        self.report = LoadReport()
        self._requests = itertools.islice(itertools.cycle(itertools.product(QUERIES, MODES)),
                                          limit)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._work, daemon=True) for _ in range(workers)]

    def _next(self) -> tuple[str, str] | None:
        with self._lock:
            return None if self._stop.is_set() else next(self._requests, None)

    def _work(self) -> None:
        with httpx.Client(base_url=self.base_url, timeout=120) as http:
            while (request := self._next()) is not None:
                query, mode = request
                try:
                    response = http.get("/search", params={"q": query, "mode": mode})
                    status = str(response.status_code)
                except httpx.HTTPError as exc:
                    status = exc.__class__.__name__
                    response = None
                wrong = (status == "200" and mode == "keyword" and response is not None
                         and response.json()["total"] != self.expected[query])
                with self._lock:
                    self.report.statuses[status] += 1
                    self.report.wrong_totals += wrong
                    if status != "200":
                        self.report.failures[response.text[:300] if response else status] += 1

    def __enter__(self) -> "QueryLoad":
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=300)
