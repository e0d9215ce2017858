"""The records that flow through the pipeline: pages in, units and chunks out.

Plain dataclasses, so that every step is a pure function of its inputs.
"""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Page:
    """One physical page of a source file (1-based number) and its cleaned text."""

    number: int
    text: str
    image_only: bool = False  # no text layer (the text, if any, came from OCR)
    ocr_confidence: float | None = None  # mean word confidence 0-100 when OCRed

    @property
    def ocr(self) -> bool:
        return self.ocr_confidence is not None


@dataclass(frozen=True)
class PageSpan:
    """A piece of text located on a page: [start, end) character offsets into `Page.text`."""

    page: int
    start: int
    end: int


class Located:
    """Something made of page spans, in reading order."""

    spans: "list[PageSpan] | tuple[PageSpan, ...]"

    @property
    def first_page(self) -> int:
        return self.spans[0].page

    @property
    def last_page(self) -> int:
        return self.spans[-1].page


@dataclass
class Votes:
    """Vote counts of one resolution."""

    yes: int | None = None
    no: int | None = None
    abstain: int | None = None


@dataclass(frozen=True)
class Resolution:
    """One vote inside a unit: its outcome and counts, and what looks wrong with them
    (counts that contradict the outcome are kept as printed and flagged)."""

    outcome: str | None
    votes: Votes
    flags: tuple[str, ...] = ()


@dataclass
class Unit(Located):
    """An agenda item, a resolution or a whole small document: what search results show.

    `spans` locate every character of `text` in the source pages, in order; the text of
    the unit is the concatenation of those page slices joined by newlines.
    """

    text: str
    spans: list[PageSpan]
    agenda_item: str | None = None
    title: str | None = None
    outcome: str | None = None
    votes: Votes = field(default_factory=Votes)
    factions: list[str] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)
    doc_numbers: list[str] = field(default_factory=list)
    outcome_source: str | None = None  # `text` or `oparl` (an OParl agenda item's result)
    resolutions: list[Resolution] = field(default_factory=list)  # every vote, in order


@dataclass
class DocumentMeta:
    """What is known about a whole source file (from its text and its name)."""

    municipality: str | None = None
    body: str | None = None
    kind: str | None = None
    meeting_date: date | None = None
    title: str | None = None
    doc_numbers: list[str] = field(default_factory=list)
    source_url: str | None = None  # the page in the council information system (OParl `web`)
