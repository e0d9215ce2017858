"""The HTTP API against a real node with the sample protocols (and the seed fixture) ingested."""

import re
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from opensearchpy import OpenSearch

import search_api.search
from ratsuche.backends import get_backend
from ratsuche.backends.opensearch.admin import make_client
from ratsuche.backends.opensearch.store import OpenSearchBackend
from ratsuche.embedding import get_embedder
from ratsuche.settings import Settings
from search_api.app import app
from search_api.schemas import SearchRequest, SearchResponse
from tests.conftest import SEED_FILE


def search(api: TestClient, **params: str | int | float | bool | None) -> dict:
    response = api.get("/search", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_api_docs_work_offline(api: TestClient) -> None:
    for page in ("/docs", "/redoc"):
        html = api.get(page).text
        assets = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert assets and not [a for a in assets if a.startswith(("http:", "https:", "//"))]
        for asset in assets:
            assert api.get(asset).status_code == 200, asset


def test_health(api: TestClient, search_settings: Settings) -> None:
    body = api.get("/health").json()
    assert body["engine_reachable"] is True
    assert body["engine_version"].startswith("2.19")
    assert body["index"].startswith(search_settings.index_alias + "-")
    assert body["documents"] == 22  # the 21 samples (the scan read by OCR) + the seed


@pytest.mark.parametrize("mode", ["hybrid", "keyword", "semantic"])
def test_seed_compound_query_finds_the_resolution(api: TestClient, mode: str) -> None:
    body = search(api, q="Integrationskonferenz", mode=mode)
    top = body["results"][0]
    assert top["file"] == f"text/{SEED_FILE}"
    assert top["title"] == "Integrationskonferenz im Kreis Heinsberg – gemeinsam vorankommen"
    assert top["outcome"] == "mehrheitlich"
    assert top["votes"] == {"yes": 49, "no": 1, "abstain": 0}
    assert "FDP" in top["factions"]
    assert top["url"].endswith("#page=1")
    if mode != "semantic":
        assert "<mark>Integrationskonferenz</mark>" in top["snippet"]


@pytest.mark.parametrize("spelling", ["§5 GeschO", "§ 5 GeschO", "§ 5 der Geschäftsordnung"])
@pytest.mark.parametrize("mode", ["hybrid", "keyword"])
def test_citation_query_puts_citing_units_first(api: TestClient, spelling: str, mode: str) -> None:
    body = search(api, q=spelling, mode=mode)
    assert body["results"][0]["citations"][:1] == ["GeschO §5"]
    assert body["results"][0]["file"] == f"text/{SEED_FILE}"


def test_every_citing_page_comes_first(api: TestClient) -> None:
    cited = search(api, q="", citation="NKomVG §58", size=100)
    assert cited["total"] >= 2
    body = search(api, q="§ 58 NKomVG", size=100)
    # Results are passages (a unit's page): those whose page prints the citation lead, and
    # every unit citing it has such a page.
    citing = [("NKomVG §58" in r["page_citations"]) for r in body["results"]]
    leading = citing.index(False) if False in citing else len(citing)
    assert not any(citing[leading:])
    assert {r["id"] for r in body["results"][:leading]} == {r["id"] for r in cited["results"]}
    assert all("NKomVG §58" in r["citations"] for r in body["results"][:leading])


def test_semantic_paraphrase(api: TestClient) -> None:
    body = search(api, q="Flüchtlinge unterbringen", mode="semantic", size=3)
    files = [r["file"] for r in body["results"]]
    expected = (
        "text/nordstemmen_2022_ds110-2022-erg1_beschlussvorlage_fluechtlingsunterbringung.txt"
    )
    assert expected in files


def test_explain_gives_ranks(api: TestClient) -> None:
    body = search(api, q="Radverkehrskonzept", explain=True)
    explain = body["results"][0]["explain"]
    assert explain["keyword_rank"] is not None or explain["semantic_rank"] is not None
    assert search(api, q="Radverkehrskonzept")["results"][0]["explain"] is None


def test_explain_names_the_signals_that_fired(api: TestClient) -> None:
    body = search(api, q="Niederschrift Gemeinderat Ahnsen 2026", explain=True)
    signals = [set(r["explain"]["signals"]) for r in body["results"]
               if r["municipality"] == "Ahnsen" and (r["date"] or "").startswith("2026")]
    assert signals and all({"municipality:Ahnsen", "year:2026"} <= s for s in signals)


def test_date_range_filter(api: TestClient) -> None:
    body = search(api, q="Haushalt", date_from="2021-01-01", date_to="2021-12-31", size=50)
    assert body["results"]
    for result in body["results"]:
        assert date(2021, 1, 1) <= date.fromisoformat(result["date"]) <= date(2021, 12, 31)


def test_facets_count_units_and_narrow(api: TestClient) -> None:
    body = search(api, q="", size=1)
    facets = body["facets"]
    assert set(facets) >= {"body", "year", "outcome", "faction", "citation", "kind"}
    rat = next(f for f in facets["body"] if f["value"] == "Rat")
    narrowed = search(api, q="", body="Rat", size=1)
    assert narrowed["total"] == rat["count"] < body["total"]


def test_pagination_is_disjoint_and_sorted(api: TestClient) -> None:
    first = search(api, q="Rat", page=1, size=5)
    second = search(api, q="Rat", page=2, size=5)
    assert len(first["results"]) == len(second["results"]) == 5
    def passages(body: dict) -> set[tuple[str, int]]:
        return {(r["id"], r["pages"][0]) for r in body["results"]}

    assert not passages(first) & passages(second)
    dated = search(api, q="Rat", sort="date_desc", size=30)["results"]
    dates = [r["date"] for r in dated if r["date"]]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("mode", ["keyword", "semantic", "hybrid"])
def test_results_are_passages_within_their_unit(api: TestClient, mode: str) -> None:
    results = search(api, q="Haushaltssatzung", mode=mode, size=50)["results"]
    keys = [(r["id"], r["pages"][0]) for r in results]
    assert len(keys) == len(set(keys)) >= 5
    for result in results:
        unit = api.get(f"/resolutions/{result['id']}").json()
        assert unit["pages"][0] <= result["pages"][0] <= result["pages"][1] <= unit["pages"][1]
        assert result["url"].endswith(f"#page={result['pages'][0]}")


def test_browse_without_query_is_newest_first(api: TestClient) -> None:
    body = search(api, q="", municipality="Ahnsen", size=100)
    dates = [r["date"] for r in body["results"]]
    assert body["total"] == len(body["results"]) > 3
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"q": "x" * 1001}, "q"),
        ({"q": "Rat", "size": 101}, "size"),
        ({"q": "Rat", "page": 0}, "page"),
        ({"q": "Rat", "mode": "fuzzy"}, "mode"),
        ({"q": "Rat", "date_from": "04.02.2020"}, "date_from"),
        ({"q": "Rat", "date_from": "2022-01-01", "date_to": "2021-01-01"}, "date_from"),
        ({"q": "Rat", "sort": "random"}, "sort"),
    ],
)
def test_invalid_parameters_are_422_naming_the_parameter(
    api: TestClient, params: dict, name: str
) -> None:
    response = api.get("/search", params=params)
    assert response.status_code == 422
    assert name in {str(part) for err in response.json()["detail"] for part in err["loc"]}


