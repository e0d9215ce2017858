"""Atom feeds: any search as a feed (`/feed?…` with the parameters of /search), and without a
query and filters the newly indexed documents.

A feed lists what the search shows on its first pages (`FEED_PASSAGES` passages in relevance
order, not the whole semantic tail), one entry per unit, newest meeting first. Entry ids are
tag URIs of the unit (or document) id, stable across requests and hosts; `updated` is the
time the document was indexed, so a feed reader shows a unit again only when its document
was indexed anew.
"""

import re
from datetime import UTC, datetime
from html import escape
from typing import Any
from urllib.parse import quote

from feedgen.feed import FeedGenerator

from ratsuche.backends.base import Backend
from ratsuche.core.query import Sort
from ratsuche.core.stored import RecordType
from ratsuche.embedding import Embedder
from ratsuche.settings import Settings
from search_api.query import parse_query
from search_api.results import pdf_url
from search_api.schemas import Result, SearchRequest
from search_api.search import search
from search_api.web.format import (
    german_date,
    original_link_label,
    outcome_label,
    page_of,
    safe_snippet,
    votes_text,
)

FEED_PASSAGES = 30  # the first three pages of the web page
NEW_DOCUMENTS = 50
TAG = "tag:ratsuche,2026:"
# When a record carries no indexing time (indexed before it was recorded).
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


# Characters XML 1.0 does not allow (a query or a PDF's text may hold them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """The text without the characters that XML cannot carry."""
    return _NOT_XML.sub("", text)


def entry_id(kind: str, record_id: str) -> str:
    """A stable Atom id: the same unit gives the same id in every response."""
    return f"{TAG}{kind}/{quote(record_id, safe='')}"


def _indexed_at(source: dict[str, Any] | None) -> datetime:
    raw = (source or {}).get("ingested_at")
    return datetime.fromisoformat(raw) if raw else EPOCH


def _feed(title: str, self_url: str, base_url: str) -> FeedGenerator:
    feed = FeedGenerator()
    feed.id(entry_id("feed", self_url.removeprefix(base_url)))
    feed.title(xml_text(title))
    feed.link(href=self_url, rel="self", type="application/atom+xml")
    feed.link(href=base_url + "/", rel="alternate", type="text/html")
    feed.language("de")
    feed.generator("Ratsuche")
    return feed


def _result_summary(result: Result, base_url: str) -> str:
    """The entry's content as HTML: metadata line, outcome and votes, snippet, PDF link."""
    meta = " · ".join(part for part in (
        result.body, result.municipality, german_date(result.date), result.kind,
        f"TOP {result.agenda_item}" if result.agenda_item else None,
    ) if part)
    decision = " · ".join(part for part in (outcome_label(result.outcome),
                                            votes_text(result.votes)) if part)
    parts = [f"<p>{safe_snippet(meta)}</p>"]
    if decision:
        parts.append(f"<p>{safe_snippet(decision)}</p>")
    if result.snippet:
        parts.append(f"<p>{safe_snippet(result.snippet)}</p>")
    page = page_of(result.url, result.pages[0])
    parts.append(f'<p><a href="{escape(base_url + result.url)}">'
                 f"{original_link_label(result.file, page)}</a></p>")
    return xml_text("".join(parts))


def search_feed(
    backend: Backend, embedder: Embedder, request: SearchRequest, settings: Settings,
    self_url: str, base_url: str,
) -> bytes:
    """The units a search shows on its first pages, newest meeting first, as Atom."""
    if parse_query(request.q).is_empty and not request.filters.values \
            and not request.filters.date_from and not request.filters.date_to:
        return new_documents_feed(backend, self_url, base_url)
    first_pages = request.model_copy(update={"page": 1, "size": FEED_PASSAGES,
                                             "sort": Sort.relevance, "explain": False})
    response = search(backend, embedder, first_pages, settings)
    units = list({r.id: r for r in reversed(response.results)}.values())  # best passage wins
    units.sort(key=lambda r: (r.date is not None, r.date, r.id), reverse=True)
    title = f"Ratsuche: „{request.q}“" if request.q.strip() else "Ratsuche: Beschlüsse"
    feed = _feed(title, self_url, base_url)
    indexed: dict[str, datetime] = {}
    for result in units:
        if result.document_id not in indexed:
            indexed[result.document_id] = _indexed_at(
                backend.get_record(result.document_id, RecordType.document))
        entry = feed.add_entry(order="append")
        entry.id(entry_id("unit", result.id))
        entry.title(xml_text(result.title or "Ohne Titel"))
        entry.updated(indexed[result.document_id])
        # One link, the default relation (alternate): feedgen 1.0 writes only the href of an
        # entry's link, so the PDF page is linked in the content.
        entry.link(href=f"{base_url}/beschluss/{quote(result.id, safe='')}")
        entry.content(_result_summary(result, base_url), type="html")
        for name in filter(None, (result.body, result.municipality)):
            entry.category(term=xml_text(name))
    feed.updated(max(indexed.values(), default=EPOCH))
    return bytes(feed.atom_str(pretty=True))


def new_documents_feed(backend: Backend, self_url: str, base_url: str) -> bytes:
    """The documents indexed last, newest first."""
    sources = sorted(backend.list_documents(), key=_indexed_at, reverse=True)[:NEW_DOCUMENTS]
    feed = _feed("Ratsuche: neu eingelesene Dokumente", self_url, base_url)
    for source in sources:
        entry = feed.add_entry(order="append")
        entry.id(entry_id("document", source["document_id"]))
        entry.title(xml_text(source.get("title") or source["file"]))
        entry.updated(_indexed_at(source))
        entry.link(href=base_url + pdf_url(source["document_id"], 1))
        meta = " · ".join(part for part in (
            source.get("body"), source.get("municipality"), german_date(source.get("date")),
            source.get("kind")) if part)
        entry.content(xml_text(f"<p>{safe_snippet(meta)}</p>"), type="html")
    feed.updated(max((_indexed_at(s) for s in sources), default=EPOCH))
    return bytes(feed.atom_str(pretty=True))
