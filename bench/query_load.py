"""Query load through the HTTP API beside raw BM25 and kNN `_search` on the engine.

Starts the API (`ratsuche serve`) in a process of its own on a free loopback port unless
`--api` names a running one, then sends a bounded number of requests from this process at
each concurrency level: the dev queries over mixed modes and filters. Prints latency
p50/p95/p99, throughput, error count and the API process' memory, and the ratio of each API
mode's p95 to the raw engine's p95 measured in the same run. Exit code 1 on any error.

    python bench/query_load.py --requests 2000 --concurrency 16
    python bench/query_load.py --concurrency 1 8 32 --requests 400 --repeat 3
    BACKEND=embedded python bench/query_load.py --no-raw --per-mode --concurrency 1 8
"""

import argparse
import asyncio
import contextlib
import csv
import functools
import itertools
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from ratsuche.backends.opensearch.dsl import filter_clauses
from ratsuche.core.query import Filters
from ratsuche.core.stored import RecordType
from ratsuche.settings import get_settings

REPO = Path(__file__).resolve().parent.parent
DEFAULT_QUERIES = REPO.parent / "shared" / "eval" / "dev" / "queries.tsv"
MODES = ("hybrid", "keyword", "semantic")


@dataclass
class Run:
    """The outcome of one load level for one target."""

    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status != "200")

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else 0.0


