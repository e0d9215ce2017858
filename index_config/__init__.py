"""The versioned index definition (settings, mappings, analyzers) as data.

The JSON files in this folder are the single source of truth; code reads them here and
never builds mappings inline. Word lists (`*.txt`) are analyzer resources, inlined into
the definition sent to the engine and read by the embedded analyzer.
"""

import copy
import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

CONFIG_DIR = Path(__file__).resolve().parent
INDEX_FILE = CONFIG_DIR / "index.json"


@cache
def _load_raw() -> dict[str, Any]:
    with INDEX_FILE.open(encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


def read_word_list(name: str) -> list[str]:
    """A word list shipped in this folder: one entry per line, `#` starts a comment line."""
    lines = (CONFIG_DIR / name).read_text(encoding="utf-8").splitlines()
    return [w.strip() for w in lines if w.strip() and not w.startswith("#")]


def index_definition(vector_dimension: int | None = None) -> dict[str, Any]:
    """The index body for `indices.create`, with the vector dimension of the model in use.

    Word lists referenced by `word_list_path` / `stopwords_path` are inlined as `word_list` /
    `stopwords`, so the definition works on any cluster, including managed ones where files
    cannot be placed on the nodes, and the embedded analyzer reads the very same lists.
    """
    body = copy.deepcopy(_load_raw())
    if vector_dimension is not None:
        body["mappings"]["properties"]["vector"]["dimension"] = vector_dimension
    for token_filter in body["settings"]["analysis"]["filter"].values():
        for path_key, list_key in (("word_list_path", "word_list"),
                                   ("stopwords_path", "stopwords")):
            path = token_filter.pop(path_key, None)
            if path is not None:
                token_filter[list_key] = read_word_list(path)
    return body


def definition_version(definition: dict[str, Any]) -> str:
    """A short, stable fingerprint of a definition (word lists included, as they are inlined).

    Part of the physical index name, so a changed definition or word list creates a new index.
    """
    canonical = json.dumps(definition, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:10]
