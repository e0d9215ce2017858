"""Other spellings of query words that no text holds.

A citizen types "Bebaungsplan", "Kindergaten" or "Schwimbad": the word matches nothing on the
keyword side, and split into parts ("Bebaungsplan" -> "plan") it would match every plan. A
word of at least `MIN_LETTERS` letters that no chunk holds is looked up among the words of
the texts as written (lowercased, umlauts folded, unstemmed: the `exact` field): within one
edit (a letter left out, added, changed, or two swapped), two from `TWO_EDITS_FROM` letters
on, the first letter kept, as the engine's own spell checker does. The closest word wins,
then the one most chunks hold; it is searched instead of the typed word (which matches
nothing), on the keyword and the dense side, written as a text writes it ("grunflache" ->
"Grünfläche").
"""

import dataclasses
from collections.abc import Callable, Collection, Container, Mapping

from rapidfuzz.distance import DamerauLevenshtein

from ratsuche.analysis import analyze_exact
from ratsuche.core.query import ParsedQuery

# Shorter words are left as typed: one edit away from a short word lies another word or a
# fragment of a hyphenated one ("Chef" -> "chen", "Igeln" -> "igen" on the corpus).
MIN_LETTERS = 6
TWO_EDITS_FROM = 8
MIN_CHUNKS = 2  # a word that only one chunk holds may be a misspelling itself
MOST_WORDS = 3  # looked up per query: each costs two requests to the store


def max_edits(term: str) -> int:
    """How far a spelling of `term` may be: 0 below MIN_LETTERS letters."""
    if len(term) < MIN_LETTERS or not term.isalpha():
        return 0
    return 1 if len(term) < TWO_EDITS_FROM else 2


def edits(a: str, b: str) -> int:
    """Letters left out, added, changed or swapped (Damerau-Levenshtein distance)."""
    return int(DamerauLevenshtein.distance(a, b))


def best_spelling(term: str, candidates: Mapping[str, int]) -> str | None:
    """The closest candidate, then the one most chunks hold (then the first in the
    alphabet); None without one within `max_edits(term)` held by MIN_CHUNKS chunks."""
    most = max_edits(term)
    fitting = [(edits(term, other), -chunks, other) for other, chunks in candidates.items()
               if chunks >= MIN_CHUNKS and other[:1] == term[:1]]
    fitting = [found for found in fitting if 0 < found[0] <= most]
    return min(fitting)[2] if fitting else None


def written_form(texts: Collection[str], term: str) -> str | None:
    """`term` (an `exact` term) as the texts write it: the first occurrence not in capitals
    only, else the first one."""
    found = [text[token.start:token.end] for text in texts for token in analyze_exact(text)
             if token.term == term]
    return next((word for word in found if not word.isupper()), found[0] if found else None)


def with_spelling(
    parsed: ParsedQuery,
    unheld: Container[str],
    close_words: Callable[[str, int], Mapping[str, int]],
    texts_holding: Callable[[str], Collection[str]],
    keep: Collection[str] = (),
) -> ParsedQuery:
    """The query with the spelling of the texts in place of each of its words that no chunk
    holds (`unheld`; the first MOST_WORDS of them long enough); `ParsedQuery.spellings` says
    what was typed. The words in `keep` stay as typed (those the synonym list knows).

    The store answers through two functions: `close_words` gives the `exact` terms within
    so many edits of a term with the chunks holding each, `texts_holding` texts that hold an
    `exact` term."""
    words = [(word, exact[0].term) for word in parsed.terms
             if word not in keep and len(exact := analyze_exact(word)) == 1
             and max_edits(exact[0].term) and word in unheld]  # the store asked last
    found: dict[str, str] = {}
    for word, term in words[:MOST_WORDS]:
        best = best_spelling(term, close_words(term, max_edits(term)))
        written = written_form(texts_holding(best), best) if best else None
        if written:
            found[word] = written
    if not found:
        return parsed
    return dataclasses.replace(
        parsed, terms=[found.get(word, word) for word in parsed.terms],
        marked_terms=[found.get(word, word) for word in parsed.marked_terms], spellings=found)
