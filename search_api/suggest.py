"""Suggestions as you type (`/suggest?q=Integ`): completions drawn from the index (unit and
document titles, bodies, factions, legal citations, document numbers), matched at the start
of any of their words with umlauts and ß folded ("Integrationsk" completes
"Integrationskonferenz", "strasse" finds "Straße"), ranked by how often they occur.

The vocabulary is read from the store once per state of the index (its name and document
count) and kept in memory: a completion is a binary search, well under a millisecond."""

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

from ratsuche.backends.base import Backend
from search_api.schemas import Suggestion
from search_api.store_state import PerState

MAX_SUGGESTIONS = 10
_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u"})
_PARAGRAPH = re.compile(r"§\s+")
_WORD_START = re.compile(r"(?<![\w§])[\w§]")
# What a unit record offers, with the kind shown beside the completion.
SOURCES = (("title", "Titel"), ("body", "Gremium"), ("factions", "Fraktion"),
           ("citations", "Rechtsgrundlage"), ("doc_numbers", "Drucksache"))


def fold(text: str) -> str:
    """Lower case with umlauts and ß folded ("Straße" and "strasse" match, "Ä" and "a"), and
    "§ 5" as "§5" (citations are stored as "GeschO §5")."""
    return _PARAGRAPH.sub("§", text.casefold().translate(_FOLD))  # casefold: ß -> ss


@dataclass
class Vocabulary:
    """Phrases with their kind and count, and every word start of each, sorted."""

    phrases: list[tuple[str, str, int]]  # text, kind, count
    starts: list[tuple[str, int]]  # (folded text from a word start, phrase index)


def build_vocabulary(counts: Counter[tuple[str, str]]) -> Vocabulary:
    phrases = [(text, kind, count) for (text, kind), count in counts.items()]
    starts = sorted((fold(text[m.start():]), index)
                    for index, (text, _, _) in enumerate(phrases)
                    for m in _WORD_START.finditer(text))
    return Vocabulary(phrases, starts)


def complete(vocabulary: Vocabulary, prefix: str, limit: int = MAX_SUGGESTIONS) -> list[Suggestion]:
    """The most frequent phrases with a word that starts with `prefix` (folded)."""
    key = fold(" ".join(prefix.split()))
    if not key:
        return []
    found: set[int] = set()
    position = bisect_left(vocabulary.starts, (key, -1))
    while position < len(vocabulary.starts) and vocabulary.starts[position][0].startswith(key):
        found.add(vocabulary.starts[position][1])
        position += 1
    best = sorted(found, key=lambda i: (-vocabulary.phrases[i][2], len(vocabulary.phrases[i][0]),
                                        vocabulary.phrases[i][0]))[:limit]
    return [Suggestion(text=vocabulary.phrases[i][0], kind=vocabulary.phrases[i][1],
                       count=vocabulary.phrases[i][2]) for i in best]


def read_vocabulary(backend: Backend) -> Vocabulary:
    """Every phrase of the units and documents in the store, counted by units."""
    counts: Counter[tuple[str, str]] = Counter()
    for document in backend.list_documents():
        if document.get("title"):
            counts[(str(document["title"]), "Dokument")] += 1
        for unit in backend.document_units(document["document_id"]):
            for field, kind in SOURCES:
                values = unit.get(field)
                for value in values if isinstance(values, list) else [values]:
                    if value:
                        counts[(" ".join(str(value).split()), kind)] += 1
    return build_vocabulary(counts)


_vocabulary = PerState(read_vocabulary)


def suggestions(backend: Backend, prefix: str) -> list[Suggestion]:
    """Completions of `prefix` from the store's current state."""
    return complete(_vocabulary.get(backend), prefix)
