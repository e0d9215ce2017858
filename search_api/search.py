"""Retrieval: keyword, semantic and hybrid search over chunks, grouped into passages.

Chunks are the retrieval unit (up to about 160 words within one page, with a vector). A
result is a passage: the page of one unit (agenda item, resolution) where its best chunk
lies, so a long unit that matches on several pages is listed once per page, each with a
page-exact link.
(Dev set, hybrid nDCG@10: one result per unit spanning all its pages 0.699, per passage
0.724.) The JSON API, the web page and `ratsuche eval` all call `search()`: there is one
code path.
"""

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from opensearchpy import OpenSearch

from ratsuche.embedding import Embedder
from ratsuche.settings import Settings
from search_api.query import (
    ParsedQuery,
    filter_clauses,
    highlight_clause,
    keyword_clause,
    parse_query,
)
from search_api.results import facet_aggs, facets_from_aggs, to_result
from search_api.schemas import Explain, Mode, SearchRequest, SearchResponse, Sort


@dataclass
class Hit:
    """A passage found by a retriever (a unit's page), with its best chunk."""

    unit_id: str
    score: float
    source: dict[str, Any]
    highlight: list[str]
    chunk_id: str = ""

    @property
    def key(self) -> tuple[str, int]:
        """The passage: the unit and the page where the chunk starts."""
        return self.unit_id, int(self.source.get("page_first") or 0)


# What ranking, grouping, citation order and date sort need of each candidate chunk; the
# rest of a record is loaded only for the results shown.
CANDIDATE_FIELDS = ["unit_id", "page_first", "page_last", "citations", "date"]


def _passage_search(
    client: OpenSearch, alias: str, query: dict[str, Any], size: int
) -> list[Hit]:
    """The best `size` chunks, grouped into passages (best chunk first, ranked by it)."""
    response = client.search(index=alias, body={
        "size": size,
        "query": query,
        "_source": CANDIDATE_FIELDS,
    })
    passages: dict[tuple[str, int], Hit] = {}
    for h in response["hits"]["hits"]:
        hit = Hit(h["_source"]["unit_id"], float(h["_score"] or 0.0), h["_source"], [], h["_id"])
        passages.setdefault(hit.key, hit)
    return list(passages.values())


def _load_shown(client: OpenSearch, alias: str, hits: list[Hit], parsed: ParsedQuery) -> None:
    """Load the records and snippets of the results shown, in one request (fetching and
    highlighting all candidates of both retrievers cost most of a query's time)."""
    if not hits:
        return
    response = client.search(index=alias, body={
        "size": len(hits),
        "query": {"ids": {"values": [h.chunk_id for h in hits]}},
        "_source": {"excludes": ["vector", "text"]},
        "highlight": highlight_clause(parsed),
    })
    found = {h["_id"]: h for h in response["hits"]["hits"]}
    for hit in hits:
        record = found.get(hit.chunk_id, {})
        hit.source = {**hit.source, **record.get("_source", {})}
        hit.highlight = record.get("highlight", {}).get("text", [])


def keyword_hits(
    client: OpenSearch, alias: str, parsed: ParsedQuery, request: SearchRequest, size: int
) -> list[Hit]:
    query = {"bool": {"must": [keyword_clause(parsed)],
                      "filter": filter_clauses(request.filters, "chunk")}}
    return _passage_search(client, alias, query, size)


def semantic_hits(
    client: OpenSearch, alias: str, embedder: Embedder, parsed: ParsedQuery,
    request: SearchRequest, size: int, k: int,
) -> list[Hit]:
    vector = embedder.encode_query(parsed.positive_text or parsed.text)
    query = {"knn": {"vector": {
        "vector": vector.tolist(),
        "k": k,
        "filter": {"bool": {"filter": filter_clauses(request.filters, "chunk")}},
    }}}
    return _passage_search(client, alias, query, size)


