"""The result list read as a user would (issue 20, part 4), on the samples against a real node:
few citations per result, a notice when no unit cites the asked paragraph, a hit count
without the far kNN neighbours."""

import re

from fastapi.testclient import TestClient

from search_api.web.views import CITATIONS_SHOWN


def test_a_paragraph_no_unit_cites_is_said_before_related_results(api: TestClient) -> None:
    found = api.get("/search", params={"q": "§ 1 BauGB"}).json()
    assert found["uncited_citations"] == ["BauGB §1"] and found["results"]
    html = api.get("/", params={"q": "§ 1 BauGB"}).text
    notice = html.index("Kein Beschluss zitiert BauGB §1. Verwandte Treffer:")
    assert notice < html.index('class="result-title"')
    cited = api.get("/search", params={"q": "§ 5 GeschO"}).json()
    assert cited["uncited_citations"] == []
    assert "Kein Beschluss zitiert" not in api.get("/", params={"q": "§ 5 GeschO"}).text


def test_a_unit_citing_many_paragraphs_shows_a_few_and_weitere(api: TestClient) -> None:
    results = api.get("/search", params={"q": "§ 1 BauGB"}).json()["results"]
    many = [r for r in results if len(r["citations"]) > CITATIONS_SHOWN]
    assert many  # the Bebauungsplan items cite 7 to 9 paragraphs
    html = api.get("/", params={"q": "§ 1 BauGB"}).text
    for shown in re.findall(r'<p class="citations">(.*?)</p>', html, flags=re.S):
        assert shown.count("<a ") <= CITATIONS_SHOWN
    rest = sorted(int(n) for n in re.findall(
        r'<details class="more-citations"><summary>(\d+) weitere</summary>', html))
    assert rest == sorted(len(r["citations"]) - CITATIONS_SHOWN
                          for r in {r["id"]: r for r in many}.values())


def test_the_citations_printed_on_the_page_shown_come_first_in_bold(api: TestClient) -> None:
    """pdf/nordstemmen_rat_2021-12-21_protokoll.pdf: the school item cites § 10 NKomVG and
    § 63 Abs. 2 NSchG on p. 5 and § 63 Abs. 3 NSchG on p. 7; asked for the latter, p. 7 is
    shown, its citations first and marked."""
    first = api.get("/search", params={"q": "§ 63 Abs. 3 NSchG"}).json()["results"][0]
    assert first["pages"] == [7, 7]
    assert first["page_citations"] == ["NSchG §63", "NSchG §63 Abs. 3"]
    assert set(first["citations"]) > set(first["page_citations"])
    html = api.get("/", params={"q": "§ 63 Abs. 3 NSchG"}).text
    block = re.search(r'<p class="citations">(.*?)</p>', html, flags=re.S)
    assert block is not None
    names = re.findall(r'>([^<>]+)</a>', block.group(1))
    marked = re.findall(r'<strong class="on-page"[^>]*><a [^>]*>([^<]+)</a></strong>',
                        block.group(1))
    assert marked == names[:2] == ["NSchG §63", "NSchG §63 Abs. 3"]
    assert "NKomVG §10" in names[2:]


def test_the_record_view_links_each_citation_to_the_pages_printing_it(api: TestClient) -> None:
    """The same school item in full: § 63 Abs. 2 NSchG on p. 5, § 63 Abs. 3 on p. 7, the
    paragraph itself on both; each page number opens the original there."""
    first = api.get("/search", params={"q": "§ 63 Abs. 3 NSchG"}).json()["results"][0]
    unit = api.get(f"/resolutions/{first['id']}").json()
    assert set(unit["citation_pages"]) == set(unit["citations"])
    assert unit["citation_pages"]["NSchG §63"] == [5, 7]
    assert unit["citation_pages"]["NSchG §63 Abs. 2"] == [5]
    assert unit["citation_pages"]["NSchG §63 Abs. 3"] == [7]
    html = api.get(f"/beschluss/{first['id']}").text
    item = re.search(r'<li><a href="[^"]*">NSchG §63 Abs\. 3</a>(.*?)</li>', html, flags=re.S)
    assert item is not None
    assert re.findall(r'<a href="([^"]+)"[^>]*>(\d+)</a>', item.group(1)) == [
        (f"/documents/{unit['document_id']}/pdf#page=7", "7")]


def test_semantic_hit_count_leaves_out_far_neighbours(api: TestClient) -> None:
    """Every sample passage is one of the k neighbours of any query; only the near ones count.
    Hybrid keeps all that the keyword side matched."""
    units = api.get("/search", params={"q": "", "size": 1}).json()["total"]
    semantic = api.get("/search", params={"q": "Radverkehrskonzept", "mode": "semantic"}).json()
    keyword = api.get("/search", params={"q": "Radverkehrskonzept", "mode": "keyword"}).json()
    hybrid = api.get("/search", params={"q": "Radverkehrskonzept", "size": 100}).json()
    assert 0 < semantic["total"] < units / 4
    assert keyword["total"] <= hybrid["total"] < units / 4
    hybrid_pages = {(r["id"], r["pages"][0]) for r in hybrid["results"]}
    keyword_all = api.get("/search", params={"q": "Radverkehrskonzept", "mode": "keyword",
                                              "size": 100}).json()["results"]
    assert {(r["id"], r["pages"][0]) for r in keyword_all} <= hybrid_pages
