"""Enrichment: facts read from the text of units and documents with stdlib regexes.

Every function here is a pure function of its arguments (no files, no engine, no model):

* `enrich_unit` fills outcome, votes, factions, citations and doc_numbers of a `Unit`;
* `document_meta` builds the `DocumentMeta` of a whole file from its page texts.

The single-purpose finders live in the submodules (`outcome`, `votes`, `factions`, `bodies`,
`dates`, `kinds`, `numbers`); citations come from the shared `ratsuche.citations`.
"""

import dataclasses
import re
from datetime import date

from ingest.enrich.bodies import find_body, find_municipality
from ingest.enrich.closing import before_closing
from ingest.enrich.dates import find_meeting_date
from ingest.enrich.factions import find_factions
from ingest.enrich.kinds import find_kind
from ingest.enrich.numbers import find_doc_numbers
from ingest.enrich.outcome import contradicts, find_outcome
from ingest.enrich.resolutions import find_all_resolutions
from ingest.enrich.votes import find_votes
from ratsuche.citations import find_citations
from ratsuche.core.records import DocumentMeta, Unit, Votes

__all__ = [
    "document_meta",
    "enrich_unit",
    "find_all_resolutions",
    "find_body",
    "find_citations",
    "find_doc_numbers",
    "find_factions",
    "find_kind",
    "find_meeting_date",
    "find_municipality",
    "find_outcome",
    "find_votes",
]


def enrich_unit(unit: Unit) -> Unit:
    """A copy of `unit` with outcome, votes, factions, citations, doc_numbers and every
    vote's resolution read from `unit.text`. The input is not changed (a new Unit is returned, via
    `dataclasses.replace`). Fields that are already set (not None, not empty, not Votes())
    are kept: a segmenter that knows better wins.

    Outcome, votes and resolutions are read from the text before the end of the meeting
    (`closing.before_closing`: not the approval form after the signatures); factions,
    citations and numbers from all of it (an attached letter citing "§ 45 StVO" after the
    last item is a page that cites it).

    The votes are the first counts of the text, unless they go against the outcome (another
    vote of the item, `contradicts`): then those of the first resolution with that outcome
    whose counts fit it, if there is one."""
    text = unit.text
    decided = before_closing(text)
    votes = unit.votes if unit.votes != Votes() else find_votes(decided)
    outcome = unit.outcome if unit.outcome is not None else find_outcome(decided, votes)
    resolutions = list(unit.resolutions) or find_all_resolutions(decided)
    if unit.votes == Votes() and contradicts(outcome, votes):
        votes = next((r.votes for r in resolutions if r.outcome == outcome
                      and r.votes != Votes() and not contradicts(outcome, r.votes)), votes)
    return dataclasses.replace(
        unit,
        votes=votes,
        outcome=outcome,
        factions=list(unit.factions) or find_factions(text),
        citations=list(unit.citations) or find_citations(text),
        doc_numbers=list(unit.doc_numbers) or find_doc_numbers(text),
        resolutions=resolutions,
    )


_FILE_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{2})-(\d{2})(?!\d)")


def _date_from_filename(filename: str) -> date | None:
    m = _FILE_DATE.search(filename)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def document_meta(pages_text: list[str], filename: str | None = None) -> DocumentMeta:
    """What the pages of one file say about it: municipality, body, kind, meeting date and
    the document's own numbers.

    `pages_text` are the page texts in order (joined with form feeds, so "first page" logic in
    the finders applies). `filename` is only a hint: municipality, body and kind fall back to
    it, and the meeting date falls back to a YYYY-MM-DD in it when the first page names none.
    `doc_numbers` are read from the first page only (a Vorlage's own "DS 80/2021"; later pages
    cite other Drucksachen). `title` is left None.
    """
    text = "\f".join(pages_text)
    first_page = pages_text[0] if pages_text else ""
    meeting_date = find_meeting_date(text)
    if meeting_date is None and filename:
        meeting_date = _date_from_filename(filename)
    return DocumentMeta(
        municipality=find_municipality(text, filename),
        body=find_body(text, filename),
        kind=find_kind(text, filename),
        meeting_date=meeting_date,
        doc_numbers=find_doc_numbers(first_page),
    )
