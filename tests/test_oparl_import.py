"""`import-oparl` against a real OParl server on loopback (tests/oparl_server.py): crawl,
quirks, retries, sync, deletions and broken files, through the real pipeline into both
backends."""

import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from opensearchpy import OpenSearch
from typer.testing import CliRunner

from cli.main import app as cli
from ingest.oparl.client import ClientOptions, OparlClient
from ingest.oparl.state import SyncState
from ingest.oparl.sync import Importer, ImportFailed, ImportOptions, ImportReport
from ratsuche.backends import get_backend
from ratsuche.backends.base import Backend
from ratsuche.backends.embedded.store import EmbeddedBackend
from ratsuche.backends.opensearch.admin import ensure_index
from ratsuche.backends.opensearch.store import OpenSearchBackend
from ratsuche.embedding import Embedder, get_embedder
from ratsuche.settings import get_settings
from search_api.app import app
from search_api.matters import matter
from tests.oparl_server import OparlWorld, serve

REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "oparl-examples" / "real"
SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples" / "pdf"
FAST = ClientOptions(timeout=2.0, backoff=0.0, allow_private=True)
Run = Callable[..., ImportReport]


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return get_embedder()


@pytest.fixture
def world() -> Iterator[OparlWorld]:
    with serve() as running:
        yield running


@pytest.fixture
def backend(tmp_path: Path, embedder: Embedder) -> EmbeddedBackend:
    store = EmbeddedBackend(tmp_path / "index", "oparl")
    store.ensure_ready(embedder.dimension)
    return store


def make_run(backend: Backend, embedder: Embedder, folder: Path, world: OparlWorld) -> Run:
    state = SyncState(folder / "state.sqlite3")

    def run(entry: str = "/oparl/system", client: ClientOptions = FAST,
            progress: Callable[[str], None] | None = None, **options: object) -> ImportReport:
        importer = Importer(backend, lambda: embedder, OparlClient(client), state,
                            folder / "files",
                            ImportOptions(**options), progress)  # type: ignore[arg-type]
        return importer.run(world.url(entry))

    return run


@pytest.fixture
def run(backend: EmbeddedBackend, embedder: Embedder, tmp_path: Path, world: OparlWorld) -> Run:
    return make_run(backend, embedder, tmp_path, world)


def gets(world: OparlWorld, path: str) -> list[dict[str, str]]:
    """The queries of the requests for `path`, in order."""
    return [r.query for r in world.requests if r.path == path]


def documents(backend: Backend) -> dict[str, dict]:
    """Indexed documents by their title and kind."""
    return {f"{d['kind']}: {d['title']}": d for d in backend.list_documents()}


MEETINGS = "/oparl/body/1/meeting"


# --- crawl (no files)

def test_full_crawl_follows_every_page_politely(run: Run, world: OparlWorld) -> None:
    report = run(files=False)
    assert [(lst.name, lst.pages, lst.objects, lst.complete) for lst in report.lists] == [
        ("organization", 1, 2, True), ("paper", 1, 2, True), ("meeting", 2, 4, True)]
    assert gets(world, MEETINGS) == [{}, {"page": "2"}]
    assert report.requests == len(world.requests) == 6  # system, bodies, 3 lists, page 2
    assert world.max_active == 1
    assert all(r.headers["user-agent"].startswith("ratsuche/") for r in world.requests)
    assert report.exit_code == 0


def test_oparl_1_0_server(embedder: Embedder, tmp_path: Path) -> None:
    with serve(version="1.0") as old:
        backend = EmbeddedBackend(tmp_path / "index", "oparl")
        report = make_run(backend, embedder, tmp_path, old)(files=False)
    assert sum(lst.objects for lst in report.lists) == 8 and report.exit_code == 0


def test_a_body_url_is_an_entry_too(run: Run, world: OparlWorld) -> None:
    report = run("/oparl/body/1", files=False, lists=("meeting",))
    assert [(lst.name, lst.objects) for lst in report.lists] == [("meeting", 4)]


def test_what_is_not_oparl_fails_the_run(run: Run, world: OparlWorld) -> None:
    with pytest.raises(ImportFailed, match="not an OParl System or Body"):
        run("/oparl/meeting/1")
    with pytest.raises(ImportFailed, match="HTTP 404"):
        run("/nowhere")
    with pytest.raises(ImportFailed, match="no Body"):
        run(body="7")


