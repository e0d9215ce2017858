"""Query-adaptive fusion and exact matches kept on top (pure functions, real dev queries)."""

from ratsuche.backends.base import Hit
from ratsuche.settings import Settings
from search_api.adaptive import (
    all_words_query,
    hybrid_weights,
    keep_exact_on_top,
    protected,
    query_form,
)
from search_api.fused import Fused, FusedPassage
from search_api.query import parse_query
from search_api.search import citations_first, one_per_page

PROTOCOL = "pdf/nordstemmen_rat_2021-09-30_protokoll.pdf"
VORLAGE = "text/nordstemmen_bulk/nordstemmen_DS_64-2021__Beschlussvorlage_DS_64-2021.txt"


def passage(file: str, page: int, unit: str = "u0001", score: float = 0.0) -> Hit:
    return Hit(f"{file}#{unit}", score, {"file": file, "page_first": page, "page_last": page})


def test_the_form_of_real_queries() -> None:
    citation = query_form(parse_query("§ 41 GO NRW"))
    assert citation.reference and citation.exactness == 1.0
    number = query_form(parse_query(
        "Investitionskostenzuschuss Neubau Tierheim Tierschutz Hildesheim DS 36/2025"))
    assert number.reference and number.exactness == 1.0  # long, but in the documents' words
    assert query_form(parse_query("Stadtteilbeirat Büchenbach Antrag 266/2019")).reference
    question = query_form(parse_query(
        "Muss ich meinen Abwasseranschluss auf Dichtheit prüfen lassen?"))
    assert question.question and not question.reference and question.exactness < 0
    title = query_form(parse_query("Beschluss Haushaltssatzung 2017"))
    assert title.number and not title.question and title.exactness == 0.5
    assert query_form(parse_query("Hundewiese wo darf mein Hund frei laufen")).question


def test_weights_move_with_the_query() -> None:
    settings = Settings(hybrid_keyword_weight=0.4, hybrid_semantic_weight=0.6,
                        hybrid_weight_shift=0.2)
    lawyer = hybrid_weights(parse_query("§ 89 NKomVG Eilentscheidung"), settings)
    citizen = hybrid_weights(parse_query("Wer ist der neue Chef der Stuttgarter Feuerwehr?"),
                             settings)
    plain = hybrid_weights(parse_query("Teleskopradlader Bauhof Beschaffung"), settings)
    assert [round(w, 6) for w in lawyer] == [0.6, 0.4]
    assert [round(w, 6) for w in citizen] == [0.3, 0.7]
    assert [round(w, 6) for w in plain] == [0.4, 0.6]
    fixed = Settings(hybrid_keyword_weight=0.4, hybrid_semantic_weight=0.6)
    assert hybrid_weights(parse_query("§ 89 NKomVG Eilentscheidung"), fixed) == (0.4, 0.6)


def test_all_words_query_requires_each_content_word() -> None:
    every = all_words_query(parse_query("Gebühren für die Obdachlosenunterkunft"))
    assert every is not None
    assert every.alternatives == [["Gebühren"], ["Obdachlosenunterkunft"]]
    assert every.terms == [] and every.citations == []
    assert all_words_query(parse_query("Teleskopradlader")) is None
    assert all_words_query(parse_query('"Peter Winkler" Umbenennung')) is None
    assert all_words_query(parse_query("Wann wird die Brücke gebaut")) is not None


def keyword_list(*scores: tuple[Hit, float]) -> list[Hit]:
    return [Hit(hit.unit_id, value, hit.source) for hit, value in scores]


def test_a_clear_keyword_leader_stays_on_top_of_hybrid() -> None:
    resolution, vorlage = passage(PROTOCOL, 4), passage(VORLAGE, 1)
    others = [passage(PROTOCOL, page, "u0009") for page in (7, 8, 9)]
    keyword = keyword_list((resolution, 14.0), (vorlage, 7.0))
    # the dense side disagreed: the keyword leader fused to fifth place
    fused: Fused = [FusedPassage(h, 0.9 - i / 10, [None, i + 1])
                    for i, h in enumerate([*others, vorlage])]
    fused.append(FusedPassage(resolution, 0.4, [1, None]))
    settings = Settings(exact_slots=2, exact_margin=1.5)
    assert protected(keyword, [], settings) == [resolution.key]
    result = keep_exact_on_top(fused, keyword, [], settings)
    assert [h.key for h, _, _ in result] == [
        others[0].key, resolution.key, others[1].key, others[2].key, vorlage.key]
    # no clear margin (14 vs 12): nothing is moved
    close = keyword_list((resolution, 14.0), (vorlage, 12.0))
    assert keep_exact_on_top(fused, close, [], settings) == fused
    assert keep_exact_on_top(fused, keyword, [], Settings(exact_slots=0)) == fused


