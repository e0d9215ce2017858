"""Parts of a query compound the index does not hold (ratsuche.compounds), on real words of
the dev queries and the corpus."""

from ratsuche.compounds import compound_parts, with_compound_parts
from search_api.query import parse_query


def test_a_compound_splits_into_the_index_terms_of_its_parts() -> None:
    # D02 and D44 of the dev set: compounds that no corpus chunk holds
    assert compound_parts("Abwasseranschluss") == (["abwasseranschluss"],
                                                   ["abwass", "wass", "anschluss"])
    assert compound_parts("Handymast") == (["handymast"], ["mast"])
    assert compound_parts("Dichtheit") == (["dichtheit"], [])  # no parts in the word list


def test_only_the_words_the_index_lacks_are_split() -> None:
    parsed = parse_query("Muss ich meinen Abwasseranschluss auf Dichtheit prüfen lassen?")
    asked: list[list[str]] = []

    def unknown(terms: list[str]) -> set[str]:  # as a store answers: it lacks the compound
        asked.append(terms)
        return {"abwasseranschluss", "dichtheit"} & set(terms)

    expanded = with_compound_parts(parsed, unknown)
    assert asked == [["abwasseranschluss"]]  # only words with parts are looked up
    assert expanded.compound_parts == {"Abwasseranschluss": ["abwass", "wass", "anschluss"]}
    assert expanded.part_terms == ["abwass", "wass", "anschluss"]
    assert expanded.terms == parsed.terms  # the word itself stays
    held = with_compound_parts(parse_query("Bebauungsplan Sägewerk"), lambda terms: set())
    assert held.compound_parts == {}  # words the index holds are not split