def test_one_body_of_a_system_and_a_given_since(run: Run, world: OparlWorld) -> None:
    report = run(body="1", files=False, lists=("paper",),
                 since=datetime(2026, 5, 11, tzinfo=UTC))
    assert [(lst.name, lst.since, lst.objects) for lst in report.lists] == [
        ("paper", "2026-05-11T00:00:00+00:00", 0)]
    assert gets(world, "/oparl/body/1/paper") == [{"modified_since": "2026-05-11T00:00:00+00:00"}]


def test_private_addresses_refused_unless_allowed(run: Run, world: OparlWorld) -> None:
    with pytest.raises(ImportFailed, match="loopback or private"):
        run(client=ClientOptions(timeout=2.0, backoff=0.0))
    assert world.requests == []


def test_second_run_asks_only_for_changes(run: Run, world: OparlWorld) -> None:
    run(files=False)
    world.requests.clear()
    report = run(files=False)
    since = {q.get("modified_since") for q in gets(world, MEETINGS)}
    assert len(since) == 1 and None not in since
    assert all(lst.objects == 0 for lst in report.lists)
    world.touch("/oparl/meeting/2", name="Sitzung des Gemeinderates (geändert)")
    report = run(files=False)
    assert [lst.objects for lst in report.lists] == [0, 0, 1]


@pytest.mark.parametrize("quirk", ["sternberg_empty_404", "empty_list_as_array"])
def test_empty_filtered_windows(run: Run, world: OparlWorld, quirk: str) -> None:
    run(files=False)
    world.quirks.add(quirk)
    report = run(files=False)
    assert all(lst.complete and lst.objects == 0 for lst in report.lists)
    assert report.exit_code == 0


def test_next_link_that_drops_the_filter(run: Run, world: OparlWorld) -> None:
    run(files=False)
    world.quirks.add("drop_filter_on_next")
    for n in (1, 2, 3):
        world.touch(f"/oparl/meeting/{n}")
    world.requests.clear()
    report = run(files=False, lists=("meeting",))
    assert report.lists[0].objects == 3
    assert all("modified_since" in q for q in gets(world, MEETINGS))


def test_looping_next_link_ends_the_list(run: Run, world: OparlWorld) -> None:
    world.quirks.add("loop_next")
    report = run(files=False, lists=("meeting",))
    [meetings] = report.lists
    assert meetings.complete and meetings.pages == 3 and meetings.objects == 4  # 1, 2, 1
    assert "loops" in meetings.warnings[0]


def test_next_link_to_another_host_refused(run: Run, world: OparlWorld) -> None:
    world.quirks.add("offhost_next")
    report = run(files=False, lists=("meeting",))
    [meetings] = report.lists
    assert not meetings.complete and "another host" in (meetings.reason or "")
    assert report.exit_code == 1
    assert all(r.path != "other.invalid" for r in world.requests)


def test_single_object_for_the_body_list_and_control_characters(
    run: Run, world: OparlWorld
) -> None:
    world.quirks |= {"body_list_single_object", "control_chars_json"}
    report = run(files=False)
    assert sum(lst.objects for lst in report.lists) == 8


def test_recorded_sternberg_crawl(run: Run, world: OparlWorld) -> None:
    """The recorded Hürtgenwald System, Body list and first meeting page, served with their
    URLs pointing here; page 2 was not recorded, so the list stops there (reported)."""
    origin = "https://sdnetrim.kdvz-frechen.de/rim4220/webservice/oparl/v1.0"
    folder = REAL / "sternberg-huertgenwald"
    for path, name in [("/system", "system.json"), ("/body", "body.list.json"),
                       ("/body/1/meeting", "meeting.list.page1.trimmed.json")]:
        text = (folder / name).read_text(encoding="utf-8").replace(origin, "{base}")
        world.raw[path] = (200, text)
    report = run("/system", files=False, lists=("meeting",))
    [meetings] = report.lists
    assert meetings.objects == 2 and meetings.pages == 1
    assert not meetings.complete and "HTTP 404" in (meetings.reason or "")


# --- retries and resuming

def test_a_500_on_a_page_is_retried(run: Run, world: OparlWorld) -> None:
    world.script[f"{MEETINGS}?page=2"] = [500, "ok"]
    report = run(files=False, lists=("meeting",))
    assert report.lists[0].complete and report.lists[0].objects == 4
    assert gets(world, MEETINGS) == [{}, {"page": "2"}, {"page": "2"}]


