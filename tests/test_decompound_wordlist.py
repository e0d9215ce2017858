"""The German decompounder word list (index_config/decompound_de.txt) and its builder.

The analysis chain is emulated in pure Python by scripts/build_decompound_wordlist.py
(Lucene's DictionaryCompoundWordTokenFilter, GermanNormalizationFilter and
GermanLightStemmer), so these tests check real splits without a running engine.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SCRIPT = REPO_ROOT / "scripts" / "build_decompound_wordlist.py"
WORD_LIST = REPO_ROOT / "index_config" / "decompound_de.txt"
INDEX_JSON = REPO_ROOT / "index_config" / "index.json"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_decompound_wordlist", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve annotations through sys.modules
    spec.loader.exec_module(module)
    return module


bdw = _load_script()
WORDS = frozenset(bdw.load_word_list(WORD_LIST))


def _index_json_settings() -> dict[str, int | bool] | None:
    """The dictionary_decompounder settings in the shipped index definition, if any."""
    definition = json.loads(INDEX_JSON.read_text(encoding="utf-8"))
    filters = definition["settings"]["analysis"]["filter"]
    for spec in filters.values():
        if spec.get("type") == "dictionary_decompounder":
            keys = ("min_word_size", "min_subword_size", "max_subword_size", "only_longest_match")
            return {k: spec.get(k, bdw.LUCENE_DEFAULTS[k]) for k in keys}
    return None


SETTINGS = {"recommended": bdw.RECOMMENDED_SETTINGS, "index.json": _index_json_settings()}


@pytest.fixture(params=sorted(SETTINGS))
def decompounder_settings(request: pytest.FixtureRequest) -> dict[str, int | bool]:
    value = SETTINGS[request.param]
    assert value is not None, "index.json has no dictionary_decompounder filter"
    return value


# ----------------------------------------------------------------------------------------
# The emulation itself (Lucene semantics)
# ----------------------------------------------------------------------------------------


def test_decompound_matches_lucene_documentation_example() -> None:
    dictionary = {"rind", "fleisch", "überwachung", "gesetz", "draht", "schere", "abba"}
    assert bdw.decompound("rindfleischüberwachungsgesetz", dictionary) == [
        "rind",
        "fleisch",
        "überwachung",
        "gesetz",
    ]
    assert bdw.decompound("drahtschere", dictionary) == ["draht", "schere"]
    assert bdw.decompound("abba", dictionary) == []  # shorter than min_word_size 5


def test_decompound_emits_every_match_unless_only_longest_match() -> None:
    dictionary = {"abwasser", "wasser", "anschluss", "schluss", "abwasseranschluss"}
    word = "abwasseranschluss"  # 17 letters: beyond Lucene's default max_subword_size 15
    assert bdw.decompound(word, dictionary) == ["abwasser", "wasser", "anschluss", "schluss"]
    assert bdw.decompound(word, dictionary, max_subword_size=20) == [
        "abwasser",
        "abwasseranschluss",
        "wasser",
        "anschluss",
        "schluss",
    ]
    # only_longest_match keeps the longest match per start offset, not per region:
    # "abwasser" is lost behind "abwasseranschluss", "wasser" and "schluss" still come out.
    assert bdw.decompound(word, dictionary, max_subword_size=20, only_longest_match=True) == [
        "abwasseranschluss",
        "wasser",
        "anschluss",
        "schluss",
    ]
    assert bdw.decompound(word, dictionary, min_subword_size=7) == [
        "abwasser",
        "anschluss",
        "schluss",
    ]
    assert bdw.decompound(word, dictionary, min_word_size=18) == []


@pytest.mark.parametrize(
    ("term", "normalized"),
    [
        ("straße", "strasse"),
        ("flüchtling", "fluchtling"),
        ("äußerung", "ausserung"),
        ("aeusserung", "ausserung"),
        ("oeffnung", "offnung"),
        ("queue", "queue"),  # no 'ue' -> 'u' after q
        ("neue", "neue"),  # nor after a vowel
        ("bauen", "bauen"),
    ],
)
def test_german_normalize(term: str, normalized: str) -> None:
    assert bdw.german_normalize(term) == normalized


@pytest.mark.parametrize(
    ("term", "stem"),
    [
        # The linking s after b/d/f/g/h/k/l/m/n/t goes: a decompounded "integrations" would
        # still meet "integration".
        ("integrations", "integration"),
        ("integration", "integration"),
        ("haushalts", "haushalt"),
        ("verwaltungs", "verwaltung"),
        # ... but not after r: why entries are stems ("verkehr"), not "verkehrs".
        ("verkehrs", "verkehrs"),
        ("verkehr", "verkehr"),
        ("strasse", "strass"),
        ("strassen", "strass"),
        ("fluchtlinge", "fluchtling"),
        ("kosten", "kost"),
        ("kindern", "kind"),
        ("abwasser", "abwass"),
        ("schulen", "schul"),
        ("rats", "rat"),
        ("schönste", "schon"),
    ],
)
def test_light_german_stem(term: str, stem: str) -> None:
    assert bdw.light_german_stem(term) == stem


# ----------------------------------------------------------------------------------------
# The shipped word list
# ----------------------------------------------------------------------------------------


def test_word_list_file_format() -> None:
    raw = WORD_LIST.read_bytes()
    text = raw.decode("utf-8")  # UTF-8, no BOM
    assert not text.startswith("\ufeff")
    assert text.endswith("\n") and "\r" not in text
    lines = text.splitlines()
    entries = [line for line in lines if not line.startswith("#")]
    # header comments only at the top; the OpenSearch loader skips lines starting with '#'
    assert all(line.startswith("#") for line in lines[: len(lines) - len(entries)])
    assert entries == sorted(set(entries)), "entries must be sorted and unique"
    assert entries == bdw.load_word_list(WORD_LIST)
    for entry in entries:
        assert entry == entry.strip().lower() and entry.isalpha(), entry
        assert bdw.MIN_LENGTH <= len(entry) <= bdw.MAX_LENGTH, entry
    assert 500 <= len(entries) <= 5000


def test_word_list_has_no_stop_words() -> None:
    assert not WORDS & bdw.STOP_LIST


# compound -> parts whose query term (analysed without decompounding) must be among the
# tokens the compound is indexed with
COMPOUNDS = {
    "Integrationskonferenz": ["Integration", "Konferenz"],
    "Haushaltssatzung": ["Haushalt", "Satzung"],
    "Straßenbeleuchtung": ["Straße", "Beleuchtung"],
    "Flüchtlingsunterbringung": ["Flüchtling", "Flüchtlinge", "Unterbringung"],
    "Bebauungsplan": ["Bebauung", "Plan"],
    "Abwasseranschluss": ["Abwasser", "Anschluss"],
    "Bebauungsplanverfahren": ["Bebauungsplan", "Bebauung", "Plan", "Verfahren"],
    "Haushaltsplanentwurf": ["Haushaltsplan", "Haushalt", "Entwurf"],
    "Ortsratssitzung": ["Ortsrat", "Rat", "Sitzung"],
    "Feuerwehrgerätehaus": ["Feuerwehr"],
    "Kindergartenbeiträge": ["Kindergarten", "Beiträge"],
    "Gewerbesteuereinnahmen": ["Gewerbesteuer", "Gewerbe", "Steuer", "Einnahmen"],
    "Straßenausbaubeitragssatzung": ["Straßenausbau", "Beitrag", "Satzung", "Straße"],
    "Verkehrsberuhigung": ["Verkehr"],
    "Grundschulstandort": ["Standort"],
    "Bürgermeisterin": ["Bürger", "Bürgermeister"],
}


@pytest.mark.parametrize("compound", sorted(COMPOUNDS))
def test_compound_is_split_into_its_parts(
    compound: str, decompounder_settings: dict[str, int | bool]
) -> None:
    tokens = bdw.analyze(compound, WORDS, **decompounder_settings)
    missing = [p for p in COMPOUNDS[compound] if bdw.query_term(p) not in tokens]
    assert not missing, f"{compound} -> {tokens}: no match for {missing}"


def test_brief_examples_emit_the_dictionary_words() -> None:
    split = {
        "Integrationskonferenz": {"integration", "konferenz"},
        "Haushaltssatzung": {"haushalt", "satzung"},
        "Straßenbeleuchtung": {"straße", "beleuchtung"},
        "Flüchtlingsunterbringung": {"flüchtling", "unterbringung"},
        "Bebauungsplan": {"bebauung", "plan"},
        "Abwasseranschluss": {"abwasser", "anschluss"},
    }
    for word, parts in split.items():
        subwords = set(bdw.decompound(word.lower(), WORDS, **bdw.RECOMMENDED_SETTINGS))
        assert parts <= subwords, (word, subwords)


# word -> subwords that must not come out of it (accidental substrings)
JUNK = {
    "Beratung": ["rat", "rate", "ratu"],
    "Verwaltung": ["alt", "walt", "waltung"],
    "Bürgermeisterin": ["germ", "erin", "meisterin", "ster"],
    "Begründung": ["grün", "gründung", "gründe", "dung"],
    "Haushalt": ["haus", "halt"],
    "Tagesordnung": ["tage", "tages"],
    "Anwesende": ["ende", "wese"],
    "festgesetzt": ["gesetz", "setz"],
    "ausgewiesen": ["wiese"],
    "Alternative": ["alter", "native"],
    "Anordnung": ["nord"],
    "Verdacht": ["dach", "acht"],
    "Anlage": ["lage"],
    "Vorlage": ["lage"],
    "Beschwerde": ["erde", "wer"],
    "Mitteilung": ["mitte", "teil"],
    "einfach": ["fach"],
    "Hundert": ["hund"],
    "Sportstätte": ["orts"],
    "Verschuldung": ["schul", "schuld"],
    "Kindertagesstätte": ["tages", "tage"],
    "verbunden": ["bund"],
    "Angelegenheit": ["gelegenheit"],
    "Einwände": ["wände"],
    "Beispiel": ["spiel"],
    "Dienstag": ["dienst"],
    "Niedersachsen": ["sach"],
    "Unterhaltung": ["erhaltung"],
    "finanzielle": ["ziel"],
    "Sparkasse": ["park"],
    "Unterrichtung": ["errichtung"],
    "überhaupt": ["haupt"],
}


@pytest.mark.parametrize("word", sorted(JUNK))
def test_no_junk_subwords(word: str, decompounder_settings: dict[str, int | bool]) -> None:
    subwords = bdw.decompound(word.lower(), WORDS, **decompounder_settings)
    junk = sorted(set(JUNK[word]) & set(subwords))
    assert not junk, f"{word} -> {subwords}"


def test_ordinary_words_stay_whole() -> None:
    for word in ("Beratung", "Verwaltung", "Niederschrift", "Sitzung", "Antrag"):
        token = word.lower()
        assert set(bdw.decompound(token, WORDS, **bdw.RECOMMENDED_SETTINGS)) <= {token}, word


# ----------------------------------------------------------------------------------------
# Determinism: the shipped file is exactly what the script builds from the corpus
# ----------------------------------------------------------------------------------------


def test_shipped_word_list_equals_fresh_build() -> None:
    corpus = bdw.DEFAULT_CORPUS
    assert (corpus / "text").is_dir(), f"the shared corpus belongs beside the clone: {corpus}"
    content, result = bdw.build_from_corpus(corpus)
    assert result.stats["entries"] == len(WORDS)
    assert content == WORD_LIST.read_text(encoding="utf-8"), (
        "index_config/decompound_de.txt is stale: run scripts/build_decompound_wordlist.py"
    )
