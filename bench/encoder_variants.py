"""The embedding model's variants side by side on the same corpus passages: passages per
second, `encode_query` latency, and how close each variant's vectors are to fp32's.

Variants: torch fp32, torch under bf16 autocast, and the fp32 graph in ONNX Runtime
(`ratsuche.onnx_query`; batches of EMBEDDING_BATCH_SIZE in length order, as
sentence-transformers batches). Prints which runs here for passages (`EMBEDDING_VARIANT`) and
for queries (`EMBEDDING_QUERY_RUNTIME`).

Takes the first N embedding inputs (chunk texts, as ingestion makes them; scanned pages
left unread) of a seeded sample of corpus files, encodes them with each variant in turn
(interleaved rounds, best round reported: the machine is shared), times `encode_query` on
the dev queries, and prints which variant `EMBEDDING_VARIANT` (default `auto`) runs here.

    python bench/encoder_variants.py ../shared/corpus --passages 200
"""

import argparse
import random
import statistics
import time
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from ingest.extract import ExtractionError
from ingest.prepare import PrepareOptions, prepare_document
from ingest.run import collect_files
from ratsuche.embedding import Embedder
from ratsuche.hardware import BF16_FLAGS, VARIANTS, choose_variant, cpu_flags
from ratsuche.settings import get_settings

DEV_QUERIES = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "dev" / \
    "queries.tsv"


def passages(paths: list[str], count: int, seed: int) -> list[str]:
    """The first `count` embedding inputs of the files in a seeded order."""
    settings = get_settings()
    options = PrepareOptions(settings.chunk_target_words, settings.chunk_max_words,
                             settings.chunk_overlap_words, settings.chunk_min_embedded_words)
    files = collect_files(paths)
    random.Random(seed).shuffle(files)
    texts: list[str] = []
    for path, root in files:
        try:
            texts.extend(prepare_document(path, root, options).embedding_inputs())
        except ExtractionError:  # a broken file is simply not in the sample
            continue
        if len(texts) >= count:
            break
    return texts[:count]


def onnx_passages(embedder: Embedder, texts: list[str]) -> NDArray[np.float32]:
    """Passage vectors from the ONNX graph, in length-sorted batches, in input order."""
    assert embedder.onnx is not None
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    vectors = np.empty((len(texts), embedder.dimension), dtype=np.float32)
    for start in range(0, len(order), embedder.batch_size):
        batch = order[start:start + embedder.batch_size]
        vectors[batch] = embedder.onnx.encode(
            [(embedder.passage_prefix + texts[i]).strip() for i in batch])
    return vectors


def cosines(a: NDArray[np.float32], b: NDArray[np.float32]) -> NDArray[np.float32]:
    """Row-wise cosine similarity of two stacks of vectors."""
    similarity: NDArray[np.float32] = np.sum(a * b, axis=1) / (
        np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
    return similarity


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--passages", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--queries", type=Path, default=DEV_QUERIES)
    args = parser.parse_args()

    texts = passages(args.paths, args.passages, args.seed)
    queries = [line.split("\t")[1] for line in args.queries.read_text().splitlines()[1:]]
    settings = get_settings()
    embedders = {v: Embedder(cache=False, query_cache=0, variant=v, query_runtime="torch")
                 for v in VARIANTS}
    embedders["onnx"] = Embedder(cache=False, query_cache=0, variant="fp32",
                                 query_runtime="onnx")
    flags = cpu_flags()
    running = choose_variant(settings.embedding_variant, flags)
    queries_in = Embedder(cache=False, query_cache=0).query_runtime
    print(f"# {len(texts)} passages, {len(queries)} queries; {time.strftime('%Y-%m-%d %H:%M')};"
          f" bf16 flags here: {sorted(flags & BF16_FLAGS) or 'none'}; passages "
          f"(EMBEDDING_VARIANT={settings.embedding_variant}): {running}; queries "
          f"(EMBEDDING_QUERY_RUNTIME={settings.embedding_query_runtime}): {queries_in}")
    rates: dict[str, list[float]] = {v: [] for v in embedders}
    vectors: dict[str, NDArray[np.float32]] = {}
    query_ms: dict[str, list[float]] = {v: [] for v in embedders}
    query_vectors: dict[str, list[NDArray[np.float32]]] = {v: [] for v in embedders}
    for embedder in embedders.values():  # warm-up of each variant's kernels
        embedder.encode_passages(texts[:8])
        embedder.encode_query(queries[0])
    for _ in range(args.rounds):
        for variant, embedder in embedders.items():
            started = time.perf_counter()
            vectors[variant] = (onnx_passages(embedder, texts) if variant == "onnx"
                                else embedder.encode_passages(texts))
            rates[variant].append(len(texts) / (time.perf_counter() - started))
            query_vectors[variant] = []
            for query in queries:
                started = time.perf_counter()
                query_vectors[variant].append(embedder.encode_query(query))
                query_ms[variant].append((time.perf_counter() - started) * 1000)
    print("| variant | passages/s | × fp32 | encode_query p50 ms | cosine to fp32 passages "
          "min / mean | queries min / mean |")
    print("|---|---|---|---|---|---|")
    for variant in embedders:
        here = ", ".join(role for role, runs in (("passages", running), ("queries", queries_in))
                         if runs == variant)
        same = cosines(vectors[variant], vectors["fp32"])
        asked = cosines(np.stack(query_vectors[variant]), np.stack(query_vectors["fp32"]))
        print(f"| {variant}{f' ({here} here)' if here else ''} | "
              f"{max(rates[variant]):.1f} | {max(rates[variant]) / max(rates['fp32']):.2f} | "
              f"{statistics.median(query_ms[variant]):.1f} | {same.min():.5f} / "
              f"{same.mean():.5f} | {asked.min():.5f} / {asked.mean():.5f} |")


if __name__ == "__main__":
    main()