def test_retry_after_is_honoured(run: Run, world: OparlWorld) -> None:
    world.script[MEETINGS] = [429, 503, "ok"]
    patient = ClientOptions(timeout=2.0, backoff=60.0, allow_private=True)
    started = time.monotonic()
    report = run(client=patient, files=False, lists=("meeting",))
    assert time.monotonic() - started < 10  # Retry-After: 0, not the 60 s backoff
    assert report.lists[0].complete and gets(world, MEETINGS)[:3] == [{}, {}, {}]


def test_a_page_failing_for_good_is_resumed_next_run(
    run: Run, world: OparlWorld, tmp_path: Path
) -> None:
    world.script[f"{MEETINGS}?page=2"] = [500] * 3
    report = run(files=False, lists=("meeting",))
    [meetings] = report.lists
    assert not meetings.complete and meetings.objects == 2 and report.exit_code == 1
    saved = SyncState(tmp_path / "state.sqlite3").list_state(
        world.url("/oparl/body/1"), "meeting")
    assert saved.status == "partial" and saved.started_at is None
    assert saved.resume_url == world.url(f"{MEETINGS}?page=2")
    world.requests.clear()
    report = run(files=False, lists=("meeting",))
    assert gets(world, MEETINGS) == [{"page": "2"}]  # resumed where it stopped
    assert report.lists[0].complete and report.lists[0].objects == 2
    assert SyncState(tmp_path / "state.sqlite3").list_state(
        world.url("/oparl/body/1"), "meeting").started_at is not None


def test_a_slow_page_times_out_and_is_retried(run: Run, world: OparlWorld) -> None:
    world.script[f"{MEETINGS}?page=2"] = [1.5, "ok"]
    quick = ClientOptions(timeout=0.5, backoff=0.0, allow_private=True)
    report = run(client=quick, files=False, lists=("meeting",))
    assert report.lists[0].complete
    assert len(gets(world, MEETINGS)) == 3


# --- files into the index

