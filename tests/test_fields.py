"""The field table drives filters, facets and the web page; the limits have one home."""

import pytest
from pydantic import ValidationError

from index_config import index_definition
from ratsuche.backends.embedded.sql import filter_sql
from ratsuche.backends.opensearch.dsl import facet_aggs, filter_clauses
from ratsuche.core.fields import FACET_FIELDS, FIELDS, FILTER_FIELDS
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
