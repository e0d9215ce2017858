"""Fusion of the retrievers' lists and the page context that follows it (pure functions)."""

import statistics

import numpy as np

from ratsuche.backends.base import Hit
from ratsuche.core.query import Mode
from ratsuche.settings import Settings
from search_api.fused import Fused, FusedPassage
from search_api.query import parse_query
from search_api.schemas import SearchRequest
from search_api.search import (
    Candidates,
    min_max_fusion,
    semantic_cutoff,
    spread_fusion,
    uncited,
    with_page_context,
)
from search_api.search import order as rank_candidates

PROTOCOL = "pdf/nordstemmen_rat_2021-09-30_protokoll.pdf"
VORLAGE = "text/nordstemmen_bulk/nordstemmen_DS_64-2021__Beschlussvorlage_DS_64-2021.txt"


def passage(file: str, page: int, unit: str = "u0001", score: float = 0.0) -> Hit:
    return Hit(f"{file}#{unit}", score, {"file": file, "page_first": page, "page_last": page})


def ranked(*entries: tuple[Hit, float]) -> Fused:
    return [FusedPassage(hit, score, [1]) for hit, score in entries]


def order(fused: Fused) -> list[tuple[str, int]]:
    return [(hit.source["file"], hit.source["page_first"]) for hit, _, _ in fused]


def test_min_max_fusion_sums_weighted_normalized_scores() -> None:
    a, b, c = passage(PROTOCOL, 3), passage(PROTOCOL, 4), passage(VORLAGE, 2)
    keyword = [Hit(a.unit_id, 12.0, a.source), Hit(c.unit_id, 4.0, c.source)]
    semantic = [Hit(c.unit_id, 0.93, c.source), Hit(b.unit_id, 0.91, b.source),
                Hit(a.unit_id, 0.90, a.source)]
    fused = min_max_fusion([keyword, semantic], [0.4, 0.6])
    scores = {hit.key: round(score, 6) for hit, score, _ in fused}
    assert scores == {a.key: 0.4, c.key: 0.6, b.key: round(0.6 * (0.01 / 0.03), 6)}
    assert [ranks for hit, _, ranks in fused if hit.key == a.key] == [[1, 3]]


def test_neighbouring_pages_of_one_file_outrank_a_stray_page() -> None:
    stray = passage(VORLAGE, 2)
    debate, resolution = passage(PROTOCOL, 3), passage(PROTOCOL, 4)
    fused = ranked((stray, 0.80), (debate, 0.70), (resolution, 0.60))
    result = with_page_context(fused, weight=0.3, pages=2)
    assert order(result) == [(PROTOCOL, 3), (PROTOCOL, 4), (VORLAGE, 2)]
    scores = [round(score, 6) for _, score, _ in result]
    assert scores == [round(0.70 + 0.3 * 0.60, 6), round(0.60 + 0.3 * 0.70, 6), 0.80]


def test_no_support_from_other_files_far_pages_or_itself() -> None:
    first = passage(PROTOCOL, 2)
    far = passage(PROTOCOL, 9)  # 7 pages away: outside the window
    other_file = passage(VORLAGE, 2)
    fused = ranked((first, 0.9), (other_file, 0.8), (far, 0.5))
    assert with_page_context(fused, weight=0.3, pages=2) == fused


def test_two_units_on_one_page_support_each_other() -> None:
    item_5, item_6 = passage(PROTOCOL, 4, "u0005"), passage(PROTOCOL, 4, "u0006")
    alone = passage(VORLAGE, 1)
    fused = ranked((alone, 0.75), (item_5, 0.7), (item_6, 0.2))
    result = with_page_context(fused, weight=0.3, pages=0)
    assert [hit.unit_id for hit, _, _ in result] == [
        item_5.unit_id, alone.unit_id, item_6.unit_id]


def test_weight_zero_keeps_the_fused_ranking() -> None:
    fused = ranked((passage(VORLAGE, 2), 0.8), (passage(PROTOCOL, 3), 0.7),
                   (passage(PROTOCOL, 4), 0.6))
    assert with_page_context(fused, weight=0.0, pages=2) is fused


def test_semantic_cutoff_keeps_passages_near_the_best() -> None:
    near, middle, far = passage(PROTOCOL, 3), passage(PROTOCOL, 9), passage(VORLAGE, 2)
    semantic = [Hit(near.unit_id, 0.92, near.source), Hit(middle.unit_id, 0.88, middle.source),
                Hit(far.unit_id, 0.82, far.source)]
    assert semantic_cutoff(semantic, 0.7) == {near.key}  # 0.88 is 0.6 of the way from 0.82
    assert semantic_cutoff(semantic, 0.5) == {near.key, middle.key}
    assert semantic_cutoff(semantic[:1], 0.6) == {near.key}
    assert semantic_cutoff([], 0.6) == set()


