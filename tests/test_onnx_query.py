"""Query vectors from ONNX Runtime: the fp32 model's own vectors, with torch's tokenization,
truncation and pooling, and torch wherever ONNX cannot run the model (real model, no mocks)."""

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from cli.main import app as cli
from ratsuche.embedding import Embedder
from ratsuche.hardware import choose_variant, cpu_flags
from ratsuche.model_prepare import prepare_model
from ratsuche.onnx_query import ONNX_FILE, OnnxUnavailable, export_onnx, mean_pooling
from ratsuche.settings import get_settings
from tests.test_embedding import GERMAN_SENTENCES, NORMALIZATION_CASES

pytestmark = pytest.mark.model

# Real queries of the three kinds (citizen, staff, lawyer), as users type them.
QUERIES = [
    "Ratten gesehen – wo muss ich das melden?",
    "Handymast in der Nähe der Grundschule",
    "Beschluss Haushaltssatzung 2022 einstimmig",
    "§ 5 GeschO",
    "DS 110/2022",
    "Straßenausbaubeiträge abschaffen",
]


@pytest.fixture(scope="module")
def model_dir() -> Path:
    return prepare_model()


@pytest.fixture(scope="module")
def runtimes(model_dir: Path) -> dict[str, Embedder]:
    return {name: Embedder(str(model_dir), cache=False, query_cache=0, variant="fp32",
                           query_runtime=name) for name in ("onnx", "torch")}


def test_auto_runs_queries_in_onnx_and_passages_stay_in_torch(model_dir: Path) -> None:
    embedder = Embedder(str(model_dir), cache=False, query_runtime="auto")
    assert embedder.query_runtime == "onnx" and embedder.onnx is not None
    assert (model_dir / ONNX_FILE).is_file()


def test_onnx_vectors_are_the_fp32_model_vectors(runtimes: dict[str, Embedder]) -> None:
    texts = QUERIES + GERMAN_SENTENCES + [t for t in NORMALIZATION_CASES if t.strip()]
    onnx = np.stack([runtimes["onnx"].encode_query(t) for t in texts])
    torch = np.stack([runtimes["torch"].encode_query(t) for t in texts])
    assert onnx.dtype == np.float32 and onnx.shape == (len(texts), 384)
    np.testing.assert_allclose(np.linalg.norm(onnx, axis=1), 1.0, atol=1e-5)
    cosines = np.sum(onnx * torch, axis=1)
    assert cosines.min() > 0.99999, dict(zip(texts, cosines.round(6).tolist(), strict=True))


def test_a_padded_batch_and_a_truncated_text_give_the_same_vectors(
    runtimes: dict[str, Embedder],
) -> None:
    """The graph was traced on a padded batch of two: other lengths, padding and texts cut at
    512 tokens must come out as they do one by one and in torch."""
    encoder = runtimes["onnx"].onnx
    assert encoder is not None
    long_text = "query: " + " ".join(GERMAN_SENTENCES * 12)
    texts = ["query: " + q for q in QUERIES] + [long_text]
    batch = encoder.encode(texts)
    alone = np.stack([encoder.encode([text])[0] for text in texts])
    np.testing.assert_allclose(batch, alone, atol=1e-5)
    torch = runtimes["torch"].model.encode([long_text], normalize_embeddings=True)[0]
    assert float(np.dot(batch[-1], torch)) > 0.99999


def test_semantic_neighbours_agree(runtimes: dict[str, Embedder]) -> None:
    passages = runtimes["torch"].encode_passages(GERMAN_SENTENCES)
    for query in ("Wohnraum für Flüchtlinge aus der Ukraine", "Eintritt für Kinder"):
        ranks = {name: list(np.argsort(-(passages @ e.encode_query(query))))
                 for name, e in runtimes.items()}
        assert ranks["onnx"] == ranks["torch"], query


def test_export_is_kept_and_not_repeated(model_dir: Path) -> None:
    path = export_onnx(model_dir)
    before = path.stat().st_mtime_ns
    assert export_onnx(model_dir) == path and path.stat().st_mtime_ns == before
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]  # no leftovers


def test_other_pooling_falls_back_to_torch(model_dir: Path, tmp_path: Path) -> None:
    """A model whose pipeline is not mean pooling + normalization keeps torch under `auto`
    and is refused when ONNX is forced."""
    other = tmp_path / "cls-model"
    shutil.copytree(model_dir, other, ignore=shutil.ignore_patterns("onnx"))
    pooling = other / "1_Pooling" / "config.json"
    config = json.loads(pooling.read_text(encoding="utf-8"))
    pooling.write_text(json.dumps({**config, "pooling_mode_mean_tokens": False,
                                   "pooling_mode_cls_token": True}), encoding="utf-8")
    assert mean_pooling(model_dir) and not mean_pooling(other)
    auto = Embedder(str(other), cache=False, variant="fp32", query_runtime="auto")
    assert auto.query_runtime == "fp32" and auto.onnx is None
    assert not (other / ONNX_FILE).exists()
    with pytest.raises(OnnxUnavailable, match="mean pooling"):
        Embedder(str(other), cache=False, query_runtime="onnx")
    with pytest.raises(ValueError, match="unknown query runtime"):
        Embedder(str(other), cache=False, query_runtime="tensorrt")


def test_model_prepare_says_which_variants_run_here() -> None:
    """`ratsuche model prepare` (the first step of `make demo`) builds the model and the
    query graph and names what runs on this CPU."""
    result = CliRunner().invoke(cli, ["model", "prepare"])
    assert result.exit_code == 0, result.output
    expected = choose_variant(get_settings().embedding_variant, cpu_flags())
    assert f"passages: {expected}, queries: onnx" in result.output
