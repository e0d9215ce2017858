"""From user input to engine queries. User text never reaches the engine as query syntax:
it is parsed here into phrases, excluded terms, OR groups and legal citations, and each
part becomes a structured clause (match, match_phrase, terms)."""

import shlex
from dataclasses import dataclass, field
from typing import Any

from ratsuche.analysis import lowercase, stop_words
from ratsuche.citations import query_citations
from search_api.schemas import Filters

# Words match the chunk text only. Every chunk repeats its unit's title, so matching the
# title lifts all chunks of a unit alike and drowns the page that holds the words (dev set,
# keyword nDCG@10: text + title^2 + exact subfields 0.564, text alone 0.662).
TEXT_FIELD = "text"
# Query words are analyzed like the text but NOT decompounded: the index holds compounds and
# their parts, so "Bebauungsplanverfahren" in a query must not turn into "plan" OR "verfahren"
# (dev set, keyword mode: nDCG@10 0.507 with decompounded queries, 0.542 without).
QUERY_ANALYZER = "german"
PHRASE_FIELDS = ["text.exact", "title.exact"]


@dataclass
class ParsedQuery:
    """The parts of a query string."""

    text: str
    terms: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    alternatives: list[list[str]] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)
    # Other words for a query word (`ratsuche.synonyms`): optional keyword words beside it.
    synonyms: dict[str, list[str]] = field(default_factory=dict)

    @property
    def keyword_words(self) -> list[str]:
        """The optional words of the keyword query: the terms and their synonyms."""
        return [*self.terms, *(w for words in self.synonyms.values() for w in words)]

    @property
    def is_empty(self) -> bool:
        return not (self.terms or self.phrases or self.alternatives or self.citations)

    @property
    def positive_text(self) -> str:
        """The words to embed and to match: everything but excluded terms."""
        return self._with_phrases_and_alternatives(self.terms)

    @property
    def highlight_text(self) -> str:
        """The words to mark in snippets: as `positive_text`, without stop words outside
        phrases ("§ 5 der Geschäftsordnung" must not mark every "der")."""
        kept = [w for w in self.terms if lowercase(w) not in stop_words()]
        return self._with_phrases_and_alternatives(kept) or self.positive_text or self.text

    def _with_phrases_and_alternatives(self, terms: list[str]) -> str:
        words = [*terms, *self.phrases, *(w for group in self.alternatives for w in group)]
        return " ".join(words)


def _split(text: str) -> list[str]:
    """Whitespace split that keeps "quoted phrases" together (unbalanced quotes tolerated)."""
    normalized = text.replace("„", '"').replace("“", '"').replace("”", '"')
    try:
        lexer = shlex.shlex(normalized, posix=True)
        lexer.whitespace_split = True
        lexer.commenters = ""
        lexer.escape = ""
        lexer.quotes = '"'
        return [t for t in lexer if t]
    except ValueError:
        return normalized.replace('"', " ").split()


def parse_query(text: str) -> ParsedQuery:
    """Phrases in quotes, `-term` to exclude, `a OR b` for alternatives, citations kept whole."""
    parsed = ParsedQuery(text=text.strip(), citations=query_citations(text))
    tokens = _split(text)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if i + 2 < len(tokens) and tokens[i + 1] == "OR":
            group = [token]
            while i + 2 < len(tokens) and tokens[i + 1] == "OR":
                group.append(tokens[i + 2])
                i += 2
            parsed.alternatives.append(group)
        elif token.startswith("-") and len(token) > 1:
            parsed.excluded.append(token[1:])
        elif " " in token:
            parsed.phrases.append(token)
        elif token != "OR":
            parsed.terms.append(token)
        i += 1
    return parsed


def filter_clauses(filters: Filters, record: str) -> list[dict[str, Any]]:
    """Engine filters for complete records of one type, plus the user's filters."""
    clauses: list[dict[str, Any]] = [
        {"term": {"record": record}},
        {"term": {"complete": True}},
    ]
    for field_name, value in (
        ("body", filters.body),
        ("kind", filters.kind),
        ("outcome", filters.outcome),
        ("factions", filters.faction),
        ("citations", filters.citation),
        ("municipality", filters.municipality),
    ):
        if value:
            clauses.append({"term": {field_name: value}})
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


def keyword_clause(parsed: ParsedQuery) -> dict[str, Any]:
    """A bool query for the text of a parsed query (without filters)."""
    must: list[dict[str, Any]] = []
    should: list[dict[str, Any]] = []
    if parsed.terms:
        should.append(_text_match(" ".join(parsed.keyword_words)))
    for phrase in parsed.phrases:
        must.append({"multi_match": {"query": phrase, "fields": PHRASE_FIELDS,
                                     "type": "phrase"}})
    for group in parsed.alternatives:
        must.append(
            {"bool": {"should": [_text_match(w) for w in group], "minimum_should_match": 1}}
        )
    if parsed.citations:
        should.append({"constant_score": {"filter": {"terms": {"citations": parsed.citations}},
                                          "boost": 50.0}})
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
                # marks "Haushaltssatzung", not every "Haushalt" and "Satzung".
                "highlight_query": _text_match(words),
            }
        },
    }
