"""Query parsing: phrases, exclusions, alternatives and citations become structured clauses."""

import json

from ratsuche.backends.opensearch.dsl import keyword_clause
from search_api.query import parse_query


def test_phrases_exclusions_and_alternatives() -> None:
    parsed = parse_query('"Haushaltssatzung 2022" Nordstemmen -Entwurf Kita OR Kindergarten')
    assert parsed.phrases == ["Haushaltssatzung 2022"]
    assert parsed.terms == ["Nordstemmen"]
    assert parsed.excluded == ["Entwurf"]
    assert parsed.alternatives == [["Kita", "Kindergarten"]]


def test_german_quotes_and_unbalanced_quotes() -> None:
    assert parse_query("„Integrationskonferenz im Kreis“").phrases == [
        "Integrationskonferenz im Kreis"
    ]
    assert parse_query('Haushalt "2022').terms  # no exception, words kept


def test_citation_query_is_detected() -> None:
    parsed = parse_query("§5 GeschO")
    assert "GeschO §5" in parsed.citations
    clause = json.dumps(keyword_clause(parsed), ensure_ascii=False)
    assert "GeschO §5" in clause


def test_snippets_mark_no_stop_words_outside_phrases() -> None:
    assert parse_query("§ 5 der Geschäftsordnung").highlight_text == "§ 5 Geschäftsordnung"
    assert parse_query("Bekommt die Bürgermeisterin mehr Aufwandsentschädigung?").highlight_text \
        == "Bekommt Bürgermeisterin mehr Aufwandsentschädigung?"
    parsed = parse_query('"Der Rat beschließt" die Satzung -Entwurf')
    assert parsed.highlight_text == 'Satzung Der Rat beschließt'
    assert parse_query("und oder").highlight_text == "und oder"  # nothing else to mark


def test_query_syntax_never_reaches_the_engine_raw() -> None:
    hostile = 'title:(x) AND text:* {"script": 1} \\ / [a TO b]'
    clause = keyword_clause(parse_query(hostile))
    serialized = json.dumps(clause)
    assert "query_string" not in serialized and "script\":" not in serialized.replace(
        '\\"script\\": 1', ""
    )
    assert clause["bool"]["should"][0]["match"]["text"]["query"] == hostile.replace('"', "")
