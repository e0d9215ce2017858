"""The same behaviour on both backends: the same documents in, the same API out.

Each backend gets the search corpus (shipped samples plus the seed) ingested once; the tests
then call the HTTP API with that backend behind it. Where both stores hold the same data,
what is counted (documents, facets, filtered totals) must be equal between them.
"""

import contextlib
import re
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from opensearchpy import OpenSearch
from typer.testing import CliRunner

from cli.main import app as cli
from ingest.prepare import prepare_document
from ingest.run import IngestReport, collect_files, ingest_files
from ratsuche.analysis import stop_words
from ratsuche.backends import get_backend
from ratsuche.backends.base import Backend
from ratsuche.backends.embedded.store import EmbeddedBackend
from ratsuche.backends.opensearch.store import OpenSearchBackend
from ratsuche.core.query import Filters, Mode
from ratsuche.core.stored import RecordType
from ratsuche.embedding import get_embedder
from ratsuche.settings import Settings, get_settings
from search_api.app import app
from search_api.query import parse_query
from search_api.schemas import SearchRequest
from search_api.search import retrieve, with_feedback
from search_api.tuning import load
from tests.conftest import SEED_FILE

KINDS = ["opensearch", "embedded"]


class Store:
    """A backend with the search corpus in it, and the report of that ingest."""

    def __init__(self, backend: Backend, report: IngestReport) -> None:
        self.backend = backend
        self.report = report


@pytest.fixture(scope="module")
def stores(
    client: OpenSearch, search_corpus: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Store]]:
    name = f"t-{uuid.uuid4().hex[:10]}"
    backends: dict[str, Backend] = {
        "opensearch": OpenSearchBackend(client, name),
        "embedded": EmbeddedBackend(tmp_path_factory.mktemp("embedded"), name),
    }
    embedder = get_embedder()
    files = collect_files([str(search_corpus)])
    built = {}
    for kind, backend in backends.items():
        backend.ensure_ready(embedder.dimension)
        built[kind] = Store(backend, ingest_files(backend, embedder, files))
    yield built
    for backend in backends.values():
        backend.drop()


@pytest.fixture(scope="module", params=KINDS)
def store(request: pytest.FixtureRequest, stores: dict[str, Store]) -> Store:
    return stores[request.param]


@contextlib.contextmanager
def serving(backend: Backend, settings: Settings) -> Iterator[TestClient]:
    """The HTTP API with `backend` behind it."""
    previous = dict(app.dependency_overrides)
    app.dependency_overrides[get_backend] = lambda: backend
    app.dependency_overrides[get_settings] = lambda: settings
    try:
        with TestClient(app) as test_client:
            yield test_client
    finally:
        app.dependency_overrides.clear()
        app.dependency_overrides.update(previous)


@pytest.fixture
def api(store: Store, settings: Settings) -> Iterator[TestClient]:
    with serving(store.backend, settings) as test_client:
        yield test_client