def add_file(world: OparlWorld, name: str, sample: str, status: int = 200,
             kind: str = "application/pdf", cut: bool = False) -> None:
    content = (SAMPLES / sample).read_bytes()
    world.files[f"/files/{name}"] = (status, kind, content[: len(content) // 2] if cut
                                     else content)


def test_import_sync_and_deletions(run: Run, world: OparlWorld, backend: EmbeddedBackend
                                   ) -> None:
    first = run()
    assert (first.count("new"), first.count("failed"), first.exit_code) == (4, 0, 0)
    docs = documents(backend)
    assert set(docs) == {"Niederschrift: Sitzung des Gemeinderates", "Beschluss: 1e Bebauungsplan",
                         "Beschlussvorlage: Wärmenetz GmbH: § 121a NKomVG"}
    assert len(backend.list_documents()) == 4  # two protocols of that title
    protocol = next(d for d in backend.list_documents() if d["date"] == "2026-03-26")
    assert (protocol["municipality"], protocol["body"], protocol["kind"]) == (
        "Gemeinde Ahnsen", "Gemeinderat", "Niederschrift")
    assert protocol["file"].endswith("-niederschrift-2026-03-26.pdf")
    units = backend.document_units(protocol["document_id"])
    assert units and {u["source_url"] for u in units} == {"https://ris.ahnsen.test/si0057.asp?id=1"}
    outcomes = {u["agenda_item"]: (u["outcome"], u["outcome_source"]) for u in units}
    assert outcomes["3"] == ("einstimmig", "text")  # the protocol's text wins over OParl
    assert outcomes["4"] == ("zur_kenntnis", "oparl")  # no outcome in the text
    vorlage = docs["Beschlussvorlage: Wärmenetz GmbH: § 121a NKomVG"]
    assert "DS 75/2025" in vorlage["doc_numbers"] and vorlage["date"] == "2025-09-04"
    resolution = docs["Beschluss: 1e Bebauungsplan"]
    assert resolution["date"] == "2019-03-28"

    world.requests.clear()  # an unchanged re-run: changes asked for, no file fetched
    again = run()
    assert again.files == [] and again.ingest is None and again.exit_code == 0
    assert all("modified_since" in q for q in gets(world, MEETINGS))
    assert not [r for r in world.requests if r.path.startswith("/files/")]

    world.requests.clear()  # --full reads everything, but files answer 304: nothing ingested
    full = run(full=True)
    assert full.count("unchanged") == 4 and full.ingest is None
    assert all("if-none-match" in r.headers for r in world.requests
               if r.path.startswith("/files/"))

    # incremental: a new protocol, a new paper, a renamed meeting, a changed result
    add_file(world, "wortprotokoll.pdf", "erlangen_stadtteilbeirat-buechenbach_2025-03-11_"
             "niederschrift.pdf")
    world.touch("/oparl/meeting/4", verbatimProtocol=world.file("wortprotokoll.pdf", "Wort"))
    world.objects["/oparl/paper/3"] = {**world.objects["/oparl/paper/2"],
                                       "id": world.url("/oparl/paper/3")}
    add_file(world, "vorlage-neu.pdf", "erlangen_stadtteilbeirat-buechenbach_2022-11-17_"
             "niederschrift.pdf")
    world.touch("/oparl/paper/3", name="Neue Vorlage", paperType="Mitteilungsvorlage",
                reference="DS 77/2025", mainFile=world.file("vorlage-neu.pdf", "Vorlage"))
    world.touch("/oparl/meeting/2", name="Sitzung des Gemeinderates Ahnsen")
    items = world.objects["/oparl/meeting/3"]["agendaItem"]
    items[0]["result"] = "geändert beschlossen"
    world.touch("/oparl/meeting/3", agendaItem=items)
    world.requests.clear()
    sync = run()
    statuses = sorted(f.status for f in sync.files)
    assert statuses == ["changed", "new", "new", "unchanged"], sync.files
    assert [lst.objects for lst in sync.lists] == [0, 1, 3]
    docs = documents(backend)
    assert "Wortprotokoll: Sitzung des Gemeinderates" in docs
    assert "Mitteilungsvorlage: Neue Vorlage" in docs
    assert "Niederschrift: Sitzung des Gemeinderates Ahnsen" in docs
    assert len(docs) == 6 and len(backend.list_documents()) == 6

    # deletions: a meeting gone, an agenda item vanished from a changed meeting
    world.delete("/oparl/meeting/1")
    world.touch("/oparl/meeting/3", agendaItem=items[1:])
    deleted = run()
    assert deleted.count("deleted") == 2
    assert next(lst for lst in deleted.lists if lst.name == "meeting").deleted == 1
    remaining = backend.list_documents()
    assert len(remaining) == 4
    assert not [d for d in remaining if d["date"] in ("2026-03-26", "2019-03-28")]

    # a server that drops a paper without a tombstone: a full run notices
    del world.objects["/oparl/paper/3"]
    assert run().count("deleted") == 0  # an incremental run cannot know
    full = run(full=True)
    assert full.count("deleted") == 1 and full.count("unchanged") == 3
    assert "Mitteilungsvorlage: Neue Vorlage" not in documents(backend)


def test_consultations_join_agenda_items_to_the_paper(run: Run, world: OparlWorld,
                                                     backend: EmbeddedBackend) -> None:
    """A paper's consultations link the agenda items that dealt with it, by the item's id
    or by the item's `consultation` link: their units carry the paper's number and join its
    matter. Papers are often linked after the meeting went in: the meeting comes in again."""
    items = world.objects["/oparl/meeting/3"]["agendaItem"]
    items[0]["consultation"] = world.url("/oparl/consultation/2")  # the 1.0 way round
    assert run().exit_code == 0

    def steps(number: str) -> list[tuple[str, str, str | None]]:
        return [(s.kind, str(s.result.date), s.result.agenda_item)
                for s in matter(backend, number).steps]

    assert steps("75/2025") == [("Vorlage", "2025-09-04", None)]
    assert steps("DS 76/2025") == []
    world.touch("/oparl/paper/1", consultation=[{
        "id": world.url("/oparl/consultation/1"), "type": world.type_url("Consultation"),
        "agendaItem": world.url("/oparl/agendaitem/12"), "meeting": world.url("/oparl/meeting/1"),
        "role": "Kenntnisnahme"}])
    world.touch("/oparl/paper/2", consultation=[{
        "id": world.url("/oparl/consultation/2"), "meeting": world.url("/oparl/meeting/3")}])
    again = run()
    assert sorted(f.status for f in again.files) == ["changed", "changed", "unchanged"]
    assert steps("Drucksache 75/2025") == [("Vorlage", "2025-09-04", None),
                                           ("Beratung", "2026-03-26", "4")]
    assert [(date, item) for _, date, item in steps("DS 76/2025")] == [("2019-03-28", None)]
    last = run()  # linked once: nothing is ingested again
    assert {f.status for f in last.files} <= {"unchanged"} and last.ingest is None


def test_broken_files_are_reported_and_retried(run: Run, world: OparlWorld,
                                               backend: EmbeddedBackend) -> None:
    add_file(world, "kaputt.pdf", "ahnsen_gemeinderat_2026-05-05_niederschrift.pdf", cut=True)
    world.files["/files/fehler.pdf"] = (200, "text/html", b"<html><body>Fehler</body></html>")
    world.touch("/oparl/meeting/4", resultsProtocol=world.file("fehlt.pdf", "Niederschrift"))
    world.touch("/oparl/meeting/2", verbatimProtocol=world.file("kaputt.pdf", "Wort"))
    world.touch("/oparl/paper/2", mainFile=world.file("fehler.pdf", "Anfrage"))
    add_file(world, "weg.pdf", "ahnsen_gemeinderat_2026-03-26_niederschrift.pdf", status=410)
    world.touch("/oparl/meeting/1", verbatimProtocol=world.file("weg.pdf", "Wort"))
    report = run()
    reasons = {f.id.rsplit("/", 1)[-1]: f.reason for f in report.failed}
    assert reasons.keys() == {"fehlt.pdf", "kaputt.pdf", "fehler.pdf", "weg.pdf"}
    assert reasons["fehlt.pdf"] == "HTTP 404"
    assert reasons["fehler.pdf"] == "not a PDF: text/html"
    assert "truncated" in (reasons["kaputt.pdf"] or "").lower()
    assert reasons["weg.pdf"] == "HTTP 410"
    assert report.count("new") == 4 and report.exit_code == 1
    assert len(backend.list_documents()) == 4

    add_file(world, "fehlt.pdf", "erlangen_stadtteilbeirat-buechenbach_2025-03-11_"
             "niederschrift.pdf")  # the server has it now
    world.requests.clear()
    retry = run()  # nothing changed on the server: only the failed files are tried again
    fetched = sorted(r.path for r in world.requests if r.path.startswith("/files/"))
    assert fetched == ["/files/fehler.pdf", "/files/fehlt.pdf", "/files/kaputt.pdf"]
    assert retry.count("new") == 1 and len(retry.failed) == 2
    assert len(backend.list_documents()) == 5


def test_a_run_interrupted_among_its_files_leaves_them_to_the_next(
    run: Run, world: OparlWorld, backend: EmbeddedBackend
) -> None:
    def stop_at_second_file(kind: str) -> None:
        if kind == "file" and len([r for r in world.requests
                                   if r.path.startswith("/files/")]) == 2:
            raise KeyboardInterrupt  # as Ctrl-C or a killed process would

    with pytest.raises(KeyboardInterrupt):
        run(progress=stop_at_second_file)
    assert backend.list_documents() == []  # fetched, never ingested
    world.requests.clear()
    report = run()  # the lists are synced: only the planned files remain
    assert all(lst.objects == 0 for lst in report.lists)
    assert report.count("new") == 4 and len(backend.list_documents()) == 4
    assert run().files == []  # and nothing is pending any more


def test_an_organization_in_no_list_is_fetched_once(run: Run, world: OparlWorld,
                                                    backend: EmbeddedBackend) -> None:
    run()
    world.put("/oparl/gremium/9", "Organization", name="Bauausschuss")
    add_file(world, "ausschuss.pdf", "erlangen_stadtteilbeirat-buechenbach_2025-03-11_"
             "niederschrift.pdf")
    world.touch("/oparl/meeting/4", organization=[world.url("/oparl/gremium/9")],
                resultsProtocol=world.file("ausschuss.pdf", "Niederschrift"))
    report = run(lists=("meeting",))
    assert report.count("new") == 1
    assert [d["body"] for d in backend.list_documents() if d["date"] == "2026-07-01"] == [
        "Bauausschuss"]
    world.touch("/oparl/meeting/4", name="Bauausschuss (verlegt)")
    run(lists=("meeting",))
    assert len(gets(world, "/oparl/gremium/9")) == 1  # kept in the sync state


def test_auxiliary_files_on_request(run: Run, world: OparlWorld,
                                    backend: EmbeddedBackend) -> None:
    """CC e-gov sends `auxiliaryFile` as one object instead of an array."""
    world.touch("/oparl/meeting/4", auxiliaryFile=world.file("vorlage-ds75-2025.pdf", "Anlage"))
    assert run(lists=("meeting",)).count("new") == 3  # protocols and resolution only
    world.touch("/oparl/meeting/4")
    report = run(lists=("meeting",), auxiliary=True)
    assert [f.status for f in report.files] == ["new"]
    assert "Anlage: Anlage" in documents(backend)
    world.touch("/oparl/meeting/4", name="Sitzung (verlegt)")
    assert run(lists=("meeting",)).count("deleted") == 0  # kept without --auxiliary
    assert "Anlage: Anlage" in documents(backend)


def test_files_above_the_size_cap_are_refused(run: Run, world: OparlWorld,
                                              backend: EmbeddedBackend) -> None:
    capped = ClientOptions(timeout=2.0, backoff=0.0, allow_private=True, max_file_bytes=20_000)
    report = run(client=capped)
    sizes = {f.reason for f in report.failed}
    assert sizes == {"larger than 20000 bytes"} and len(report.failed) == 3
    assert report.count("new") == 1  # the one-page resolution is small enough
    assert len(backend.list_documents()) == 1


def test_dry_run_changes_nothing(run: Run, world: OparlWorld,
                                 backend: EmbeddedBackend, tmp_path: Path) -> None:
    report = run(dry_run=True)
    assert report.count("would-fetch") == 4
    assert backend.list_documents() == []
    assert not [r for r in world.requests if r.path.startswith("/files/")]
    assert SyncState(tmp_path / "state.sqlite3").sources() == []


def test_import_into_opensearch(client: OpenSearch, fresh_alias: str, embedder: Embedder,
                                world: OparlWorld, tmp_path: Path) -> None:
    ensure_index(client, fresh_alias, embedder.dimension)
    backend = OpenSearchBackend(client, fresh_alias)
    run = make_run(backend, embedder, tmp_path, world)
    assert run().count("new") == 4
    assert len(backend.list_documents()) == 4
    world.delete("/oparl/meeting/2")
    assert run().count("deleted") == 1
    assert len(backend.list_documents()) == 3


def test_cli(world: OparlWorld, tmp_path: Path, environment: Callable[..., None]) -> None:
    environment(BACKEND="embedded", EMBEDDED_DIR=str(tmp_path / "index"),
                OPARL_DIR=str(tmp_path / "oparl"), OPARL_BACKOFF="0", OPARL_TIMEOUT="2",
                INDEX_ALIAS="oparl-cli")
    get_backend.cache_clear()
    try:
        runner = CliRunner()
        url = world.url("/oparl/system")
        refused = runner.invoke(cli, ["import-oparl", url])
        assert refused.exit_code == 2 and "--allow-private" in refused.output
        bad = runner.invoke(cli, ["import-oparl", url, "--allow-private", "--lists", "foo"])
        assert bad.exit_code == 2 and "unknown list" in bad.output
        done = runner.invoke(cli, ["import-oparl", url, "--allow-private"])
        assert done.exit_code == 0, done.output
        assert "Import summary" in done.output and "complete" in done.output
        previous = dict(app.dependency_overrides)  # the API tests' overrides, if any
        app.dependency_overrides[get_settings] = get_settings
        app.dependency_overrides[get_backend] = get_backend
        try:
            with TestClient(app) as api:
                health = api.get("/health").json()
                found = api.get("/search", params={"q": "Bebauungsplan", "kind": "Beschluss"})
                page = api.get("/", params={"q": "Bebauungsplan", "kind": "Beschluss"}).text
        finally:
            app.dependency_overrides.clear()
            app.dependency_overrides.update(previous)
        assert [(s["list"], s["status"]) for s in health["sources"]] == [
            ("meeting", "complete"), ("organization", "complete"), ("paper", "complete")]
        best = found.json()["results"][0]
        assert (best["municipality"], best["body"], best["date"], best["source_url"]) == (
            "Gemeinde Ahnsen", "Gemeinderat", "2019-03-28",
            "https://ris.ahnsen.test/si0057.asp?id=3")
        assert 'href="https://ris.ahnsen.test/si0057.asp?id=3"' in page
        assert "im Ratsinformationssystem" in page
    finally:
        get_backend.cache_clear()
