"""Parts of a query compound the index does not hold whole.

A citizen writes "Abwasseranschluss" where the protocols say "Anschluss an die
Abwasserleitung": the compound occurs in no document, so it matches nothing. The index splits
every compound of the text into the parts of its word list (`index_config/decompound_de.txt`);
a query word that no chunk holds is split the same way, and its parts join the keyword query
as optional terms. Words the index holds stay as typed: splitting every query compound costs
precision ("Bebauungsplan" would match every "Plan"; a measurement of stop 9, keyword
nDCG@10 0.542 -> 0.507).
"""

import dataclasses
from collections.abc import Callable, Collection

from ratsuche.analysis import analyze_index, analyze_query
from ratsuche.core.query import ParsedQuery


def compound_parts(word: str) -> tuple[list[str], list[str]]:
    """The word's query terms and the index terms of its parts ("Handymast" -> (["handymast"],
    ["mast"])); no parts for a word the word list cannot split."""
    own = [t.term for t in analyze_query(word)]
    parts = [t.term for t in analyze_index(word) if t.term not in own]
    return own, list(dict.fromkeys(parts))


def with_compound_parts(
    parsed: ParsedQuery, unknown: Callable[[list[str]], Collection[str]]
) -> ParsedQuery:
    """The query with the parts of those of its words that split into parts and that the
    index does not hold (`unknown` gives the terms of a list that no chunk holds)."""
    split = {word: compound_parts(word) for word in parsed.terms}
    split = {word: (own, parts) for word, (own, parts) in split.items() if own and parts}
    if not split:
        return parsed
    missing = set(unknown(sorted({term for own, _ in split.values() for term in own})))
    added = {word: parts for word, (own, parts) in split.items() if set(own) <= missing}
    return dataclasses.replace(parsed, compound_parts=added) if added else parsed
