"""Retrieval: keyword, semantic and hybrid search over chunks, grouped into passages.

Chunks are the retrieval unit (up to about 160 words within one page, with a vector). A
result is a passage: the page of one unit (agenda item, resolution) where its best chunk
lies, so a long unit that matches on several pages is listed once per page, each with a
page-exact link.
(Dev set, hybrid nDCG@10: one result per unit spanning all its pages 0.699, per passage
0.724.) The JSON API, the web page and `ratsuche eval` all call `search()`: there is one
code path.
"""

import statistics
import time
from collections.abc import Callable, Container
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import NDArray

from ratsuche.analysis import analyze_query
from ratsuche.backends.base import Backend, Hit
from ratsuche.citations import cited_paragraphs
from ratsuche.compounds import with_compound_parts
from ratsuche.core.fields import PAGE_CITATIONS, count_facets
from ratsuche.core.query import Mode, ParsedQuery, Sort
from ratsuche.embedding import Embedder
from ratsuche.settings import Settings
from ratsuche.spelling import with_spelling
from ratsuche.synonyms import with_synonyms
from search_api.adaptive import all_words_query, hybrid_weights, keep_exact_on_top
from search_api.evidence import QueryEvidence
from search_api.feedback import moved_query
from search_api.fused import Fused, FusedPassage, by_score
from search_api.query import parse_query
from search_api.results import to_result
from search_api.schemas import PASSAGES_PER_UNIT, Explain, SearchRequest, SearchResponse


def passages(chunks: list[Hit]) -> list[Hit]:
    """Chunks grouped into passages, each represented and ranked by its best chunk."""
    found: dict[tuple[str, int], Hit] = {}
    for hit in chunks:
        found.setdefault(hit.key, hit)
    return list(found.values())


def keyword_hits(
    backend: Backend, parsed: ParsedQuery, request: SearchRequest, size: int
) -> list[Hit]:
    return passages(backend.keyword_chunks(parsed, request.filters, size))


def semantic_hits(
    backend: Backend, embedder: Embedder, parsed: ParsedQuery, request: SearchRequest,
    size: int, k: int,
) -> tuple[NDArray[np.float32], list[Hit]]:
    """The query's vector and its nearest passages."""
    vector = embedder.encode_query(parsed.positive_text or parsed.text)
    return vector, passages(backend.vector_chunks(vector, request.filters, size, k))


def _citation_hits(
    backend: Backend, parsed: ParsedQuery, request: SearchRequest, size: int
) -> list[Hit]:
    """Every unit carrying a cited paragraph, ranked by the keyword query."""
    return passages(backend.keyword_chunks(parsed, request.filters, size, cited_only=True))


# Threads for the retrievers of all requests, started once (a pool per request started up
# to four threads for every search; the jobs wait on the engine and never on each other).
_RETRIEVERS = ThreadPoolExecutor(max_workers=32, thread_name_prefix="retriever")
ALWAYS_LISTED = 10  # one page of results, whatever the semantic cut-off
EXACT_CANDIDATES = 20  # passages holding every query word, best first (`adaptive.protected`)
# Neighbours of the moved query (`with_feedback`): 50, 100, 150 and 300 scored alike on the
# dev set (hybrid nDCG@10 0.810 / 0.811 / 0.813 / 0.811); OpenSearch's kNN of 100 takes 21 ms
# against 33 ms for 300 on the whole corpus.
FEEDBACK_DEPTH = 100



def _merge(
    ranked_lists: list[list[Hit]], contribution: Callable[[int, int, Hit], float]
) -> Fused:
    """Sum per-list contributions by passage; the first list's chunk represents it (its
    snippet then shows the query's words)."""
    fused: dict[tuple[str, int], FusedPassage] = {}
    for index, hits in enumerate(ranked_lists):
        for rank, hit in enumerate(hits, start=1):
            best, score, ranks = fused.get(
                hit.key, FusedPassage(hit, 0.0, [None] * len(ranked_lists)))
            ranks[index] = rank
            fused[hit.key] = FusedPassage(best, score + contribution(index, rank, hit), ranks)
    return by_score(list(fused.values()))


