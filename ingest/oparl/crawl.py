"""Walking OParl lists: pages followed by `links.next`, with the quirks that break crawls.

A list page is `{"data": [...], "links": {"next": ...}}`. Servers also answer with a bare
`[]` (empty filtered list), a single object (a Body list URL on SD.NET), `next` links that
drop the filter, loop, or lead to other hosts, and `limit` parameters already in the URL.
"""

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from ingest.oparl.client import FetchError, OparlClient

log = logging.getLogger(__name__)

# A server that keeps answering new page URLs without new objects is looping (OWL-IT).
MAX_PAGES_WITHOUT_NEW = 3


def format_since(moment: datetime) -> str:
    """`yyyy-mm-ddThh:mm:ss±hh:mm` as the spec says: no microseconds (Somacos rejects them)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.replace(microsecond=0).isoformat()


def with_params(url: str, params: dict[str, str], raw: bool = False) -> str:
    """`url` with these query parameters set, replacing any of the same name (a list URL
    with `limit=100` already in it must not get a second one). `raw` leaves `+` and `:`
    unencoded, for servers that 404 on `%2B` (Somacos)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if k not in params]
    query.extend(params.items())
    safe = ":+" if raw else ""
    encoded = urlencode(query, safe=safe, quote_via=quote)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, encoded, parts.fragment))


def page_items(raw: Any) -> tuple[list[dict[str, Any]], str | None]:
    """The objects of a list page and its `next` link, whatever shape the server chose."""
    if isinstance(raw, list):  # `[]` for an empty list (SD.NET)
        return [o for o in raw if isinstance(o, dict)], None
    if not isinstance(raw, dict):
        raise FetchError(f"not a list page: {type(raw).__name__}")
    if "data" not in raw and "id" in raw:  # one object where a list belongs
        return [raw], None
    data = raw.get("data")
    items = data if isinstance(data, list) else [data] if isinstance(data, dict) else []
    links = raw.get("links")
    next_url = links.get("next") if isinstance(links, dict) else None
    next_url = next_url if isinstance(next_url, str) else None
    return [o for o in items if isinstance(o, dict)], next_url or None


@dataclass
class ListPage:
    url: str
    objects: list[dict[str, Any]]


@dataclass
class ListWalk:
    """One list walked: pages fetched, and where it stopped if it did not finish."""

    url: str
    pages: int = 0
    failed_url: str | None = None
    reason: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.failed_url is None


def walk_list(
    client: OparlClient,
    walk: ListWalk,
    since: str | None,
    start_url: str | None = None,
    raw_params: bool = False,
) -> Iterator[ListPage]:
    """Yield the pages of a list from `start_url` (a page to resume at) or its first page.

    Never raises for a server's fault: a page that fails after the client's retries ends
    the walk with `walk.failed_url` set (where the next run resumes); a loop ends it with a
    warning, as complete.
    """
    params = {"modified_since": since} if since else {}
    url: str | None = start_url or (with_params(walk.url, params, raw_params) if since
                                    else walk.url)
    seen_urls: set[str] = set()
    seen_ids: set[str] = set()
    barren = 0
    while url:
        seen_urls.add(url)
        try:
            items, next_url = page_items(client.get_json(url, filtered=bool(since)))
        except FetchError as exc:
            walk.failed_url, walk.reason = url, str(exc)
            return
        walk.pages += 1
        new = {o["id"] for o in items if isinstance(o.get("id"), str)} - seen_ids
        seen_ids |= new
        barren = 0 if new else barren + 1
        yield ListPage(url, items)
        if next_url and since and "modified_since" not in next_url:
            next_url = with_params(next_url, params, raw_params)  # the filter was dropped
        if next_url in seen_urls:
            walk.warnings.append(f"next link loops back to {next_url}; list ends here")
            return
        if barren >= MAX_PAGES_WITHOUT_NEW:
            walk.warnings.append(f"{barren} pages without new objects; list ends at {url}")
            return
        if next_url:
            try:
                client.check_url(next_url)
            except FetchError as exc:
                walk.failed_url, walk.reason = next_url, str(exc)
                return
        url = next_url

