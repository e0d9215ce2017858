"""The OpenSearch query language of the product: filters, the keyword clause, highlighting
and facet aggregations, built from the parsed query, the filters and the field table."""

from typing import Any

from ratsuche.backends.base import CANDIDATE_FIELDS
from ratsuche.citations import cited_paragraphs
from ratsuche.core.fields import (
    FACET_FIELDS,
    FACET_SIZE,
    FIELDS,
    PAGE_CITATIONS,
    Facets,
    FacetValue,
)
from ratsuche.core.query import CITATION_BOOST, Filters, ParsedQuery
from ratsuche.core.stored import RecordType

# Words match the chunk text only. Every chunk repeats its unit's title, so matching the
# title lifts all chunks of a unit alike and drowns the page that holds the words (dev set,
# keyword nDCG@10: text + title^2 + exact subfields 0.564, text alone 0.662).
TEXT_FIELD = "text"
# Query words are analyzed like the text but NOT decompounded: the index holds compounds and
# their parts, so "Bebauungsplanverfahren" in a query must not turn into "plan" OR "verfahren"
# (dev set, keyword mode: nDCG@10 0.507 with decompounded queries, 0.542 without).
QUERY_ANALYZER = "german"
PHRASE_FIELDS = ["text.exact", "title.exact"]


def filter_clauses(filters: Filters, record: RecordType) -> list[dict[str, Any]]:
    """Engine filters for complete records of one type, plus the user's filters."""
    clauses: list[dict[str, Any]] = [
        {"term": {"record": record.value}},
        {"term": {"complete": True}},
    ]
    for entry, value in filters.terms():
        clauses.append({"term": {entry.stored: value}})
    if filters.date_from or filters.date_to:
        bounds = {}
        if filters.date_from:
            bounds["gte"] = filters.date_from.isoformat()
        if filters.date_to:
            bounds["lte"] = filters.date_to.isoformat()
        clauses.append({"range": {"date": bounds}})
    return clauses


def _text_match(words: str) -> dict[str, Any]:
    """The query words against the chunk text, analyzed like the text but not decompounded."""
    return {"match": {TEXT_FIELD: {"query": words, "analyzer": QUERY_ANALYZER}}}


def _part_terms(parsed: ParsedQuery) -> list[dict[str, Any]]:
    """The parts of a compound the index does not hold: index terms already, not analyzed."""
    return [{"term": {TEXT_FIELD: part}} for part in parsed.part_terms]


def cited_clause(parsed: ParsedQuery) -> dict[str, Any]:
    """Chunks of units citing a paragraph the query names, with or without its Absatz."""
    return {"terms": {"citations": cited_paragraphs(parsed.citations)}}


def keyword_clause(parsed: ParsedQuery) -> dict[str, Any]:
    """A bool query for the text of a parsed query (without filters)."""
    must: list[dict[str, Any]] = []
    should: list[dict[str, Any]] = []
    if parsed.terms:
        should.append(_text_match(" ".join(parsed.keyword_words)))
        should += _part_terms(parsed)
    for phrase in parsed.phrases:
        must.append({"multi_match": {"query": phrase, "fields": PHRASE_FIELDS,
                                     "type": "phrase"}})
    for group in parsed.alternatives:
        must.append(
            {"bool": {"should": [_text_match(w) for w in group], "minimum_should_match": 1}}
        )
    if parsed.citations:
        should.append({"constant_score": {"filter": cited_clause(parsed),
                                          "boost": CITATION_BOOST}})
    query: dict[str, Any] = {"bool": {}}
    if must:
        query["bool"]["must"] = must
    if should:
        query["bool"]["should"] = should
        if not must:
            query["bool"]["minimum_should_match"] = 1
    if parsed.excluded:
        query["bool"]["must_not"] = [
            {"multi_match": {"query": w, "fields": ["text", "title"]}} for w in parsed.excluded
        ]
    return query