def reciprocal_rank_fusion(ranked_lists: list[list[Hit]], weights: list[float], k: int) -> Fused:
    """Weighted RRF: score = Σ w / (k + rank)."""
    return _merge(ranked_lists, lambda index, rank, hit: weights[index] / (k + rank))


def _scaled_fusion(
    ranked_lists: list[list[Hit]], weights: list[float],
    scale: Callable[[list[float]], float],
) -> Fused:
    """Weighted sum of scores measured from each list's weakest candidate in units of
    `scale` of the list's scores (a passage missing from a list gets 0 there; a list whose
    scale is 0 gives each of its passages the full weight)."""
    bounds = []
    for hits in ranked_lists:
        scores = [h.score for h in hits]
        bounds.append((min(scores, default=0.0), scale(scores) if len(scores) > 1 else 0.0))

    def contribution(index: int, rank: int, hit: Hit) -> float:
        low, unit = bounds[index]
        return weights[index] * ((hit.score - low) / unit if unit > 0 else 1.0)

    return _merge(ranked_lists, contribution)


def min_max_fusion(ranked_lists: list[list[Hit]], weights: list[float]) -> Fused:
    """Weighted sum of scores min-max normalized per list: keeps how much better one hit is
    than the next, which RRF throws away."""
    return _scaled_fusion(ranked_lists, weights, lambda scores: max(scores) - min(scores))


def spread_fusion(ranked_lists: list[list[Hit]], weights: list[float]) -> Fused:
    """Weighted sum of scores in standard deviations of each list above its weakest
    candidate.

    Min-max gives every list's first the full weight of its side. In standard deviations a
    list counts by how far its leaders stand out from the body of its candidates: BM25 on a
    rare word (a few strong matches over a long tail of weak ones) keeps its leaders on top,
    while dense neighbours whose similarities all lie within a few hundredths do not
    outrank them with passages that lack the word (`tests/test_fusion.py`, D41).
    """
    return _scaled_fusion(ranked_lists, weights, statistics.pstdev)


def with_page_context(ranked: Fused, weight: float, pages: int) -> Fused:
    """Each passage gains `weight` times the fused score of the best other passage of the same
    file at most `pages` pages away, then all are ranked again.

    A matter that a document treats over neighbouring pages (the debate, the resolution, the
    Vorlage and its attachment) is stronger evidence than one stray page that happens to match.
    (Dev set, embedded store, hybrid nDCG@10: 0.782 without, 0.819 with weight 0.3 and 2 pages;
    citizen 0.757 -> 0.806, staff 0.733 -> 0.774; weights 0.2-0.5 and 1-3 pages all gain.)
    """
    if weight <= 0:
        return ranked
    by_file: dict[str, list[tuple[int, float, int]]] = {}
    for position, (hit, score, _) in enumerate(ranked):
        page = int(hit.source.get("page_first") or 0)
        by_file.setdefault(str(hit.source.get("file")), []).append((page, score, position))
    support = [0.0] * len(ranked)
    for passages_of_file in by_file.values():
        for page, _, position in passages_of_file:
            support[position] = max(
                (score for other_page, score, other in passages_of_file
                 if other != position and abs(other_page - page) <= pages),
                default=0.0,
            )
    return by_score([item._replace(score=item.score + weight * support[position])
                     for position, item in enumerate(ranked)])


