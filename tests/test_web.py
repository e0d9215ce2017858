"""The web page against a real node with the samples and the seed fixture ingested.

The app runs under uvicorn in a background thread; Playwright drives Debian's chromium
(/usr/bin/chromium, installed by scripts/test.sh; Playwright never downloads a browser).
Every request of the browser that leaves the test server is blocked and fails the test, so the
page provably works offline (no CDN). Screenshots go to test-artifacts/.
"""

import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import uvicorn
from fastapi.testclient import TestClient
from playwright.sync_api import (
    Browser,
    Locator,
    Page,
    Playwright,
    Route,
    expect,
    sync_playwright,
)

from ratsuche.backends import get_backend
from ratsuche.backends.opensearch.admin import make_client
from ratsuche.backends.opensearch.store import OpenSearchBackend
from ratsuche.settings import Settings
from search_api.app import app
from search_api.schemas import PASSAGES_PER_UNIT
from search_api.web.format import paragraphs, safe_snippet

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
SEED_TITLE = "Integrationskonferenz im Kreis Heinsberg – gemeinsam vorankommen"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
TIMEOUT_MS = 90_000  # the first hybrid query loads the embedding model on a busy machine

pytestmark = [pytest.mark.engine, pytest.mark.browser]


# --- fixtures -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base_url(app_overrides: None) -> Iterator[str]:
    """The app under uvicorn on a free localhost port, in a background thread."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=15)
    sock.close()


@pytest.fixture(scope="module")
def web(api: TestClient) -> TestClient:
    return api


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: scripts/test.sh installs Debian's chromium "
                    "(apt-get install chromium); Playwright must not download a browser.")
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    """A fresh browser tab; any request that leaves the test server fails the test."""
    context = browser.new_context(base_url=base_url, locale="de-DE",
                                  viewport={"width": 1280, "height": 900})
    outside: list[str] = []

    def guard(route: Route) -> None:
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()
    assert not outside, f"the page requested resources outside the app: {outside}"


@pytest.fixture(autouse=True, scope="module")
def _expect_timeout() -> None:
    expect.set_options(timeout=TIMEOUT_MS)


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def search_for(page: Page, text: str, mode: str | None = None) -> None:
    """Type into the search box (by its label) and submit with Enter, as a user would."""
    if not page.url.startswith("http"):
        page.goto("/")
    if mode:
        page.get_by_role("radio", name=mode, exact=True).check()
    box = page.get_by_label("Suchbegriff")
    box.fill(text)
    with page.expect_navigation():
        box.press("Enter")


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def results(page: Page) -> Locator:
    return page.locator("ol.results > li")


# --- browser tests ------------------------------------------------------------------------


def test_search_finds_the_seed_with_highlight(page: Page) -> None:
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", name="Neueste Beschlüsse")).to_be_visible()
    search_for(page, "Integrationskonferenz")
    # Empty fields and defaults stay out of the URL (shareable links).
    assert query_of(page.url) == {"q": ["Integrationskonferenz"]}
    first = results(page).first
    expect(first.get_by_role("heading", level=3)).to_have_text(SEED_TITLE)
    expect(first.locator(".snippet mark").first).to_have_text("Integrationskonferenz")
    expect(first.locator(".badge")).to_have_text("mehrheitlich beschlossen")
    expect(first.locator(".votes")).to_contain_text("Ja 49 · Nein 1 · Enthaltung 0")
    expect(first.locator("time")).to_have_text("04.02.2020")
    expect(page.locator("#trefferzahl")).to_have_attribute("aria-live", "polite")
    expect(page.locator("#trefferzahl")).to_contain_text("Treffer für „Integrationskonferenz“")
    screenshot(page, "suche-integrationskonferenz.png")


def test_facet_link_adds_a_filter_and_the_chip_removes_it(page: Page) -> None:
    page.goto("/?q=Integrationskonferenz")
    expect(results(page).first.get_by_role("heading", level=3)).to_have_text(SEED_TITLE)
    gremium = page.get_by_role("complementary").get_by_role("region", name="Gremium")
    with page.expect_navigation():
        gremium.get_by_role("link").filter(has_text=re.compile(r"^\s*Rat\b")).click()
    assert query_of(page.url) == {"q": ["Integrationskonferenz"], "body": ["Rat"]}
    expect(page.locator(".chip")).to_have_text(re.compile(r"Gremium: Rat"))
    expect(results(page).first.get_by_role("heading", level=3)).not_to_have_text(SEED_TITLE)
    for meta in results(page).locator(".meta").all():
        expect(meta.locator("span").first).to_have_text("Rat")
    expect(page.get_by_role("combobox", name="Gremium")).to_have_value("Rat")
    # The same filter through the form: choose Kreistag in the select and apply.
    page.get_by_role("combobox", name="Gremium").select_option("Kreistag")
    with page.expect_navigation():
        page.get_by_role("button", name="Filter anwenden").click()
    assert query_of(page.url)["body"] == ["Kreistag"]
    expect(results(page).first.get_by_role("heading", level=3)).to_have_text(SEED_TITLE)
    with page.expect_navigation():
        page.get_by_role("link", name="Filter Gremium: Kreistag entfernen").click()
    assert query_of(page.url) == {"q": ["Integrationskonferenz"]}


def test_result_opens_the_resolution_page(page: Page) -> None:
    page.goto("/?q=Integrationskonferenz")
    with page.expect_navigation():
        results(page).first.get_by_role("link", name=SEED_TITLE).click()
    assert urlsplit(page.url).path.startswith("/beschluss/")
    expect(page.get_by_role("heading", level=1)).to_have_text(SEED_TITLE)
    assert page.get_by_role("heading", level=1).count() == 1
    expect(page.locator(".fulltext")).to_contain_text(
        "Die FDP-Fraktion stellt ihren Antrag gem. § 5 GeschO")
    similar = page.get_by_role("region", name="Ähnliche Beschlüsse")
    expect(similar.get_by_role("link").first).to_be_visible()
    assert similar.get_by_role("link").count() >= 1
    others = page.get_by_role("region", name="Weitere Punkte dieses Dokuments")
    expect(others.get_by_role("link", name=re.compile("Haushaltssatzung"))).to_be_visible()
    expect(page.get_by_role("link", name="GeschO §5", exact=True)).to_have_attribute(
        "href", "/?citation=GeschO+%C2%A75")
    # ... and the page printing it opens the original there
    printed = page.get_by_role("link", name="GeschO §5 auf Seite 1 im Original")
    expect(printed).to_have_text("1")
    expect(printed).to_have_attribute("href", re.compile(r"^/documents/[0-9a-f]+/pdf#page=1$"))
    screenshot(page, "beschluss-integrationskonferenz.png")
    # A similar decision opens its own page.
    with page.expect_navigation():
        similar.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text(SEED_TITLE)


def test_pdf_link_opens_the_original_at_the_page(page: Page, base_url: str) -> None:
    search_for(page, "Radverkehrskonzept", mode="Stichwort")
    assert query_of(page.url)["mode"] == ["keyword"]
    link = results(page).first.get_by_role("link", name=re.compile(r"^PDF öffnen \(Seite \d+\)$"))
    href = link.get_attribute("href") or ""
    label_page = re.search(r"Seite (\d+)", link.inner_text())
    assert label_page and href.endswith(f"#page={label_page.group(1)}")
    response = page.request.get(base_url + href.split("#")[0])
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")


def test_citation_query_puts_the_seed_first(page: Page) -> None:
    search_for(page, "§ 5 GeschO")
    first = results(page).first
    expect(first.get_by_role("heading", level=3)).to_have_text(SEED_TITLE)
    expect(first.get_by_role("link", name="GeschO §5")).to_be_visible()
    screenshot(page, "suche-paragraph-5-gescho.png")
    with page.expect_navigation():
        first.get_by_role("link", name="GeschO §5").click()
    assert query_of(page.url) == {"citation": ["GeschO §5"]}
    expect(page.locator(".chip")).to_have_text(re.compile("Rechtsgrundlage: GeschO §5"))
    expect(results(page).first.get_by_role("heading", level=3)).to_have_text(SEED_TITLE)
    for item in results(page).all():
        expect(item.get_by_role("link", name="GeschO §5")).to_be_visible()


def test_nonsense_query_shows_the_empty_state(page: Page) -> None:
    search_for(page, "xqzvbnmwplkj", mode="Stichwort")
    expect(page.get_by_role("heading", name="Keine Treffer")).to_be_visible()
    expect(page.locator("#trefferzahl")).to_contain_text("0 Treffer")
    expect(page.get_by_role("link", name="Nach der Bedeutung suchen")).to_be_visible()


def test_back_button_restores_the_previous_search(page: Page) -> None:
    search_for(page, "Integrationskonferenz")
    first_url = page.url
    search_for(page, "Radverkehrskonzept", mode="Stichwort")
    expect(page.get_by_label("Suchbegriff")).to_have_value("Radverkehrskonzept")
    page.go_back()
    assert page.url == first_url
    expect(page.get_by_label("Suchbegriff")).to_have_value("Integrationskonferenz")
    expect(page.get_by_role("radio", name="Alle Treffer", exact=True)).to_be_checked()
    expect(results(page).first.get_by_role("heading", level=3)).to_have_text(SEED_TITLE)
    # The form is usable again after coming back (fields disabled on submit are re-enabled).
    search_for(page, "§ 5 GeschO")
    assert query_of(page.url) == {"q": ["§ 5 GeschO"]}


def test_keyboard_and_labels(page: Page) -> None:
    page.goto("/?q=Haushalt&body=Rat")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Zum Inhalt springen")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "ergebnisse"
    assert page.get_by_role("heading", level=1).count() == 1
    unlabelled = page.evaluate("""() => [...document.querySelectorAll('input, select')]
        .filter(el => el.type !== 'hidden' && el.labels.length === 0).map(el => el.name)""")
    assert unlabelled == []
    expect(page.get_by_role("combobox", name="Suchbegriff")).to_be_visible()
    for name in ("Gremium", "Ergebnis", "Fraktion", "Rechtsgrundlage", "Dokumentart",
                 "Kommune", "Sortierung"):
        expect(page.get_by_role("combobox", name=name, exact=True)).to_be_visible()
    for name in ("von", "bis"):
        expect(page.get_by_label(name, exact=True)).to_have_attribute("type", "date")
    for name in ("Alle Treffer", "Stichwort", "Bedeutung"):
        expect(page.get_by_role("radio", name=name, exact=True)).to_be_visible()
    outcome = page.get_by_role("combobox", name="Ergebnis")
    assert outcome.locator("option").all_inner_texts()[:6] == [
        "alle", "einstimmig beschlossen", "mehrheitlich beschlossen", "abgelehnt", "vertagt",
        "zur Kenntnis genommen"]
    # Focus is visible: a focused link gets an outline.
    page.get_by_role("link", name="Ratsuche").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


# --- plain HTTP tests ---------------------------------------------------------------------


def result_ids(html: str) -> list[str]:
    """The unit of every listed result entry."""
    return re.findall(r'id="t-[^"]+" class="result-title"><a href="/beschluss/([^"]+)"', html)


def units_in_order(results: list[dict]) -> list[str]:
    """The units of API results, each once at the place of its best passage."""
    return list(dict.fromkeys(r["id"] for r in results))


def test_further_pages_of_a_unit_fold_into_one_line(web: TestClient) -> None:
    """A unit that matched on several pages gets one entry; its further pages are one line
    "n weitere Fundstellen: S. 4, 5" with a link to each page, in the API's order. The page
    lists ten units (the API's results grouped by unit), not ten passages."""
    params = {"q": "Wärmenetz"}
    api = web.get("/search", params={**params, "size": 10, "group_by_unit": True}).json()
    assert len(units_in_order(api["results"])) == min(10, api["total"])
    api = api["results"]
    assert len(units_in_order(api)) < len(api)  # the query's first page repeats a unit
    html = web.get("/", params=params).text
    assert result_ids(html) == units_in_order(api)
    folded = re.findall(r'<p class="more-of">(\d+) weitere Fundstellen?:(.*?)</p>', html,
                        flags=re.S)
    assert sum(int(count) for count, _ in folded) == len(api) - len(units_in_order(api))
    for count, links in folded:
        pages = re.findall(r'href="/documents/[^"#]+/pdf#page=(\d+)"[^>]*>S\. (\d+)</a>', links)
        assert len(pages) == int(count) and all(a == b for a, b in pages)


def test_results_grouped_by_unit_fill_a_page_with_units(web: TestClient) -> None:
    """`group_by_unit`: `size` distinct units a page, at the rank of their best passage, each
    with its best passages next to each other; `total` counts units. The passages are the
    ungrouped ranking's, only regrouped."""
    params = {"q": "Wärmenetz", "mode": "hybrid"}
    ranked = web.get("/search", params={**params, "size": 100}).json()
    assert ranked["total"] <= 100
    units = units_in_order(ranked["results"])
    assert len(units) < ranked["total"]  # some unit matched on several pages
    shown: list[str] = []
    for page in (1, 2):
        grouped = web.get("/search", params={**params, "size": 3, "page": page,
                                             "group_by_unit": True}).json()
        assert grouped["total"] == len(units)
        ids = [r["id"] for r in grouped["results"]]
        runs = [unit for i, unit in enumerate(ids) if i == 0 or ids[i - 1] != unit]
        assert runs == units_in_order(grouped["results"])  # each unit's passages together
        assert len(runs) == 3
        for unit in runs:
            mine = [(r["pages"][0], r["score"]) for r in grouped["results"] if r["id"] == unit]
            theirs = [(r["pages"][0], r["score"]) for r in ranked["results"] if r["id"] == unit]
            assert mine == theirs[:PASSAGES_PER_UNIT]
        shown += runs
    assert shown == units[:6]


def test_page_and_api_show_the_same_results(web: TestClient) -> None:
    for params in ({"q": "Haushalt"}, {"q": "Haushalt", "mode": "keyword", "page": "2"},
                   {"q": "", "municipality": "Ahnsen"}, {"q": "Rat", "sort": "date_asc"}):
        page = web.get("/", params=params)
        api = web.get("/search", params={**params, "size": 10, "group_by_unit": True})
        assert page.status_code == api.status_code == 200
        assert result_ids(page.text) == units_in_order(api.json()["results"]), params


def test_query_and_filters_are_escaped(web: TestClient) -> None:
    attack = "<script>alert(1)</script>"
    response = web.get("/", params={"q": attack, "mode": "keyword",
                                    "body": '"><img src=x onerror=alert(1)>'})
    assert response.status_code == 200
    assert attack not in response.text
    assert "<img" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert response.headers["content-type"].startswith("text/html")


def test_snippets_keep_only_mark_tags(web: TestClient) -> None:
    html = web.get("/", params={"q": "Integrationskonferenz", "mode": "keyword"}).text
    snippets = re.findall(r'<p class="snippet">(.*?)</p>', html, flags=re.S)
    assert snippets and "<mark>Integrationskonferenz</mark>" in snippets[0]
    for snippet in snippets:
        assert re.sub(r"</?mark>", "", snippet).count("<") == 0


def test_snippet_sanitizer() -> None:
    dirty = ("a <mark>b</mark> &lt;c&gt; &amp; <script>x()</script> <b>d</b> "
             "</mark> <mark onclick=x>e <mark>open")
    clean = str(safe_snippet(dirty))
    assert re.sub(r"</?mark>", "", clean).count("<") == 0
    assert clean.count("<mark>") == clean.count("</mark>") == 2
    assert "&lt;c&gt; &amp; &lt;script&gt;" in clean  # escaped once, not twice
    assert str(safe_snippet("Stra&#x2F;e &quot;x&quot;")) == "Stra/e &quot;x&quot;"


def test_paragraphs_reflow_pdf_lines_and_keep_short_ones() -> None:
    text = ("Zu Punkt 13: Beauftragung eines Planungsbüros für die Erstellung eines kommunalen\n"
            "Radverkehrskonzeptes für die Gemeinde Nordstemmen\n"
            "(DS 80/2021)\n\n"
            "Die Verwaltung soll ein Ingenieurbüro mit der Erstellung eines gemeindeweiten Kon-\n"
            "zeptes beauftragen.\n  \nBeratungsergebnis:\n\nEinstimmig")
    assert paragraphs(text) == [
        "Zu Punkt 13: Beauftragung eines Planungsbüros für die Erstellung eines kommunalen "
        "Radverkehrskonzeptes für die Gemeinde Nordstemmen\n(DS 80/2021)",
        "Die Verwaltung soll ein Ingenieurbüro mit der Erstellung eines gemeindeweiten "
        "Konzeptes beauftragen.",
        "Beratungsergebnis:",
        "Einstimmig",
    ]
    assert paragraphs("TOP 2\nKurzer Titel\nBeschluss: einstimmig") == [
        "TOP 2\nKurzer Titel\nBeschluss: einstimmig"]
    seed = ("TOP 2\nTitel\nDie FDP-Fraktion stellt ihren Antrag gem. § 5 GeschO betr. "
            "„Integrationskonferenz“ vor, mit Vereinen und Schulen.\nBeschluss: mehrheitlich")
    assert paragraphs(seed) == [seed]  # a break after a full sentence stays
    assert paragraphs("") == []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "Rat", "mode": "fuzzy"}, "Unbekannte Suchart"),
        ({"q": "Rat", "page": "0"}, "Ungültige Seitenzahl"),
        ({"q": "Rat", "page": "abc"}, "Ungültige Seitenzahl"),
        ({"q": "Rat", "sort": "random"}, "Unbekannte Sortierung"),
        ({"q": "Rat", "date_from": "31.02.2020"}, "kein gültiges Datum"),
        ({"q": "Rat", "date_from": "2022-01-01", "date_to": "2021-01-01"}, "Zeitraum ist ungültig"),
        ({"q": "x" * 1001}, "zu lang"),
    ],
)
def test_invalid_parameters_render_a_message(web: TestClient, params: dict, message: str) -> None:
    response = web.get("/", params=params)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert message in response.text
    assert 'role="alert"' in response.text
    assert "Traceback" not in response.text


