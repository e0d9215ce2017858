"""What the routes depend on, declared once: settings, the store, the model, and the search
request built from the query parameters (its filters from the field table)."""

import inspect
import re
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query
from pydantic import BeforeValidator, ValidationError

from ratsuche.backends import get_backend
from ratsuche.backends.base import Backend
from ratsuche.core.fields import FILTER_FIELDS
from ratsuche.core.query import Filters, Mode, Sort
from ratsuche.embedding import Embedder, get_embedder
from ratsuche.settings import Settings, get_settings
from search_api.schemas import MAX_PAGE, MAX_PAGE_SIZE, MAX_QUERY_CHARS, SearchRequest

SettingsDep = Annotated[Settings, Depends(get_settings)]
BackendDep = Annotated[Backend, Depends(get_backend)]


def embedder_loader() -> Callable[[], Embedder]:
    """How to get the embedding model; called only when a query needs a vector."""
    return get_embedder


EmbedderDep = Annotated[Embedder, Depends(get_embedder)]
EmbedderLoaderDep = Annotated[Callable[[], Embedder], Depends(embedder_loader)]


def _iso_date_only(value: object) -> object:
    """Dates as YYYY-MM-DD only (pydantic would also take 0 as 1970-01-01)."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("expected a date as YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date_only)]


def _invalid(parameter: str, message: str) -> HTTPException:
    return HTTPException(422, detail=[{"loc": ["query", parameter], "msg": message,
                                       "type": "value_error"}])


def _search_request(**params: Any) -> SearchRequest:
    """The search request of the query parameters of /search."""
    date_from, date_to = params.pop("date_from"), params.pop("date_to")
    if date_from and date_to and date_from > date_to:
        raise _invalid("date_from", "date_from must not be after date_to")
    values = {f.name: params.pop(f.name) for f in FILTER_FIELDS}
    filters = Filters(values={name: v for name, v in values.items() if v},
                      date_from=date_from, date_to=date_to)
    try:
        return SearchRequest(filters=filters, **params)
    except ValidationError as exc:
        error = exc.errors()[0]
        raise _invalid(str(error["loc"][-1]) if error["loc"] else "page", error["msg"]) \
            from None


def _parameter(name: str, annotation: Any, default: Any) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default,
                             annotation=annotation)


# FastAPI reads the parameters from the signature: one per filterable field of the table.
_search_request.__signature__ = inspect.Signature([  # type: ignore[attr-defined]
    _parameter("q", Annotated[str, Query(max_length=MAX_QUERY_CHARS,
                                         description="Query text; empty browses")], ""),
    _parameter("mode", Mode, Mode.hybrid),
    *(_parameter(f.name, str | None, None) for f in FILTER_FIELDS),
    _parameter("date_from", IsoDate | None, None),
    _parameter("date_to", IsoDate | None, None),
    _parameter("page", Annotated[int, Query(ge=1, le=MAX_PAGE)], 1),
    _parameter("size", Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)], 10),
    _parameter("sort", Sort, Sort.relevance),
    _parameter("explain", bool, False),
    _parameter("group_by_unit", Annotated[bool, Query(
        description="One entry per unit (its best passages follow each other); `size` and "
                    "`total` count units")], False),
])
search_request = _search_request
SearchRequestDep = Annotated[SearchRequest, Depends(search_request)]
