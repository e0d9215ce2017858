"""The pure-Python analyzers (ratsuche.analysis): each step on real German, and the contract
that they turn text into the same terms, positions and offsets as the real engine."""

import difflib
import random
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import pytest
from opensearchpy import OpenSearch

from index_config import index_definition, read_word_list
from ingest.extract import extract_pages
from ratsuche import analysis
from ratsuche.analysis import (
    Token,
    analyze_exact,
    analyze_index,
    analyze_query,
    decompound,
    german_normalize,
    light_german_stem,
    lowercase,
    stop_words,
    tokenize,
)
from ratsuche.backends.opensearch.admin import ensure_index

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = FIXTURES / "heinsberg_kreistag_2020-02-04_niederschrift-auszug.txt"


def terms(tokens: list[Token]) -> list[str]:
    return [t.term for t in tokens]


def sample_line(needle: str) -> str:
    """The first line of the sample texts that contains `needle` (real text, not made up)."""
    for path in sorted((SAMPLES / "text").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if needle in line:
                return line
    raise AssertionError(f"no sample line contains {needle!r}")


# --- tokenizer ---


def test_tokenize_keeps_offsets_into_the_original_text() -> None:
    text = "Die Bürgermeisterin eröffnet am 04.02.2020 die Sitzung gem. § 5 GeschO."
    tokens = tokenize(text)
    assert terms(tokens) == [
        "Die", "Bürgermeisterin", "eröffnet", "am", "04.02.2020",
        "die", "Sitzung", "gem", "5", "GeschO",
    ]  # fmt: skip
    assert [t.position for t in tokens] == list(range(10))
    for token in tokens:
        assert text[token.start : token.end] == token.term


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("z.B. und u.a.", ["z.B", "und", "u.a"]),  # inner dots join letters, the last one not
        ("am 04.02.2020 um 18:30 Uhr", ["am", "04.02.2020", "um", "18", "30", "Uhr"]),
        ("1.500,00 € und 3,5 %", ["1.500,00", "und", "3,5"]),
        ("GO-NRW, SPD-Ratsfraktion", ["GO", "NRW", "SPD", "Ratsfraktion"]),
        ("§§ 5 und 58 NKomVG", ["5", "und", "58", "NKomVG"]),
        ("geht's, Rock’n’Roll", ["geht's", "Rock’n’Roll"]),
        ("Nr.5, 2.Obergeschoss, Anlage 1a", ["Nr", "5", "2", "Obergeschoss", "Anlage", "1a"]),
        ("Tagesordnung:Punkt", ["Tagesordnung:Punkt"]),  # ":" joins letters (UAX#29)
        ("Bebauungs-\nplan", ["Bebauungs", "plan"]),  # line-end hyphenation stays two words
        ("Bebauungs\u00adplan", ["Bebauungs\u00adplan"]),  # a soft hyphen belongs to the word
        ("Bu\u0308rger", ["Bu\u0308rger"]),  # a combining mark too
        ("100 m² Fläche", ["100", "m", "Fläche"]),
        ("1\u202f000 Euro", ["1\u202f000", "Euro"]),  # narrow no-break space connects
        ("☒ Ja ☐ Nein • Punkt", ["☒", "Ja", "☐", "Nein", "Punkt"]),  # pictographs are tokens
        ("(Beschluss) „Antrag“ [Anlage]", ["Beschluss", "Antrag", "Anlage"]),
    ],
)
def test_tokenize_splits_like_the_standard_tokenizer(text: str, expected: list[str]) -> None:
    assert terms(tokenize(text)) == expected


def test_tokenize_cuts_words_longer_than_255() -> None:
    tokens = tokenize("x " + "a" * 300 + " y")
    assert [(len(t.term), t.start, t.end, t.position) for t in tokens] == [
        (1, 0, 1, 0), (255, 2, 257, 1), (45, 257, 302, 2), (1, 303, 304, 3),
    ]  # fmt: skip
    # the cut lands on a "." that needs a letter after it: the token ends before it
    assert terms(tokenize("a" * 254 + ".bc")) == ["a" * 254, "bc"]
    assert terms(tokenize("a" * 253 + ".bc")) == ["a" * 253 + ".b", "c"]


