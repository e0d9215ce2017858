"""OParl normalization as pure functions, on the spec's examples and recorded responses of
real servers (../shared/oparl-examples)."""

import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from ingest.oparl.agenda import agenda_entries, agenda_key, apply_agenda
from ingest.oparl.client import parse_json, retry_after
from ingest.oparl.crawl import format_since, page_items, with_params
from ingest.oparl.mapping import consulted_papers, meeting_files, paper_files, paper_number
from ingest.oparl.models import (
    AgendaItem,
    Body,
    File,
    Meeting,
    OparlObject,
    Organization,
    Paper,
    System,
    normalize_ags,
    short_type,
)
from ratsuche.core.records import PageSpan, Unit

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "shared" / "oparl-examples"
SPEC = EXAMPLES / "spec"
REAL = EXAMPLES / "real"
MODELS: dict[str, type[OparlObject]] = {
    "System": System, "Body": Body, "Organization": Organization, "Meeting": Meeting,
    "Paper": Paper, "File": File, "AgendaItem": AgendaItem,
}


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", sorted(SPEC.glob("*.json")), ids=lambda p: p.name)
def test_every_spec_example_parses(path: Path) -> None:
    raw = load(path)
    kind = short_type(raw["type"])
    assert kind is not None
    obj = MODELS.get(kind, OparlObject).parse(raw)
    assert obj.id == raw["id"]


def test_spec_meeting_gives_its_protocols_once_per_file_id() -> None:
    """The spec example uses one File id for four files: one job, the results protocol."""
    meeting = Meeting.parse(load(SPEC / "Meeting-01.json"))
    jobs = meeting_files(meeting, "Beispielstadt", {meeting.organization[0]: "Finanzausschuss"})
    assert [(j.source_field, j.meta.kind) for j in jobs] == [("resultsProtocol", "Niederschrift")]
    assert jobs[0].meta.body == "Finanzausschuss"
    assert jobs[0].meta.meeting_date == date(2013, 1, 4)
    assert jobs[0].meta.title == "4. Sitzung des Finanzausschusses"


def test_spec_agenda_item_without_order_parses() -> None:
    item = AgendaItem.parse(load(SPEC / "AgendaItem-01.derived.json"))
    assert item.order is None and item.name


def test_paper_main_file_carries_type_and_reference() -> None:
    paper = Paper.parse(load(SPEC / "Paper-01.json"))
    [job] = paper_files(paper, "Beispielstadt")
    assert job.source_field == "mainFile"
    assert job.meta.kind == paper.paperType
    assert paper.reference == "1234/2014"
    assert job.meta.doc_numbers == ["DS 1234/2014"]  # as /matters?number=1234/2014 reads it


def test_a_reference_of_no_known_form_is_kept_as_written() -> None:
    # a RIS number reads as a protocol's "Vorlage: VO/2024/0815" does, so the matter links
    assert paper_number(Paper(id="p", reference="VO/2024/0815")) == "Vorlage VO/2024/0815"
    assert paper_number(Paper(id="p", reference="STV-241/2021-2026")) == (
        "Vorlage STV-241/2021-2026")
    assert paper_number(Paper(id="p", reference="Bericht des Bürgermeisters")) == (
        "Bericht des Bürgermeisters")
    assert paper_number(Paper(id="p", reference="Drucksache Nr. 12/2024")) == "DS 12/2024"
    assert paper_number(Paper(id="p")) is None


def test_spec_paper_consultations_link_agenda_items() -> None:
    paper = Paper.parse(load(SPEC / "Paper-01.json"))
    references = consulted_papers([paper])
    assert references["https://oparl.example.org/agendaitem/15569"] == "DS 1234/2014"
    assert references["https://oparl.example.org/consultation/47594"] == "DS 1234/2014"


def test_type_urls_of_both_versions() -> None:
    assert short_type("https://schema.oparl.org/1.0/Meeting") == "Meeting"
    assert short_type("https://schema.oparl.org/1.1/AgendaItem") == "AgendaItem"
    assert short_type("https://schema.oparl.org/1.0/agendaitem") == "AgendaItem"
    assert short_type("https://example.org/Other") is None
    assert short_type(None) is None


