"""Query-time synonyms of the council domain (index_config/synonyms_de.txt).

Citizens type "Handymast" where the protocols say "Mobilfunkanlage", "Kita" where they say
"Kindertagesstätte". A query word found in the list brings the other words of its entry
into the keyword query as optional words beside it (both backends build their keyword
query from `ParsedQuery.keyword_words`, so they expand alike); the dense side embeds the
query as typed. Words are compared as the query analyzer reduces them, so "Laternen" finds
the entry of "Laterne".
"""

import dataclasses
from functools import cache

from index_config import read_word_list
from ratsuche.analysis import analyze_query
from ratsuche.core.query import ParsedQuery

SYNONYMS_FILE = "synonyms_de.txt"


def entries() -> list[tuple[list[str], list[str]]]:
    """The lines of the list as (query words, words added): `a, b, c` adds each word to the
    others, `a, b => c, d` adds c and d to a or b."""
    parsed = []
    for line in read_word_list(SYNONYMS_FILE):
        left, arrow, right = line.partition("=>")
        sources = [w.strip() for w in left.split(",") if w.strip()]
        targets = [w.strip() for w in right.split(",") if w.strip()] if arrow else sources
        parsed.append((sources, targets))
    return parsed


def _key(word: str) -> str:
    return " ".join(t.term for t in analyze_query(word))


@cache
def synonym_table() -> dict[str, tuple[str, ...]]:
    """Analyzed query word -> the words to add."""
    table: dict[str, dict[str, str]] = {}  # word key -> {added word's key: added word}
    for sources, targets in entries():
        for word in sources:
            key = _key(word)
            added = table.setdefault(key, {})
            for target in targets:
                added.setdefault(_key(target), target)
            added.pop(key, None)
    return {key: tuple(words.values()) for key, words in table.items() if words}


def with_synonyms(parsed: ParsedQuery) -> ParsedQuery:
    """The query with the synonyms of its words (unchanged when none is in the list)."""
    table = synonym_table()
    found = {term: list(table[key]) for term in parsed.terms
             if (key := _key(term)) and key in table}
    return dataclasses.replace(parsed, synonyms=found) if found else parsed
