"""A search as the stores see it: the parsed query text, the filters and the order."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field, model_validator

from ratsuche.core.fields import FIELD_BY_NAME, FILTER_FIELDS
from ratsuche.core.fields import Field as MetadataField

# A unit that cites the paragraph a query names comes before any unit that merely matches
# its words (both stores add this constant to the keyword score).
CITATION_BOOST = 50.0


class Mode(StrEnum):
    hybrid = "hybrid"
    keyword = "keyword"
    semantic = "semantic"


class Sort(StrEnum):
    relevance = "relevance"
    date_desc = "date_desc"
    date_asc = "date_asc"


class Filters(BaseModel):
    """Filters on unit metadata; every given filter must hold. `values` maps a filterable
    field of the table (`ratsuche.core.fields`) to the value asked for; `Filters(body="Rat")`
    is accepted as a short form of `Filters(values={"body": "Rat"})`."""

    values: dict[str, str] = Field(default_factory=dict)
    date_from: date | None = None
    date_to: date | None = None

    @model_validator(mode="before")
    @classmethod
    def _fields_as_keywords(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        values = dict(data.get("values") or {})
        rest = {}
        for key, value in data.items():
            if key in FIELD_BY_NAME:
                if value:
                    values[key] = value
            elif key != "values":
                rest[key] = value
        unknown = [k for k in values if k not in FIELD_BY_NAME or
                   not FIELD_BY_NAME[k].filterable]
        if unknown:
            raise ValueError(f"not a filterable field: {', '.join(unknown)}")
        return {**rest, "values": {k: v for k, v in values.items() if v}}

    def terms(self) -> Iterator[tuple[MetadataField, str]]:
        """The field filters asked for, in table order."""
        for entry in FILTER_FIELDS:
            if entry.name in self.values:
                yield entry, self.values[entry.name]


@dataclass
class ParsedQuery:
    """The parts of a query string (see `search_api.query.parse_query`)."""

    text: str
    terms: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    alternatives: list[list[str]] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)
    # `terms` without stop words: what snippets mark outside phrases
    marked_terms: list[str] = field(default_factory=list)
    # Other words for a query word (`ratsuche.synonyms`): optional keyword words beside it.
    synonyms: dict[str, list[str]] = field(default_factory=dict)
    # A query compound that no chunk holds whole -> the index terms of its parts
    # (`ratsuche.compounds`): optional keyword terms, already analyzed.
    compound_parts: dict[str, list[str]] = field(default_factory=dict)
    # A query word that no chunk holds -> the word as the texts write it, one or two letters
    # apart (`ratsuche.spelling`), which took its place in `terms`.
    spellings: dict[str, str] = field(default_factory=dict)

    @property
    def keyword_words(self) -> list[str]:
        """The optional words of the keyword query: the terms and their synonyms."""
        return [*self.terms, *(w for words in self.synonyms.values() for w in words)]

    @property
    def synonym_words(self) -> list[str]:
        """The words the synonyms added (`synonyms`), each once."""
        return list(dict.fromkeys(w for words in self.synonyms.values() for w in words))

    @property
    def part_terms(self) -> list[str]:
        """The index terms of every split compound's parts (`compound_parts`)."""
        return list(dict.fromkeys(t for parts in self.compound_parts.values() for t in parts))

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
        phrases ("§ 5 der Geschäftsordnung" must not mark every "der"), with the synonyms
        searched (a result found by "Freizeitbad" for "Schwimmbad" shows why)."""
        marked = self._with_phrases_and_alternatives([*self.marked_terms, *self.synonym_words])
        return marked or self.positive_text or self.text

    def _with_phrases_and_alternatives(self, terms: list[str]) -> str:
        words = [*terms, *self.phrases, *(w for group in self.alternatives for w in group)]
        return " ".join(words)
