"""Default weights and parameters of the gap scores; docs/gaps.md explains each choice."""

from __future__ import annotations

from dataclasses import dataclass, fields

from ic2kg.errors import BadParameter


def _check_weights(name: str, values: dict[str, float]) -> None:
    for key, value in values.items():
        if value < 0:
            raise BadParameter(key, f"{name} weight must be >= 0, got {value}")
    if sum(values.values()) <= 0:
        raise BadParameter(name, "at least one weight must be positive")


@dataclass(frozen=True)
class OpportunityWeights:
    """Weights of the four terms of an opportunity score (each term lies in [0, 1]).

    The score is the weighted mean of the terms, so it lies in [0, 1] too. Shared priorities
    dominate because question 13 asks for partners "that share the most priorities"; the other
    three terms break ties among pairs with equal overlap.
    """

    priority_overlap: float = 0.55
    complementarity: float = 0.15
    standards: float = 0.15
    networks: float = 0.15
    min_shared: int = 1
    paths_per_side: int = 1

    def __post_init__(self) -> None:
        _check_weights("opportunity", self.terms())
        if self.min_shared < 1:
            raise BadParameter("min_shared", "must be at least 1")
        if self.paths_per_side < 1:
            raise BadParameter("paths_per_side", "must be at least 1")

    def terms(self) -> dict[str, float]:
        """The four term weights by name."""
        names = ("priority_overlap", "complementarity", "standards", "networks")
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name in names}


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
