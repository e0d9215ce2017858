"""Suggestion latency through the HTTP API: `/suggest` as a search field calls it while
someone types the dev queries, one keystroke after the other.

Starts the API (`ratsuche serve`) in a process of its own unless `--api` names a running one.
The requests are the prefixes of the dev queries from their third character on ("Int",
"Inte", "Integ" …), in query order; prints the first request's time (it reads the
vocabulary of the index), then p50/p95/p99, errors, and how many of the prefixes got at least
one completion. Exit code 1 on any error. Target (issue 20): p95 ≤ 30 ms on the whole
corpus at concurrency 1.

    python -m bench.suggest_latency --requests 1000
    BACKEND=embedded EMBEDDED_DIR=… python -m bench.suggest_latency --concurrency 1 4
"""

import argparse
import asyncio
import os
import time
from pathlib import Path

import httpx

from bench.query_load import (
    DEFAULT_QUERIES,
    Request,
    drive,
    load_queries,
    measured,
    row,
    serving,
)

MIN_PREFIX = 3  # the web page asks from the third character on


def keystrokes(queries: list[str], limit: int) -> list[str]:
    """What the search field holds after each keystroke of each query, from MIN_PREFIX
    characters on; at most `limit` of them."""
    typed = [query[:end] for query in queries for end in range(MIN_PREFIX, len(query) + 1)
             if not query[:end].endswith(" ")]
    return typed[:limit]


def answered(api: str, prefixes: list[str]) -> int:
    """How many of the prefixes get at least one completion (a sample, after the run)."""
    with httpx.Client(timeout=30) as client:
        return sum(1 for p in prefixes if client.get(f"{api}/suggest", params={"q": p}).json())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--api", help="a running API (default: start one)")
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1])
    parser.add_argument("--max-seconds", type=float, default=300, help="bound per level")
    args = parser.parse_args()

    prefixes = keystrokes(load_queries(args.queries), args.requests)
    with serving(args.api) as (api, pid):
        requests: list[Request] = [(f"{api}/suggest", {"q": p}, None) for p in prefixes]
        first = asyncio.run(drive(requests[:1], 1, 600))  # reads the vocabulary of the index
        asyncio.run(drive(requests[:50], 1, 60))  # warm-up: connections
        health = httpx.get(f"{api}/health", timeout=30).json()
        print(f"# {len(prefixes)} keystrokes of {args.queries.name}; {os.cpu_count()} CPUs; "
              f"{time.strftime('%Y-%m-%d %H:%M')}; {health['engine_version']}, "
              f"index {health['index']} ({health['documents']} documents)")
        print(f"first request (the vocabulary read from the index): "
              f"{first.percentile(50):.0f} ms")
        print("| target | concurrency | requests | errors | p50 ms | p95 ms | p99 ms | req/s "
              "| API CPU ms/req | engine CPU ms/req |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        errors = 0
        for concurrency in args.concurrency:
            run = measured((pid, None), requests, concurrency, args.max_seconds)
            errors += run.errors
            print(row("api /suggest", concurrency, run), flush=True)
        sample = prefixes[:: max(1, len(prefixes) // 200)]
        print(f"prefixes with a completion: {answered(api, sample)} of {len(sample)} sampled")
        print(f"errors: {errors}")
    raise SystemExit(1 if errors else 0)

if __name__ == "__main__":
    main()