def load_queries(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as f:
        return [row["query"] for row in csv.DictReader(f, delimiter="\t")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (uvicorn runs in one process here)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def drive(
    requests: list[tuple[str, dict[str, str] | None, dict[str, object] | None]],
    concurrency: int, max_seconds: float,
) -> Run:
    """Send (url, params, json body) requests with `concurrency` workers; stop at the end of
    the list or after `max_seconds`."""
    run = Run()
    queue = iter(requests)
    deadline = time.perf_counter() + max_seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async def worker(client: httpx.AsyncClient) -> None:
        for url, params, body in queue:
            if time.perf_counter() > deadline:
                return
            started = time.perf_counter()
            try:
                if body is None:
                    response = await client.get(url, params=params)
                else:
                    response = await client.post(url, json=body)
                status = str(response.status_code)
            except httpx.HTTPError as exc:
                status = exc.__class__.__name__
            run.latencies_ms.append((time.perf_counter() - started) * 1000)
            run.statuses[status] += 1

    started = time.perf_counter()
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    run.seconds = time.perf_counter() - started
    return run


def api_requests(
    api: str, queries: list[str], facets: dict[str, list[str]], modes: list[str], count: int,
    seed: int,
) -> list[tuple[str, dict[str, str] | None, dict[str, object] | None]]:
    """Mixed modes; every third request carries a filter taken from the facets."""
    rng = random.Random(seed)
    out: list[tuple[str, dict[str, str] | None, dict[str, object] | None]] = []
    pairs = itertools.cycle(itertools.product(queries, modes))
    for number in range(count):
        query, mode = next(pairs)
        params = {"q": query, "mode": mode}
        if number % 3 == 2 and facets:
            name = rng.choice(sorted(facets))
            params[name] = rng.choice(facets[name])
        out.append((f"{api}/search", params, None))
    rng.shuffle(out)
    return out


def raw_requests(
    engine: str, index: str, queries: list[str], count: int
) -> list[tuple[str, dict[str, str] | None, dict[str, object] | None]]:
    """The engine's own floor: a BM25 match on the chunk text, top 10, nothing else."""
    body = [{"size": 10, "_source": False, "query": {"bool": {
        "must": {"match": {"text": q}}, "filter": {"term": {"record": "chunk"}}}}}
        for q in queries]
    return [(f"{engine}/{index}/_search", None, body[i % len(body)]) for i in range(count)]


def raw_knn_requests(
    engine: str, index: str, queries: list[str], count: int, k: int
) -> list[tuple[str, dict[str, str] | None, dict[str, object] | None]]:
    """The engine's floor for semantic search: the API's kNN clause (same k, same filter on
    complete chunks), top 10, no source; the query vectors are embedded beforehand."""
    chunk_filter = {"bool": {"filter": filter_clauses(Filters(), RecordType.chunk)}}
    body = [{"size": 10, "_source": False, "query": {"knn": {"vector": {
        "vector": vector, "k": k, "filter": chunk_filter}}}}
        for vector in query_vectors(tuple(queries))]
    return [(f"{engine}/{index}/_search", None, body[i % len(body)]) for i in range(count)]


@functools.cache
def query_vectors(queries: tuple[str, ...]) -> list[list[float]]:
    from ratsuche.embedding import Embedder

    embedder = Embedder(cache=False)
    return [embedder.encode_query(q).tolist() for q in queries]


def start_api(port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=os.environ.copy(),
    )
    for _ in range(240):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        if process.poll() is not None:
            raise SystemExit("the API process ended during start-up")
        time.sleep(0.5)
    process.terminate()
    raise SystemExit("the API did not become healthy within 120 s")


@contextlib.contextmanager
def serving(api: str | None) -> Iterator[str]:
    """The URL of `api`, or of an API started here for the block and stopped after it."""
    if api:
        yield api
        return
    port = free_port()
    process = start_api(port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def facet_values(api: str) -> dict[str, list[str]]:
    facets = httpx.get(f"{api}/search", params={"q": "", "size": 1}, timeout=30).json()["facets"]
    wanted = {"body": "body", "year": "date_from", "outcome": "outcome", "kind": "kind",
              "municipality": "municipality"}
    values: dict[str, list[str]] = {}
    for name, parameter in wanted.items():
        top = [v["value"] for v in facets.get(name, [])[:5]]
        if top:
            values[parameter] = [f"{y}-01-01" for y in top] if name == "year" else top
    return values


def row(label: str, concurrency: int, run: Run) -> str:
    rps = len(run.latencies_ms) / run.seconds if run.seconds else 0.0
    return (f"| {label} | {concurrency} | {len(run.latencies_ms)} | {run.errors} | "
            f"{run.percentile(50):.0f} | {run.percentile(95):.0f} | {run.percentile(99):.0f} | "
            f"{rps:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--api", help="a running API (default: start one)")
    parser.add_argument("--engine", default=os.environ.get("OPENSEARCH_URL",
                                                           "http://127.0.0.1:9200"))
    parser.add_argument("--index", default=os.environ.get("INDEX_ALIAS", "ratsuche"))
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES)
    parser.add_argument("--requests", type=int, default=2000, help="per level and target")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[16])
    parser.add_argument("--modes", nargs="+", default=list(MODES), choices=MODES)
    parser.add_argument("--per-mode", action="store_true",
                        help="also run each mode alone (for API/raw ratios)")
    parser.add_argument("--raw", action=argparse.BooleanOptionalAction, default=True,
                        help="the raw OpenSearch floor (--no-raw for the embedded backend)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per level (median reported)")
    parser.add_argument("--max-seconds", type=float, default=600, help="bound per run")
    args = parser.parse_args()

    queries = load_queries(args.queries)
    process = None
    api = args.api
    if not api:
        port = free_port()
        process = start_api(port)
        api = f"http://127.0.0.1:{port}"
    try:
        idle = rss_mb(process.pid) if process else None
        facets = facet_values(api)
        asyncio.run(drive(api_requests(api, queries, facets, ["keyword", "semantic"], 20, 0),
                          2, 60))  # warm-up: model, caches
        health = httpx.get(f"{api}/health", timeout=30).json()
        print(f"# {len(queries)} queries from {args.queries}; {os.cpu_count()} CPUs; "
              f"{time.strftime('%Y-%m-%d %H:%M')}; {health['engine_version']}, "
              f"index {health['index']} ({health['documents']} documents)")
        print("| target | concurrency | requests | errors | p50 ms | p95 ms | p99 ms | req/s |")
        print("|---|---|---|---|---|---|---|---|")
        targets: list[tuple[str, list[str] | None]] = [("api mixed", args.modes)]
        if args.per_mode:
            targets += [(f"api {m}", [m]) for m in args.modes]
        if args.raw:
            targets.append(("raw BM25 _search", None))
            targets.append(("raw kNN _search", None))
        total_errors = 0
        peak = idle or 0.0
        for concurrency in args.concurrency:
            p95: dict[str, list[float]] = {}
            for repeat in range(args.repeat):
                for label, modes in targets:
                    if modes:
                        requests = api_requests(api, queries, facets, modes, args.requests,
                                                repeat)
                    elif label.startswith("raw kNN"):
                        requests = raw_knn_requests(args.engine, args.index, queries,
                                                    args.requests, get_settings().knn_k)
                    else:
                        requests = raw_requests(args.engine, args.index, queries,
                                                args.requests)
                    run = asyncio.run(drive(requests, concurrency, args.max_seconds))
                    total_errors += run.errors
                    p95.setdefault(label, []).append(run.percentile(95))
                    if process:
                        peak = max(peak, rss_mb(process.pid))
                    print(row(label, concurrency, run), flush=True)
                    if run.errors:
                        print(f"  statuses: {dict(run.statuses)}", flush=True)
            raw = statistics.median(p95["raw BM25 _search"]) if args.raw else 0.0
            for label, values in p95.items():
                if not label.startswith("raw") and raw:
                    print(f"  c={concurrency} {label}: p95 median {statistics.median(values):.0f}"
                          f" ms (min {min(values):.0f}, max {max(values):.0f}) = "
                          f"{statistics.median(values) / raw:.1f} x raw BM25 p95 "
                          f"({raw:.0f} ms)")
        if process:
            print(f"API process RSS: idle {idle:.0f} MB, peak under load {peak:.0f} MB")
        print(f"errors: {total_errors}")
    finally:
        if process:
            process.terminate()
            process.wait(timeout=30)
    raise SystemExit(1 if total_errors else 0)


if __name__ == "__main__":
    main()