def test_uncited_lists_the_paragraphs_no_passage_carries() -> None:
    citing = Hit("a#u0001", 1.0, {"citations": ["§ 5 GeschO", "§ 58 NKomVG"]})
    other = Hit("b#u0002", 0.5, {"citations": []})
    fused = ranked((citing, 1.0), (other, 0.5))
    assert uncited(fused, ["§ 5 GeschO", "§ 41 GO NRW"]) == ["§ 41 GO NRW"]
    assert uncited(fused, []) == []


def test_spread_fusion_measures_scores_in_standard_deviations() -> None:
    a, b, c = passage(PROTOCOL, 3), passage(PROTOCOL, 4), passage(VORLAGE, 2)
    keyword = [Hit(a.unit_id, 12.0, a.source), Hit(c.unit_id, 4.0, c.source)]  # sd 4
    semantic = [Hit(c.unit_id, 0.93, c.source), Hit(b.unit_id, 0.91, b.source),
                Hit(a.unit_id, 0.90, a.source)]  # min 0.90, sd 0.0124722
    fused = spread_fusion([keyword, semantic], [0.4, 0.6])
    scores = {hit.key: round(score, 4) for hit, score, _ in fused}
    sd = statistics.pstdev([0.93, 0.91, 0.90])
    assert scores == {a.key: round(0.4 * 8 / 4, 4), c.key: round(0.6 * 0.03 / sd, 4),
                      b.key: round(0.6 * 0.01 / sd, 4)}
    assert [hit.key for hit, _, _ in fused] == [c.key, a.key, b.key]


def test_a_keyword_leader_over_a_weak_tail_beats_the_top_of_a_flat_dense_list() -> None:
    """D41 "Ratten gesehen – wo muss ich das melden?" on the whole corpus: BM25 finds a rare
    word in a few passages (21.1, 11.5, 10.4) above a long tail of weak matches (9.5 down to
    4.3); the dense neighbours' similarities all lie between 0.910 and 0.932. Min-max gives
    the dense list's first, a passage without the word, the full semantic weight and puts
    it above the keyword side's clear leader; in standard deviations the leader stays first."""
    keyword = [passage(f"rat-{i}.txt", 1, score=s) for i, s in enumerate(
        [21.08, 11.47, 10.39, *np.linspace(9.46, 4.30, 297)])]
    dense = [passage(f"other-{i}.txt", 1, score=s) for i, s in enumerate(
        [0.9316, 0.9243, 0.9225, *np.linspace(0.9217, 0.9098, 297)])]
    leaders = [keyword[0].key, dense[0].key]
    by_min_max = [hit.key for hit, _, _ in min_max_fusion([keyword, dense], [0.4, 0.6])]
    by_spread = [hit.key for hit, _, _ in spread_fusion([keyword, dense], [0.4, 0.6])]
    assert by_min_max[:2] == leaders[::-1]
    assert by_spread[:2] == leaders


def test_the_feedback_list_replaces_the_dense_list_in_hybrid_only() -> None:
    """The second kNN's neighbours stand in for the first kNN's in hybrid; keyword mode
    never sees a dense list, semantic mode keeps its own, and without feedback hybrid fuses
    the first kNN's."""
    text = "Kann man in Nordstemmen mit dem Wohnmobil übernachten?"
    keyword = [passage(PROTOCOL, 5, "u0004", 13.2), passage(PROTOCOL, 3, "u0002", 8.8)]
    dense = [passage(VORLAGE, 1, "u0001", 0.93), passage(VORLAGE, 2, "u0001", 0.92)]
    feedback = [passage(PROTOCOL, 6, "u0005", 0.95), passage(PROTOCOL, 5, "u0004", 0.94)]
    lists = Candidates(keyword=keyword, semantic=dense, feedback=feedback)
    parsed = parse_query(text)

    def pages(mode: Mode, settings: Settings) -> set[tuple[str, int]]:
        request = SearchRequest(q=text, mode=mode, size=10)
        return set(order(rank_candidates(lists, parsed, request, settings)))

    on, off = Settings(dense_feedback_passages=3), Settings(dense_feedback_passages=0)
    assert pages(Mode.hybrid, on) == {(PROTOCOL, 5), (PROTOCOL, 3), (PROTOCOL, 6)}
    assert pages(Mode.hybrid, off) == {(PROTOCOL, 5), (PROTOCOL, 3), (VORLAGE, 1), (VORLAGE, 2)}
    assert pages(Mode.keyword, on) == {(PROTOCOL, 5), (PROTOCOL, 3)}
    assert pages(Mode.semantic, on) == {(VORLAGE, 1), (VORLAGE, 2)}
