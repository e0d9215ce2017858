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
from collections.abc import Container

from ratsuche.analysis import analyze_index, analyze_query
from ratsuche.core.query import ParsedQuery


def compound_parts(word: str) -> list[str]:
    """The index terms of the word's parts ("Handymast" -> ["mast"]); none for a word the
    word list cannot split."""
    own = {t.term for t in analyze_query(word)}
    return list(dict.fromkeys(t.term for t in analyze_index(word) if t.term not in own))


def with_compound_parts(parsed: ParsedQuery, unheld: Container[str]) -> ParsedQuery:
    """The query with the parts of those of its words that split into parts and that no
    chunk holds (`unheld`, asked only about those)."""
    added = {word: parts for word in parsed.terms
             if (parts := compound_parts(word)) and word in unheld}
    return dataclasses.replace(parsed, compound_parts=added) if added else parsed
