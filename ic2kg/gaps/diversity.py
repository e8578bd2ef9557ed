"""Diversity as a re-ranking step: a cap on the pairs each organisation holds in a ranked list.

One step for every ranking (the planner's views, the learned model and every baseline of the
backtest): walking the ranking best first, a pair is passed over while one of its two sides
already holds its side's cap of kept pairs; the pairs passed over follow in their order.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]


def capped(
    left: IntArray,
    right: IntArray,
    ranked: IntArray,
    caps: tuple[int, int],
    *,
    exempt_left: int = -1,
    top: int | None = None,
) -> tuple[list[int], bool]:
    """The positions of ``ranked`` re-ordered so no side holds more than its cap of pairs.

    :param left: the left-side index of each pair (``ranked`` holds positions into it).
    :param right: the right-side index of each pair.
    :param caps: the most pairs one left and one right party may hold.
    :param exempt_left: a left index no cap applies to (the focus of a view).
    :param top: stop once this many pairs are kept under the caps.
    :returns: the kept positions followed by those passed over (at most ``top`` with it), and
        whether the walk filled ``top`` under the caps (always True without ``top``).
    """
    held_left: dict[int, int] = {}
    held_right: dict[int, int] = {}
    cap_left, cap_right = caps
    kept: list[int] = []
    passed: list[int] = []
    for position in ranked.tolist():
        i, j = int(left[position]), int(right[position])
        if (i != exempt_left and held_left.get(i, 0) >= cap_left) or held_right.get(
            j, 0
        ) >= cap_right:
            passed.append(position)
            continue
        kept.append(position)
        held_left[i] = held_left.get(i, 0) + 1
        held_right[j] = held_right.get(j, 0) + 1
        if top is not None and len(kept) >= top:
            return kept, True
    if top is None:
        return kept + passed, True
    return (kept + passed)[:top], False


def capped_head(
    left: IntArray, right: IntArray, ranked: IntArray, caps: tuple[int, int], head: int
) -> IntArray:
    """``ranked`` with the cap applied to its first ``head`` pairs (the lists people read);
    beyond, the plain order."""
    chosen, _ = capped(left, right, ranked[:head], caps)
    return np.concatenate([np.array(chosen, dtype=np.int64), ranked[head:]])
