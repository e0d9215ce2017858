"""`ratsuche import-oparl`: crawl an OParl source, bring its files into the index, and keep
both in sync on later runs.

A run: entry object (System or Body) → bodies → for each list (organizations first, so
meetings can name their body) the pages changed since the last complete run (`modified_since`
minus an overlap), each object kept in the sync state; tombstones remove their documents,
files that vanished from a changed meeting too. Then the files of the changed meetings and
papers (and the ones that failed before) are fetched conditionally, checked by their magic
bytes, kept in the file store, and ingested in one batch through the ingest pipeline with
their OParl metadata. One failed page or file never aborts the run; a list that stopped
part-way resumes at the failed page next time, and its `modified_since` stays where it was.
"""

import hashlib
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from ingest.oparl.agenda import apply_agenda
from ingest.oparl.client import FetchError, OparlClient
from ingest.oparl.crawl import ListWalk, format_since, walk_list
from ingest.oparl.mapping import (
    FileJob,
    apply_meta,
    consulted_papers,
    meeting_files,
    paper_files,
)
from ingest.oparl.models import Body, Meeting, Organization, Paper, System, short_type
from ingest.oparl.state import FileState, ListState, SyncState
from ingest.prepare import PreparedDocument
from ingest.run import FileOutcome, IngestReport, ingest_files
from ratsuche.backends.base import Backend
from ratsuche.embedding import Embedder

log = logging.getLogger(__name__)

LISTS = ("organization", "paper", "meeting")  # organizations first: meetings name them
LIST_TYPES = {"organization": "Organization", "paper": "Paper", "meeting": "Meeting",
              "person": "Person"}
OVERLAP = timedelta(minutes=5)  # clocks of client and server differ; objects are idempotent


class ImportFailed(Exception):
    """Nothing could be done: the URL is no OParl System or Body, or it cannot be read."""


@dataclass(frozen=True)
class ImportOptions:
    body: str | None = None  # id (or its last path segment) of the one Body to import
    full: bool = False  # ignore the sync state: read every list whole
    since: datetime | None = None  # read only what changed since then
    dry_run: bool = False  # crawl and report; no downloads, no index or state changes
    files: bool = True
    auxiliary: bool = False  # also the auxiliary files (Anlagen)
    lists: tuple[str, ...] = LISTS


@dataclass
class ListReport:
    source: str  # the Body id
    body: str  # its name, for people
    name: str
    since: str | None
    pages: int = 0
    objects: int = 0
    deleted: int = 0
    complete: bool = True
    reason: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class FileReport:
    id: str
    status: str  # new | changed | unchanged | deleted | failed | gone (410) | would-fetch
    reason: str | None = None
    document_id: str | None = None
    parent: str | None = None  # the meeting or paper


@dataclass
class ImportReport:
    lists: list[ListReport] = field(default_factory=list)
    files: list[FileReport] = field(default_factory=list)
    requests: int = 0
    seconds: float = 0.0
    ingest: IngestReport | None = None

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "failed"]

    @property
    def exit_code(self) -> int:
        """0: all went in; 1: some files or pages failed (the rest is in)."""
        return 1 if self.failed or not all(lst.complete for lst in self.lists) else 0


Progress = Callable[[str], None]  # called with "page" or "file"


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def _store_path(source: str, job: FileJob) -> str:
    """Where a file is kept under the store: per source, named by its File id (stable)
    and, for people reading the result's file name, by its `fileName`."""
    digest = hashlib.sha1(job.file.id.encode()).hexdigest()[:12]
    stem = Path(job.file.fileName or job.file.name or "datei").stem
    return f"{_slug(source)}/{digest}-{_slug(stem) or 'datei'}.pdf"


def _is_pdf(content: bytes) -> bool:
    """PDF by its magic bytes (servers send `application/octetstream` and HTML as 200)."""
    return b"%PDF-" in content[:1024]