def test_passages_holding_every_word_keep_their_places() -> None:
    hits = [passage(PROTOCOL, page) for page in range(1, 7)]
    fused: Fused = [FusedPassage(h, 1.0 - i / 10, [None]) for i, h in enumerate(hits)]
    exact = [hits[5], hits[1], hits[4]]
    result = keep_exact_on_top(fused, [], exact, Settings(exact_slots=3))
    assert [h.key for h, _, _ in result[:3]] == [hits[1].key, hits[4].key, hits[5].key]
    assert len(result) == len(fused)


def test_one_passage_per_page() -> None:
    item_5, item_6 = passage(PROTOCOL, 4, "u0005"), passage(PROTOCOL, 4, "u0006")
    other = passage(VORLAGE, 4)
    fused: Fused = [FusedPassage(item_5, 0.9, [1]), FusedPassage(other, 0.8, [2]),
                    FusedPassage(item_6, 0.7, [3])]
    assert [h.key for h, _, _ in one_per_page(fused)] == [item_5.key, other.key]


def test_a_page_is_shown_by_the_unit_that_holds_the_words() -> None:
    """Hybrid: the dense side ranks TOP 12 of a page first, but TOP 13 on the same page is
    the one the keyword side matched ("Radverkehrskonzept"): the page keeps TOP 12's place
    and shows TOP 13."""
    item_12, item_13 = passage(PROTOCOL, 5, "u0012"), passage(PROTOCOL, 5, "u0013")
    other = passage(VORLAGE, 2)
    fused: Fused = [FusedPassage(item_12, 3.1, [None, 1]), FusedPassage(other, 2.4, [2, 2]),
                    FusedPassage(item_13, 1.9, [1, 9])]
    result = one_per_page(fused, {item_13.key, other.key})
    assert [(h.key, score) for h, score, _ in result] == [(item_13.key, 3.1), (other.key, 2.4)]
    assert [h.key for h, _, _ in one_per_page(fused)] == [item_12.key, other.key]


def test_citing_pages_come_first_in_the_keyword_sides_order_in_hybrid() -> None:
    """"§ 89 NKomVG Eilentscheidung": every page citing the paragraph comes before the others;
    in hybrid they follow the keyword side's ranks (the word "Eilentscheidung" beside the
    paragraph), those it did not rank after them in their fused order. A page of a citing
    unit that does not print the citation itself is no citing page."""
    def page(name: str, cites: bool) -> Hit:
        hit = passage(PROTOCOL, len(name), name)
        hit.source["citations"] = ["NKomVG §89"]  # the unit's, on another page
        hit.source["page_citations"] = ["NKomVG §89"] if cites else ["NKomVG §58"]
        return hit

    dense_only, second, first, other = (page("u0001", True), page("u00002", True),
                                        page("u000003", True), page("u0000004", False))
    fused: Fused = [FusedPassage(other, 4.0, [2, 1]), FusedPassage(dense_only, 3.0, [None, 2]),
                    FusedPassage(second, 2.0, [3, 5]), FusedPassage(first, 1.0, [1, 9])]
    cited = ["NKomVG §89"]
    assert [h.key for h, _, _ in citations_first(fused, cited, by_words=True)] == \
        [first.key, second.key, dense_only.key, other.key]
    assert [h.key for h, _, _ in citations_first(fused, cited)] == \
        [dense_only.key, second.key, first.key, other.key]
    assert citations_first(fused, []) == fused


def test_the_paragraph_cited_as_asked_comes_before_its_other_absaetze() -> None:
    """D67 "§ 44 Abs. 1 BNatSchG ...": pages citing Abs. 1, then pages citing § 44 otherwise
    (the Planunterlagen's "gem. § 44 BNatSchG"), then the rest, each group in keyword order."""
    def page(name: str, cites: list[str]) -> Hit:
        hit = passage(VORLAGE, len(name), name)
        hit.source["page_citations"] = cites
        return hit

    absatz = page("u1", ["BNatSchG §44", "BNatSchG §44 Abs. 1"])
    paragraph = page("u22", ["BauGB §13a", "BNatSchG §44"])
    other_law = page("u333", ["BauGB §44"])
    fused: Fused = [FusedPassage(other_law, 3.0, [1, 1]), FusedPassage(paragraph, 2.0, [2, 2]),
                    FusedPassage(absatz, 1.0, [3, 3])]
    ranked = citations_first(fused, ["BNatSchG §44 Abs. 1"], by_words=True)
    assert [h.key for h, _, _ in ranked] == [absatz.key, paragraph.key, other_law.key]
