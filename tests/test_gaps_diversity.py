"""The diversity cap (ic2kg.gaps.diversity): one re-ranking step for every ranking."""

from __future__ import annotations

import numpy as np

from ic2kg.gaps.diversity import capped, capped_head

# Five pairs, best first: (0, 0), (0, 1), (0, 2), (1, 0), (2, 2).
LEFT = np.array([0, 0, 0, 1, 2])
RIGHT = np.array([0, 1, 2, 0, 2])
RANKED = np.arange(5)


def test_a_side_holding_its_cap_is_passed_over_and_follows() -> None:
    chosen, filled = capped(LEFT, RIGHT, RANKED, (2, 1))
    # Left 0 holds two pairs, so (0, 2) waits; right 0 holds (0, 0), so (1, 0) waits too.
    assert chosen == [0, 1, 4, 2, 3] and filled


def test_the_focus_is_exempt_and_top_stops_the_walk() -> None:
    chosen, filled = capped(LEFT, RIGHT, RANKED, (1, 1), exempt_left=0, top=3)
    assert chosen == [0, 1, 2] and filled
    chosen, filled = capped(LEFT, RIGHT, RANKED, (1, 1), top=4)
    # Under the caps only (0, 0) and (2, 2) fit; the passed-over pairs fill the list.
    assert chosen == [0, 4, 1, 2] and not filled


def test_the_cap_applies_to_the_head_only() -> None:
    order = capped_head(LEFT, RIGHT, RANKED, (1, 1), head=3)
    assert order.tolist() == [0, 1, 2, 3, 4]
    order = capped_head(LEFT, RIGHT, np.array([0, 1, 4, 2, 3]), (1, 5), head=3)
    assert order.tolist() == [0, 4, 1, 2, 3]