def test_tokenize_sample_lines() -> None:
    line = sample_line("ev.-luth. Kindertagesstätte St. Johannes")
    tokens = tokenize(line)
    assert terms(tokens) == [
        "der",
        "ev",
        "luth",
        "Kindertagesstätte",
        "St",
        "Johannes",
        "Groß",
        "Escherde",
    ]
    assert all(line[t.start : t.end] == t.term for t in tokens)
    # hyphenation the PDF left in the text: two tokens, neither a real word
    line = sample_line("Stra- ßenbauarbeiten")
    words = terms(tokenize(line))
    index = words.index("Stra")
    assert words[index + 1] == "ßenbauarbeiten"


# --- token filters ---


def test_lowercase_is_per_character_like_java() -> None:
    assert lowercase("STRAẞE Über") == "straße über"
    assert lowercase("İstanbul") == "istanbul"  # not "i̇stanbul" as str.lower() gives
    assert lowercase("ΟΔΟΣ") == "οδοσ"  # no final sigma


def test_stop_words_are_the_lucene_german_set() -> None:
    words = stop_words()
    assert len(words) == 231
    assert {"der", "die", "das", "und", "für", "über", "daß", "würden"} <= words
    assert "dass" not in words  # only the old spelling is in the snowball list
    assert read_word_list("stop_de.txt")[:3] == ["aber", "alle", "allem"]


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("bürgermeisterin", "burgermeisterin"),
        ("straßenbeleuchtung", "strassenbeleuchtung"),
        ("größe", "grosse"),
        ("schoen", "schon"),  # ae/oe/ue -> a/o/u
        ("mueller", "muller"),
        ("gebuehren", "gebuhren"),
        ("aeussern", "aussern"),
        ("frauen", "frauen"),  # "aue": the e after a vowel + u stays
        ("neue", "neue"),
        ("quelle", "quelle"),  # "que" stays
        ("poet", "pot"),  # the filter's known false positive
        ("ratsmitglieder", "ratsmitglieder"),
    ],
)
def test_german_normalize(term: str, expected: str) -> None:
    assert german_normalize(term) == expected


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("hauser", "haus"),
        ("sitzungen", "sitzung"),
        ("kindern", "kind"),
        ("gemeinden", "gemeind"),
        ("bebauungsplans", "bebauungsplan"),  # -s after n
        ("beschlusse", "beschluss"),
        ("grosste", "grosst"),
        ("verfahren", "verfahr"),
        ("burgermeisterin", "burgermeisterin"),
        ("ausschusses", "ausschuss"),
        ("frau", "frau"),  # no suffix to strip
        ("satzung", "satzung"),
        ("größten", "großt"),  # the stemmer folds ö itself; ß is german_normalize's job
        ("àéî", "aéi"),
    ],
)
def test_light_german_stem(term: str, expected: str) -> None:
    assert light_german_stem(term) == expected


