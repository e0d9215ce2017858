"""Candidate depth against relevance and latency: nDCG@10 on judged queries and the search
latency for each depth (candidates per retriever, and k of the kNN search with it).

Each query runs at every depth in turn (interleaved, so a busy machine weighs on all depths
alike); its vector is embedded once beforehand and comes from the query-vector cache, so
the latency is the retrieval and ranking that the depth changes.

    OPENSEARCH_URL=http://127.0.0.1:9200 python bench/depth_curve.py --depths 50 100 150 200 300
"""

import argparse
import statistics
import time
from pathlib import Path

from ratsuche.backends import get_backend
from ratsuche.core.query import Mode
from ratsuche.embedding import get_embedder
from ratsuche.settings import get_settings
from search_api.evaluation import Ranked, evaluate, load_qrels, load_queries
from search_api.query import parse_query
from search_api.schemas import SearchRequest
from search_api.search import search

DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "dev"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=Path, default=DEV / "queries.tsv")
    parser.add_argument("--qrels", type=Path, default=DEV / "qrels.tsv")
    parser.add_argument("--depths", type=int, nargs="+", default=[50, 100, 150, 200, 300])
    parser.add_argument("--modes", nargs="+", default=["hybrid", "semantic"],
                        choices=[m.value for m in Mode])
    parser.add_argument("--repeat", type=int, default=2, help="timed runs per query and depth")
    args = parser.parse_args()

    base = get_settings()
    backend, embedder = get_backend(), get_embedder()
    judged, judgments = load_queries(args.queries), load_qrels(args.qrels)
    for query in judged:  # every query vector in the cache before timing
        embedder.encode_query(parse_query(query.text).positive_text or query.text)
    kinds = ["all", *sorted({q.kind for q in judged})]
    print(f"# {len(judged)} queries, {backend.count_documents()} documents "
          f"({backend.engine}, {backend.index_name()}); {time.strftime('%Y-%m-%d %H:%M')}")
    print(f"| mode | depth | {' | '.join(f'nDCG@10 {k}' for k in kinds)} | p50 ms | p95 ms |")
    print(f"|---|---|{'---|' * len(kinds)}---|---|")
    for mode in (Mode(m) for m in args.modes):
        ranked: dict[int, dict[str, Ranked]] = {d: {} for d in args.depths}
        latencies: dict[int, list[float]] = {d: [] for d in args.depths}
        for query in judged:
            for _ in range(args.repeat):
                for depth in args.depths:
                    settings = base.model_copy(update={"search_candidates": depth,
                                                       "knn_k": depth})
                    started = time.perf_counter()
                    response = search(backend, embedder,
                                      SearchRequest(q=query.text, mode=mode, size=10), settings)
                    latencies[depth].append((time.perf_counter() - started) * 1000)
                    ranked[depth][query.text] = [(r.file, r.pages[0], r.pages[1])
                                                 for r in response.results]
        for depth in args.depths:
            scores = evaluate(judged, judgments, ranked[depth].__getitem__)
            cells = " | ".join(f"{scores[k].ndcg:.3f}" if k in scores else "-" for k in kinds)
            print(f"| {mode.value} | {depth} | {cells} | "
                  f"{statistics.median(latencies[depth]):.0f} | "
                  f"{percentile(latencies[depth], 95):.0f} |", flush=True)


if __name__ == "__main__":
    main()
