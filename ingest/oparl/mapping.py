"""From OParl meetings and papers to the files to ingest, with metadata taken from OParl
(not guessed from the text): municipality, body, date, kind, title, document number."""

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass

from ingest.enrich.numbers import canonical_number
from ingest.oparl.agenda import AgendaEntry, agenda_entries, consulted
from ingest.oparl.models import File, Meeting, Paper
from ratsuche.core.records import DocumentMeta

# Which field a file came from says what it is (../shared/docs/oparl.md §7).
MEETING_KINDS = {"resultsProtocol": "Niederschrift", "verbatimProtocol": "Wortprotokoll"}
RESOLUTION_KIND = "Beschluss"
PAPER_KIND = "Vorlage"  # when the paper has no `paperType`
AUXILIARY_KIND = "Anlage"


@dataclass(frozen=True)
class FileJob:
    """One file to fetch and ingest, and where it belongs."""

    file: File
    parent: str  # the Meeting or Paper id: deleting it deletes the file's document
    source_field: str  # resultsProtocol, resolutionFile, mainFile, …
    meta: DocumentMeta  # with `source_url`, the RIS page of the meeting or paper
    agenda: tuple[AgendaEntry, ...] = ()  # of a protocol: titles and results of its items

    def meta_hash(self) -> str:
        """Changes when the metadata or the agenda changes, so the document is written
        again."""
        return _digest({"meta": asdict(self.meta), "agenda": [asdict(e) for e in self.agenda]})

    def fingerprint(self) -> str:
        """Changes when the metadata or the File object changes (its `modified`, URLs,
        checksums); while it stays, a file that went in is not even fetched again."""
        return _digest({"meta": self.meta_hash(), "file": self.file.model_dump(mode="json")})


def _digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value, default=str, sort_keys=True).encode()).hexdigest()[:16]


def paper_number(paper: Paper) -> str | None:
    """The paper's `reference` in the spelling matters are kept by ("1234/2014" -> "DS
    1234/2014"), or as the server wrote it when it reads as no known number."""
    return canonical_number(paper.reference) or paper.reference if paper.reference else None


def consulted_papers(papers: Iterable[Paper]) -> dict[str, str]:
    """The number of the paper consulted, by AgendaItem id and by Consultation id (an
    AgendaItem links its Consultation, which usually exists only inline in its Paper)."""
    references: dict[str, str] = {}
    for paper in papers:
        number = paper_number(paper)
        if number is None:
            continue
        for consultation in paper.consultation:
            references.update({key: number for key in (consultation.agendaItem,
                                                        consultation.id) if key})
    return references


def meeting_files(
    meeting: Meeting, municipality: str | None, organizations: dict[str, str],
    auxiliary: bool = False, references: Mapping[str, str] | None = None,
) -> list[FileJob]:
    """The protocols of a meeting and the resolution files of its agenda items (and the
    auxiliary files when asked), each File id once; `references` (`consulted_papers`) link
    agenda items to the papers they consulted."""
    body = next((organizations[o] for o in meeting.organization if o in organizations), None)

    def meta(kind: str, title: str | None, numbers: tuple[str, ...] = ()) -> DocumentMeta:
        return DocumentMeta(municipality=municipality, body=body, kind=kind,
                            meeting_date=meeting.start.date() if meeting.start else None,
                            title=title or meeting.name, doc_numbers=list(numbers),
                            source_url=meeting.web)

    jobs: list[FileJob] = []
    agenda = agenda_entries(meeting.agendaItem, references)
    for source_field, kind in MEETING_KINDS.items():
        file = getattr(meeting, source_field)
        if file is not None:
            jobs.append(FileJob(file, meeting.id, source_field, meta(kind, meeting.name),
                                agenda))
    for item in meeting.agendaItem:
        if item.resolutionFile is not None:
            title = " ".join(p for p in (item.number, item.name) if p) or None
            jobs.append(FileJob(item.resolutionFile, meeting.id, "resolutionFile",
                                meta(RESOLUTION_KIND, title, consulted(item, references or {}))))
    if auxiliary:
        attachments = [f for item in meeting.agendaItem for f in item.auxiliaryFile]
        jobs += [FileJob(f, meeting.id, "auxiliaryFile", meta(AUXILIARY_KIND, f.name))
                 for f in [*attachments, *meeting.auxiliaryFile]]
    return _unique(jobs)


def paper_files(paper: Paper, municipality: str | None, auxiliary: bool = False) -> list[FileJob]:
    """The main file of a paper (Beschlussvorlage, Antrag, Mitteilung …), and its auxiliary
    files when asked."""
    number = paper_number(paper)
    numbers = [number] if number else []

    def meta(kind: str, title: str | None) -> DocumentMeta:
        return DocumentMeta(municipality=municipality, kind=kind, meeting_date=paper.date,
                            title=title, doc_numbers=numbers, source_url=paper.web)

    jobs = []
    if paper.mainFile is not None:
        jobs.append(FileJob(paper.mainFile, paper.id, "mainFile",
                            meta(paper.paperType or PAPER_KIND, paper.name)))
    if auxiliary:
        jobs += [FileJob(f, paper.id, "auxiliaryFile", meta(AUXILIARY_KIND, f.name))
                 for f in paper.auxiliaryFile]
    return _unique(jobs)


def _unique(jobs: list[FileJob]) -> list[FileJob]:
    """The first job of each File id (the spec's own example uses one id for four files)."""
    return list({job.file.id: job for job in reversed(jobs)}.values())[::-1]


def apply_meta(meta: DocumentMeta, oparl: DocumentMeta) -> DocumentMeta:
    """The metadata read from the text, overridden by every field OParl knows."""
    return DocumentMeta(
        municipality=oparl.municipality or meta.municipality,
        body=oparl.body or meta.body,
        kind=oparl.kind or meta.kind,
        meeting_date=oparl.meeting_date or meta.meeting_date,
        title=oparl.title or meta.title,
        doc_numbers=list(dict.fromkeys([*oparl.doc_numbers, *meta.doc_numbers])),
        source_url=oparl.source_url or meta.source_url,
    )
