"""Chunking: sentence-aware, bounded in words, located on the right pages."""

import itertools

from ingest.chunk import chunk_bounds, chunk_unit, sentence_bounds, worth_embedding
from ratsuche.core.records import PageSpan, Unit

# From the Nordstemmen Rat Niederschrift of 15.03.2018 (shared corpus, text/).
SENTENCES = (
    "Der Rat der Gemeinde Nordstemmen beschließt die Haushaltssatzung 2018. "
    "Die Verwaltung wird gem. § 58 Abs. 1 NKomVG beauftragt, z. B. die Gebühren zu prüfen. "
    "Abstimmungsergebnis: einstimmig. "
)


def test_sentences_do_not_break_at_abbreviations() -> None:
    bounds = sentence_bounds(SENTENCES)
    sentences = [SENTENCES[s:e] for s, e in bounds]
    assert len(sentences) == 3, sentences
    assert sentences[1].startswith("Die Verwaltung wird gem. § 58 Abs. 1 NKomVG")


def test_sentence_bounds_cover_all_text() -> None:
    text = "Erster Satz. Zweiter Satz!\n\nDritter Absatz ohne Punkt"
    covered = "".join(text[s:e] for s, e in sentence_bounds(text))
    assert covered.replace(" ", "") == text.replace(" ", "").replace("\n", "")


def test_chunks_respect_word_bounds_and_overlap() -> None:
    text = " ".join(f"Satz {i} hat genau sechs Wörter." for i in range(200))
    bounds = chunk_bounds(text, target_words=60, max_words=80, overlap_words=12)
    assert len(bounds) > 10
    for start, end in bounds:
        assert len(text[start:end].split()) <= 80
    for (_, prev_end), (next_start, _) in itertools.pairwise(bounds):
        assert next_start < prev_end, "consecutive chunks must overlap"
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text.rstrip())


def test_overlong_sentence_is_cut_at_words() -> None:
    text = " ".join(["Wort"] * 700)
    bounds = chunk_bounds(text, target_words=200, max_words=250, overlap_words=0)
    assert [len(text[s:e].split()) for s, e in bounds] == [250, 250, 200]


def test_chunks_stay_on_one_page_and_map_back() -> None:
    page2 = "Kopf\nTOP 5 Haushalt. " + "Der Rat beschließt. " * 150
    page3 = "Weiter im Text. " * 100 + "Ende."
    spans = [PageSpan(2, 5, len(page2)), PageSpan(3, 0, len(page3))]
    unit = Unit(text=page2[5:] + "\n" + page3, spans=spans)
    chunks = chunk_unit(unit, target_words=100, max_words=120, overlap_words=10)
    pages = {2: page2, 3: page3}
    assert chunks[0].first_page == 2 and chunks[-1].last_page == 3
    assert all(c.first_page == c.last_page for c in chunks)
    assert [c.number for c in chunks] == list(range(len(chunks)))
    for chunk in chunks:
        rebuilt = "\n".join(pages[s.page][s.start : s.end] for s in chunk.spans)
        assert rebuilt == chunk.text


def test_a_few_words_spilling_onto_the_next_page_get_no_vector() -> None:
    page4 = SENTENCES * 4
    page5 = "Abstimmungsergebnis: einstimmig.\nTOP 6 Anfragen"
    spans = [PageSpan(4, 0, len(page4)), PageSpan(5, 0, 32)]
    unit = Unit(text=page4 + "\n" + page5[:32], spans=spans)
    chunks = chunk_unit(unit)
    assert [c.first_page for c in chunks] == [4, 5]
    assert worth_embedding(chunks, min_words=20) == [True, False]
    assert worth_embedding(chunks, min_words=2) == [True, True]


def test_a_short_unit_keeps_its_vector() -> None:
    text = "Abstimmungsergebnis: einstimmig."
    unit = Unit(text=text, spans=[PageSpan(7, 0, len(text))])
    chunks = chunk_unit(unit)
    assert worth_embedding(chunks, min_words=20) == [True]
    assert worth_embedding([], min_words=20) == []
