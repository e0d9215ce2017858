"""Query load through the HTTP API beside the raw parts of a hybrid request.

Starts the API (`ratsuche serve`) in a process of its own on a free loopback port unless
`--api` names a running one, then sends a bounded number of requests from this process at
each concurrency level: the dev queries over mixed modes and filters. Prints latency
p50/p95/p99, throughput, error count, the CPU seconds per request of the API process and of
the engine process (psutil; the engine's pid from `$OPENSEARCH_HOME/opensearch.pid`), and the
API process' memory.

The raw parts, in the same run and at the same concurrency: `encode_query` in this process
(the model without the query-vector cache), the product's BM25 and kNN `_search` requests
straight to the engine (same clauses, candidate depth and k, same fields fetched), and with
dense feedback on a second kNN `_search` at the feedback's depth. Hybrid is then compared
with their sum: CPU per request and p95. Exit code 1 on any error.

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
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil

from ratsuche.backends.opensearch.dsl import (
    candidate_request,
    filter_clauses,
    keyword_clause,
    knn_clause,
)
from ratsuche.core.query import Filters
from ratsuche.core.stored import RecordType
from ratsuche.embedding import Embedder
from ratsuche.settings import get_settings
from ratsuche.synonyms import with_synonyms
from search_api.query import parse_query
from search_api.search import FEEDBACK_DEPTH

REPO = Path(__file__).resolve().parent.parent
DEFAULT_QUERIES = REPO.parent / "shared" / "eval" / "dev" / "queries.tsv"
MODES = ("hybrid", "keyword", "semantic")


@dataclass
class Run:
    """The outcome of one load level for one target."""

    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    api_cpu: float = 0.0  # CPU seconds of the API process (encode_query: of this process)
    engine_cpu: float = 0.0  # CPU seconds of the engine process

    @property
    def errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status != "200")

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else 0.0

    def cpu_ms(self) -> tuple[float, float]:
        """CPU milliseconds per request of the API side and of the engine."""
        n = len(self.latencies_ms) or 1
        return self.api_cpu * 1000 / n, self.engine_cpu * 1000 / n


def against_parts(whole: Run, parts: list[Run]) -> tuple[float, float]:
    """(CPU per request, p95) of `whole` as multiples of the sums over its raw parts."""
    cpu = sum(sum(part.cpu_ms()) for part in parts)
    p95 = sum(part.percentile(95) for part in parts)
    return (sum(whole.cpu_ms()) / cpu if cpu else 0.0,
            whole.percentile(95) / p95 if p95 else 0.0)


def cpu_seconds(pid: int | None) -> float:
    """User and system CPU seconds of a process so far (0 without one)."""
    if pid is None:
        return 0.0
    times = psutil.Process(pid).cpu_times()
    return float(times.user + times.system)


def engine_pid() -> int | None:
    """The pid of the engine started by scripts/opensearch.sh, if its pid file is there."""
    home = os.environ.get("OPENSEARCH_HOME")
    base = Path(home) if home else Path.home() / ".cache" / "ratsuche" / "opensearch-data"
    try:
        return int((base / "opensearch.pid").read_text().strip())
    except (OSError, ValueError):
        return None


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


Request = tuple[str, dict[str, str] | None, dict[str, object] | None]


def measured(
    pids: tuple[int | None, int | None], requests: list[Request], concurrency: int,
    max_seconds: float,
) -> Run:
    """The requests' run with the CPU seconds the API and the engine process spent on it."""
    before = [cpu_seconds(pid) for pid in pids]
    run = asyncio.run(drive(requests, concurrency, max_seconds))
    run.api_cpu, run.engine_cpu = (cpu_seconds(pid) - b for pid, b in zip(pids, before,
                                                                          strict=True))
    return run


async def drive(requests: list[Request], concurrency: int, max_seconds: float) -> Run:
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
) -> list[Request]:
    """Mixed modes; every third request carries a filter taken from the facets."""
    rng = random.Random(seed)
    out: list[Request] = []
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


def raw_bm25_requests(
    engine: str, index: str, queries: list[str], count: int, depth: int
) -> list[Request]:
    """The product's keyword retriever straight to the engine: its clause (synonyms as
    configured), filter on complete chunks, candidate depth and fields."""
    expand = with_synonyms if get_settings().query_synonyms else (lambda parsed: parsed)
    body = [candidate_request({"bool": {
        "must": [keyword_clause(expand(parse_query(q)))],
        "filter": filter_clauses(Filters(), RecordType.chunk)}}, depth) for q in queries]
    return [(f"{engine}/{index}/_search", None, body[i % len(body)]) for i in range(count)]


def raw_knn_requests(
    engine: str, index: str, vectors: list[list[float]], count: int, depth: int, k: int
) -> list[Request]:
    """The product's kNN retriever straight to the engine (same k, depth, filter and
    fields); the query vectors are embedded beforehand."""
    body = [candidate_request(knn_clause(vector, k, Filters()), depth) for vector in vectors]
    return [(f"{engine}/{index}/_search", None, body[i % len(body)]) for i in range(count)]


