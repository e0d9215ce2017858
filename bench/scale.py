"""Scale: ingest time and query latency of an N-fold corpus beside the 1-fold one.

Builds each corpus size from the given folder as N copies: the files themselves at their own
paths, and copies 2..N under `copy-01/`, `copy-02/`, ... (hard links where the file system
allows), so the 1-fold index holds the source with its paths (`ratsuche eval` works on it).
A document is its bytes at its path, so every copy is a document of its own, with its own id,
units, chunks and vectors. The texts are unchanged, so the vector cache (`EMBEDDING_CACHE`)
supplies every chunk vector after one ingest of the source folder: what is timed is the rest
of the pipeline and the engine's write path, which is what grows with the corpus (the
model's cost per chunk does not).

For every backend and size: a fresh index (`scale-xN`), `ratsuche ingest` in a process of its
own (wall time, peak RSS), the index size, then `bench/query_load.py` per mode at the given
concurrency levels. Prints one table per backend with the growth from the smallest size.

    python bench/scale.py ../shared/corpus --factors 1 10 --backends embedded opensearch
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from ingest.run import collect_files
from ratsuche.backends import make_backend
from ratsuche.settings import get_settings

REPO = Path(__file__).resolve().parent.parent
ROW = re.compile(r"^\| (?P<label>[^|]+?) \| (?P<c>\d+) \| \d+ \| (?P<errors>\d+) \| [\d.]+ \| "
                 r"(?P<p95>[\d.]+) \|")


@dataclass
class Measured:
    """One backend at one corpus size."""

    files: int
    seconds: float
    peak_rss_mb: float
    documents: int
    pages: int
    index_mb: float
    p95_ms: dict[tuple[str, int], list[float]] = field(default_factory=dict)
    errors: int = 0


def build_corpus(source: Path, target: Path, factor: int) -> int:
    """`factor` copies of every supported file of `source` under `target`; the file count."""
    files = collect_files([str(source)])
    for copy in range(factor):
        for path, root in files:
            folder = target / f"copy-{copy:02d}" if copy else target
            destination = folder / path.relative_to(root)
            destination.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(path, destination)
            except OSError:
                shutil.copy2(path, destination)
    return len(files) * factor


def run_ingest(folder: Path, env: dict[str, str]) -> tuple[float, float]:
    """`ratsuche ingest` in a child process: (wall seconds, peak RSS MB)."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "cli.main", "ingest", str(folder)],
                               env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    # Exit code 1: some files were reported and skipped (scans without text); same at any size.
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"ingest of {folder} failed ({status})")
    return seconds, usage.ru_maxrss / 1024


def run_queries(env: dict[str, str], args: argparse.Namespace, raw: bool) -> tuple[
        dict[tuple[str, int], list[float]], int]:
    """p95 per (target, concurrency), one per repeat, from `bench/query_load.py`, and its
    error count."""
    command = [sys.executable, str(REPO / "bench" / "query_load.py"), "--per-mode",
               "--requests", str(args.requests), "--repeat", str(args.repeat),
               "--index", env["INDEX_ALIAS"], "--concurrency", *map(str, args.concurrency)]
    if not raw:
        command.append("--no-raw")
    output = subprocess.run(command, env=env, capture_output=True, text=True).stdout
    print(output, flush=True)
    p95: dict[tuple[str, int], list[float]] = {}
    errors = 0
    for line in output.splitlines():
        if match := ROW.match(line):
            p95.setdefault((match["label"], int(match["c"])), []).append(float(match["p95"]))
            errors += int(match["errors"])
    return p95, errors


def measure(backend_kind: str, factor: int, folder: Path, files: int,
            args: argparse.Namespace) -> Measured:
    alias = f"scale-x{factor}"
    env = {**os.environ, "BACKEND": backend_kind, "INDEX_ALIAS": alias}
    settings = get_settings().model_copy(update={"backend": backend_kind, "index_alias": alias})
    backend = make_backend(settings)
    seconds, peak = float("nan"), float("nan")
    if not (args.reuse and backend.count_documents()):
        backend.drop()
        seconds, peak = run_ingest(folder, env)
    documents = backend.count_documents()
    pages = sum(int(d.get("page_count") or 0) for d in backend.list_documents())
    index_mb = backend.store_bytes() / 2**20
    p95, errors = run_queries(env, args, raw=backend_kind == "opensearch")
    if not args.keep:
        backend.drop()
    return Measured(files, seconds, peak, documents, pages, index_mb, p95, errors)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def spread(values: list[float]) -> str:
    """Median p95 over the repeats, with min and max when repeated."""
    if len(values) < 2:
        return f"{median(values):.0f}"
    return f"{median(values):.0f} ({min(values):.0f}-{max(values):.0f})"


def report(backend_kind: str, sizes: dict[int, Measured]) -> None:
    base_factor = min(sizes)
    base = sizes[base_factor]
    print(f"\n## {backend_kind}: growth from {base_factor}x")
    print("| corpus | files | documents | pages | ingest s | files/s | peak RSS MB | "
          "index MB | MB / 1,000 pages |")
    print("|---|---|---|---|---|---|---|---|---|")
    for factor, m in sorted(sizes.items()):
        print(f"| {factor}x | {m.files} | {m.documents} | {m.pages} | {m.seconds:.0f} | "
              f"{m.files / m.seconds:.2f} | {m.peak_rss_mb:.0f} | {m.index_mb:.0f} | "
              f"{m.index_mb / max(m.pages, 1) * 1000:.1f} |")
    targets = sorted(base.p95_ms, key=lambda key: (key[1], key[0]))
    header = " | ".join(f"p95 ms {f}x (min-max)" for f in sorted(sizes))
    print(f"\n| target | c | {header} | growth of the median |")
    print("|---|---|" + "---|" * (len(sizes) + 1))
    largest = sizes[max(sizes)]
    for key in targets:
        values = " | ".join(spread(sizes[f].p95_ms.get(key, [])) for f in sorted(sizes))
        low, high = median(base.p95_ms[key]), median(largest.p95_ms.get(key, []))
        print(f"| {key[0]} | {key[1]} | {values} | {high / low if low else 0:.2f} x |")
    print(f"ingest time growth {largest.seconds / base.seconds:.2f} x for "
          f"{largest.documents / max(base.documents, 1):.1f} x the documents; "
          f"query errors: {sum(m.errors for m in sizes.values())}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--backends", nargs="+", default=["embedded", "opensearch"],
                        choices=["embedded", "opensearch"])
    parser.add_argument("--requests", type=int, default=100, help="per target and level")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--workdir", type=Path, help="where the copies go (default: a temp dir)")
    parser.add_argument("--repeat", type=int, default=1, help="query runs per level")
    parser.add_argument("--keep", action="store_true", help="keep the scale-xN indexes")
    parser.add_argument("--reuse", action="store_true",
                        help="query kept scale-xN indexes again without ingesting")
    args = parser.parse_args()

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="ratsuche-scale-"))
    try:
        folders = {}
        for factor in args.factors:
            folder = workdir / f"x{factor}"
            shutil.rmtree(folder, ignore_errors=True)
            folders[factor] = (folder, build_corpus(args.source, folder, factor))
        for backend_kind in args.backends:
            sizes = {}
            for factor, (folder, files) in folders.items():
                print(f"# {backend_kind}, {factor}x: {files} files", flush=True)
                sizes[factor] = measure(backend_kind, factor, folder, files, args)
            report(backend_kind, sizes)
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
