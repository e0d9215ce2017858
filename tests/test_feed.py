"""Atom feeds (`/feed`) against a real node, read by a real feed parser: any search, and the
newly indexed documents; a new ingest makes a new entry appear, ids stay stable."""

from pathlib import Path
from time import sleep
from urllib.parse import unquote

import feedparser
from fastapi.testclient import TestClient

from ingest.run import collect_files, ingest_files
from ratsuche.backends.opensearch.store import OpenSearchBackend
from ratsuche.embedding import get_embedder
from search_api.feed import entry_id, xml_text

TEXT = "text/nordstemmen_2022_ds110-2022-erg1_beschlussvorlage_fluechtlingsunterbringung.txt"
OTHER = "text/nordstemmen_2016-12-02_ds107-2016_beschlussvorlage_haushaltssatzung-2017.txt"


def read_feed(client: TestClient, **params: str) -> feedparser.FeedParserDict:
    response = client.get("/feed", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def test_a_search_feed_lists_its_units_newest_meeting_first(api: TestClient) -> None:
    found = api.get("/search", params={"q": "Wärmenetz", "size": 30}).json()["results"]
    feed = read_feed(api, q="Wärmenetz")
    assert "Wärmenetz" in feed.feed.title
    units = {r["id"]: r for r in reversed(found)}  # each unit at its best passage
    assert len(feed.entries) == len(units)
    dates = []
    for entry in feed.entries:
        unit = next(u for u in units.values() if entry.id == entry_id("unit", u["id"]))
        assert unquote(entry.link).endswith("/beschluss/" + unit["id"])
        assert f'href="http://testserver{unit["url"]}"' in entry.summary
        assert entry.title == unit["title"] and entry.updated_parsed
        assert all(value in entry.summary for value in (unit["body"], unit["municipality"])
                   if value)
        dates.append(unit["date"] or "")
    assert dates == sorted(dates, reverse=True)
    assert [e.id for e in read_feed(api, q="Wärmenetz").entries] == [e.id for e in feed.entries]


def test_a_feed_takes_the_filters_of_the_search(api: TestClient) -> None:
    feed = read_feed(api, q="Haushalt", municipality="Ahnsen")
    assert feed.entries
    assert all("Ahnsen" in entry.summary for entry in feed.entries)
    assert api.get("/feed", params={"mode": "nonsense"}).status_code == 422


def test_the_page_offers_the_feed_of_its_search(api: TestClient) -> None:
    html = api.get("/", params={"q": "Wärmenetz", "page": "2"}).text
    assert '<a href="/feed?q=W%C3%A4rmenetz" type="application/atom+xml">Diese Suche ' \
        'abonnieren</a>' in html
    assert 'rel="alternate" type="application/atom+xml"' in html


def test_a_new_ingest_makes_a_new_entry_appear(
    own_app: tuple[TestClient, OpenSearchBackend], samples: Path
) -> None:
    client, backend = own_app
    ingest_files(backend, get_embedder(), collect_files([str(samples / TEXT)]))
    first = read_feed(client)
    search_first = read_feed(client, q="Haushalt OR Flüchtlinge")
    assert len(first.entries) == 1
    sleep(1.1)  # the indexing time is kept to the second
    ingest_files(backend, get_embedder(), collect_files([str(samples / OTHER)]))
    second = read_feed(client)
    assert len(second.entries) == 2
    assert second.entries[1].id == first.entries[0].id  # newest first, ids stable
    assert second.entries[1].updated == first.entries[0].updated
    assert second.entries[0].updated >= first.entries[0].updated
    search_second = read_feed(client, q="Haushalt OR Flüchtlinge")
    old_ids = {e.id for e in search_first.entries}
    assert old_ids < {e.id for e in search_second.entries}
    new = [e for e in search_second.entries if e.id not in old_ids]
    assert new and all("Haushalt" in e.title or "Haushalt" in e.summary for e in new)


def test_characters_xml_cannot_carry_are_dropped(api: TestClient) -> None:
    assert xml_text("Haushalt\x08 2024\x00\ufffe") == "Haushalt 2024"
    assert xml_text("§ 5 GeschO – Ältestenrat\n") == "§ 5 GeschO – Ältestenrat\n"
    feed = read_feed(api, q="Haushalt\x08")
    assert feed.feed.title == "Ratsuche: „Haushalt“"
