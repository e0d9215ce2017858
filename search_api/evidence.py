"""Query understanding as soft evidence: what a query names that the index records about
every unit (its municipality, its body, its meeting date).

"Grundsteuer Hebesatz Ahnsen 2026" names a municipality and a year; "Quartiersmanagerin
Büchenbach" a district whose council is a body ("Stadtteilbeirat Büchenbach"); "Beschluss
Haushaltssatzung 2017" a year. Such words are weak as text (every page of an Ahnsen
protocol may lack the word "Ahnsen") but strong as metadata. Each signal raises the units
that match it and filters nothing out: a query that names a place can still be answered
by a document of another.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from ratsuche.analysis import german_normalize, lowercase, stop_words
from search_api.fused import Fused, by_score

_WORD = re.compile(r"[^\W\d_]{3,}")
_YEAR = re.compile(r"(?<![\d/.-])(?:19[5-9]\d|20[0-4]\d)(?![\d/])")
_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)\b")
# A query word that is a word of the unit's value names it: "Büchenbach" names the body
# "Stadtteilbeirat Büchenbach", "Ortsrat" every Ortsrat (the query is about one).
_FIELDS = ("municipality", "body")


def _fold(word: str) -> str:
    return german_normalize(lowercase(word))


@dataclass
class QueryEvidence:
    """The words, years and dates of a query that unit metadata can confirm."""

    words: frozenset[str] = frozenset()
    years: frozenset[str] = frozenset()
    dates: frozenset[str] = frozenset()
    _cache: dict[tuple[str, str], list[str]] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, text: str) -> "QueryEvidence":
        words = frozenset(_fold(w) for w in _WORD.findall(text)
                          if lowercase(w) not in stop_words())
        dates = frozenset(f"{y}-{int(m):02d}-{int(d):02d}" for d, m, y in _DATE.findall(text))
        undated = _DATE.sub(" ", text)
        return cls(words, frozenset(_YEAR.findall(undated)), dates)

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.years or self.dates)

    def fired(self, source: dict[str, Any]) -> list[str]:
        """The signals that this unit's metadata confirms, e.g. `municipality:Ahnsen`."""
        signals = []
        for name in _FIELDS:
            value = source.get(name)
            if value and self._names(name, str(value)):
                signals.append(f"{name}:{value}")
        date = str(source.get("date") or "")
        if date and date[:10] in self.dates:
            signals.append(f"date:{date[:10]}")
        elif date and date[:4] in self.years:
            signals.append(f"year:{date[:4]}")
        return signals

    def _names(self, name: str, value: str) -> bool:
        key = (name, value)
        if key not in self._cache:
            self._cache[key] = [w for w in (_fold(v) for v in _WORD.findall(value))
                                if w in self.words]
        return bool(self._cache[key])

    def boost(self, fused: Fused, weight: float) -> Fused:
        """Each passage gains `weight` times the share of the query's kinds of signal
        (place or body, year or date) that its unit confirms; ranked again."""
        if weight <= 0 or self.is_empty:
            return fused
        kinds = int(bool(self.words)) + int(bool(self.years or self.dates))
        shares: dict[tuple[Any, ...], float] = {}  # many passages share their metadata
        boosted = []
        for item in fused:
            key = tuple(item.hit.source.get(name) for name in (*_FIELDS, "date"))
            if key not in shares:
                signals = self.fired(item.hit.source)
                named = any(not s.startswith(("year:", "date:")) for s in signals)
                dated = any(s.startswith(("year:", "date:")) for s in signals)
                shares[key] = (int(named) + int(dated)) / kinds
            boosted.append(item._replace(score=item.score + weight * shares[key]))
        return by_score(boosted)