def search(api: TestClient, **params: Any) -> dict[str, Any]:
    response = api.get("/search", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_the_same_files_go_in_and_the_same_fail(stores: dict[str, Store]) -> None:
    outcomes = {
        kind: sorted((o.file, o.status, o.units, o.chunks) for o in s.report.outcomes)
        for kind, s in stores.items()
    }
    assert outcomes["opensearch"] == outcomes["embedded"]
    assert stores["embedded"].report.count("ingested") >= 20


def test_documents_and_facets_are_equal_on_both(
    stores: dict[str, Store], settings: Settings
) -> None:
    def listing(backend: Backend) -> list[tuple[str, str]]:
        return sorted((d["document_id"], d["file"]) for d in backend.list_documents())

    opensearch, embedded = stores["opensearch"].backend, stores["embedded"].backend
    assert listing(opensearch) == listing(embedded)
    assert opensearch.count_documents() == embedded.count_documents() >= 20
    browse = {}
    for kind, s in stores.items():
        with serving(s.backend, settings) as test_client:
            browse[kind] = search(test_client, q="", size=100)
    assert browse["opensearch"]["total"] == browse["embedded"]["total"]
    assert browse["opensearch"]["facets"] == browse["embedded"]["facets"]
    assert [r["id"] for r in browse["opensearch"]["results"]] == \
        [r["id"] for r in browse["embedded"]["results"]]


def test_listing_pages_through_every_document_in_one_order(
    stores: dict[str, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    """OpenSearch lists page by page (one search returns at most 10,000 hits): pages of 3
    must give the same documents in the same order as the embedded store's single query."""
    monkeypatch.setattr("ratsuche.backends.opensearch.store.LIST_PAGE_SIZE", 3)
    paged = [d["file"] for d in stores["opensearch"].backend.list_documents()]
    whole = [d["file"] for d in stores["embedded"].backend.list_documents()]
    assert len(paged) == stores["opensearch"].backend.count_documents() >= 20
    assert paged == whole


@pytest.mark.parametrize("mode", ["hybrid", "keyword"])
def test_snippets_mark_the_words_but_no_stop_words(api: TestClient, mode: str) -> None:
    body = search(api, q="§ 5 der Geschäftsordnung und die Integration", mode=mode, size=20)
    marked = [m.lower() for r in body["results"]
              for m in re.findall(r"<mark>(.*?)</mark>", r["snippet"])]
    assert {"integration", "integrationskonferenz"} & set(marked)
    assert not set(marked) & stop_words()


def test_both_mark_the_same_words(stores: dict[str, Store], settings: Settings) -> None:
    """Query words are matched in snippets as the keyword query matches them: inflections and
    compounds that contain the word, not the parts of a compound query word."""
    for query in ("Geschäftsordnung", "Haushaltssatzung 2022", "Brücken Sanierung"):
        marked = {}
        for kind, s in stores.items():
            with serving(s.backend, settings) as test_client:
                body = search(test_client, q=query, mode="keyword", size=10)
            marked[kind] = {m.lower() for r in body["results"]
                            for m in re.findall(r"<mark>(.*?)</mark>", r["snippet"])}
        assert marked["opensearch"] == marked["embedded"], query
        if query == "Haushaltssatzung 2022":
            assert marked["embedded"] == {"haushaltssatzung", "2022"}
        if query == "Brücken Sanierung":
            assert {"brücke", "auebrücke", "sanierungsmaßnahmen"} <= marked["embedded"]


def test_health_names_the_index(api: TestClient, store: Store) -> None:
    body = api.get("/health").json()
    assert body["status"] == "ok"
    assert body["documents"] == store.backend.count_documents()
    assert body["index"]


@pytest.mark.parametrize("mode", ["hybrid", "keyword", "semantic"])
def test_seed_query_finds_the_resolution(api: TestClient, mode: str) -> None:
    top = search(api, q="Integrationskonferenz", mode=mode)["results"][0]
    assert top["file"] == f"text/{SEED_FILE}"
    assert top["votes"] == {"yes": 49, "no": 1, "abstain": 0}
    assert top["url"] == f"/documents/{top['document_id']}/pdf#page={top['pages'][0]}"
    if mode != "semantic":
        assert "<mark>Integrationskonferenz</mark>" in top["snippet"]


@pytest.mark.parametrize("spelling", ["§5 GeschO", "§ 5 der Geschäftsordnung"])
def test_citation_query_puts_every_citing_unit_first(api: TestClient, spelling: str) -> None:
    cited = search(api, q="", citation="GeschO §5", size=100)
    assert cited["total"] >= 1
    body = search(api, q=spelling, size=100)
    firsts = body["results"][: cited["total"]]
    assert {r["id"] for r in firsts} == {r["id"] for r in cited["results"]}
    assert all("GeschO §5" in r["page_citations"] for r in firsts)
    assert body["results"][0]["file"] == f"text/{SEED_FILE}"


def test_paraphrase_finds_the_refugee_housing_paper(api: TestClient) -> None:
    files = [r["file"] for r in search(api, q="Flüchtlinge unterbringen", mode="semantic",
                                       size=3)["results"]]
    assert "text/nordstemmen_2022_ds110-2022-erg1_beschlussvorlage_fluechtlingsunterbringung" \
        ".txt" in files


@pytest.mark.parametrize(
    ("param", "field", "value"),
    [("body", "body", "Rat"), ("kind", "kind", "Niederschrift"),
     ("outcome", "outcome", "einstimmig"), ("municipality", "municipality", "Nordstemmen"),
     ("faction", "factions", "SPD"), ("citation", "citations", "BauGB §3")],
)
@pytest.mark.parametrize("mode", ["hybrid", "keyword", "semantic"])
def test_filters_hold_for_every_result(
    api: TestClient, param: str, field: str, value: str, mode: str
) -> None:
    body = search(api, q="Beschluss", mode=mode, size=50, **{param: value})
    assert body["results"], (param, value)
    for result in body["results"]:
        got = result[field]
        assert value in got if isinstance(got, list) else got == value


def test_date_range_and_sort(api: TestClient) -> None:
    body = search(api, q="Haushalt", date_from="2021-01-01", date_to="2021-12-31",
                  sort="date_asc", size=50)
    dates = [r["date"] for r in body["results"]]
    assert dates and all("2021-01-01" <= d <= "2021-12-31" for d in dates)
    assert dates == sorted(dates)


def test_phrase_and_exclusion(api: TestClient) -> None:
    phrase = search(api, q='"Haushaltssatzung und Haushaltsplan"', mode="keyword")["results"]
    assert phrase
    assert any("<mark>Haushaltssatzung</mark>" in r["snippet"]  # (others match by title)
               and "<mark>Haushaltsplan</mark>" in r["snippet"] for r in phrase[:3])
    every = {r["id"] for r in search(api, q="Haushalt", mode="keyword", size=100)["results"]}
    some = {r["id"] for r in search(api, q="Haushalt -Nordstemmen", mode="keyword",
                                    size=100)["results"]}
    assert some and some < every


def test_facets_count_the_units_found(api: TestClient) -> None:
    body = search(api, q="Radverkehrskonzept", mode="keyword", size=100)
    assert 0 < body["total"] < 100
    units = {r["id"]: r for r in body["results"]}
    for facet in body["facets"]["body"]:
        assert facet["count"] == sum(1 for r in units.values() if r["body"] == facet["value"])


def test_resolution_similar_and_document(api: TestClient) -> None:
    top = search(api, q="Integrationskonferenz", mode="keyword")["results"][0]
    unit = api.get(f"/resolutions/{top['id']}").json()
    assert "Integrationskonferenz" in unit["text"]
    # "gem. § 5 GeschO" is printed on a page of the unit, which the record view links
    first, last = unit["pages"]
    assert unit["citation_pages"]["GeschO §5"]
    assert all(first <= page <= last for page in unit["citation_pages"]["GeschO §5"])
    similar = api.get(f"/resolutions/{top['id']}/similar", params={"size": 5}).json()
    assert similar["results"]
    assert all(r["document_id"] != top["document_id"] for r in similar["results"])
    document = api.get(f"/documents/{top['document_id']}").json()
    assert top["id"] in [u["id"] for u in document["units"]]
    assert api.get("/resolutions/nope").status_code == 404
    assert api.get("/documents/nope").status_code == 404


def test_reingest_is_idempotent_and_delete_removes_everything(
    store: Store, search_corpus: Path
) -> None:
    backend, embedder = store.backend, get_embedder()
    again = ingest_files(backend, embedder, collect_files([str(search_corpus)]))
    assert again.count("ingested") == 0
    assert again.count("unchanged") == store.report.count("ingested")
    seed = next(d for d in backend.list_documents() if d["file"] == f"text/{SEED_FILE}")
    count = backend.count_documents()
    assert backend.delete_document(seed["document_id"]) > 2
    assert backend.count_documents() == count - 1
    assert backend.document_status(seed["document_id"]) == "absent"
    assert backend.get_record(seed["document_id"], RecordType.document) is None
    restored = ingest_files(backend, embedder, collect_files([str(search_corpus)]))
    assert restored.count("ingested") == 1
    assert backend.count_documents() == count


def test_a_citation_never_overrides_an_exclusion(api: TestClient) -> None:
    cited = {r["id"] for r in search(api, q="§5 GeschO", size=100)["results"]}
    seed = search(api, q="Integrationskonferenz", mode="keyword")["results"][0]["id"]
    assert seed in cited
    excluded = search(api, q="§5 GeschO -Integrationskonferenz", size=100)["results"]
    assert seed not in {r["id"] for r in excluded}


def test_a_failed_write_leaves_nothing_visible(
    store: Store, search_corpus: Path, tmp_path: Path
) -> None:
    backend, embedder = store.backend, get_embedder()
    source = search_corpus / "text" / SEED_FILE
    path = tmp_path / "copy.txt"
    path.write_text(source.read_text(encoding="utf-8") + "\nNachtrag.\n", encoding="utf-8")
    doc = prepare_document(path, tmp_path)
    doc.attach_vectors(embedder.encode_passages(doc.embedding_inputs()))
    assert len(doc.units) >= 2
    doc.units[-1].agenda_item = {"not", "storable"}  # type: ignore[assignment]
    count = backend.count_documents()
    with pytest.raises(Exception):  # noqa: B017 - each store fails in its own way
        backend.write_document(doc.stored())
    assert backend.document_status(doc.document_id) in ("absent", "incomplete")
    assert backend.get_record(doc.document_id, RecordType.document) is None
    assert backend.document_units(doc.document_id) == []
    assert backend.count_documents() == count


def test_synonyms_and_exact_matches_alike_on_both(
    stores: dict[str, Store], settings: Settings
) -> None:
    """The synonym list and the all-words retriever run through the same parsed query on
    both backends: "F-Plan" finds the protocol that only says "Flächennutzungsplan", and
    marks it."""
    tuned = settings.model_copy(update={"query_synonyms": True, "exact_slots": 2})
    for s in stores.values():
        with serving(s.backend, tuned) as test_client:
            found = search(test_client, q="F-Plan Änderung", mode="keyword", size=10)
            files = {r["file"] for r in found["results"]}
            assert "text/nordstemmen_rat_2018-03-15_niederschrift.txt" in files
            assert "Flächennutzungsplan" in found["also_searched"]  # as German writes it
            assert any("<mark>Flächennutzungsplan" in r["snippet"]  # the synonym is marked
                       for r in found["results"])
            top = search(test_client, q="Eilentscheidung Kita Auszahlung", size=3)
            assert top["results"][0]["file"].endswith("kita-eilentscheidung-89-nkomvg.txt")


def test_a_compound_the_index_lacks_finds_its_parts_on_both(
    stores: dict[str, Store], settings: Settings
) -> None:
    """"Radverkehrsausbau" occurs in no sample; split into its parts (Radverkehr, Ausbau) it
    finds a text on the Radverkehr in keyword mode on both backends, which alike know which
    terms they lack and mark the parts in the snippets."""
    for s in stores.values():
        assert s.backend.unknown_terms(["radverkehrsausbau", "radverkehrskonzept"]) == \
            {"radverkehrsausbau"}
        with serving(s.backend, settings.model_copy(update={"query_compound_parts": True})) \
                as test_client:
            top = search(test_client, q="Radverkehrsausbau", mode="keyword", size=5)
            first = top["results"][0] if top["results"] else {"title": "", "snippet": ""}
            assert "radverkehr" in f"{first['title']} {first['snippet']}".lower()
            assert all("<mark>" in hit["snippet"] for hit in top["results"])  # parts marked
            assert top["searched_in_parts"] == ["Radverkehrsausbau"]
            page = test_client.get("/", params={"q": "Radverkehrsausbau", "mode": "keyword"})
            assert "In Teilen gesucht: Radverkehrsausbau" in page.text
        with serving(s.backend, settings.model_copy(update={"query_compound_parts": False})) \
                as test_client:
            assert search(test_client, q="Radverkehrsausbau", mode="keyword")["total"] == 0


def test_a_typo_is_searched_as_the_texts_write_it_on_both(
    stores: dict[str, Store], settings: Settings
) -> None:
    """"Radverkehrskonzpet" (two letters swapped) is in no sample; both stores know the words
    of the texts one edit away and a text that writes it, so the query searches
    "Radverkehrskonzept" and says so; without the rule it is left to the compound rule."""
    for s in stores.values():
        near = s.backend.close_words("radverkehrskonzpet", 2)
        assert near.get("radverkehrskonzept", 0) >= 2, near
        assert all(word.startswith("r") for word in near)
        assert any("Radverkehrskonzept" in text
                   for text in s.backend.texts_holding("radverkehrskonzept"))
        with serving(s.backend, settings.model_copy(update={"query_spelling": True})) \
                as test_client:
            found = search(test_client, q="Radverkehrskonzpet", mode="keyword", size=5)
            assert found["spellings"] == {"Radverkehrskonzpet": "Radverkehrskonzept"}
            assert search(test_client, q="Radverkehrskonzpet", mode="semantic",
                          size=1)["spellings"] == found["spellings"]  # embedded as corrected
            assert found["results"] and all(
                "<mark>Radverkehrskonzept" in hit["snippet"] for hit in found["results"])
            page = test_client.get("/", params={"q": "Radverkehrskonzpet", "mode": "keyword"})
            assert "„Radverkehrskonzept“ statt „Radverkehrskonzpet“" in page.text
        with serving(s.backend, settings.model_copy(update={"query_spelling": False})) \
                as test_client:  # left to the compound rule: "Radverkehr" and the like
            parts = search(test_client, q="Radverkehrskonzpet", mode="keyword")
            assert parts["spellings"] == {} and parts["searched_in_parts"] == [
                "Radverkehrskonzpet"]


def test_dense_feedback_alike_on_both(stores: dict[str, Store], settings: Settings) -> None:
    """Hybrid's second dense search, from the query moved toward its first ranking's best
    passages: the same stored vectors, the same moved query, the same neighbours on both
    backends, within the filters."""
    tuned = settings.model_copy(update={"dense_feedback_passages": 3,
                                        "dense_feedback_weight": 0.6})
    parsed = parse_query("Wo können Flüchtlinge untergebracht werden?")
    embedder = get_embedder()
    found: dict[str, list[tuple[str, int]]] = {}
    for kind, s in stores.items():
        request = SearchRequest(q=parsed.text, mode=Mode.hybrid, size=10)
        plain = retrieve(s.backend, embedder, parsed, request, tuned)
        first = [h.chunk_id for h in plain.semantic[:3]]
        vectors = s.backend.chunk_vectors([*first, "no-such-chunk"])
        assert set(vectors) == set(first)
        assert all(abs(float(np.linalg.norm(v)) - 1.0) < 1e-4 for v in vectors.values())
        moved = with_feedback(s.backend, plain, parsed, request, tuned)
        assert moved.feedback and moved.semantic == plain.semantic
        found[kind] = [h.key for h in moved.feedback]
        assert found[kind][:10] != [h.key for h in plain.semantic][:10]
        in_nordstemmen = request.model_copy(
            update={"filters": Filters(municipality="Nordstemmen")})
        filtered = with_feedback(s.backend, retrieve(s.backend, embedder, parsed,
                                                     in_nordstemmen, tuned),
                                 parsed, in_nordstemmen, tuned)
        assert filtered.feedback
        assert all(h.source["municipality"] == "Nordstemmen" for h in filtered.feedback)
        # no keyword match within the filter: nothing fed back, the query's own neighbours stay
        only_rat = request.model_copy(update={"filters": Filters(body="Rat")})
        unmatched = retrieve(s.backend, embedder, parsed, only_rat, tuned)
        assert not unmatched.keyword and unmatched.semantic
        assert with_feedback(s.backend, unmatched, parsed, only_rat, tuned) is unmatched
    assert found["opensearch"][:10] == found["embedded"][:10]


def test_tune_stores_the_lists_once_and_ranks_them_offline(
    stores: dict[str, Store], environment: Callable[..., None], tmp_path: Path
) -> None:
    """`ratsuche tune` on the dev queries judged on the sample files (their judgments
    restricted to those files): the lists of every retriever, the dense feedback's too, are
    stored once; a second run ranks them without a store."""
    embedded = stores["embedded"].backend
    assert isinstance(embedded, EmbeddedBackend)
    dev = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev"
    samples = Path(__file__).resolve().parents[1] / "data" / "samples"
    qrels = [line for line in (dev / "qrels.tsv").read_text().splitlines()[1:]
             if (samples / line.split("\t")[1]).exists()]
    judged = {line.split("\t")[0] for line in qrels if int(line.split("\t")[3]) > 0}
    queries = [line for line in (dev / "queries.tsv").read_text().splitlines()[1:]
               if line.split("\t")[0] in judged]
    assert len(queries) >= 15
    (tmp_path / "queries.tsv").write_text("query_id\tquery\tkind\tnote\n" + "\n".join(queries))
    (tmp_path / "qrels.tsv").write_text("query_id\tfile\tpage\tgrade\n" + "\n".join(qrels))
    stored = tmp_path / "candidates.json.gz"
    command = ["tune", "--queries", str(tmp_path / "queries.tsv"), "--qrels",
               str(tmp_path / "qrels.tsv"), "--candidates", str(stored), "--folds", "3"]
    environment(BACKEND="embedded", EMBEDDED_DIR=str(embedded.path.parent),
                INDEX_ALIAS=embedded.name)
    first = CliRunner().invoke(cli, command)
    assert first.exit_code == 0, first.output
    for mode in ("hybrid", "keyword", "semantic"):
        assert f"| {mode} |" in first.output
    assert "| dense feedback |" in first.output
    lists = load(stored)
    assert set(lists) == judged
    kept = [c[variant] for c in lists.values() for variant in ("plain", "synonyms")]
    assert all(c.semantic and bool(c.feedback) == bool(c.keyword) for c in kept)
    assert sum(bool(c.feedback) for c in kept) >= len(kept) * 2 // 3
    environment(BACKEND="embedded", EMBEDDED_DIR=str(tmp_path / "nothing"), INDEX_ALIAS="none")
    again = CliRunner().invoke(cli, command)
    assert again.exit_code == 0, again.output
    assert again.output == first.output


def test_suggestions_complete_words_alike(api: TestClient) -> None:
    """`/suggest`: completions from the index, a word's start matched with umlauts folded,
    most frequent first, at most 10, on both stores."""
    found = api.get("/suggest", params={"q": "Integrationsk"}).json()
    assert any("Integrationskonferenz" in s["text"] for s in found)
    warm = api.get("/suggest", params={"q": "warmeleit"}).json()
    assert warm and all("wärmeleit" in s["text"].casefold() for s in warm)
    many = api.get("/suggest", params={"q": "DS"}).json()
    assert 0 < len(many) <= 10 and all(s["kind"] == "Drucksache" for s in many)
    assert [s["count"] for s in many] == sorted((s["count"] for s in many), reverse=True)
    assert api.get("/suggest", params={"q": ""}).json() == []


def test_a_store_copies_into_the_other_with_its_vectors(
    stores: dict[str, Store], settings: Settings, client: OpenSearch, fresh_alias: str,
    environment: Callable[..., None], tmp_path: Path,
) -> None:
    """`ratsuche index copy FOLDER` moves the embedded store into OpenSearch without ingesting
    again: the same documents, the same records and vectors, so the same results as the
    store that ingested them itself; a second copy skips what is there. The other way round
    through the backends' own calls."""
    embedded = stores["embedded"].backend
    assert isinstance(embedded, EmbeddedBackend)
    environment(BACKEND="opensearch", OPENSEARCH_URL=settings.opensearch_url,
                INDEX_ALIAS=fresh_alias)
    runner = CliRunner()
    first = runner.invoke(cli, ["index", "copy", str(embedded.path.parent),
                                "--name", embedded.name])
    assert first.exit_code == 0, first.output
    count = embedded.count_documents()
    assert f"copied {count} documents, 0 already there" in first.output
    again = runner.invoke(cli, ["index", "copy", str(embedded.path.parent),
                                "--name", embedded.name])
    assert f"copied 0 documents, {count} already there" in again.output

    copied: dict[str, Backend] = {
        "opensearch": OpenSearchBackend(client, fresh_alias),
        "embedded": EmbeddedBackend(tmp_path, "copy"),
    }
    copied["embedded"].ensure_ready(get_embedder().dimension)
    for doc in stores["opensearch"].backend.stored_documents():
        copied["embedded"].write_document(doc)
    def listing(backend: Backend, *drop: str) -> list[dict[str, Any]]:
        return [{k: v for k, v in d.items() if k not in drop} for d in backend.list_documents()]

    source_of = {"opensearch": "embedded", "embedded": "opensearch"}
    for kind, backend in copied.items():
        # Records as the store that ingested them itself; the indexing time is the source's.
        original, source = stores[kind].backend, stores[source_of[kind]].backend
        assert listing(backend, "ingested_at") == listing(original, "ingested_at")
        assert listing(backend) == listing(source)
        for query in ({"q": "Integrationskonferenz", "mode": "hybrid"},
                      {"q": "Wohnraum für Geflüchtete", "mode": "semantic"}):
            with serving(original, settings) as test_client:
                expected = search(test_client, **query)
            with serving(backend, settings) as test_client:
                found = search(test_client, **query)
            assert [(r["id"], r["score"]) for r in found["results"]] == \
                [(r["id"], r["score"]) for r in expected["results"]]
            assert found["total"] > 0
