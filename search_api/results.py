"""Result shaping: stored records to the public response (snippets, links)."""

from html import escape
from typing import Any

from ratsuche.backends.base import Hit
from ratsuche.core.fields import PAGE_CITATIONS
from ratsuche.core.text import without_private_use
from search_api.schemas import Explain, Result, Votes

SNIPPET_CHARS = 300


def pdf_url(document_id: str, page: int) -> str:
    """A link that opens the original file at the page (`#page=N` works in PDF viewers)."""
    return f"/documents/{document_id}/pdf#page={page}"


def snippet(hit: Hit) -> str:
    """The engine's highlighted fragments, or the start of the best chunk (HTML-escaped)."""
    if hit.highlight:
        return without_private_use(" … ".join(hit.highlight))
    text = " ".join(without_private_use(str(hit.source.get("text", ""))).split())
    return escape(text[:SNIPPET_CHARS] + ("…" if len(text) > SNIPPET_CHARS else ""))


def votes(source: dict[str, Any]) -> Votes:
    return Votes(**(source.get("votes") or {}))


def unit_fields(source: dict[str, Any]) -> dict[str, Any]:
    """What every view of a unit shows (a result, the full record): its metadata, the pages
    of the record and a link that opens the first of them."""
    page = int(source.get("page_first") or 1)
    return {
        "id": source["unit_id"],
        "document_id": source["document_id"],
        "file": source["file"],
        "pages": (page, int(source.get("page_last") or page)),
        "title": source.get("title"),
        "agenda_item": source.get("agenda_item"),
        "body": source.get("body"),
        "municipality": source.get("municipality"),
        "date": source.get("date"),
        "kind": source.get("kind"),
        "outcome": source.get("outcome"),
        "votes": votes(source),
        "factions": source.get("factions") or [],
        "citations": source.get("citations") or [],
        "doc_numbers": source.get("doc_numbers") or [],
        "ocr_pages": source.get("ocr_pages") or [],
        "url": pdf_url(source["document_id"], page),
        "source_url": source.get("source_url"),
    }


def to_result(hit: Hit, score: float, explain: Explain | None) -> Result:
    """A unit as the API shows it, with the pages of the passage found (all its pages for a
    unit record); the link opens the first of them."""
    return Result(**unit_fields({**hit.source, "unit_id": hit.unit_id}),
                  page_citations=hit.source.get(PAGE_CITATIONS) or [], snippet=snippet(hit),
                  score=round(score, 6), explain=explain)