FusedEntry = tuple[Hit, float, list[int | None]]  # a passage's best hit, fused score, ranks
Fused = list[FusedEntry]


def _merge(
    ranked_lists: list[list[Hit]], contribution: Callable[[int, int, Hit], float]
) -> Fused:
    """Sum per-list contributions by passage; the first list's chunk represents it (its
    snippet then shows the query's words)."""
    fused: dict[tuple[str, int], FusedEntry] = {}
    for index, hits in enumerate(ranked_lists):
        for rank, hit in enumerate(hits, start=1):
            best, score, ranks = fused.get(hit.key, (hit, 0.0, [None] * len(ranked_lists)))
            ranks[index] = rank
            fused[hit.key] = (best, score + contribution(index, rank, hit), ranks)
    return sorted(fused.values(), key=lambda item: item[1], reverse=True)


def reciprocal_rank_fusion(ranked_lists: list[list[Hit]], weights: list[float], k: int) -> Fused:
    """Weighted RRF: score = Σ w / (k + rank)."""
    return _merge(ranked_lists, lambda index, rank, hit: weights[index] / (k + rank))


def min_max_fusion(ranked_lists: list[list[Hit]], weights: list[float]) -> Fused:
    """Weighted sum of scores min-max normalized per list (a unit missing from a list gets 0
    there): keeps how much better one hit is than the next, which RRF throws away."""
    bounds = [
        (min(h.score for h in hits), max(h.score for h in hits)) if hits else (0.0, 0.0)
        for hits in ranked_lists
    ]

    def contribution(index: int, rank: int, hit: Hit) -> float:
        low, high = bounds[index]
        normalized = (hit.score - low) / (high - low) if high > low else 1.0
        return weights[index] * normalized

    return _merge(ranked_lists, contribution)


def _citations_first(ranked: Fused, citations: list[str]) -> Fused:
    """Passages of units carrying a cited paragraph come first (stable within both groups)."""
    if not citations:
        return ranked
    wanted = set(citations)

    def cites(item: FusedEntry) -> bool:
        return bool(wanted & set(item[0].source.get("citations") or []))

    return [i for i in ranked if cites(i)] + [i for i in ranked if not cites(i)]


def _citation_hits(
    client: OpenSearch, alias: str, parsed: ParsedQuery, request: SearchRequest, size: int
) -> list[Hit]:
    """Every unit carrying a cited paragraph, ranked by the keyword query."""
    query = {"bool": {
        "must": [keyword_clause(parsed)],
        "filter": [*filter_clauses(request.filters, "chunk"),
                   {"terms": {"citations": parsed.citations}}],
    }}
    return _passage_search(client, alias, query, size)


def _sort_key(request: SearchRequest) -> list[Any] | None:
    if request.sort == Sort.date_desc:
        return [{"date": {"order": "desc", "missing": "_last"}}, "_score"]
    if request.sort == Sort.date_asc:
        return [{"date": {"order": "asc", "missing": "_last"}}, "_score"]
    return None


def browse(client: OpenSearch, alias: str, request: SearchRequest) -> SearchResponse:
    """No query text: units that pass the filters, newest first (or as sorted)."""
    started = time.perf_counter()
    sort = _sort_key(request) or [{"date": {"order": "desc", "missing": "_last"}}]
    body = {
        "size": request.size,
        "from": (request.page - 1) * request.size,
        "query": {"bool": {"filter": filter_clauses(request.filters, "unit")}},
        "sort": [*sort, {"unit_id": "asc"}],
        "track_total_hits": True,
        "_source": {"excludes": ["vector"]},
        "aggs": facet_aggs(),
    }
    response = client.search(index=alias, body=body)
    results = [
        to_result(Hit(h["_source"]["unit_id"], 0.0, h["_source"], []), 0.0, None)
        for h in response["hits"]["hits"]
    ]
    return SearchResponse(
        query=request.q, mode=request.mode, total=response["hits"]["total"]["value"],
        took_ms=int((time.perf_counter() - started) * 1000), results=results,
        facets=facets_from_aggs(response["aggregations"]),
    )


