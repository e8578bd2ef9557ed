"""Default weights and parameters of the gap scores; docs/gaps.md explains each choice."""

from __future__ import annotations

from dataclasses import dataclass, fields

from ic2kg.errors import BadParameter

OPPORTUNITY_PARTS = ("topics", "partners", "distance", "standards", "memberships", "activity")


def _check_weights(name: str, values: dict[str, float]) -> None:
    for key, value in values.items():
        if value < 0:
            raise BadParameter(key, f"{name} weight must be >= 0, got {value}")
    if sum(values.values()) <= 0:
        raise BadParameter(name, "at least one weight must be positive")


@dataclass(frozen=True)
class OpportunityWeights:
    """Weights of the six parts of an opportunity score (each part lies in [0, 1]).

    The score is the weighted mean of the parts, so it lies in [0, 1] too. The defaults were
    chosen by ``ic2kg gaps evaluate`` on the earliest cut-off (2018) only; the later cut-offs
    judge them (benchmarks/GAPS_EVAL.md). ``max_per_european`` and ``max_per_chinese``: no
    European (Chinese) organisation other than the focus appears in more pairs than this in a
    ranked list, so the list names many organisations instead of pairing the biggest players
    with everyone: a cap of 4 names at least 25 Chinese organisations in a list of 100.
    """

    # Chosen by `ic2kg gaps evaluate` on the 2018 cut-off of the CORDIS record (coordinate
    # search from 0.3/0.25/0.1/0.05/0.05/0.25, caps 10/4; benchmarks/GAPS_EVAL.md, 2026-12-03):
    # on that record only recent activity improved the ranking; standards and memberships kept
    # their starting 0.05 as no value changed it.
    topics: float = 0.0
    partners: float = 0.0
    distance: float = 0.0
    standards: float = 0.05
    memberships: float = 0.05
    activity: float = 0.25
    max_per_european: int = 4
    max_per_chinese: int = 4
    paths_per_side: int = 1

    def __post_init__(self) -> None:
        _check_weights("opportunity", self.terms())
        if self.max_per_european < 1 or self.max_per_chinese < 1:
            raise BadParameter("max_per_organisation", "caps must be at least 1")
        if self.paths_per_side < 1:
            raise BadParameter("paths_per_side", "must be at least 1")

    def terms(self) -> dict[str, float]:
        """The six part weights by name."""
        return {name: float(getattr(self, name)) for name in OPPORTUNITY_PARTS}


@dataclass(frozen=True)
class BiobankWeights:
    """Weights of the four terms of a biobank-pair score (each term lies in [0, 1])."""

    disease_overlap: float = 0.35
    sample_complementarity: float = 0.2
    population: float = 0.15
    standards: float = 0.3

    def __post_init__(self) -> None:
        _check_weights("biobank", self.terms())

    def terms(self) -> dict[str, float]:
        """The four term weights by name."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class NetworkParameters:
    """How network roles are computed.

    ``sample_above``: with more European source nodes than this, betweenness is estimated from
    ``sample_size`` sources drawn with ``seed``; below it, it is exact.
    """

    seed: int = 42
    resolution: float = 1.0
    sample_above: int = 2000
    sample_size: int = 500
    min_community: int = 2

    def __post_init__(self) -> None:
        if self.sample_size < 1 or self.sample_above < 1:
            raise BadParameter("sample_size", "sample sizes must be positive")
        if self.resolution <= 0:
            raise BadParameter("resolution", "must be positive")


@dataclass(frozen=True)
class ProjectionWeights:
    """Weights of the links in the country-country and funder-funder projections."""

    shared_priority: float = 1.0
    joint_activity: float = 3.0
    shared_standard: float = 1.0
    shared_membership: float = 0.5

    def __post_init__(self) -> None:
        _check_weights("projection", {f.name: getattr(self, f.name) for f in fields(self)})
