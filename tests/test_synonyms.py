"""The query-time synonym list: its entries, their use on both backends' keyword queries,
and that every word it adds occurs in the corpus."""

import re
from pathlib import Path

from ratsuche.backends.embedded.sql import fts_query
from ratsuche.backends.opensearch.dsl import keyword_clause
from ratsuche.synonyms import entries, with_synonyms
from search_api.query import parse_query

CORPUS_TEXT = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "text"


def test_a_citizen_word_brings_the_documents_words() -> None:
    parsed = with_synonyms(parse_query("Handymast neben unserem Dorf"))
    assert parsed.synonyms["Handymast"][:3] == ["Mobilfunkmast", "Mobilfunkanlage", "Sendemast"]
    assert parsed.positive_text == "Handymast neben unserem Dorf"  # embedded as typed
    kita = with_synonyms(parse_query("Eilentscheidung Kita überplanmäßige Auszahlung"))
    assert kita.synonyms == {"Kita": ["Kindertagesstätte"]}
    # inflected forms find their entry; a query without listed words stays as it is
    assert "Straßenbeleuchtung" in with_synonyms(
        parse_query("Straßenlaternen nachts ausschalten")).synonyms["Straßenlaternen"]
    # general entries of the domain: the plain word and the administration's word
    assert with_synonyms(parse_query("Zebrastreifen vor der Grundschule")).synonyms == {
        "Zebrastreifen": ["Fußgängerüberweg"]}
    assert with_synonyms(parse_query("Blitzer an der B1")).synonyms["Blitzer"][0] == (
        "Geschwindigkeitsmessung")
    plain = parse_query("Teleskopradlader Bauhof Beschaffung")
    assert with_synonyms(plain) is plain


def test_both_backends_search_the_synonyms() -> None:
    parsed = with_synonyms(parse_query("Kita Gebühren"))
    clause = keyword_clause(parsed)
    assert clause["bool"]["should"][0]["match"]["text"]["query"] == (
        "Kita Gebühren Kindertagesstätte")
    assert "kindertagesstatt" in fts_query(parsed).expression


def test_every_word_added_occurs_in_the_corpus() -> None:
    assert CORPUS_TEXT.is_dir(), f"the shared corpus belongs beside the clone: {CORPUS_TEXT}"
    text = " ".join(p.read_text(encoding="utf-8", errors="replace").lower()
                    for p in CORPUS_TEXT.rglob("*.txt"))
    missing = []
    for sources, targets in entries():  # written as German writes them, found in any case
        for word in {*targets, *(sources if sources == targets else [])}:
            if not re.search(rf"(?<!\w){re.escape(word.lower())}", text):
                missing.append(word)
    assert missing == []
