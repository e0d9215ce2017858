"""The public contract: request parameters and response shapes of the search API."""

from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from ratsuche.core.fields import FacetValue
from ratsuche.core.query import Filters, Mode, Sort

# The limits of a search request, for the API and the web page alike. The deepest result
# reachable by paging is the engine's index.max_result_window.
MAX_RESULTS = 10_000
MAX_PAGE_SIZE = 100
PASSAGES_PER_UNIT = 5  # a unit's passages in the results when they are grouped by unit
MAX_PAGE = MAX_RESULTS // MAX_PAGE_SIZE  # the last page reachable at any page size
MAX_QUERY_CHARS = 1000


class SearchRequest(BaseModel):
    """One search: the query text, how to search, filters and paging."""

    q: str = Field("", max_length=MAX_QUERY_CHARS)
    mode: Mode = Mode.hybrid
    filters: Filters = Field(default_factory=Filters)
    page: int = Field(1, ge=1, le=MAX_PAGE)
    size: int = Field(10, ge=1, le=MAX_PAGE_SIZE)
    sort: Sort = Sort.relevance
    explain: bool = False
    # One entry per unit: `size` units a page, each with its best passages (at most
    # PASSAGES_PER_UNIT, consecutive in the results); `total` counts units, not passages.
    group_by_unit: bool = False


class Votes(BaseModel):
    yes: int | None = None
    no: int | None = None
    abstain: int | None = None


class Explain(BaseModel):
    """Where the unit ranked in each retriever (1-based; None: not retrieved there). In
    hybrid with dense feedback the semantic rank is the one in the second kNN search, from
    the moved query (`search.with_feedback`)."""

    keyword_rank: int | None = None
    semantic_rank: int | None = None
    signals: list[str] = Field(
        default_factory=list,
        description="What the query names that this unit's metadata confirms "
                    "(municipality, body, year, date): soft evidence that raised it")


class Result(BaseModel):
    """One resolution or agenda item."""

    id: str
    document_id: str
    file: str
    pages: tuple[int, int]
    title: str | None
    body: str | None
    municipality: str | None
    date: date | None
    kind: str | None
    agenda_item: str | None = None
    outcome: str | None
    votes: Votes
    factions: list[str]
    citations: list[str]
    page_citations: list[str] = []  # the citations printed on the passage's own pages
    doc_numbers: list[str] = []  # Drucksache / Vorlage numbers: the matters it belongs to
    ocr_pages: list[int] = []  # pages of the unit whose text was read by OCR from a scan
    snippet: str
    score: float
    url: str
    source_url: str | None = None  # the page in the council information system (OParl)
    explain: Explain | None = None


class SearchResponse(BaseModel):
    query: str
    mode: Mode
    total: int
    took_ms: int
    results: list[Result]
    facets: dict[str, list[FacetValue]]
    # legal citations of the query that no matching unit carries: the results are related ones
    uncited_citations: list[str] = []
    # what the keyword side searched beyond the words typed: the synonyms of the council-domain
    # list, and the words no document holds that were searched in their parts
    also_searched: list[str] = []
    searched_in_parts: list[str] = []
    # a word no text holds -> the spelling of the texts searched in its place, in every mode
    # ("Bebaungsplan" -> "Bebauungsplan")
    spellings: dict[str, str] = {}


class MatterStep(BaseModel):
    """One step of a matter: a unit that carries its number."""

    kind: str  # Vorlage | Beratung | Beschluss
    result: Result


class Matter(BaseModel):
    """A matter (Vorgang): every unit carrying one document number, oldest first."""

    number: str  # canonical, e.g. "DS 110/2022"
    steps: list[MatterStep]


class Suggestion(BaseModel):
    """A completion of what is typed, drawn from the index."""

    text: str
    kind: str  # Titel, Dokument, Gremium, Fraktion, Rechtsgrundlage, Drucksache
    count: int  # units (or documents) that carry it


class ResolutionVote(BaseModel):
    """One vote of a unit: an agenda item may hold several (an amendment, then the motion)."""

    outcome: str | None
    votes: Votes
    flags: list[str] = []  # counts that contradict the outcome, kept as printed


class UnitDetail(BaseModel):
    """The full text and metadata of one unit, with its place in the document."""

    id: str
    document_id: str
    file: str
    pages: tuple[int, int]
    title: str | None
    agenda_item: str | None
    body: str | None
    municipality: str | None
    date: date | None
    kind: str | None
    outcome: str | None
    votes: Votes
    factions: list[str]
    citations: list[str]
    doc_numbers: list[str]
    ocr_pages: list[int] = []
    resolutions: list[ResolutionVote] = []  # every vote in the unit, in order
    # the pages printing each of `citations` (none for one broken across a page break)
    citation_pages: dict[str, list[int]] = {}
    text: str
    url: str
    source_url: str | None = None
    outcome_source: str | None = None  # `oparl`: the outcome is the RIS agenda item's result


class DocumentSummary(BaseModel):
    id: str
    file: str
    title: str | None
    body: str | None
    municipality: str | None
    date: date | None
    kind: str | None
    page_count: int
    image_only_pages: list[int]
    unit_count: int
    chunk_count: int
    url: str


class DocumentDetail(DocumentSummary):
    units: list[UnitDetail]


class SourceSync(BaseModel):
    """The last sync of one list of an OParl source (`ratsuche import-oparl`)."""

    source: str
    list: str
    started_at: str | None  # of the last complete run: the next `modified_since`
    completed_at: str | None
    status: str | None  # complete | partial (an interrupted run resumes next time)


class HealthReport(BaseModel):
    status: str
    engine_reachable: bool
    engine_version: str | None
    index: str | None
    documents: int | None
    message: str | None = None
    sources: list[SourceSync] = []


class ErrorBody(BaseModel):
    """Every error response: a message, or FastAPI's list of invalid parameters."""

    detail: str | list[dict[str, Any]]


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error statuses a route can answer with."""
    meaning = {
        401: "no API key sent",
        403: "wrong API key, or writing over HTTP is disabled",
        404: "no such id",
        413: "upload too large",
        415: "upload is not a PDF",
        422: "invalid parameter or unusable file",
        503: "the search engine is unreachable",
    }
    return {code: {"model": ErrorBody, "description": meaning[code]} for code in codes}