def test_unknown_ids_are_404(api: TestClient) -> None:
    assert api.get("/resolutions/nope").status_code == 404
    assert api.get("/resolutions/nope/similar").status_code == 404
    assert api.get("/documents/nope").status_code == 404
    assert api.get("/documents/nope/pdf").status_code == 404


def test_resolution_similar_and_document(api: TestClient) -> None:
    hit = search(api, q="Radverkehrskonzept", mode="keyword")["results"][0]
    unit = api.get(f"/resolutions/{hit['id']}").json()
    assert "Radverkehrskonzept" in unit["text"]
    assert unit["pages"][0] <= unit["pages"][1]
    similar = api.get(f"/resolutions/{hit['id']}/similar", params={"size": 5}).json()
    assert similar["results"]
    assert all(r["document_id"] != hit["document_id"] for r in similar["results"])
    document = api.get(f"/documents/{hit['document_id']}").json()
    assert hit["id"] in {u["id"] for u in document["units"]}
    listed = api.get("/documents").json()
    assert hit["document_id"] in {d["id"] for d in listed}


def test_pdf_link_serves_the_original(api: TestClient, search_corpus: Path) -> None:
    hit = search(api, q="Radverkehrskonzept", mode="keyword")["results"][0]
    assert hit["file"].endswith(".pdf")
    response = api.get(hit["url"].split("#")[0])
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content == (search_corpus / hit["file"]).read_bytes()


