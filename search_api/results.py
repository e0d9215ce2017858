"""Result shaping: engine records to the public response (snippets, links, facets)."""

from html import escape
from typing import TYPE_CHECKING, Any

from search_api.schemas import Explain, FacetValue, Result, Votes

if TYPE_CHECKING:
    from ratsuche.backends.base import Hit

FACET_FIELDS = {
    "body": "body",
    "year": "year",
    "outcome": "outcome",
    "faction": "factions",
    "citation": "citations",
    "kind": "kind",
    "municipality": "municipality",
}
FACET_SIZE = 30
SNIPPET_CHARS = 300


def pdf_url(document_id: str, page: int) -> str:
    """A link that opens the original file at the page (`#page=N` works in PDF viewers)."""
    return f"/documents/{document_id}/pdf#page={page}"


def snippet(hit: "Hit") -> str:
    """The engine's highlighted fragments, or the start of the best chunk (HTML-escaped)."""
    if hit.highlight:
        return " … ".join(hit.highlight)
    text = " ".join(str(hit.source.get("text", "")).split())
    return escape(text[:SNIPPET_CHARS] + ("…" if len(text) > SNIPPET_CHARS else ""))


def votes(source: dict[str, Any]) -> Votes:
    return Votes(**(source.get("votes") or {}))


def to_result(hit: "Hit", score: float, explain: Explain | None) -> Result:
    """A unit as the API shows it, with the pages of the passage found (all its pages for a
    unit record); the link opens the first of them."""
    source = hit.source
    page = int(source.get("page_first") or 1)
    return Result(
        id=hit.unit_id,
        document_id=source["document_id"],
        file=source["file"],
        pages=(page, int(source.get("page_last") or page)),
        title=source.get("title"),
        body=source.get("body"),
        municipality=source.get("municipality"),
        date=source.get("date"),
        kind=source.get("kind"),
        agenda_item=source.get("agenda_item"),
        outcome=source.get("outcome"),
        votes=votes(source),
        factions=source.get("factions") or [],
        citations=source.get("citations") or [],
        ocr_pages=source.get("ocr_pages") or [],
        snippet=snippet(hit),
        score=round(score, 6),
        url=pdf_url(source["document_id"], page),
        source_url=source.get("source_url"),
        explain=explain,
    )


def facet_aggs() -> dict[str, Any]:
    """Terms aggregations for every facet (over unit records)."""
    return {
        name: {"terms": {"field": field, "size": FACET_SIZE}}
        for name, field in FACET_FIELDS.items()
    }


def facets_from_aggs(aggregations: dict[str, Any]) -> dict[str, list[FacetValue]]:
    return {
        name: [
            FacetValue(value=str(bucket.get("key_as_string", bucket["key"])),
                       count=bucket["doc_count"])
            for bucket in aggregations.get(name, {}).get("buckets", [])
        ]
        for name in FACET_FIELDS
    }