def citations_first(ranked: Fused, citations: list[str], by_words: bool = False) -> Fused:
    """Passages whose page cites a queried paragraph come first: those citing it as asked
    (with its Absatz, when the query names one), then those citing the paragraph otherwise
    ("§ 44 BNatSchG" for "§ 44 Abs. 1 BNatSchG"); stable within each group.

    A passage counts by the citations on its own page, not its unit's: a long Vorlage citing
    "§ 45 StVO" once would otherwise put all its pages above the other documents that cite
    it (whole corpus, 13 lawyer queries, held-out, with the paragraph tier: hybrid 0.938 ->
    0.969, keyword 0.938 -> 0.961 nDCG@10; BENCHMARKS.md).

    With `by_words` the citing passages are ordered by the keyword side's own rank: every
    one of them carries the paragraph, and the words a lawyer adds to it ("§ 89 NKomVG
    Eilentscheidung") are the documents' own, which BM25 weighs better than the dense side
    and than the page context (whole corpus, 13 lawyer queries: hybrid 0.902 -> 0.938,
    keyword 0.919 -> 0.938 nDCG@10; BENCHMARKS.md). Citing passages the keyword side did not
    rank follow in their fused order."""
    if not citations:
        return ranked
    exact, paragraphs = set(citations), set(cited_paragraphs(citations))

    def tier(item: FusedPassage) -> int:
        cited = set(item.hit.source.get(PAGE_CITATIONS) or [])
        return 0 if exact & cited else 1 if paragraphs & cited else 2

    def rank(item: FusedPassage) -> tuple[int, bool, int]:
        group = tier(item)
        if not by_words or group == 2:
            return group, False, 0
        return group, item.ranks[0] is None, item.ranks[0] or 0

    return sorted(ranked, key=rank)


def one_per_page(ranked: Fused, matched: set[tuple[str, int]] | None = None) -> Fused:
    """One passage per page, at the place of the page's best: two units on one page (an
    agenda item ending where the next begins) are one place to read. The page is shown by
    its best passage among those in `matched` (the keyword side's, in hybrid) where it has
    one, so the unit shown holds the query's words."""
    pages: dict[tuple[str, int], list[FusedPassage]] = {}
    for item in ranked:
        page = (str(item.hit.source.get("file")), int(item.hit.source.get("page_first") or 0))
        pages.setdefault(page, []).append(item)
    kept = []
    for items in pages.values():  # in the order of each page's best passage
        shown = next((i for i in items if matched and i.hit.key in matched), items[0])
        kept.append(shown._replace(score=items[0].score))
    return kept


def semantic_cutoff(hits: list[Hit], ratio: float) -> set[tuple[str, int]]:
    """The semantic passages worth showing: those at least `ratio` of the way from the
    weakest neighbour retrieved to the best one.

    A kNN search returns k neighbours whatever their distance; counting them all reported
    "185 Treffer" for 21 sample files. The model's cosines are compressed (unrelated German
    passages still score 0.75-0.8), so a share of the best cosine does not separate them;
    the span from the weakest neighbour (a floor of unrelated text) to the best does."""
    if not hits:
        return set()
    best, floor = max(hit.score for hit in hits), min(hit.score for hit in hits)
    if best <= floor:
        return {hit.key for hit in hits}
    return {hit.key for hit in hits if (hit.score - floor) / (best - floor) >= ratio}


def _without_weak_tail(
    fused: Fused, lists: list[list[Hit]], dense: list[Hit], mode: Mode, ratio: float
) -> Fused:
    """The ranked list up to its last passage worth showing (`semantic_cutoff`; in hybrid
    also every passage the keyword side or a citation matched), and never shorter than one
    page: the tail of weak kNN neighbours is not counted as hits, while the order of what is
    listed stays the ranking's (cutting passages out of the first page cost the dev set
    0.105 nDCG@10 in semantic mode and 0.009 in hybrid). The cut-off is measured on `dense`,
    the query's own neighbours: the dense feedback's neighbours, led by the passages fed
    back, would stretch the span and count fewer hits for the same query."""
    shown = semantic_cutoff(dense, ratio)
    if mode == Mode.hybrid:
        shown |= {hit.key for hits in (lists[0], *lists[2:]) for hit in hits}
    last = max((i for i, item in enumerate(fused) if item.hit.key in shown), default=-1)
    return fused[: max(last + 1, ALWAYS_LISTED)]


