"""Parts of a query compound the index does not hold (ratsuche.compounds), on real words of
the dev queries and the corpus."""

from ratsuche.compounds import compound_parts, with_compound_parts
from search_api.query import parse_query


def test_a_compound_splits_into_the_index_terms_of_its_parts() -> None:
    # D02 and D44 of the dev set: compounds that no corpus chunk holds
    assert compound_parts("Abwasseranschluss") == ["abwass", "wass", "anschluss"]
    assert compound_parts("Handymast") == ["mast"]
    assert compound_parts("Dichtheit") == []  # no parts in the word list


class Unheld(set[str]):
    """The words no chunk holds, as a store answers; and which words were asked about."""

    def __init__(self, words: set[str]) -> None:
        super().__init__(words)
        self.asked: list[object] = []

    def __contains__(self, word: object) -> bool:
        self.asked.append(word)
        return super().__contains__(word)


def test_only_the_words_the_index_lacks_are_split() -> None:
    parsed = parse_query("Muss ich meinen Abwasseranschluss auf Dichtheit prüfen lassen?")
    unheld = Unheld({"Abwasseranschluss", "Dichtheit"})  # the store lacks both
    expanded = with_compound_parts(parsed, unheld)
    assert unheld.asked == ["Abwasseranschluss"]  # only words with parts are looked up
    assert expanded.compound_parts == {"Abwasseranschluss": ["abwass", "wass", "anschluss"]}
    assert expanded.part_terms == ["abwass", "wass", "anschluss"]
    assert expanded.terms == parsed.terms  # the word itself stays
    held = with_compound_parts(parse_query("Bebauungsplan Sägewerk"), set())
    assert held.compound_parts == {}  # words the index holds are not split
