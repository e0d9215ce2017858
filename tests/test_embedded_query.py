"""The embedded store's query building and highlighting, as pure functions (no store)."""

import sqlite3

import pytest

from ratsuche.analysis import analyze_query
from ratsuche.backends.embedded.highlight import FRAGMENT_CHARS, highlight
from ratsuche.backends.embedded.sql import fts_query
from ratsuche.backends.embedded.store import FTS_TOKENS
from search_api.query import parse_query

# From data/samples/text/nordstemmen_rat_2018-03-15_niederschrift.txt
SENTENCE = ("Der Rat der Gemeinde Nordstemmen beschließt die Haushaltssatzung und den "
            "Haushaltsplan für das Haushaltsjahr 2018 gemäß § 58 Abs. 1 Nr. 9 NKomVG.")


def test_words_are_analyzed_like_the_engine_query() -> None:
    assert fts_query(parse_query("Brücken Sanierung")).expression == \
        '({terms} : ("bruck" OR "sanierung"))'


def test_phrases_and_or_groups_are_required_words_optional() -> None:
    query = fts_query(parse_query('"Haushaltssatzung und Haushaltsplan" Rat'))
    expression = query.expression
    assert query.required == '({exact title_exact} : "haushaltssatzung und haushaltsplan")'
    assert expression.startswith('(({exact title_exact} : "haushaltssatzung und haushaltsplan"))')
    assert '{terms} : ("rat")' in expression
    query = fts_query(parse_query("Kita OR Kindergarten -Krippe"))
    assert query.expression == \
        '(({terms} : ("kita" OR "kindergart"))) NOT ({terms title_terms} : ("kripp"))'
    assert query.excluded == '({terms title_terms} : ("kripp"))'


def test_only_stop_words_give_no_query() -> None:
    assert fts_query(parse_query("der die das")).expression == ""


@pytest.mark.parametrize(
    "text", ["{terms}: x* ^c NEAR(a b)", "AND NOT a", "3,5 Mio. Nr.-1 foo's", "a:b*c"]
)
def test_user_text_never_becomes_fts_syntax(text: str) -> None:
    """Whatever the user types, the expression is valid FTS5 and matches exactly the rows
    holding one of the query's words (each row here holds one term; a last one none)."""
    terms = list(dict.fromkeys(t.term for t in analyze_query(text)))
    assert terms
    db = sqlite3.connect(":memory:")
    db.execute(f'CREATE VIRTUAL TABLE chunk_text USING fts5(terms, exact, title_terms, '
               f'title_exact, tokenize="{FTS_TOKENS}")')
    db.executemany("INSERT INTO chunk_text VALUES (?, ?, '', '')",
                   [(term, term) for term in [*terms, "unrelated"]])
    query = fts_query(parse_query(text)).expression
    rows = db.execute("SELECT rowid FROM chunk_text WHERE chunk_text MATCH ?", (query,))
    assert sorted(r for (r,) in rows) == list(range(1, len(terms) + 1))


def test_highlight_marks_inflections_and_compounds_and_escapes() -> None:
    text = "Die Sanierung der Brücke <b>wird</b> beschlossen. Die Brückensanierung folgt."
    assert highlight(text, "Brücken") == [
        "Die Sanierung der <mark>Brücke</mark> &lt;b&gt;wird&lt;/b&gt; beschlossen. Die "
        "<mark>Brückensanierung</mark> folgt."
    ]


def test_highlight_does_not_split_the_query_into_compound_parts() -> None:
    text = "Geschäftsgang und Verfahren der Ausschüsse nach der Geschäftsordnung"
    assert highlight(text, "Geschäftsordnung") == [
        "Geschäftsgang und Verfahren der Ausschüsse nach der <mark>Geschäftsordnung</mark>"
    ]
    assert highlight(text, "Verfahren der Ausschüsse") == [
        "Geschäftsgang und <mark>Verfahren</mark> der <mark>Ausschüsse</mark> nach der "
        "Geschäftsordnung"
    ]


def test_highlight_marks_the_parts_of_a_split_query_compound() -> None:
    """"Radverkehrsausbau" is in no document; its parts were searched, so they are marked."""
    text = "Das Radverkehrskonzept sieht den Ausbau der Radwege vor."
    assert highlight(text, "Radverkehrsausbau") == [text]
    assert highlight(text, "Radverkehrsausbau", ["radverkehr", "ausbau"]) == [
        "Das <mark>Radverkehrskonzept</mark> sieht den <mark>Ausbau</mark> der Radwege vor."
    ]


def test_highlight_fragments_are_bounded_and_start_without_match() -> None:
    long_text = " ".join([SENTENCE] * 12)
    fragments = highlight(long_text, "Haushaltsplan")
    assert 1 <= len(fragments) <= 2
    assert all("<mark>Haushaltsplan</mark>" in f for f in fragments)
    assert all(len(f.replace("<mark>", "").replace("</mark>", "")) <= FRAGMENT_CHARS + 30
               for f in fragments)
    assert highlight(SENTENCE, "Schwimmbad") == [SENTENCE]  # the start: short enough