def test_engine_unreachable_is_503(api: TestClient, search_settings: Settings) -> None:
    dead = make_client(search_settings.model_copy(update={"opensearch_url": "http://127.0.0.1:9"}))
    previous = app.dependency_overrides[get_backend]
    dead_backend = OpenSearchBackend(dead, search_settings.index_alias)
    app.dependency_overrides[get_backend] = lambda: dead_backend
    try:
        with TestClient(app) as test_client:
            response = test_client.get("/search", params={"q": "Rat", "mode": "keyword"})
            assert response.status_code == 503
            assert "Traceback" not in response.text
            assert test_client.get("/health").status_code == 503
    finally:
        app.dependency_overrides[get_backend] = previous


def test_page_context_lifts_passages_with_matching_neighbours(
    indexed: str, client: OpenSearch, search_settings: Settings
) -> None:
    """The two pages of the Ergänzung on housing refugees support each other; no passage
    loses score through the context."""
    backend, embedder = OpenSearchBackend(client, indexed), get_embedder()
    request = SearchRequest(q="Wohnraum für Flüchtlinge aus der Ukraine", size=100)
    every = search_settings.model_copy(update={"semantic_relative_cutoff": 0.0})  # the kNN tail
    off = search_api.search.search(
        backend, embedder, request, every.model_copy(update={"context_weight": 0.0}))
    on = search_api.search.search(backend, embedder, request, every)

    def scores(response: SearchResponse) -> dict[tuple[str, int], float]:
        return {(r.id, r.pages[0]): r.score for r in response.results}

    before, after = scores(off), scores(on)
    shared = before.keys() & after.keys()
    assert len(shared) >= 50
    assert all(after[key] >= before[key] - 1e-9 for key in shared)
    ergaenzung = ("text/nordstemmen_2022_ds110-2022-erg1_"
                  "beschlussvorlage_fluechtlingsunterbringung.txt")
    pages = [(r.id, r.pages[0]) for r in on.results[:3] if r.file == ergaenzung]
    assert sorted(page for _, page in pages) == [1, 2]
    assert all(after[key] > before[key] + 0.01 for key in pages)


def test_every_vote_of_an_item_is_listed_with_the_unit(api: TestClient) -> None:
    # nordstemmen_fa-finanzen_2021-12-14 Zu Punkt 4: five Anträge and the recommendation,
    # each voted on its own; the unit keeps its first outcome and votes (the API as before)
    hit = search(api, q="Photovoltaik Bauhof Rathaus Ehrenamtstag", mode="keyword")["results"][0]
    unit = api.get(f"/resolutions/{hit['id']}").json()
    assert unit["agenda_item"] == "4"
    assert [r["votes"] for r in unit["resolutions"]][:2] == [
        {"yes": 7, "no": None, "abstain": 2}, {"yes": 5, "no": None, "abstain": 4}
    ]
    assert unit["votes"] == unit["resolutions"][0]["votes"]
    assert all(r["flags"] == [] for r in unit["resolutions"])
