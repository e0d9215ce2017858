"""Ingest throughput beside its physical limit, the raw `model.encode` of the same chunks.

Ingests the given files into a scratch index on the configured backend (dropped afterwards
unless `--keep ALIAS`), then encodes exactly the chunks the pipeline embedded in one
`encode_passages` call with the same batch size. Prints files/s, pages/s, chunks/s, peak
RSS, index size per 1,000 pages and the ratio pipeline / raw encode; `--profile` adds a
pyinstrument profile of the pipeline.

    python bench/ingest_throughput.py ../shared/corpus --limit 200
"""

import argparse
import random
import resource
import time

from ingest.prepare import prepare_document
from ingest.run import collect_files, ingest_files, prepare_options
from ratsuche.backends import make_backend
from ratsuche.embedding import Embedder
from ratsuche.settings import get_settings

SCRATCH_ALIAS = "bench-ingest"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--limit", type=int, default=0, help="a seeded sample of N files")
    parser.add_argument("--profile", action="store_true", help="pyinstrument the pipeline")
    parser.add_argument("--keep", metavar="ALIAS",
                        help="ingest into ALIAS and keep it (e.g. for query timings at scale)")
    args = parser.parse_args()
    alias = args.keep or SCRATCH_ALIAS

    files = collect_files(args.paths)
    if args.limit and args.limit < len(files):
        files = sorted(random.Random(0).sample(files, args.limit))
    # Without the vector cache: every chunk goes through the model, as on a first ingest.
    embedder, settings = Embedder(cache=False), get_settings()
    backend = make_backend(settings.model_copy(update={"index_alias": alias}))
    backend.drop()
    backend.ensure_ready(embedder.dimension)
    embedder.encode_passages(["Aufwärmen des Modells."])
    try:
        profiler = None
        if args.profile:
            from pyinstrument import Profiler

            profiler = Profiler()
            profiler.start()
        started = time.perf_counter()
        report = ingest_files(backend, embedder, files)
        pipeline_seconds = time.perf_counter() - started
        if profiler:
            profiler.stop()
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        pages = sum(int(d.get("page_count") or 0) for d in backend.list_documents())
        store_bytes = backend.store_bytes()

        options, _ = prepare_options(settings)
        ingested = {o.file for o in report.outcomes if o.status == "ingested"}
        inputs = [
            text
            for path, root in files
            if path.relative_to(root).as_posix() in ingested
            for text in prepare_document(path, root, options).embedding_inputs()
        ]
        started = time.perf_counter()
        embedder.encode_passages(inputs)
        encode_seconds = time.perf_counter() - started
    finally:
        if not args.keep:
            backend.drop()

    ok = report.count("ingested")
    # Both rates count the same work: the embedding inputs (fragments without a vector are
    # chunks but no model input), so the ratio is raw encode time / pipeline time.
    pipeline_rate = len(inputs) / pipeline_seconds
    raw_rate = len(inputs) / encode_seconds
    print("| files | ingested | failed | pages | chunks | embedded | pipeline s | files/s | "
          "pages/s | embedded/s | raw encode embedded/s | pipeline / raw | peak RSS MB | "
          "index MB / 1,000 pages |")
    print("|" + "---|" * 14)
    print(f"| {len(files)} | {ok} | {len(report.failed)} | {pages} | {report.chunks} | "
          f"{len(inputs)} | {pipeline_seconds:.0f} | {ok / pipeline_seconds:.2f} | "
          f"{pages / pipeline_seconds:.1f} | "
          f"{pipeline_rate:.2f} | {raw_rate:.2f} | {pipeline_rate / raw_rate:.2f} | "
          f"{peak_mb:.0f} | {store_bytes / 2**20 / pages * 1000:.1f} |")
    print(f"backend {backend.engine}; batch size {embedder.batch_size}; "
          f"raw encode: {len(inputs)} chunks in one call")
    if profiler:
        print(profiler.output_text(unicode=False, color=False, show_all=False))


if __name__ == "__main__":
    main()
