"""Pydantic models of the API's JSON answers (inputs are query parameters and RDF bodies)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from ic2kg.validate import Finding


class Problem(BaseModel):
    """An error (RFC 9457 problem details)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str


class Health(BaseModel):
    """Liveness and the size of the graph being served."""

    status: str
    triples: int
    workers: int


class Stats(BaseModel):
    """Counts per class and facts about the build."""

    version: str
    built_at: str = Field(description="When the graph was built (UTC, ISO 8601).")
    build_seconds: float
    triples: int
    entities: int
    classes: dict[str, int]
    with_chinese_label: int
    with_external_identifier: int
    sources_by_kind: dict[str, int] = Field(
        description="Distinct cited URLs per kind of source (graph/source-domains.ttl)."
    )
    weakly_sourced_entities: int = Field(description="Entities whose only sources are weak.")
    chinese_labels_published: int
    chinese_labels_translated: int = Field(
        description="Chinese labels made by the ic2kg curators (ic2kg:translatedLabel)."
    )


class ValidationReport(BaseModel):
    """The SHACL report of a posted graph."""

    conforms: bool
    triples: int
    violations: int
    warnings: int
    results: list[Finding]


class QueryParameter(BaseModel):
    """A parameter of a saved query."""

    name: str
    type: str
    required: bool
    description: str | None = None
    example: Any = None


class SavedQuery(BaseModel):
    """A saved query of the library, as listed by GET /queries."""

    name: str
    summary: str
    description: str | None = None
    tags: list[str] = Field(default_factory=list)
    parameters: list[QueryParameter] = Field(default_factory=list)
    url: str


class SavedQueries(BaseModel):
    """Every saved query."""

    data: list[SavedQuery]
    count: int


class QueryRows(BaseModel):
    """Rows of a saved query: plain JSON values (IRIs and literals as strings)."""

    name: str
    variables: list[str]
    rows: list[dict[str, Any]]
    count: int
    limit: int
    offset: int