def encode_run(embedder: Embedder, queries: list[str], count: int, concurrency: int) -> Run:
    """`encode_query` of the model itself (no query-vector cache) from `concurrency`
    threads; the CPU is this process' own."""
    run = Run()

    def one(text: str) -> None:
        started = time.perf_counter()
        embedder.encode_query(text)
        run.latencies_ms.append((time.perf_counter() - started) * 1000)
        run.statuses["200"] += 1

    cpu, started = time.process_time(), time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, (queries[i % len(queries)] for i in range(count))))
    run.seconds = time.perf_counter() - started
    run.api_cpu = time.process_time() - cpu
    return run


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
def serving(api: str | None) -> Iterator[tuple[str, int | None]]:
    """The URL of `api`, or of an API started here for the block and stopped after it, with
    the pid of the latter (for its CPU)."""
    if api:
        yield api, None
        return
    port = free_port()
    process = start_api(port)
    try:
        yield f"http://127.0.0.1:{port}", process.pid
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
    api_cpu, engine_cpu = run.cpu_ms()
    return (f"| {label} | {concurrency} | {len(run.latencies_ms)} | {run.errors} | "
            f"{run.percentile(50):.0f} | {run.percentile(95):.0f} | {run.percentile(99):.0f} | "
            f"{rps:.1f} | {api_cpu:.1f} | {engine_cpu:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--api", help="a running API (default: start one)")
    parser.add_argument("--api-pid", type=int, help="the pid of the running API (its CPU)")
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
                        help="the raw engine requests (--no-raw for the embedded backend)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per level (each printed)")
    parser.add_argument("--max-seconds", type=float, default=600, help="bound per run")
    args = parser.parse_args()

    settings = get_settings()
    queries = load_queries(args.queries)
    process = None
    api = args.api
    if not api:
        port = free_port()
        process = start_api(port)
        api = f"http://127.0.0.1:{port}"
    api_pid = process.pid if process else args.api_pid
    pids = (api_pid, engine_pid() if args.raw else None)
    try:
        idle = rss_mb(process.pid) if process else None
        facets = facet_values(api)
        asyncio.run(drive(api_requests(api, queries, facets, ["keyword", "semantic"], 20, 0),
                          2, 60))  # warm-up: model, caches
        health = httpx.get(f"{api}/health", timeout=30).json()
        embedder = Embedder(cache=False, query_cache=0)
        vectors = [embedder.encode_query(q).tolist() for q in queries] if args.raw else []
        print(f"# {len(queries)} queries from {args.queries}; {os.cpu_count()} CPUs; "
              f"{time.strftime('%Y-%m-%d %H:%M')}; {health['engine_version']}, "
              f"index {health['index']} ({health['documents']} documents)")
        print(f"# candidates {settings.search_candidates}, k {settings.knn_k}; CPU of api pid "
              f"{pids[0]}, engine pid {pids[1]}")
        print("| target | concurrency | requests | errors | p50 ms | p95 ms | p99 ms | req/s "
              "| API CPU ms/req | engine CPU ms/req |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        targets: list[tuple[str, list[str] | None]] = [("api mixed", args.modes)]
        if args.per_mode:
            targets += [(f"api {m}", [m]) for m in args.modes]
        parts = ["encode_query"]
        if args.raw:
            parts += ["raw BM25 _search", "raw kNN _search"]
            if settings.dense_feedback_passages:  # hybrid's second kNN (here of the query's
                parts.append("raw feedback kNN _search")  # own vector, at the same depth)
        depth = settings.search_candidates
        work: dict[str, Callable[[int, int], list[Request]]] = {
            "raw BM25 _search": lambda n, seed: raw_bm25_requests(
                args.engine, args.index, queries, n, depth),
            "raw kNN _search": lambda n, seed: raw_knn_requests(
                args.engine, args.index, vectors, n, depth, settings.knn_k),
            "raw feedback kNN _search": lambda n, seed: raw_knn_requests(
                args.engine, args.index, vectors, n, FEEDBACK_DEPTH, FEEDBACK_DEPTH),
        }
        for label, modes in targets:
            work[label] = functools.partial(
                lambda n, seed, modes: api_requests(api, queries, facets, modes, n, seed),
                modes=modes)
        total_errors = 0
        peak = idle or 0.0
        for concurrency in args.concurrency:
            runs: dict[str, list[Run]] = {}
            for repeat in range(args.repeat):
                for label in [*(t for t, _ in targets), *parts]:
                    if label == "encode_query":
                        run = encode_run(embedder, queries, args.requests, concurrency)
                    else:
                        run = measured(pids, work[label](args.requests, repeat), concurrency,
                                       args.max_seconds)
                    total_errors += run.errors
                    runs.setdefault(label, []).append(run)
                    if process:
                        peak = max(peak, rss_mb(process.pid))
                    print(row(label, concurrency, run), flush=True)
                    if run.errors:
                        print(f"  statuses: {dict(run.statuses)}", flush=True)
            if "api hybrid" in runs and args.raw:
                for number, hybrid in enumerate(runs["api hybrid"]):
                    own = [runs[part][number] for part in parts]
                    cpu, p95 = against_parts(hybrid, own)
                    print(f"  c={concurrency} api hybrid: CPU/request {sum(hybrid.cpu_ms()):.1f}"
                          f" ms = {cpu:.2f} x the raw parts' "
                          f"({' + '.join(f'{sum(r.cpu_ms()):.1f}' for r in own)} ms); p95 "
                          f"{hybrid.percentile(95):.0f} ms = {p95:.2f} x the raw parts' "
                          f"({' + '.join(f'{r.percentile(95):.0f}' for r in own)} ms)")
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