def search(
    client: OpenSearch, alias: str, embedder: Embedder, request: SearchRequest,
    settings: Settings,
) -> SearchResponse:
    """Run one search request through the retrievers the mode asks for."""
    parsed = parse_query(request.q)
    if parsed.is_empty:
        return browse(client, alias, request)
    started = time.perf_counter()
    depth = settings.search_candidates
    retrievers: list[tuple[Callable[[], list[Hit]], float]] = []
    if request.mode in (Mode.keyword, Mode.hybrid):
        retrievers.append((
            lambda: keyword_hits(client, alias, parsed, request, depth),
            settings.hybrid_keyword_weight if request.mode == Mode.hybrid else 1.0,
        ))
    if request.mode in (Mode.semantic, Mode.hybrid):
        retrievers.append((
            lambda: semantic_hits(client, alias, embedder, parsed, request, depth,
                                  settings.knn_k),
            settings.hybrid_semantic_weight if request.mode == Mode.hybrid else 1.0,
        ))
    if parsed.citations and request.mode != Mode.semantic:
        retrievers.append((
            lambda: _citation_hits(client, alias, parsed, request,
                                   settings.citation_candidates),
            0.0,
        ))
    # The retrievers wait on the engine (and the query embedding): run them side by side.
    with ThreadPoolExecutor(max_workers=len(retrievers)) as pool:
        lists = list(pool.map(lambda retriever: retriever[0](), retrievers))
    weights = [weight for _, weight in retrievers]
    if settings.hybrid_fusion == "rrf":
        fused = reciprocal_rank_fusion(lists, weights, settings.rrf_k)
    else:
        fused = min_max_fusion(lists, weights)
    if request.mode != Mode.semantic:
        fused = _citations_first(fused, parsed.citations)
    if parsed.phrases or parsed.excluded or parsed.alternatives:
        keyword_keys = {h.key for h in lists[0]} if request.mode != Mode.semantic else None
        if keyword_keys is not None:
            fused = [item for item in fused if item[0].key in keyword_keys]
    if request.sort != Sort.relevance:
        reverse = request.sort == Sort.date_desc
        dated = [i for i in fused if i[0].source.get("date")]
        undated = [i for i in fused if not i[0].source.get("date")]
        fused = sorted(dated, key=lambda i: i[0].source["date"], reverse=reverse) + undated
    offset = (request.page - 1) * request.size
    page = fused[offset : offset + request.size]
    _load_shown(client, alias, [hit for hit, _, _ in page], parsed)
    results = []
    for hit, score, ranks in page:
        explain = None
        if request.explain:
            keyword_rank = ranks[0] if request.mode != Mode.semantic else None
            semantic_rank = (ranks[1] if request.mode == Mode.hybrid
                             else ranks[0] if request.mode == Mode.semantic else None)
            explain = Explain(keyword_rank=keyword_rank, semantic_rank=semantic_rank)
        results.append(to_result(hit, score, explain))
    unit_ids = list(dict.fromkeys(item[0].unit_id for item in fused))
    facets = _facets_for_units(client, alias, unit_ids)
    return SearchResponse(
        query=request.q, mode=request.mode, total=len(fused),
        took_ms=int((time.perf_counter() - started) * 1000), results=results, facets=facets,
    )


def _facets_for_units(client: OpenSearch, alias: str, unit_ids: list[str]) -> dict[str, Any]:
    if not unit_ids:
        return facets_from_aggs({})
    response = client.search(index=alias, body={
        "size": 0,
        "query": {"bool": {"filter": [{"term": {"record": "unit"}},
                                      {"terms": {"unit_id": unit_ids}}]}},
        "aggs": facet_aggs(),
    })
    return facets_from_aggs(response["aggregations"])