def uncited(ranked: Fused, citations: list[str]) -> list[str]:
    """The cited paragraphs of the query that no matching passage's unit carries."""
    carried = {c for item in ranked for c in item.hit.source.get("citations") or []}
    return [c for c in citations if c not in carried]


def browse(backend: Backend, request: SearchRequest) -> SearchResponse:
    """No query text: units that pass the filters, newest first (or as sorted)."""
    started = time.perf_counter()
    page = backend.browse_units(request.filters, request.sort,
                                (request.page - 1) * request.size, request.size)
    results = [to_result(Hit(u["unit_id"], 0.0, u), 0.0, None) for u in page.units]
    return SearchResponse(
        query=request.q, mode=request.mode, total=page.total,
        took_ms=int((time.perf_counter() - started) * 1000), results=results,
        facets=page.facets,
    )


@dataclass
class Candidates:
    """What the retrievers found for one query (passages, best first; empty when the mode
    does not run that retriever): ranking is a pure function of these lists, so they can
    be stored once and ranked offline under many settings (`search_api.tuning`). The
    feedback list alone depends on a first ranking, made under the settings of its time."""

    keyword: list[Hit] = field(default_factory=list)
    semantic: list[Hit] = field(default_factory=list)
    cited: list[Hit] = field(default_factory=list)  # units carrying a cited paragraph
    exact: list[Hit] = field(default_factory=list)  # passages holding every query word
    # the dense side again, from the query moved toward hybrid's best passages (hybrid)
    feedback: list[Hit] = field(default_factory=list)
    query_vector: NDArray[np.float32] | None = field(default=None, repr=False, compare=False)


def retrieve(
    backend: Backend, embedder: Embedder, parsed: ParsedQuery, request: SearchRequest,
    settings: Settings,
) -> Candidates:
    """Run the retrievers of the mode side by side (they wait on the engine and the query
    embedding)."""
    depth = settings.search_candidates
    jobs: dict[str, Callable[[], list[Hit]]] = {}
    if request.mode in (Mode.keyword, Mode.hybrid):
        jobs["keyword"] = lambda: keyword_hits(backend, parsed, request, depth)
    if parsed.citations and request.mode != Mode.semantic:
        jobs["cited"] = lambda: _citation_hits(
            backend, parsed, request, settings.citation_candidates)
    every_word = all_words_query(parsed)
    if request.mode == Mode.hybrid and every_word is not None and settings.exact_slots:
        jobs["exact"] = lambda: keyword_hits(backend, every_word, request, EXACT_CANDIDATES)
    dense = (_RETRIEVERS.submit(semantic_hits, backend, embedder, parsed, request, depth,
                                settings.knn_k)
             if request.mode in (Mode.semantic, Mode.hybrid) else None)
    found = dict(zip(jobs, _RETRIEVERS.map(lambda job: job(), jobs.values()), strict=True))
    if dense is None:
        return Candidates(**found)
    vector, semantic = dense.result()
    return Candidates(**found, semantic=semantic, query_vector=vector)


def with_feedback(
    backend: Backend, candidates: Candidates, parsed: ParsedQuery, request: SearchRequest,
    settings: Settings, evidence: QueryEvidence | None = None,
) -> Candidates:
    """The candidates with the dense side searched again from the query moved toward the
    vectors of the best passages of a first hybrid ranking (by relevance) that the keyword
    side matched (`feedback.moved_query`). Passages only the dense side found are not fed
    back: the moved query would find their neighbours and nothing else (on the 21 sample
    files "Integration" drifted to "Anfragen von Einwohnern"); without a keyword match the
    dense list stays as it was. Hybrid only: the other modes fuse no dense list with a
    keyword one."""
    if (request.mode != Mode.hybrid or candidates.query_vector is None
            or settings.dense_feedback_passages <= 0 or settings.dense_feedback_weight <= 0):
        return candidates
    first = order(candidates, parsed, request.model_copy(update={"sort": Sort.relevance}),
                  settings, evidence)
    matched = {hit.key for hit in candidates.keyword}
    best = [item.hit.chunk_id for item in first
            if item.hit.key in matched][:settings.dense_feedback_passages]
    if not best:
        return candidates
    vectors = backend.chunk_vectors(best)
    moved = moved_query(candidates.query_vector, [vectors[i] for i in best if i in vectors],
                        settings.dense_feedback_weight)
    found = passages(backend.vector_chunks(moved, request.filters, FEEDBACK_DEPTH,
                                           FEEDBACK_DEPTH))
    return replace(candidates, feedback=found)