def test_cc_egov_auxiliary_file_object_and_lenient_values() -> None:
    """Bonn: auxiliaryFile as an object, File.date as a date-time, downloadUrl ""."""
    meeting = Meeting.parse(load(REAL / "cc-egov-bonn" / "meeting-auxiliaryFile-as-object.json"))
    assert len(meeting.auxiliaryFile) == 1
    aux = meeting.auxiliaryFile[0]
    assert isinstance(aux.date, date)
    assert aux.downloadUrl is None and aux.urls == [aux.accessUrl]


def test_leipzig_not_applicable_values_are_absent() -> None:
    system = System.parse(load(REAL / "cc-egov-allris-leipzig" / "system.json"))
    assert system.name is None
    body = Body.parse(load(REAL / "cc-egov-allris-leipzig" / "body.json"))
    assert body.shortName is None and body.created is None
    page = load(REAL / "cc-egov-allris-leipzig" / "papers.list.page2.json")
    items, _ = page_items(page)
    assert items and all(Paper.parse(i).id for i in items)


@pytest.mark.parametrize(("raw", "expected"), [
    ("5358016", "05358016"),  # Hürtgenwald: the leading zero lost
    ("051140000", "05114000"),  # Krefeld: 9 digits
    ("053580016016", "05358016"),  # a 12-digit Regionalschlüssel
    ("05358016", "05358016"),
    ("", None),
])
def test_ags_normalized_to_eight_digits(raw: str, expected: str | None) -> None:
    assert normalize_ags(raw) == expected


def test_recorded_bodies_have_eight_digit_ags() -> None:
    items, _ = page_items(load(REAL / "sternberg-huertgenwald" / "body.list.json"))
    body = Body.parse(items[0])
    assert body.ags == "05358016"
    assert body.list_url("meeting") and body.list_url("agendaItem") is None


def test_postal_code_no_break_space_stripped() -> None:
    items, _ = page_items(load(REAL / "sternberg-huertgenwald" / "body.list.json"))
    location = Body.parse(items[0]).model_extra["location"]
    assert location["postalCode"] == "52393"


def test_control_characters_inside_strings_are_accepted() -> None:
    raw = (REAL / "cc-egov-allris-braunschweig" / "paper-unescaped-control-chars.broken_json")
    with pytest.raises(json.JSONDecodeError):
        json.loads(raw.read_bytes().decode("utf-8", errors="replace"))
    paper = Paper.parse(parse_json(raw.read_bytes()))
    assert paper.reference == "1664/99"


def test_list_page_shapes() -> None:
    krefeld = load(REAL / "sternberg-krefeld" / "body-list-url-returns-single-object.json")
    assert page_items(krefeld) == ([krefeld], None)  # one object where a list belongs
    assert page_items([]) == ([], None)  # SD.NET: a bare [] for an empty list
    page = load(REAL / "sternberg-huertgenwald" / "meeting.list.page1.trimmed.json")
    items, next_url = page_items(page)
    assert len(items) == 2 and next_url and next_url.endswith("page=2")
    last = load(REAL / "sternberg-huertgenwald" / "paper.list.page85-last.trimmed.json")
    assert page_items(last)[1] is None


def test_tombstone_without_type_is_an_object() -> None:
    raw = load(REAL / "sternberg-krefeld" / "file-deleted-without-type.json")
    assert OparlObject.parse(raw).deleted


def test_since_format_has_no_microseconds_and_an_offset() -> None:
    moment = datetime(2026, 3, 1, 8, 30, 15, 123456, tzinfo=timezone(timedelta(hours=1)))
    assert format_since(moment) == "2026-03-01T08:30:15+01:00"
    assert format_since(datetime(2026, 3, 1, 8, 30)) == "2026-03-01T08:30:00+00:00"


