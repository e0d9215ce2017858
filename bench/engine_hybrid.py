"""The engine's own hybrid query beside the product's fusion, on judged queries.

Issue 4 asks to measure both where neural-search is loaded: OpenSearch's `hybrid` query with
a search pipeline (`normalization-processor` min-max with the product's weights, L2, or the
`score-ranker-processor` RRF) against the product's ranking in the API process
(`search_api.search.rank`). Both sides use the same keyword clause, kNN clause, candidate
depth, passage grouping, page context and citation order; the product also asks for the
citing units (lawyer queries). Prints nDCG@10 per query kind and the latency of the ranking
step (query embedding, engine requests, fusion; no snippets or facets) per variant.

    OPENSEARCH_URL=http://localhost:9200 INDEX_ALIAS=corpus python bench/engine_hybrid.py
"""

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from ratsuche.backends import get_backend
from ratsuche.backends.base import CANDIDATE_FIELDS, Hit
from ratsuche.backends.opensearch.dsl import filter_clauses, keyword_clause
from ratsuche.backends.opensearch.store import OpenSearchBackend
from ratsuche.core.query import Filters, Mode
from ratsuche.core.stored import RecordType
from ratsuche.embedding import Embedder, get_embedder
from ratsuche.settings import Settings, get_settings
from search_api.evaluation import Ranked, evaluate, load_qrels, load_queries
from search_api.fused import Fused, FusedPassage
from search_api.query import parse_query
from search_api.schemas import SearchRequest
from search_api.search import citations_first, passages, rank, with_page_context

REPO = Path(__file__).resolve().parent.parent
DEV = REPO.parent / "shared" / "eval" / "dev"
PIPELINE_PREFIX = "ratsuche-bench-"


def pipelines(settings: Settings) -> dict[str, dict[str, Any]]:
    weights = [settings.hybrid_keyword_weight, settings.hybrid_semantic_weight]

    def normalized(technique: str) -> dict[str, Any]:
        return {"phase_results_processors": [{"normalization-processor": {
            "normalization": {"technique": technique},
            "combination": {"technique": "arithmetic_mean", "parameters": {"weights": weights}},
        }}]}

    return {
        "min_max": normalized("min_max"),
        "l2": normalized("l2"),
        "rrf": {"phase_results_processors": [{"score-ranker-processor": {
            "combination": {"technique": "rrf", "rank_constant": settings.rrf_k}}}]},
    }


def top_pages(fused: Fused) -> Ranked:
    return [(h.source["file"], h.source["page_first"], h.source["page_first"])
            for h, _, _ in fused[:10]]


def product_fusion(backend: OpenSearchBackend, embedder: Embedder, settings: Settings
                   ) -> Callable[[str], Ranked]:
    """The product's path (`search_api.search.rank`): the keyword, kNN and citation requests
    side by side, fused in this process."""
    def run(text: str) -> Ranked:
        request = SearchRequest(q=text, mode=Mode.hybrid)
        return top_pages(rank(backend, embedder, parse_query(text), request, settings))

    return run


def engine_fusion(backend: OpenSearchBackend, embedder: Embedder, settings: Settings,
                  pipeline: str) -> Callable[[str], Ranked]:
    """One `hybrid` request; the search pipeline normalizes and combines the two lists."""
    def run(text: str) -> Ranked:
        parsed = parse_query(text)
        vector = embedder.encode_query(parsed.positive_text or parsed.text)
        chunk_filters = filter_clauses(Filters(), RecordType.chunk)
        query = {"hybrid": {"queries": [
            {"bool": {"must": [keyword_clause(parsed)], "filter": chunk_filters}},
            {"knn": {"vector": {"vector": vector.tolist(), "k": settings.knn_k,
                                "filter": {"bool": {"filter": chunk_filters}}}}},
        ]}}
        response = backend.client.search(
            index=backend.alias,
            body={"size": settings.search_candidates, "query": query,
                  "_source": CANDIDATE_FIELDS},
            params={"search_pipeline": PIPELINE_PREFIX + pipeline},
        )
        hits = [Hit(h["_source"]["unit_id"], float(h["_score"] or 0.0), h["_source"], [],
                    h["_id"]) for h in response["hits"]["hits"]]
        # What `rank` does after its own fusion: page context, then citing units first.
        fused = with_page_context([FusedPassage(hit, hit.score, [None]) for hit in passages(hits)],
                                  settings.context_weight, settings.context_pages)
        return top_pages(citations_first(fused, parsed.citations))

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queries", type=Path, default=DEV / "queries.tsv")
    parser.add_argument("--qrels", type=Path, default=DEV / "qrels.tsv")
    args = parser.parse_args()
    settings, backend, embedder = get_settings(), get_backend(), get_embedder()
    if not isinstance(backend, OpenSearchBackend):
        raise SystemExit("needs the OpenSearch backend (set OPENSEARCH_URL)")
    queries, judgments = load_queries(args.queries), load_qrels(args.qrels)
    variants = {"product: fusion in the API (min-max)": product_fusion(backend, embedder,
                                                                        settings)}
    transport = backend.client.transport
    for name, body in pipelines(settings).items():
        transport.perform_request("PUT", f"/_search/pipeline/{PIPELINE_PREFIX}{name}", body=body)
        variants[f"engine hybrid query, {name}"] = engine_fusion(backend, embedder, settings,
                                                                 name)
    table = Table(title=f"Hybrid on {backend.alias}: nDCG@10 (retrieval latency in ms)")
    kinds = ["all", *sorted({q.kind for q in queries})]
    for column in ["variant", *kinds, "median / p95 ms"]:
        table.add_column(column)
    try:
        for name, run in variants.items():
            for query in queries:  # warm-up: caches and the pipeline's first request
                run(query.text)
            latencies: list[float] = []

            def timed(text: str, run: Callable[[str], Ranked] = run,
                      latencies: list[float] = latencies) -> Ranked:
                started = time.perf_counter()
                ranked = run(text)
                latencies.append((time.perf_counter() - started) * 1000)
                return ranked

            scores = evaluate(queries, judgments, timed)
            p95 = statistics.quantiles(latencies, n=20)[-1]
            table.add_row(name, *(f"{scores[k].ndcg:.3f}" for k in kinds),
                          f"{statistics.median(latencies):.0f} / {p95:.0f}")
    finally:
        for name in pipelines(settings):
            transport.perform_request("DELETE", f"/_search/pipeline/{PIPELINE_PREFIX}{name}")
    Console().print(table)


if __name__ == "__main__":
    main()