def order(
    candidates: Candidates, parsed: ParsedQuery, request: SearchRequest, settings: Settings,
    evidence: QueryEvidence | None = None,
) -> Fused:
    """Every passage that matches, in the order the request asks for: fusion of the
    retrievers' lists (weights by the query's form), soft evidence from the query, the page
    context, exact matches kept on top, citing units first, phrase and exclusion rules,
    date sort."""
    lists: list[list[Hit]] = []
    if request.mode != Mode.semantic:
        lists.append(candidates.keyword)
    if request.mode == Mode.hybrid and settings.dense_feedback_passages and candidates.feedback:
        lists.append(candidates.feedback)
    elif request.mode != Mode.keyword:
        lists.append(candidates.semantic)
    weights = (list(hybrid_weights(parsed, settings)) if request.mode == Mode.hybrid
               else [1.0])
    if candidates.cited and request.mode != Mode.semantic:
        lists.append(candidates.cited)
        weights.append(0.0)
    if settings.hybrid_fusion == "rrf":
        fused = reciprocal_rank_fusion(lists, weights, settings.rrf_k)
    elif settings.hybrid_fusion == "spread":
        fused = spread_fusion(lists, weights)
    else:
        fused = min_max_fusion(lists, weights)
    if evidence is not None:
        fused = evidence.boost(fused, settings.evidence_weight)
    fused = with_page_context(fused, settings.context_weight, settings.context_pages)
    if request.mode == Mode.hybrid:
        fused = keep_exact_on_top(fused, candidates.keyword, candidates.exact, settings)
    if request.mode != Mode.semantic:
        fused = citations_first(fused, parsed.citations,
                                by_words=settings.citations_by_keyword_rank)
    if (parsed.phrases or parsed.excluded or parsed.alternatives) \
            and request.mode != Mode.semantic:
        keyword_keys = {h.key for h in candidates.keyword}
        fused = [item for item in fused if item.hit.key in keyword_keys]
    if settings.one_per_page:
        fused = one_per_page(fused, {h.key for h in candidates.keyword}
                             if request.mode == Mode.hybrid else None)
    if request.mode != Mode.keyword:
        fused = _without_weak_tail(fused, lists, candidates.semantic, request.mode,
                                   settings.semantic_relative_cutoff)
    if request.sort != Sort.relevance:
        reverse = request.sort == Sort.date_desc
        dated = [i for i in fused if i.hit.source.get("date")]
        undated = [i for i in fused if not i.hit.source.get("date")]
        fused = sorted(dated, key=lambda i: i.hit.source["date"], reverse=reverse) + undated
    return fused


def rank(
    backend: Backend, embedder: Embedder, parsed: ParsedQuery, request: SearchRequest,
    settings: Settings,
) -> Fused:
    """Every passage that matches, in the order the request asks for (`order`)."""
    evidence = QueryEvidence.of(parsed.text) if settings.evidence_weight else None
    candidates = with_feedback(backend, retrieve(backend, embedder, parsed, request, settings),
                               parsed, request, settings, evidence)
    return order(candidates, parsed, request, settings, evidence)


