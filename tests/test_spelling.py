"""The spelling of the texts for query words no text holds (ratsuche.spelling), on typos of
words of the dev queries and spellings of the corpus. The store's answers are plain functions
and sets here (what it holds and how often); both real stores answer in
tests/test_backend_contract.py."""

import pytest

from ratsuche.analysis import analyze_query
from ratsuche.core.query import ParsedQuery
from ratsuche.spelling import MOST_WORDS, best_spelling, max_edits, with_spelling, written_form
from search_api.query import parse_query

# `exact` terms of the corpus with the number of chunks holding each (whole corpus, rounded)
CORPUS = {"bebauungsplan": 819, "bebauungsplans": 146, "bebauungsplane": 30,
          "bebauungplan": 2, "b1ebauungsplan": 1, "kindergarten": 597, "kindergartens": 82,
          "kinderwagen": 45, "feuerwehr": 602, "feuerwerk": 1, "sporthalle": 82,
          "sporthallen": 16, "sporthallte": 1, "schwimmbad": 6}


@pytest.mark.parametrize("term, most", [
    ("chef", 0), ("igeln", 0),  # short words stay as typed
    ("schwimbad", 2), ("sporthale", 2), ("feuerwer", 2), ("hundwiese", 2),
    ("klimaprojekt", 2), ("kita2024", 0),
])
def test_how_far_a_spelling_may_be(term: str, most: int) -> None:
    assert max_edits(term) == most


@pytest.mark.parametrize("typed, best", [
    ("bebaungsplan", "bebauungsplan"),  # one letter left out: the closest, then the most held
    ("feuerwer", "feuerwehr"),  # not "feuerwerk", as close but held by one chunk only
    ("kindergaten", "kindergarten"),  # not "kinderwagen", two edits
    ("sporthale", "sporthalle"),
    ("schwimbad", "schwimmbad"),
    ("ebauungsplan", None),  # the first letter is kept
    ("hundwiese", None),  # nothing within two edits
])
def test_the_closest_spelling_most_chunks_hold(typed: str, best: str | None) -> None:
    assert best_spelling(typed, CORPUS) == best
    assert best_spelling("kindergarten", {"kindergarten": 597}) is None  # itself is no other


def test_the_word_as_the_texts_write_it() -> None:
    texts = ["ÖFFENTLICHE GRÜNFLÄCHE AM BACH", "Die Grünfläche am Bach wird neu bepflanzt."]
    assert written_form(texts, "grunflache") == "Grünfläche"  # capitals only if nothing else
    assert written_form(texts[:1], "grunflache") == "GRÜNFLÄCHE"
    assert written_form(texts, "spielplatz") is None


def store(held: dict[str, int], texts: dict[str, list[str]]) -> dict:
    """The answers of a store that holds `held` (`exact` terms and their chunks; the query
    terms held are those of the same words) and `texts` by term."""
    known = {t.term for word in held for t in analyze_query(word)}

    def unheld(parsed: ParsedQuery) -> set[str]:
        return {w for w in parsed.terms if not {t.term for t in analyze_query(w)} & known}

    def close_words(term: str, most: int) -> dict[str, int]:
        return {h: n for h, n in held.items() if best_spelling(term, {h: n}) == h}

    def texts_holding(term: str) -> list[str]:
        return texts.get(term, [])

    return {"unheld": unheld, "close_words": close_words, "texts_holding": texts_holding}


def spelled(parsed: ParsedQuery, answers: dict, keep: set[str] | None = None) -> ParsedQuery:
    return with_spelling(parsed, answers["unheld"](parsed), answers["close_words"],
                         answers["texts_holding"], keep=keep or set())


def test_a_typo_gives_way_to_the_spelling_of_the_texts() -> None:
    """D04 of the dev set with a typo: "Bebauuegsplan" is searched as the texts write it, on
    the keyword and the dense side; the words the texts hold stay as typed."""
    parsed = parse_query("Haus aufstocken mit Flachdach ohne Bebauuegsplan Zustimmung Gemeinde")
    answers = store({**CORPUS, "haus": 900, "flachdach": 30, "zustimmung": 900,
                     "gemeinde": 900, "aufstocken": 3, "mit": 900, "ohne": 900},
                    {"bebauungsplan": ["Der Bebauungsplan Nr. 12 „Am Bach“ ..."]})
    found = spelled(parsed, answers)
    assert found.spellings == {"Bebauuegsplan": "Bebauungsplan"}
    assert found.terms == [*parsed.terms[:5], "Bebauungsplan", *parsed.terms[6:]]
    assert "Bebauungsplan" in found.positive_text and "Bebauungsplan" in found.marked_terms
    held = spelled(parse_query("Bebauungsplan Flachdach"), answers)
    assert held.spellings == {} and held.terms == ["Bebauungsplan", "Flachdach"]


def test_words_to_keep_stay_as_typed() -> None:
    """"Elektroauto" is in the synonym list (E-Auto, Elektrofahrzeug) but in no text; the
    texts' "Elektroautos" would lose its synonyms."""
    answers = store({"elektroautos": 12}, {"elektroautos": ["Elektroautos laden"]})
    parsed = parse_query("Elektroauto laden")
    assert spelled(parsed, answers).spellings == {"Elektroauto": "Elektroautos"}
    assert spelled(parsed, answers, keep={"Elektroauto"}) == parsed


def test_no_spelling_near_enough_leaves_the_word() -> None:
    """"Handymast" (D44) is in no text and nothing is one or two letters away: it stays, for
    the compound rule to split."""
    parsed = parse_query("Handymast neben unserem Dorf")
    assert spelled(parsed, store(CORPUS, {})) == parsed


def test_at_most_a_few_words_are_looked_up() -> None:
    looked_up: list[str] = []

    def close_words(term: str, most: int) -> dict[str, int]:
        looked_up.append(term)
        return {}

    parsed = parse_query("Xaverian Yodelings Zephyrous Quixotic Wombatry")
    with_spelling(parsed, set(parsed.terms), close_words, lambda term: [])
    assert len(looked_up) == MOST_WORDS
