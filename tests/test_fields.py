"""The field table drives filters, facets and the web page; the limits have one home."""

from typing import Any

import pytest
from pydantic import ValidationError

from index_config import index_definition
from ratsuche.backends.embedded.sql import filter_sql
from ratsuche.backends.opensearch.dsl import candidate_source, facet_aggs, filter_clauses
from ratsuche.core.fields import FACET_FIELDS, FACET_SIZE, FIELDS, FILTER_FIELDS, count_facets
from ratsuche.core.query import Filters
from ratsuche.core.stored import RecordType
from search_api.app import app
from search_api.schemas import MAX_PAGE, SearchRequest
from search_api.web.forms import FILTER_LABELS, parse_form


def test_every_field_has_a_keyword_mapping() -> None:
    properties = index_definition()["mappings"]["properties"]
    for entry in FIELDS:
        assert properties[entry.stored]["type"] in ("keyword", "integer"), entry


def test_the_api_the_page_and_both_stores_take_every_filter_of_the_table() -> None:
    parameters = {p["name"] for p in app.openapi()["paths"]["/search"]["get"]["parameters"]}
    assert {f.name for f in FILTER_FIELDS} <= parameters
    assert set(FILTER_LABELS) == {f.name for f in FILTER_FIELDS}
    filters = Filters(values={f.name: "x" for f in FILTER_FIELDS})
    clauses = filter_clauses(filters, RecordType.unit)
    assert len(clauses) == 2 + len(FILTER_FIELDS)
    where, params = filter_sql(filters, RecordType.unit)
    assert params.count("x") == len(FILTER_FIELDS)
    for entry in FILTER_FIELDS:
        assert entry.stored in where or entry.stored in params
    assert set(facet_aggs()) == {f.name for f in FACET_FIELDS}


def test_filters_take_field_names_and_refuse_others() -> None:
    assert Filters(body="Rat", faction="").values == {"body": "Rat"}
    with pytest.raises(ValidationError, match="not a filterable field"):
        Filters(values={"year": "2020"})


def test_the_page_reaches_as_far_as_the_api() -> None:
    _, request = parse_form({"q": "Haushalt", "page": str(MAX_PAGE)})
    assert request is not None and request.page == MAX_PAGE
    form, request = parse_form({"q": "Haushalt", "page": str(MAX_PAGE + 1)})
    assert request is None and "Seitenzahl" in form.errors[0]
    with pytest.raises(ValidationError):
        SearchRequest(q="Haushalt", page=MAX_PAGE + 1)


def test_facets_counted_over_units_as_the_stores_count_them() -> None:
    units = [
        {"body": "Rat", "year": 2021, "factions": ["SPD", "CDU"], "citations": []},
        {"body": "Rat", "year": 2020, "factions": ["SPD", "SPD"]},  # a unit counts once
        {"body": "Bauausschuss", "year": 2021, "outcome": None},
    ]
    facets = count_facets(units)
    assert set(facets) == {f.name for f in FACET_FIELDS}
    assert [(v.value, v.count) for v in facets["body"]] == [("Rat", 2), ("Bauausschuss", 1)]
    assert [(v.value, v.count) for v in facets["year"]] == [("2021", 2), ("2020", 1)]
    assert [(v.value, v.count) for v in facets["faction"]] == [("SPD", 2), ("CDU", 1)]
    assert facets["outcome"] == [] and facets["citation"] == []


def test_facet_ties_by_value_and_at_most_facet_size() -> None:
    units = [{"body": f"Ausschuss {n:02d}"} for n in range(FACET_SIZE + 5, 0, -1)]
    values = [v.value for v in count_facets(units)["body"]]
    assert values == [f"Ausschuss {n:02d}" for n in range(1, FACET_SIZE + 1)]


def test_candidates_read_from_doc_values_look_like_their_records() -> None:
    fields: dict[str, list[Any]] = {"unit_id": ["d-u0001"], "page_first": [3],
                                    "citations": ["GeschO §5"], "factions": [],
                                    "date": ["2021-03-04"]}
    assert candidate_source(fields) == {"unit_id": "d-u0001", "page_first": 3,
                                        "citations": ["GeschO §5"], "date": "2021-03-04"}
