"""The query side of the embedding model in ONNX Runtime.

A query is one short text: torch spends most of its time there on per-call overhead, ONNX
Runtime runs the same graph in a third of it. The graph is the model's own transformer in
fp32, exported once from the local model folder (no hub), so its vectors are the torch fp32
vectors (cosine >= 0.99999 on the dev queries, `bench/encoder_variants.py`) and query vectors
of both runtimes can be used against the same index. Passages stay in torch: for batches of
long texts it is as fast or faster.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

logger = logging.getLogger(__name__)

ONNX_FILE = Path("onnx") / "model.onnx"
OPSET = 17


class OnnxUnavailable(RuntimeError):
    """ONNX Runtime cannot run this model (not installed, not a local folder, other pooling)."""


def mean_pooling(model_dir: Path) -> bool:
    """True if the folder's sentence-transformers pipeline is transformer, mean pooling,
    normalization: the pipeline `OnnxQueryEncoder` reproduces."""
    try:
        modules = json.loads((model_dir / "modules.json").read_text(encoding="utf-8"))
        pooling = next(m for m in modules if m["type"].endswith("Pooling"))
        config = json.loads((model_dir / pooling["path"] / "config.json").read_text("utf-8"))
    except (OSError, ValueError, StopIteration, KeyError):
        return False
    kinds = [m["type"].rsplit(".", 1)[-1] for m in modules]
    means = config.get("pooling_mode_mean_tokens") and not any(
        value for key, value in config.items()
        if key.startswith("pooling_mode_") and key != "pooling_mode_mean_tokens")
    return bool(means) and kinds == ["Transformer", "Pooling", "Normalize"]


def export_onnx(model_dir: Path) -> Path:
    """The folder's transformer as an ONNX graph beside it, exported on first use (about 5 s)
    into a temporary file and renamed into place, so a crash leaves no half-written graph."""
    target = model_dir / ONNX_FILE
    if target.exists():
        return target
    import torch
    from transformers import AutoModel, AutoTokenizer

    class LastHidden(torch.nn.Module):
        def __init__(self, model: torch.nn.Module) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            return self.model(input_ids=input_ids, attention_mask=attention_mask)[0]

    model = AutoModel.from_pretrained(model_dir).eval()
    example = AutoTokenizer.from_pretrained(model_dir)(
        ["query: Bebauungsplan", "query: Kita"], padding=True, return_tensors="pt")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{uuid.uuid4().hex}")
    axes = {0: "batch", 1: "tokens"}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the tracer's notes on shapes it takes as constants
            torch.onnx.export(
                LastHidden(model), (example["input_ids"], example["attention_mask"]), str(partial),
                input_names=["input_ids", "attention_mask"], output_names=["last_hidden_state"],
                dynamic_axes={"input_ids": axes, "attention_mask": axes, "last_hidden_state": axes},
                opset_version=OPSET, dynamo=False)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    logger.info("exported %s", target)
    return target


class OnnxQueryEncoder:
    """Query vectors from the ONNX graph of a sentence-transformers model, with the model's
    own tokenizer (same truncation), mean pooling and L2 normalization."""

    def __init__(self, model: SentenceTransformer, model_dir: Path) -> None:
        try:
            import onnxruntime
        except ImportError as exc:
            raise OnnxUnavailable("onnxruntime is not installed") from exc
        if not model_dir.is_dir() or not mean_pooling(model_dir):
            raise OnnxUnavailable(f"{model_dir}: not a local folder with mean pooling")
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3  # no warnings about unused initializers
        # Threads that spin after a run burn a core while the request waits on the engine:
        # twice the CPU per query in the API for no gain in latency (BENCHMARKS.md).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = onnxruntime.InferenceSession(
            str(export_onnx(model_dir)), options, providers=["CPUExecutionProvider"])
        self.model = model

    def encode(self, texts: list[str]) -> NDArray[np.float32]:
        """L2-normalized vectors of `texts` (prefix included), shape (len(texts), dimension)."""
        features = self.model.tokenizer(
            texts, padding=True, truncation=True, max_length=self.model.max_seq_length,
            return_tensors="np")
        ids = features["input_ids"].astype(np.int64)
        mask = features["attention_mask"].astype(np.int64)
        hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return np.ascontiguousarray(pooled / np.maximum(norms, 1e-12), dtype=np.float32)
