"""The embedded store's query language: a parsed query as FTS5 expressions, the filters
and facets of the field table as SQL over the `records` and `record_values` tables."""

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ratsuche.analysis import analyze_exact, analyze_query
from ratsuche.core.fields import FACET_FIELDS, FACET_SIZE, FIELDS, Facets, FacetValue
from ratsuche.core.query import Filters, ParsedQuery
from ratsuche.core.stored import RecordType

# Single-valued fields are columns of `records`; multi-valued ones rows of `record_values`.
FIELD_COLUMNS = tuple(dict.fromkeys(f.stored for f in FIELDS if not f.multi))
MULTI_VALUED = tuple(f.stored for f in FIELDS if f.multi)


def quoted(term: str) -> str:
    """A term as an FTS5 string: user text never becomes FTS5 syntax."""
    return '"' + term.replace('"', '""') + '"'


def _any_of(columns: str, terms: Sequence[str]) -> str:
    return f"({{{columns}}} : ({' OR '.join(quoted(t) for t in dict.fromkeys(terms))}))"


@dataclass(frozen=True)
class FtsQuery:
    """A parsed query as FTS5 expressions: the whole, and its required and excluded parts."""

    expression: str
    required: str
    excluded: str


def fts_query(parsed: ParsedQuery) -> FtsQuery:
    """The FTS5 query of a parsed query, the same logic as the OpenSearch keyword clause:
    words are optional (any of them), phrases and OR groups are required, `-terms` are
    excluded. Every term is quoted: user text never becomes FTS5 syntax."""
    must: list[str] = []
    for phrase in parsed.phrases:
        terms = [t.term for t in analyze_exact(phrase)]
        if terms:
            must.append(f"({{exact title_exact}} : {quoted(' '.join(terms))})")
    for group in parsed.alternatives:
        terms = [t.term for word in group for t in analyze_query(word)]
        if terms:
            must.append(_any_of("terms", terms))
    words = [t.term for t in analyze_query(" ".join(parsed.keyword_words))]
    words += parsed.part_terms  # index terms already
    required = " AND ".join(must)
    expression = required
    if words and required:  # required parts match; the words add to the score
        expression = f"({required}) AND ({_any_of('terms', words)} OR ({required}))"
    elif words:
        expression = _any_of("terms", words)
    terms = [t.term for word in parsed.excluded for t in analyze_query(word)]
    excluded = _any_of("terms title_terms", terms) if terms else ""
    if expression and excluded:
        expression = f"({expression}) NOT {excluded}"
    return FtsQuery(expression, required, excluded)


def filter_sql(filters: Filters, record: RecordType) -> tuple[str, list[Any]]:
    """A WHERE clause over `records r` for one record type and the user's filters."""
    clauses, params = ["r.record = ?"], [record.value]
    for entry, value in filters.terms():
        if entry.multi:
            clauses.append("r.id IN (SELECT id FROM record_values WHERE field = ? "
                           "AND value = ?)")
            params.extend([entry.stored, value])
        else:
            clauses.append(f"r.{entry.stored} = ?")
            params.append(value)
    if filters.date_from:
        clauses.append("r.date >= ?")
        params.append(filters.date_from.isoformat())
    if filters.date_to:
        clauses.append("r.date <= ?")
        params.append(filters.date_to.isoformat())
    return " AND ".join(clauses), params


def facets(db: sqlite3.Connection, unit_ids: str, params: Sequence[Any]) -> Facets:
    """Value counts of every facet over the units that the subquery `unit_ids` selects
    (driven by those ids, so a facet never scans the values of the whole store)."""
    found: Facets = {}
    for entry in FACET_FIELDS:
        if entry.multi:
            sql = (f"SELECT value, COUNT(*) FROM record_values WHERE field = '{entry.stored}' "
                   f"AND id IN ({unit_ids}) GROUP BY value")
        else:
            sql = (f"SELECT {entry.stored}, COUNT(*) FROM records WHERE id IN ({unit_ids}) "
                   f"AND {entry.stored} IS NOT NULL GROUP BY {entry.stored}")
        rows = db.execute(f"{sql} ORDER BY COUNT(*) DESC, 1 LIMIT {FACET_SIZE}",
                          params).fetchall()
        found[entry.name] = [FacetValue(value=str(value), count=count) for value, count in rows]
    return found