def unknown_terms_request(terms: list[str]) -> dict[str, Any]:
    """How many complete chunks hold each analyzed term (one filter bucket per term)."""
    return {
        "size": 0,
        "query": {"bool": {"filter": filter_clauses(Filters(), RecordType.chunk)}},
        "aggs": {"terms": {"filters": {"filters": {
            str(i): {"term": {TEXT_FIELD: term}} for i, term in enumerate(terms)}}}},
    }


EXACT_TEXT_FIELD = "text.exact"


def spelling_request(term: str, most: int, size: int = 20) -> dict[str, Any]:
    """The engine's spell checker over the words of the texts as written: terms within
    `most` edits of `term` that share its first letter, with their document counts."""
    return {
        "size": 0,
        "suggest": {"spelling": {"text": term, "term": {
            "field": EXACT_TEXT_FIELD, "suggest_mode": "missing", "max_edits": most,
            "prefix_length": 1, "min_word_length": 1, "size": size,
            "string_distance": "damerau_levenshtein"}}},
    }


def holding_request(term: str, size: int) -> dict[str, Any]:
    """The texts of complete chunks that hold an exact term."""
    return {
        "size": size,
        "query": {"bool": {"filter": [*filter_clauses(Filters(), RecordType.chunk),
                                      {"term": {EXACT_TEXT_FIELD: term}}]}},
        "_source": [TEXT_FIELD],
    }


def knn_clause(vector: list[float], k: int, filters: Filters) -> dict[str, Any]:
    """The k nearest complete chunks to `vector` that pass the filters."""
    return {"knn": {"vector": {
        "vector": vector,
        "k": k,
        "filter": {"bool": {"filter": filter_clauses(filters, RecordType.chunk)}},
    }}}


MULTI_VALUED = frozenset({*(f.stored for f in FIELDS if f.multi), PAGE_CITATIONS})


def candidate_request(query: dict[str, Any], size: int) -> dict[str, Any]:
    """A retriever's request: the best `size` chunks with what ranking needs of each, read
    from doc values (the `_source` holds the text and the vector: loading and parsing it
    for hundreds of candidates per request was most of the engine's share)."""
    return {"size": size, "query": query, "_source": False, "docvalue_fields": [
        {"field": name, "format": "strict_date"} if name == "date" else name
        for name in CANDIDATE_FIELDS]}


def candidate_source(fields: dict[str, list[Any]]) -> dict[str, Any]:
    """A candidate's doc values as its record has them: a list for multi-valued fields,
    else the one value."""
    return {name: values if name in MULTI_VALUED else values[0]
            for name, values in fields.items() if values}


def highlight_clause(parsed: ParsedQuery, fragment_size: int = 220) -> dict[str, Any]:
    """Engine highlighting of chunk text with <mark>, HTML-escaped, for any retriever."""
    words = parsed.highlight_text
    return {
        "encoder": "html",
        "pre_tags": ["<mark>"],
        "post_tags": ["</mark>"],
        "fields": {
            "text": {
                "type": "unified",
                "fragment_size": fragment_size,
                "number_of_fragments": 2,
                "no_match_size": fragment_size,
                # Analyzed like the keyword query (not decompounded): "Haushaltssatzung"
                # marks "Haushaltssatzung", not every "Haushalt" and "Satzung"; the parts
                # of a compound no document holds are marked, as they were searched.
                "highlight_query": {"bool": {"should": [
                    _text_match(words), *_part_terms(parsed)]}},
            }
        },
    }


def facet_aggs() -> dict[str, Any]:
    """Terms aggregations for every facet (over unit records)."""
    return {
        entry.name: {"terms": {"field": entry.stored, "size": FACET_SIZE}}
        for entry in FACET_FIELDS
    }


def facets_from_aggs(aggregations: dict[str, Any]) -> Facets:
    return {
        entry.name: [
            FacetValue(value=str(bucket.get("key_as_string", bucket["key"])),
                       count=bucket["doc_count"])
            for bucket in aggregations.get(entry.name, {}).get("buckets", [])
        ]
        for entry in FACET_FIELDS
    }