class Importer:
    """One run of `import-oparl` against one entry URL.

    `embedder` is called only when there are files to ingest (loading the model takes
    seconds; a scheduled run that finds nothing new should not pay them), and the backend
    is made ready for writing then."""

    def __init__(self, backend: Backend, embedder: Callable[[], Embedder], client: OparlClient,
                 state: SyncState, store: Path, options: ImportOptions,
                 progress: Progress | None = None) -> None:
        self.backend, self.embedder, self.client = backend, embedder, client
        self.state, self.store, self.options = state, store, options
        self.progress = progress or (lambda _: None)
        self.report = ImportReport()
        self.raw_params = False
        self.unlisted: set[str] = set()  # objects fetched alone in this run

    # --- entry
    def run(self, url: str) -> ImportReport:
        started = datetime.now(UTC)
        self.client.allow_host(url)
        for body in self._bodies(url):
            self._sync_body(body)
        self.report.requests = self.client.requests
        self.report.seconds = (datetime.now(UTC) - started).total_seconds()
        return self.report

    def _bodies(self, url: str) -> list[Body]:
        try:
            raw = self.client.get_json(url)
        except FetchError as exc:
            raise ImportFailed(str(exc)) from exc
        kind = short_type(raw.get("type")) if isinstance(raw, dict) else None
        if kind == "Body":
            bodies = [Body.parse(raw)]
            if bodies[0].model_extra and isinstance(bodies[0].model_extra.get("system"), str):
                self._vendor(bodies[0].model_extra["system"])
        elif kind == "System":
            system = System.parse(raw)
            self._vendor_of(system)
            if not system.body:
                raise ImportFailed(f"the System has no body list: {url}")
            walk = ListWalk(system.body)
            raws = [o for page in walk_list(self.client, walk, None) for o in page.objects]
            if not walk.complete and not raws:
                raise ImportFailed(f"body list unreadable: {walk.reason}")
            unique = {o["id"]: o for o in raws if isinstance(o.get("id"), str)}
            bodies = [Body.parse(o) for o in unique.values() if not o.get("deleted")]
        else:
            raise ImportFailed(f"not an OParl System or Body (type {raw.get('type')!r}): {url}"
                               if isinstance(raw, dict) else f"not an OParl object: {url}")
        if self.options.body:
            wanted = self.options.body
            bodies = [b for b in bodies if wanted in (b.id, b.shortName, b.id.rstrip("/")
                                                      .rsplit("/", 1)[-1])]
            if not bodies:
                raise ImportFailed(f"no Body {wanted!r} at {url}")
        return bodies

    def _vendor(self, system_url: str) -> None:
        try:
            raw = self.client.get_json(system_url)
        except FetchError:
            return
        if isinstance(raw, dict):
            self._vendor_of(System.parse(raw) if raw.get("id") else None)

    def _vendor_of(self, system: System | None) -> None:
        """Somacos 404s on a percent-encoded `modified_since` (pitfall 13)."""
        text = f"{system.vendor} {system.product}".lower() if system else ""
        self.raw_params = "somacos" in text

    # --- lists
    def _sync_body(self, body: Body) -> None:
        municipality = body.name or body.shortName
        organizations = {o["id"]: o.get("name") or o.get("shortName") or ""
                         for o in self.state.objects(body.id, "Organization")}
        papers = {o["id"]: Paper.parse(o) for o in self.state.objects(body.id, "Paper")}
        jobs: list[FileJob] = []
        changed_meetings: set[str] = set()
        changed_papers: list[Paper] = []
        for name in self.options.lists:
            changed = self._sync_list(body, name)
            references = consulted_papers(papers.values())
            for raw in changed:
                if name == "organization":
                    org = Organization.parse(raw)
                    organizations[org.id] = org.name or org.shortName or ""
                    continue
                if name == "meeting":
                    meeting = Meeting.parse(raw)
                    changed_meetings.add(meeting.id)
                    self._fetch_organization(body, meeting, organizations)
                    listed = meeting_files(meeting, municipality, organizations, True,
                                           references)
                elif name == "paper":
                    paper = papers[raw["id"]] = Paper.parse(raw)
                    changed_papers.append(paper)
                    listed = paper_files(paper, municipality, auxiliary=True)
                else:
                    continue
                # vanished = not listed at all (an import without --auxiliary keeps the
                # auxiliary files an earlier one brought)
                self._drop_vanished(raw["id"], listed)
                jobs += self._wanted(listed)
        references = consulted_papers(papers.values())
        jobs += self._consulting_meetings(changed_papers, changed_meetings, municipality,
                                          organizations, references)
        if self.options.files:
            jobs += self._retries(body, municipality, organizations, references,
                                  {job.file.id for job in jobs})
            self._fetch_and_ingest(body.id, jobs)

    def _wanted(self, listed: list[FileJob]) -> list[FileJob]:
        return [job for job in listed
                if self.options.auxiliary or job.source_field != "auxiliaryFile"]

    def _consulting_meetings(self, papers: list[Paper], changed: set[str],
                             municipality: str | None, organizations: dict[str, str],
                             references: dict[str, str]) -> list[FileJob]:
        """The files of unchanged meetings whose agenda items a changed paper now consults
        (a paper is often linked after its meeting was published): their units gain the
        paper's number. Files whose agenda links stayed the same are skipped as unchanged."""
        meetings = {c.meeting for p in papers for c in p.consultation
                    if c.meeting and c.meeting not in changed}
        jobs: list[FileJob] = []
        for meeting_id in sorted(meetings):
            raw = self.state.get_object(meeting_id)
            if raw is not None and short_type(raw.get("type")) == "Meeting":
                jobs += self._wanted(meeting_files(Meeting.parse(raw), municipality,
                                                   organizations, True, references))
        return jobs

    def _fetch_organization(self, body: Body, meeting: Meeting,
                            organizations: dict[str, str]) -> None:
        """The meeting's organization when no list carried it (pitfall 15: many servers
        link objects that are in no list): fetched alone, once."""
        if not meeting.organization or any(o in organizations for o in meeting.organization):
            return
        wanted = meeting.organization[0]
        if wanted in self.unlisted:
            return
        self.unlisted.add(wanted)
        try:
            raw = self.client.get_json(wanted)
        except FetchError as exc:
            log.info("organization %s unavailable: %s", wanted, exc)
            return
        if isinstance(raw, dict) and isinstance(raw.get("id"), str) and not raw.get("deleted"):
            org = Organization.parse(raw)
            organizations[wanted] = org.name or org.shortName or ""
            if not self.options.dry_run:
                self.state.put_object(body.id, "Organization", {**raw, "id": wanted})

    def _sync_list(self, body: Body, name: str) -> list[dict[str, Any]]:
        """Walk one list; the changed objects (tombstones are applied here)."""
        url = body.list_url(name)
        if not url:
            return []
        expected = LIST_TYPES.get(name, name)
        saved = self.state.list_state(body.id, name)
        started = format_since(_now())
        start_url = None
        if saved.resume_url and not self.options.full:
            start_url, since = saved.resume_url, saved.resume_since
        elif self.options.since:
            since = format_since(self.options.since)
        elif saved.started_at and not self.options.full:
            since = format_since(datetime.fromisoformat(saved.started_at) - OVERLAP)
        else:
            since = None
        report = ListReport(body.id, body.name or body.shortName or body.id, name, since)
        self.report.lists.append(report)
        walk = ListWalk(url)
        changed: dict[str, dict[str, Any]] = {}
        for page in walk_list(self.client, walk, since, start_url, self.raw_params):
            self.progress("page")
            for raw in page.objects:
                if not isinstance(raw.get("id"), str):
                    continue
                raw.setdefault("type", f"https://schema.oparl.org/1.1/{expected}")
                if raw.get("deleted"):
                    if since:  # unfiltered lists must not carry tombstones (SD.NET does)
                        report.deleted += self._delete_parent(raw["id"])
                    continue
                changed[raw["id"]] = raw
                if not self.options.dry_run:
                    self.state.put_object(body.id, expected, raw)
        report.pages, report.objects, report.warnings = walk.pages, len(changed), walk.warnings
        if walk.complete and since is None and start_url is None:
            # a whole list read: what the state knows but the server no longer lists is gone
            # (servers that drop objects without a tombstone)
            for known in self.state.objects(body.id, expected):
                if known["id"] not in changed:
                    report.deleted += self._delete_parent(known["id"])
        report.complete, report.reason = walk.complete, walk.reason
        if not self.options.dry_run:
            if walk.complete:
                first_start = saved.resume_started_at if start_url else None
                self.state.save_list(body.id, name, ListState(
                    started_at=first_start or started, completed_at=format_since(_now()),
                    status="complete"))
            else:
                self.state.save_list(body.id, name, ListState(
                    started_at=saved.started_at, completed_at=saved.completed_at,
                    resume_url=walk.failed_url, resume_since=since,
                    resume_started_at=saved.resume_started_at if start_url else started,
                    status="partial"))
        return list(changed.values())

    # --- deletions
    def _delete_parent(self, object_id: str) -> int:
        """Remove a deleted meeting's or paper's documents; the number of files removed."""
        files = self.state.files_of(object_id)
        if not self.options.dry_run:
            for file in files:
                self._delete_file(file)
            self.state.delete_object(object_id)
        self.report.files += [FileReport(f.id, "deleted", document_id=f.document_id)
                              for f in files]
        return len(files)

    def _drop_vanished(self, parent: str, jobs: list[FileJob]) -> None:
        """Files of a changed meeting or paper that it no longer lists (an agenda item
        removed, a protocol withdrawn) leave the index."""
        current = {job.file.id for job in jobs}
        for file in self.state.files_of(parent):
            if file.id not in current:
                if not self.options.dry_run:
                    self._delete_file(file)
                self.report.files.append(FileReport(file.id, "deleted",
                                                    document_id=file.document_id))

    def _delete_file(self, file: FileState) -> None:
        if file.document_id:
            self.backend.delete_document(file.document_id)
        (self.store / file.path).unlink(missing_ok=True)
        self.state.delete_file(file.id)

    # --- files
    def _retries(self, body: Body, municipality: str | None, organizations: dict[str, str],
                 references: dict[str, str], planned: set[str]) -> list[FileJob]:
        """Jobs for files that failed in an earlier run (their parents are unchanged)."""
        jobs = []
        for failed in self.state.failed_files(body.id):
            raw = self.state.get_object(failed.parent)
            if failed.id in planned or raw is None:
                continue
            kind = short_type(raw.get("type"))
            candidates = (
                meeting_files(Meeting.parse(raw), municipality, organizations, True, references)
                if kind == "Meeting" else paper_files(Paper.parse(raw), municipality, True)
            )
            jobs += [job for job in candidates if job.file.id == failed.id]
        return jobs

    def _fetch_and_ingest(self, source: str, jobs: list[FileJob]) -> None:
        if self.options.dry_run:
            self.report.files += [FileReport(job.file.id, "would-fetch") for job in jobs]
            return
        previous_states = {job.file.id: self.state.file(job.file.id) for job in jobs}
        # the lists are marked synced already: a run interrupted from here on must leave
        # these files for the next run to pick up
        self.state.mark_pending(source, [(job.file.id, job.parent, _store_path(source, job))
                                         for job in jobs], format_since(_now()))
        ready: dict[str, tuple[FileJob, FileState | None, FileState]] = {}
        for job in jobs:
            previous = previous_states[job.file.id]
            fetched = self._fetch(source, job, previous)
            self.progress("file")
            if isinstance(fetched, FileReport):
                self.report.files.append(fetched)
                continue
            ready[fetched.path] = (job, previous, fetched)
        if not ready:
            return
        for _, previous, current in ready.values():
            if previous and previous.document_id and previous.meta_hash != current.meta_hash:
                self.backend.delete_document(previous.document_id)  # metadata changed
        by_path = {path: job for path, (job, _, _) in ready.items()}

        def adjust(doc: PreparedDocument) -> None:
            job = by_path[doc.file]
            doc.meta = apply_meta(doc.meta, job.meta)
            apply_agenda(doc.units, job.agenda)
            for unit in doc.units:
                unit.doc_numbers = list(dict.fromkeys([*job.meta.doc_numbers,
                                                       *unit.doc_numbers]))

        embedder = self.embedder()
        self.backend.ensure_ready(embedder.dimension)
        ingest = ingest_files(self.backend, embedder,
                              [(self.store / path, self.store) for path in ready],
                              adjust=adjust)
        self.report.ingest = ingest
        for outcome in ingest.outcomes:
            job, previous, current = ready[outcome.file]
            self._record(source, job, previous, current, outcome)

    def _fetch(self, source: str, job: FileJob,
               previous: FileState | None) -> FileState | FileReport:
        """The file in the store, ready to ingest; or its report (unchanged, failed)."""
        file_id = job.file.id
        path = _store_path(source, job)
        meta_hash, fingerprint = job.meta_hash(), job.fingerprint()
        stored = previous is not None and previous.status in ("ingested", "unchanged") \
            and (self.store / previous.path).exists()
        if previous and previous.fingerprint == fingerprint and not self.options.full \
                and (stored or previous.status == "gone"):
            self.state.save_file(source, previous, format_since(_now()))  # no longer pending
            if previous.status == "gone":  # reported once; tried again when it changes
                return FileReport(file_id, "gone", previous.reason)
            return FileReport(file_id, "unchanged", document_id=previous.document_id)
        urls = job.file.urls
        if not urls:
            return self._failed(source, job, previous, path, fingerprint, "no accessUrl")
        reason = ""
        for url in urls:  # downloadUrl, then accessUrl
            try:
                fetched = self.client.get_file(
                    url, previous.etag if stored and previous else None,
                    previous.last_modified if stored and previous else None)
            except FetchError as exc:
                reason = str(exc)
                continue
            if fetched.status == 304 and previous:
                content = (self.store / previous.path).read_bytes()
            elif not _is_pdf(fetched.content):
                reason = f"not a PDF: {fetched.content_type or 'no content type'}"
                continue
            else:
                content = fetched.content
            sha = hashlib.sha256(content).hexdigest()
            current = FileState(file_id, job.parent, path, None, sha, fetched.etag,
                                fetched.last_modified, meta_hash, fingerprint, "ingested", None)
            if stored and previous and previous.sha256 == sha \
                    and previous.meta_hash == meta_hash:
                current.document_id, current.status = previous.document_id, "unchanged"
                self.state.save_file(source, current, format_since(_now()))
                return FileReport(file_id, "unchanged", document_id=previous.document_id)
            target = self.store / path
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_suffix(".part")
            partial.write_bytes(content)
            os.replace(partial, target)
            return current
        return self._failed(source, job, previous, path, fingerprint, reason)

    def _failed(self, source: str, job: FileJob, previous: FileState | None, path: str,
                fingerprint: str, reason: str) -> FileReport:
        """Record a failure; a file the server reports gone (410) is not tried again."""
        status = "gone" if reason.startswith("HTTP 410") else "failed"
        document = previous.document_id if previous else None
        if status == "gone" and document:  # deleted on the server: out of the index too
            self.backend.delete_document(document)
            document = None
        self.state.save_file(source, FileState(job.file.id, job.parent, path, document, None,
                                               None, None, None, fingerprint, status, reason),
                             format_since(_now()))
        return FileReport(job.file.id, "failed", reason, document, job.parent)

    def _record(self, source: str, job: FileJob, previous: FileState | None,
                current: FileState, outcome: FileOutcome) -> None:
        if outcome.status == "failed":
            current.status, current.reason = "failed", outcome.reason
            report = FileReport(job.file.id, "failed", outcome.reason, parent=job.parent)
        else:
            current.document_id = outcome.document_id
            is_new = previous is None or previous.document_id is None
            report = FileReport(job.file.id, "new" if is_new else "changed",
                                document_id=outcome.document_id)
            if previous and previous.document_id and previous.document_id != outcome.document_id:
                self.backend.delete_document(previous.document_id)
            if previous and previous.path != current.path:  # renamed on the server
                (self.store / previous.path).unlink(missing_ok=True)
        self.state.save_file(source, current, format_since(_now()))
        self.report.files.append(report)

