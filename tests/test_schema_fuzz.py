"""Fuzz the HTTP API from its OpenAPI schema (schemathesis) against the app with the sample
corpus in a real node: no 5xx, every response matches the schema (status codes, bodies,
content types). Bounded: a fixed number of examples per operation, derandomized."""

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from search_api.app import app

MAX_EXAMPLES = 30


schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(app_overrides: None, case: schemathesis.Case) -> None:
    # The schema cannot say that date_from must not follow date_to: such a request is
    # schema-valid and rightly answered 422 (every other check still applies).
    query = case.query or {}
    inverted = bool(query.get("date_from") and query.get("date_to")
                    and str(query["date_from"]) > str(query["date_to"]))
    case.call_and_validate(excluded_checks=[positive_data_acceptance] if inverted else None)