def test_empty_form_fields_and_german_dates_are_accepted(web: TestClient) -> None:
    response = web.get("/?q=Haushalt&mode=&body=&date_from=01.01.2021&date_to=&sort=&page=")
    assert response.status_code == 200
    assert "ab 01.01.2021" in response.text  # the chip of the date filter


def test_pagination_and_facets(web: TestClient) -> None:
    html = web.get("/", params={"q": "", "page": "2"}).text
    assert 'aria-current="page" aria-label="Seite 2"' in html
    assert 'rel="prev"' in html and 'rel="next"' in html
    assert 'href="/?body=Rat"' in html  # a facet link adds its filter
    narrowed = web.get("/", params={"body": "Rat"}).text
    assert 'aria-label="Filter Gremium: Rat entfernen"' in narrowed


def test_unknown_resolution_is_a_german_404(web: TestClient) -> None:
    response = web.get("/beschluss/nope")
    assert response.status_code == 404
    assert "Beschluss nicht gefunden" in response.text


def test_engine_unreachable_renders_a_german_503(
    web: TestClient, search_settings: Settings
) -> None:
    dead = make_client(search_settings.model_copy(update={"opensearch_url": "http://127.0.0.1:9"}))
    previous = app.dependency_overrides[get_backend]
    dead_backend = OpenSearchBackend(dead, search_settings.index_alias)
    app.dependency_overrides[get_backend] = lambda: dead_backend
    try:
        for url in ("/", "/?q=Rat&mode=keyword", "/?body=Rat", "/beschluss/abc-u0001"):
            response = web.get(url)
            assert response.status_code == 503, url
            assert response.headers["content-type"].startswith("text/html")
            assert "nicht erreichbar" in response.text
            assert "Traceback" not in response.text
            assert '<html lang="de">' in response.text
    finally:
        app.dependency_overrides[get_backend] = previous


def test_ocr_read_pages_are_marked(web: TestClient) -> None:
    html = web.get("/", params={"q": "Castilho", "mode": "keyword"}).text
    notes = re.findall(r'<span class="ocr-note">(.*?)</span>', html, flags=re.S)
    assert notes and "Seite 8, 9, 10 per Texterkennung" in notes[0]


def test_search_field_suggests_as_a_combobox(page: Page) -> None:
    """Typing offers completions (ARIA combobox); arrow keys choose, Escape closes, Enter
    searches for the chosen one."""
    page.goto("/")
    box = page.get_by_role("combobox", name="Suchbegriff")
    box.press_sequentially("Integrationsk")
    listbox = page.get_by_role("listbox", name="Vorschläge")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    option = listbox.get_by_role("option").first
    expect(option).to_contain_text("Integrationskonferenz")
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press("o")
    expect(listbox).to_be_visible()
    box.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", "q-vorschlag-0")
    chosen = option.evaluate("el => el.firstChild.textContent")
    screenshot(page, "combobox-open.png")
    with page.expect_navigation():
        box.press("Enter")
    assert query_of(page.url)["q"] == [chosen]