@pytest.fixture
def toy_dictionary(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The decompounder with a small word list (index.json's sizes), caches cleared."""
    spec = dict(index_definition()["settings"]["analysis"]["filter"]["german_decompounder"])
    spec["word_list"] = ["bebauung", "plan", "verfahren", "planverfahren", "bau", "stra"]
    monkeypatch.setattr(analysis, "_decompounder", lambda: analysis.build_decompounder(spec))
    analysis._index_terms.cache_clear()
    yield
    analysis._index_terms.cache_clear()


def test_decompound_finds_every_dictionary_word_by_start_then_length(toy_dictionary: None) -> None:
    # Lucene walks the start positions, and at each start the lengths upwards
    assert decompound("bebauungsplanverfahren") == [
        "bebauung", "plan", "planverfahren", "verfahren",
    ]  # fmt: skip
    assert decompound("strassenbau") == ["stra"]  # "bau" is below min_subword_size 4
    assert decompound("planung") == ["plan"]
    assert decompound("plan") == []  # words below min_word_size 7 stay whole
    assert decompound("verfahren") == ["verfahren"]  # the whole word is found too ...
    assert terms(analyze_index("Verfahren")) == ["verfahr"]  # ... and removed as a duplicate


def test_decompound_only_longest_match(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = {
        "type": "dictionary_decompounder",
        "word_list": ["plan", "planverfahren", "verfahren"],
        "min_word_size": 7,
        "min_subword_size": 4,
        "max_subword_size": 20,
        "only_longest_match": True,
    }
    monkeypatch.setattr(analysis, "_decompounder", lambda: analysis.build_decompounder(spec))
    assert decompound("bebauungsplanverfahren") == ["planverfahren", "verfahren"]


def test_decompound_with_the_project_word_list() -> None:
    parts = decompound("bebauungsplanverfahren")
    assert {"bebauung", "plan", "verfahren"} <= set(parts)
    assert {"straße", "beleuchtung"} <= set(decompound("straßenbeleuchtung"))


# --- analyzers ---


def test_analyze_index_positions_and_offsets() -> None:
    text = "Die Straßenbeleuchtung im Bebauungsplanverfahren wird geprüft."
    tokens = analyze_index(text)
    # stop words ("die", "im") leave gaps; parts share the position and offsets of their word
    by_position: dict[int, list[Token]] = {}
    for token in tokens:
        by_position.setdefault(token.position, []).append(token)
    assert sorted(by_position) == [1, 3, 5]
    street = by_position[1]
    assert street[0].term == "strassenbeleuchtung"
    assert {"strass", "beleuchtung"} <= set(terms(street))
    assert {(t.start, t.end) for t in street} == {(4, 22)}
    procedure = terms(by_position[3])
    assert procedure[0] == "bebauungsplanverfahr"
    assert {"bebauung", "plan", "verfahr"} <= set(procedure)
    assert len(procedure) == len(set(procedure))  # unique per position
    assert terms(by_position[5]) == ["gepruft"]


def test_analyze_query_does_not_decompound() -> None:
    text = "Die Bürgermeisterin und der Straßenbeleuchtung-Antrag"
    assert [(t.term, t.position) for t in analyze_query(text)] == [
        ("burgermeisterin", 1), ("strassenbeleuchtung", 4), ("antrag", 5),
    ]  # fmt: skip


def test_analyzers_on_a_sample_line() -> None:
    line = sample_line("Zustimmung zu einer überplanmäßigen Auszahlung")
    assert line.startswith(
        "Zustimmung zu einer überplanmäßigen Auszahlung; Eilentscheidung gem. § 89"
    )
    query = [(t.term, t.position) for t in analyze_query(line)]
    assert query[:7] == [
        ("zustimmung", 0), ("uberplanmassig", 3), ("auszahlung", 4), ("eilentscheidung", 5),
        ("gem", 6), ("89", 7), ("nkomvg", 8),
    ]  # fmt: skip
    index = [(t.term, t.position) for t in analyze_index(line)]
    assert index[:5] == [
        ("zustimmung", 0), ("uberplanmassig", 3), ("plan", 3), ("auszahlung", 4), ("zahl", 4),
    ]  # fmt: skip
    exact = [t.term for t in analyze_exact(line)]
    assert exact[:4] == ["zustimmung", "zu", "einer", "uberplanmassigen"]


def test_analyze_exact_keeps_stop_words_and_endings() -> None:
    text = "Die Beschlüsse über Gebühren"
    assert terms(analyze_exact(text)) == ["die", "beschlusse", "uber", "gebuhren"]


def test_analyzers_meet_spelling_variants() -> None:
    for one, other in [
        ("Beschlüsse", "Beschluss"),
        ("Straße", "Strasse"),
        ("Gebühren", "Gebuehren"),
    ]:
        assert set(terms(analyze_index(one))) & set(terms(analyze_query(other)))


def test_empty_and_symbol_only_text() -> None:
    for analyze in (tokenize, analyze_index, analyze_query, analyze_exact):
        assert analyze("") == []
        assert analyze(" § – … ") == []


# --- contract with the real engine ---

ANALYZERS: dict[str, Callable[[str], list[Token]]] = {
    "german_text": analyze_index,
    "german": analyze_query,
    "german_exact": analyze_exact,
}

EDGE_CASES = [
    "Die Bürgermeisterin eröffnet die Sitzung um 18:30 Uhr und stellt die Ladung fest.",
    "z.B. gem. § 5 Abs. 2 GeschO i.V.m. § 58 NKomVG; GO-NRW; 04.02.2020; 1.500,00 €; 3,5 %",
    "Bebauungs-\nplanverfahren, Straßen-\nbeleuchtung, Bebauungs\u00adplan\u00adverfahren",
    "Herr Müller-Lüdenscheidt: geht's? O'Brien, Rock’n’Roll, Tagesordnung:Punkt",
    "☒ Ja ☐ Nein • Punkt ● ■ ✓ ✔ → 😀 👍🏽 🇩🇪 1️⃣ ❤️ ☺︎",
    "100 m² und 5 m³, ½ Stelle, 10\u202f000 Euro, 10\u00a0000 Euro",
    "İstanbul ΟΔΟΣ ΣΟΦΙΑ ŒUVRE ﬁnanzielle Auﬂage GROẞE STRAẞE Bu\u0308rger",
    "DIE UND ÜBER ÄNDERUNGEN DASS DAß DIESELBE",
    "𝔘𝔫𝔦 Straße 😀 Übergang 𝟙𝟚 Rathaus",  # offsets after non-BMP characters
    "Zeile1\r\nZeile2\tTab_Unterstrich __init__ a..b a.'b 1..2 1,,2",
    "x " + "Bebauungsplan" * 25 + " y " + "a" * 253 + ".bc",
    "Feuerwehrgerätehaus Kindertagesstätten Einwohnerfragestunde Fraktionsvorsitzende",
    "aeussern Poet Quelle neue Frauen schoen Mueller Gebuehren Ausschüsse größten",
]


# Characters for random strings: German letters, word joiners and breakers, marks, emoji
# parts, other scripts (characters newer than Lucene 9's Unicode tables are left out)
FUZZ_ALPHABET = [
    *"aeiouäöüßẞrnstlbdgkmpzAEÄÖÜSTR0123456789.,;:'’‘_-/ §€%()\n\t\"#*·",
    *"\u00ad\u0308\u0301\u202f\u00a0\u200d\u200c\ufe0f\ufe0e\u20e3\u2024\uff0e\u2044",
    *"😀👍🏽🇩🇪☐☒★©ℹⓂİΣσ𝔘𝟙ﬁªµ²½日ひカーﾞ・ภاא׳״\U000e0067\U000e007f",
]
FUZZ_WORDS = [
    "Bebauungsplanverfahren", "straßenbeleuchtung", "Bürgermeisterin", "die", "und", "daß",
    "feuerwehrgerätehaus", "quelle", "poet", "aeussern", "Mueller", "größten", "ΣΟΦΟΣ",
]  # fmt: skip


def fuzz_texts(count: int, seed: int = 20250224) -> list[str]:
    """Random mixes of words, long runs and odd characters (reproducible)."""
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 30)):
            roll = rng.random()
            if roll < 0.3:
                parts.append(rng.choice(FUZZ_WORDS))
            elif roll < 0.33:
                parts.append(rng.choice("aä1.") * rng.randint(120, 300))
            else:
                parts.append("".join(rng.choices(FUZZ_ALPHABET, k=rng.randint(1, 8))))
            parts.append(rng.choice([" ", "", " ", "\n", "-", ".", ""]))
        texts.append("".join(parts))
    return texts


def _blocks(text: str, size: int = 600) -> Iterator[str]:
    """Consecutive lines of `text` in blocks of up to `size` characters."""
    block: list[str] = []
    length = 0
    for line in text.splitlines():
        if block and length + len(line) > size:
            yield "\n".join(block)
            block, length = [], 0
        block.append(line)
        length += len(line) + 1
    if block:
        yield "\n".join(block)


@cache
def contract_texts() -> tuple[str, ...]:
    """Real text in blocks of lines: the sample texts, the seed fixture, the cleaned pages of
    the sample PDFs (as ingestion sees them, no OCR); then the edge cases and random text."""
    sources = [p.read_text(encoding="utf-8") for p in sorted((SAMPLES / "text").glob("*.txt"))]
    sources.append(SEED.read_text(encoding="utf-8"))
    for pdf in sorted((SAMPLES / "pdf").glob("*.pdf")):
        sources.extend(page.text for page in extract_pages(pdf))
    texts = [block for source in sources for block in _blocks(source) if block.strip()]
    return (*texts, *EDGE_CASES, *fuzz_texts(200))


def _code_point_offsets(text: str) -> list[int]:
    """Map Java (UTF-16) offsets to Python string offsets."""
    mapping = []
    for index, char in enumerate(text):
        mapping.append(index)
        if ord(char) > 0xFFFF:
            mapping.append(index)
    mapping.append(len(text))
    return mapping


Row = tuple[str, int, int, int]


def engine_tokens(client: OpenSearch, index: str, analyzer: str, text: str) -> list[Row]:
    result = client.indices.analyze(index=index, body={"analyzer": analyzer, "text": text})
    offset = _code_point_offsets(text)
    return [
        (t["token"], t["position"], offset[t["start_offset"]], offset[t["end_offset"]])
        for t in result["tokens"]
    ]


def python_tokens(analyzer: str, text: str) -> list[Row]:
    return [(t.term, t.position, t.start, t.end) for t in ANALYZERS[analyzer](text)]


def _mismatched(expected: list[Row], actual: list[Row]) -> int:
    """Tokens of either side not matched by the other (difflib alignment)."""
    matcher = difflib.SequenceMatcher(a=expected, b=actual, autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    return max(len(expected), len(actual)) - same


@pytest.mark.engine
@pytest.mark.parametrize("analyzer", list(ANALYZERS))
def test_python_analyzers_agree_with_the_engine(
    client: OpenSearch, fresh_alias: str, analyzer: str
) -> None:
    """Terms, positions and offsets, token by token, for every block of real text."""
    ensure_index(client, fresh_alias, 384)
    texts = contract_texts()
    compared = mismatched = 0
    report: list[str] = []
    for text in texts:
        expected = engine_tokens(client, fresh_alias, analyzer, text)
        actual = python_tokens(analyzer, text)
        compared += len(expected)
        if actual != expected:
            mismatched += _mismatched(expected, actual)
            diff = difflib.unified_diff(
                [repr(r) for r in expected], [repr(r) for r in actual], "engine", "python", n=1
            )
            report.append(f"text {text[:60]!r}:\n" + "\n".join(list(diff)[2:14]))
    print(f"\n{analyzer}: {compared} engine tokens in {len(texts)} texts, {mismatched} differ")
    assert len(texts) >= 500 and compared >= 15000
    assert mismatched == 0, "\n".join(report[:10])


@pytest.mark.engine
def test_every_stop_word_is_removed_by_the_engine(client: OpenSearch) -> None:
    words = read_word_list("stop_de.txt")
    result = client.indices.analyze(body={"analyzer": "german", "text": "\n".join(words)})
    assert [t["token"] for t in result["tokens"]] == []
    # ... while the same words are terms to the engine's standard analyzer (no stop words)
    result = client.indices.analyze(body={"analyzer": "standard", "text": "\n".join(words)})
    assert [t["token"] for t in result["tokens"]] == words


def test_index_definition_is_the_chain_ported_here() -> None:
    """The analyzers in index.json are the ones ported; change both together."""
    analysis_settings = index_definition()["settings"]["analysis"]
    analyzers = analysis_settings["analyzer"]
    assert analyzers["german_text"]["tokenizer"] == "standard"
    assert analyzers["german_text"]["filter"] == [
        "lowercase", "german_stop", "german_decompounder", "german_normalization",
        "german_light_stemmer", "unique_same_position",
    ]  # fmt: skip
    assert analyzers["german_exact"] == {
        "type": "custom",
        "tokenizer": "standard",
        "filter": ["lowercase", "german_normalization"],
    }
    filters = analysis_settings["filter"]
    assert filters["german_stop"]["type"] == "stop"
    # the engine gets the list the embedded analyzer reads (inlined from stop_de.txt)
    assert filters["german_stop"]["stopwords"] == read_word_list("stop_de.txt")
    assert filters["german_light_stemmer"] == {"type": "stemmer", "language": "light_german"}
    assert filters["unique_same_position"] == {"type": "unique", "only_on_same_position": True}