def test_query_parameters_replaced_not_duplicated() -> None:
    url = with_params("https://ris.example/oparl/paper?body=1&limit=100",
                      {"limit": "20", "modified_since": "2026-03-01T08:30:15+01:00"})
    assert url == ("https://ris.example/oparl/paper?body=1&limit=20"
                   "&modified_since=2026-03-01T08%3A30%3A15%2B01%3A00")
    raw = with_params("https://ris.example/p", {"modified_since": "2026-03-01T08:30:15+01:00"},
                      raw=True)
    assert raw.endswith("modified_since=2026-03-01T08:30:15+01:00")


def test_retry_after_seconds_and_dates() -> None:
    assert retry_after("3", cap=60) == 3
    assert retry_after("600", cap=60) == 60
    assert retry_after(None, cap=60) is None
    later = (datetime.now(UTC) + timedelta(seconds=30)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    waited = retry_after(later, cap=60)
    assert waited is not None and 25 <= waited <= 30


def test_agenda_numbers_match_across_spellings() -> None:
    assert {agenda_key(n) for n in ("TOP 3.", "Ö 3", "3", " 3 ")} == {"3"}
    assert agenda_key("1 e)") == agenda_key("1e") == "1e"
    assert agenda_key("TOP 3.1.") == "3.1" != agenda_key("31")


def test_agenda_fills_missing_titles_and_outcomes_only() -> None:
    """Units as the segmenter reads them from a protocol, the agenda as OParl lists it."""
    def unit(number: str, title: str | None, outcome: str | None) -> Unit:
        return Unit(text=f"{number} {title}", spans=[PageSpan(1, 0, 5)], agenda_item=number,
                    title=title, outcome=outcome)

    units = [unit("3", "Genehmigung des Protokolls", "einstimmig"),
             unit("4", None, None), unit("5", "Bauturbo", None), unit("9", None, None)]
    agenda = agenda_entries([
        AgendaItem.parse({"id": "a", "number": "TOP 3", "name": "Protokoll",
                          "result": "abgelehnt"}),
        AgendaItem.parse({"id": "b", "number": "TOP 4", "name": "Bericht des Bürgermeisters",
                          "result": "zur Kenntnis genommen"}),
        AgendaItem.parse({"id": "c", "number": "TOP 5", "result": "geändert beschlossen"}),
        AgendaItem.parse({"id": "d", "name": "< Sitzungsteil öffentlich >"}),  # a header
    ])
    apply_agenda(units, agenda)
    assert [(u.title, u.outcome, u.outcome_source) for u in units] == [
        ("Genehmigung des Protokolls", "einstimmig", "text"),  # the text wins
        ("Bericht des Bürgermeisters", "zur_kenntnis", "oparl"),
        ("Bauturbo", None, None),  # a result that is no outcome word
        (None, None, None),  # not on the agenda
    ]


def test_recorded_sternberg_meeting_gives_protocol_and_resolution() -> None:
    """SD.NET 1.0: section headers as agenda items without number or order."""
    raw = load(REAL / "sternberg-huertgenwald" / "meeting-739-with-resultsProtocol.json")
    meeting = Meeting.parse(raw)
    jobs = meeting_files(meeting, "Gemeinde Hürtgenwald", {})
    assert [(j.source_field, j.meta.kind) for j in jobs] == [
        ("resultsProtocol", "Niederschrift"), ("resolutionFile", "Beschluss")]
    protocol, resolution = jobs
    assert protocol.file.urls[0] == raw["resultsProtocol"]["downloadUrl"]
    assert protocol.meta.meeting_date == date(2014, 4, 10)
    assert protocol.meta.source_url == raw["web"]
    assert [e.number for e in protocol.agenda] == ["1."]  # headers are no items
    assert resolution.meta.title and resolution.meta.title.startswith("1. Prüfung")


def test_recorded_sternberg_papers_give_their_main_files() -> None:
    items, _ = page_items(load(REAL / "sternberg-huertgenwald" / "paper.list.page1.trimmed.json"))
    jobs = [job for item in items for job in paper_files(Paper.parse(item), "Hürtgenwald")]
    assert [(j.meta.kind, j.meta.doc_numbers) for j in jobs] == [
        ("Tischvorlage", ["DS 102/2002"]), ("Beschlussvorlage", ["DS 159/2006"]),
        ("Beschlussvorlage", ["DS 1/2007"])]
