"""Tests for ingest.extraction_eval: the gold format and the scoring rules of the dev set."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.extraction_eval import (
    citation_pairs,
    faction_key,
    key_pair,
    load_gold,
    normalize_top,
    score_items,
    summarize,
)

DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "extraction-dev"


def test_gold_files_load_with_alternatives_and_split_citations() -> None:
    rows = load_gold(DEV / "gold.tsv")
    assert len(rows) == 91
    assert len({(r.file, normalize_top(r.top)) for r in rows}) == 67
    assert sum(r.has_counts for r in rows) == 35
    first = rows[0]
    assert first.top == "2" and first.outcomes == ("other", "unanimous")
    garben = next(r for r in rows if r.top == "7" and "05-04" in r.file)
    assert garben.citations == ("§ 214 Abs. 4 BauGB", "§ 4a Abs. 3 S. 2 BauGB")
    assert (garben.yes, garben.no, garben.abstain) == (26, 7, 1)
    corpus = load_gold(DEV / "corpus-gold.tsv")
    assert len(corpus) == 45
    # a "§§" list keeps its commas: only ", §" and ", Art." separate citations
    erlangen = next(r for r in corpus if r.citations and "Art." in r.citations[-1])
    assert erlangen.citations == ("§ 6 Abs.3 der Stadtteilsbeiratssatzung", "Art. 52 Abs. 2 GO")


@pytest.mark.parametrize(
    ("printed", "normal"),
    [("TOP 4.1", "4.1"), ("1.", "1"), ("2)", "2"), ("Ö 3", "3"), ("Punkt 5:", "5"),
     ("Tagesordnungspunkt 10 . 1", "10.1"), ("1e", "1e"), (None, "")],
)
def test_agenda_numbers_are_normalised(printed: str | None, normal: str) -> None:
    assert normalize_top(printed) == normal


def test_citations_and_factions_reduce_to_one_spelling() -> None:
    assert citation_pairs("§ 58 Abs. 1 NKomVG") == [("nkomvg", "58")]
    assert citation_pairs("§ 10 des Niedersächsischen Kommunalverfassungsgesetzes (NKomVG)") == [
        ("nkomvg", "10")
    ]
    assert key_pair("NKomVG §58 Abs. 1") == ("nkomvg", "58")
    assert key_pair("GG Art. 28") == ("gg", "28")
    assert faction_key("Bündnis 90/Die Grünen") == faction_key("GRÜNE") == "grüne"
    assert faction_key("BZS23") == "bzs23"


def _unit(top: str | None, title: str, page: int, **fields: object) -> dict[str, object]:
    return {"agenda_item": top, "title": title, "text": "", "page_first": page,
            "page_last": page, "outcome": None, "votes": {}, "citations": [], "factions": [],
            **fields}


def test_scoring_follows_the_readme_rules() -> None:
    rows = [r for r in load_gold(DEV / "gold.tsv") if "2023-07-20" in r.file]
    file = rows[0].file
    units = [
        # TOP 1 under its number, the right outcome but no counts
        _unit("TOP 1", "Eröffnung", 4, outcome="einstimmig"),
        # TOP 10 five votes: the item carries them as resolutions; two are right
        _unit("10", "Bebauungsplan Nr. 45", 7, outcome="mehrheitlich",
              citations=["BauGB §4 Abs. 1", "BauGB §3"], factions=["CDU", "Grüne"],
              resolutions=[{"outcome": "mehrheitlich", "votes": {"yes": 18, "no": 1,
                                                                 "abstain": 12}},
                           {"outcome": "mehrheitlich", "votes": {"yes": 17, "no": 2,
                                                                 "abstain": 12}}]),
        # TOP 7 without a number, found by its title on its pages
        _unit(None, "Prüfung", 6, text="237. Vergleichende Prüfung \"Personalmanagement III\"",
              outcome="zur_kenntnis"),
    ]
    results = {r.top: r for r in score_items(rows, {file: units})}
    assert results["1"].found and results["1"].outcome_right and results["1"].votes_exact == 0
    assert results["10"].vote_rows == 5 and results["10"].votes_exact == 5
    # five citations, three (law, paragraph) pairs: § 4, § 3, § 4a BauGB
    assert results["10"].citations_found == 2 and results["10"].citations == 3
    assert results["10"].factions_found == 2 and results["10"].factions == 5
    assert results["7"].found and results["7"].outcome_right  # noted is the [alt: …]
    assert not results["8"].found
    scores = summarize(results.values())
    assert list(scores) == ["pohlheim", "all"]
    ratios = scores["all"].ratios()
    assert ratios["items found"] == pytest.approx(3 / 16)
    assert ratios["end to end"] == pytest.approx(3 / 16)
    assert ratios["votes exact"] == pytest.approx(5 / 6)