def expanded(parsed: ParsedQuery, backend: Backend, settings: Settings) -> ParsedQuery:
    """The query as `settings` ask: the spelling of the texts in place of words no text
    holds (both sides search it), then what the keyword side searches beyond the words: the
    synonyms of the council-domain list, the parts of the other compounds the index lacks."""
    unheld = _UnheldWords(parsed.terms, backend)
    if settings.query_spelling:  # not the words the synonym list knows ("Elektroauto")
        known = set(with_synonyms(parsed).synonyms) if settings.query_synonyms else set()
        parsed = with_spelling(parsed, unheld, backend.close_words, backend.texts_holding,
                               keep=known)
    if settings.query_synonyms:  # of the words typed and of those spelled anew
        parsed = with_synonyms(parsed)
    if settings.query_compound_parts:
        parsed = with_compound_parts(parsed, unheld)
    return parsed


class _UnheldWords(Container[str]):
    """The words of a query of which no chunk holds any query term; the store is asked once,
    for all of them, when a rule first wants to know."""

    def __init__(self, words: list[str], backend: Backend) -> None:
        self._terms = {word: [t.term for t in analyze_query(word)] for word in words}
        self._backend = backend
        self._unheld: set[str] | None = None

    def __contains__(self, word: object) -> bool:
        if self._unheld is None:
            asked = sorted({term for own in self._terms.values() for term in own})
            unknown = self._backend.unknown_terms(asked) if asked else set()
            self._unheld = {w for w, own in self._terms.items() if own and set(own) <= unknown}
        return word in self._unheld


def page_of(fused: Fused, request: SearchRequest) -> tuple[Fused, int]:
    """The passages of the requested page and the total they are counted in: passages, or
    (`group_by_unit`) units at the rank of their best passage, each with its best
    PASSAGES_PER_UNIT passages in rank order."""
    offset = (request.page - 1) * request.size
    if not request.group_by_unit:
        return fused[offset : offset + request.size], len(fused)
    units: dict[str, Fused] = {}
    for item in fused:
        units.setdefault(item.hit.unit_id, []).append(item)
    shown = list(units.values())[offset : offset + request.size]
    return [item for passages in shown for item in passages[:PASSAGES_PER_UNIT]], len(units)


def search(
    backend: Backend, embedder: Embedder, request: SearchRequest, settings: Settings
) -> SearchResponse:
    """Run one search request through the retrievers the mode asks for."""
    parsed = parse_query(request.q)
    if parsed.is_empty:
        return browse(backend, request)
    started = time.perf_counter()  # the store's lookups of the query's words count too
    parsed = expanded(parsed, backend, settings)
    fused = rank(backend, embedder, parsed, request, settings)
    page, total = page_of(fused, request)
    backend.load_shown([item.hit for item in page], parsed)
    # A document replaced between retrieval and loading has lost these chunks: skip them.
    page = [item for item in page if "document_id" in item.hit.source]
    results = []
    for hit, score, ranks in page:
        explain = None
        if request.explain:
            keyword_rank = ranks[0] if request.mode != Mode.semantic else None
            semantic_rank = (ranks[1] if request.mode == Mode.hybrid
                             else ranks[0] if request.mode == Mode.semantic else None)
            explain = Explain(keyword_rank=keyword_rank, semantic_rank=semantic_rank,
                              signals=QueryEvidence.of(parsed.text).fired(hit.source))
        results.append(to_result(hit, score, explain))
    units = {item.hit.unit_id: item.hit.source for item in fused}
    facets = count_facets(units.values())  # over the ranked units, from their candidates
    return SearchResponse(
        query=request.q, mode=request.mode, total=total,
        took_ms=int((time.perf_counter() - started) * 1000), results=results, facets=facets,
        uncited_citations=uncited(fused, parsed.citations),
        also_searched=parsed.synonym_words if request.mode != Mode.semantic else [],
        searched_in_parts=list(parsed.compound_parts) if request.mode != Mode.semantic else [],
        spellings=parsed.spellings,  # in every mode: the dense side embeds them too
    )
