"""The ranked list that fusion produces and every later ranking step reorders."""

from typing import NamedTuple

from ratsuche.backends.base import Hit


class FusedPassage(NamedTuple):
    """A passage after fusion: its best chunk, its fused score and its rank in each list
    (1-based; None where that list did not find it)."""

    hit: Hit
    score: float
    ranks: list[int | None]


Fused = list[FusedPassage]


def by_score(fused: Fused) -> Fused:
    """Best fused score first (stable among equal scores)."""
    return sorted(fused, key=lambda item: item.score, reverse=True)
