"""Dense pseudo-relevance feedback: the query vector moved toward the passages hybrid ranks
best, so the dense side searches again in the documents' own words.

A citizen asks "Kann man in Nordstemmen mit dem Wohnmobil übernachten?"; the protocols say
"Wohnmobilstellplatz am Freibad". The first hybrid ranking, lifted by the keyword side's exact
matches, finds some of those passages; their vectors carry the documents' wording, and the
query moved toward the best of them that the keyword side matched finds their neighbours
(Rocchio's feedback in the vector space).
Chosen by cross-validation on the whole corpus (BENCHMARKS.md, "Dense feedback").
"""

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray


def moved_query(
    query: NDArray[np.float32], passages: Sequence[NDArray[np.float32]], weight: float
) -> NDArray[np.float32]:
    """The unit vector of `query + weight * mean(passages)`; the query itself without
    passages or weight."""
    if not passages or weight <= 0:
        return query
    moved = query + weight * np.mean(np.stack(passages), axis=0)
    norm = float(np.linalg.norm(moved))
    return (moved / norm).astype(np.float32) if norm > 0 else query
