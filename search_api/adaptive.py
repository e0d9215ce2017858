"""Hybrid fusion that follows the query: weights by the query's form, and exact matches
that the fusion may not bury.

Fixed weights fail both ways: a paraphrasing citizen question needs the dense side, a query
in the documents' own words (a legal reference, a document number, a title) the keyword
side, and with fixed weights the dense list's top outranks the keyword list's top whenever
the two disagree. Both functions here are pure: they see the parsed query, the fused list
and the retrievers' lists.
"""

import re
from dataclasses import dataclass

from ingest.enrich.numbers import find_doc_numbers
from ratsuche.analysis import lowercase, stop_words
from ratsuche.backends.base import Hit
from ratsuche.core.query import ParsedQuery
from ratsuche.settings import Settings
from search_api.fused import Fused

QUESTION_WORDS = frozenset({
    "wer", "wen", "wem", "wessen", "was", "wann", "wo", "wohin", "woher", "wie", "warum",
    "wieso", "weshalb", "weswegen", "wozu", "welche", "welcher", "welches", "welchen", "welchem",
})
_NUMBER = re.compile(r"\d")
_YEAR = re.compile(r"(?<!\d)(?:19[5-9]\d|20[0-4]\d)(?!\d)")
# "266/2019", "DS 36/2025", "BV AH 81/21-26": a number with a slash is a reference
_REFERENCE = re.compile(r"(?<![\w/])\d{1,4}/\d{2,4}(?![\w/])")
_WORD = re.compile(r"\w+")
# content words from which a query without a reference reads as a description
LONG_QUERY_WORDS = 6


@dataclass(frozen=True)
class QueryForm:
    """What the form of a query says about where its answer will be found."""

    content_words: int
    question: bool
    reference: bool  # a legal citation or a document number: the documents' own words
    number: bool  # a year or another number

    @property
    def exactness(self) -> float:
        """From -1 (a question in the asker's words) to +1 (the documents' own words)."""
        value = 1.0 if self.reference else 0.5 if self.number else 0.0
        if self.question:
            value -= 0.5
        if self.content_words >= LONG_QUERY_WORDS and not self.reference:
            value -= 0.5
        return max(-1.0, min(1.0, value))


def query_form(parsed: ParsedQuery) -> QueryForm:
    text = parsed.text
    words = [lowercase(w) for w in _WORD.findall(text)]
    content = [w for w in words if w not in stop_words() and not w.isdigit()]
    question = text.rstrip().endswith("?") or any(w in QUESTION_WORDS for w in words)
    reference = bool(parsed.citations or find_doc_numbers(text) or _REFERENCE.search(text))
    return QueryForm(len(content), question, reference,
                     bool(_YEAR.search(text) or _NUMBER.search(text)))


def hybrid_weights(parsed: ParsedQuery, settings: Settings) -> tuple[float, float]:
    """Keyword and semantic weight: the configured keyword weight, moved by
    `hybrid_weight_shift` towards the keyword side for queries in the documents' words and
    towards the dense side for questions and descriptions (`QueryForm.exactness`)."""
    shift = settings.hybrid_weight_shift * query_form(parsed).exactness
    keyword = min(0.95, max(0.05, settings.hybrid_keyword_weight + shift))
    semantic = settings.hybrid_semantic_weight * (1 - keyword) / (
        1 - settings.hybrid_keyword_weight)
    return keyword, semantic


def all_words_query(parsed: ParsedQuery) -> ParsedQuery | None:
    """The query with every content word required (each one an OR group of the word and
    its synonyms, which both backends treat as required): the passages holding all of
    them. None when the query has fewer than two such words, or phrases, OR groups or
    exclusions of its own."""
    if parsed.phrases or parsed.alternatives or parsed.excluded:
        return None
    words = [w for w in parsed.terms if _WORD.search(w) and lowercase(w) not in stop_words()
             and lowercase(w) not in QUESTION_WORDS]
    if len(words) < 2:
        return None
    return ParsedQuery(text=parsed.text,
                       alternatives=[[w, *parsed.synonyms.get(w, [])] for w in words])


def protected(keyword: list[Hit], exact: list[Hit], settings: Settings) -> list[tuple[str, int]]:
    """The passages that must stay at the top of hybrid, best first: the keyword side's
    first when it leads the second by the factor `exact_margin`, and the best keyword
    passages that hold every query word."""
    wanted: list[tuple[str, int]] = []
    if settings.exact_margin and len(keyword) >= 2 and keyword[1].score > 0 \
            and keyword[0].score >= settings.exact_margin * keyword[1].score:
        wanted.append(keyword[0].key)
    for hit in exact:
        if len(wanted) >= settings.exact_slots:
            break
        if hit.key not in wanted:
            wanted.append(hit.key)
    return wanted[: settings.exact_slots]


def keep_exact_on_top(
    fused: Fused, keyword: list[Hit], exact: list[Hit], settings: Settings
) -> Fused:
    """Move each protected passage that fused below the first `exact_slots` places up to
    the last of those places (the others keep their order)."""
    slots = settings.exact_slots
    keys = set(protected(keyword, exact, settings)) if slots else set()
    late = [item for item in fused[slots:] if item.hit.key in keys]
    if not late:
        return fused
    head = fused[:slots]
    movable = [i for i, item in enumerate(head) if item.hit.key not in keys]
    dropped = set(movable[len(movable) - len(late):]) if len(late) <= len(movable) else set(
        movable)
    new_head = [item for i, item in enumerate(head) if i not in dropped] + late
    rest = [head[i] for i in sorted(dropped)] + [
        item for item in fused[slots:] if item.hit.key not in keys]
    return new_head + rest
