"""Pydantic models of the API's JSON answers (inputs are query parameters and RDF bodies)."""

from __future__ import annotations

from typing import Any, Literal

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
    entities: int = Field(
        description="Typed subjects under https://w3id.org/ic2kg/id/ (VoID's void:entities)."
    )
    labelled_entities: int = Field(
        description="Entities with an English label: what the label coverage counts are of."
    )
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
    count: int = Field(description="Rows on this page.")
    limit: int
    offset: int
    total: int | None = Field(
        None, description="Rows of the whole answer (SELECT queries; None for CONSTRUCT)."
    )
    truncated: bool = Field(False, description="This page holds fewer rows than the whole answer.")
    next: str | None = Field(None, description="URL of the next page, if there is one.")
    prev: str | None = Field(None, description="URL of the previous page, if there is one.")


# ---------------------------------------------------------------- the web pages' JSON


class Named(BaseModel):
    """An entity with its label and the page that shows it."""

    iri: str
    label: str
    href: str
    translated: bool = Field(
        False, description="The label is a translation made by the ic2kg curators."
    )


class SearchHit(BaseModel):
    """One search result."""

    iri: str
    label: str
    translated: bool = Field(description="The label is a translation made by ic2kg curators.")
    other_label: str | None
    matched: str | None
    kinds: list[str]
    categories: list[str]
    group: str = Field("other", description="The kind the result list groups it under.")
    country: Named | None
    href: str
    explore: str


class SearchGroup(BaseModel):
    """A kind of the result list and how many results it has."""

    kind: str
    count: int


class SearchResults(BaseModel):
    """One page of search results, best first, and how many match in all."""

    query: str
    lang: str
    kind: str | None
    total: int = Field(description="Number of entities that match.")
    offset: int
    count: int = Field(description="Number of results on this page.")
    country: Named | None = Field(description="The country the query names (name or ISO code).")
    close: bool = Field(description="No name contains the query: these are close spellings.")
    groups: list[SearchGroup] = Field(
        default_factory=list, description="Every kind among the results, in the list's order."
    )
    results: list[SearchHit]


class Neighbour(BaseModel):
    """A neighbour of the entity and the relations linking them, worded from the entity."""

    iri: str
    label: str
    kinds: list[str]
    href: str
    explore: str
    links: list[dict[str, str]]  # {direction: in|out, property, label}


class Neighbourhood(BaseModel):
    """An entity and its direct neighbours."""

    entity: SearchHit
    neighbours: list[Neighbour]


class Party(BaseModel):
    """A country, funder, organisation, biobank or priority the explorer can focus on."""

    iri: str
    local: str
    label: str
    code: str | None = None
    side: str | None = None
    region: str | None = None
    translated: bool = False


class Parties(BaseModel):
    """What the explorer's pickers list."""

    countries: list[Party]
    funders: list[Party]
    organisations: list[Party]
    biobanks: list[Party]
    priorities: list[Party]
    properties: dict[str, str]  # property IRI -> label, for evidence paths


class GraphNode(BaseModel):
    """A node of the network view."""

    id: str
    label: str
    kind: str
    side: str | None
    degree: int
    href: str
    x: float | None = None  # a fixed layout around a focus (None: the page lays it out)
    y: float | None = None
    focus: bool = False
    hops: int | None = None  # steps from the focus
    role: str | None = None
    betweenness: float | None = None  # share of shortest paths through the node, in [0, 1]


class GraphEdge(BaseModel):
    """An edge of the network view."""

    source: str
    target: str
    relation: str


class NetworkGraph(BaseModel):
    """The collaboration graph around a focus, or the parts of it that join European and
    Chinese organisations."""

    nodes: list[GraphNode]
    edges: list[GraphEdge]
    focus: str | None = None
    truncated: bool = False


class MatrixRow(BaseModel):
    """A party of the standards matrix and the standard families it declares."""

    party: Party
    kind: str
    declares: list[str]


class StandardsMatrix(BaseModel):
    """Which country or biobank declares which standard family."""

    standards: list[Party]
    rows: list[MatrixRow]


class LabelRequest(BaseModel):
    """IRIs a results table shows, to be named."""

    iris: list[str] = Field(max_length=5_000, description="IRIs, as they appear in results.")
    lang: Literal["en", "zh"] = "en"


class Example(BaseModel):
    """A saved query as an editor tab: its question, its text with the example parameters bound."""

    name: str
    summary: str
    sparql: str
    url: str


class DownloadFile(BaseModel):
    """One release file of the served graph."""

    name: str = Field(description="Path under /downloads/, as in SHA256SUMS.")
    url: str
    media_type: str
    bytes: int = Field(description="Size before compression.")
    sha256: str = Field(description="Hex SHA-256 of the file, as SHA256SUMS gives it.")


class DownloadList(BaseModel):
    """The release files of the served graph."""

    version: str
    modified: str = Field(description="The day the data last changed (ISO 8601).")
    files: list[DownloadFile]


class LookupMatchPublic(BaseModel):
    """One of our entities that carries or maps to the identifier looked up."""

    entity: str
    label: str | None
    how: str = Field(description="identifier (an identifier property) or the SKOS match used.")
    reference: str = Field(description="The identifier as a CURIE.")


class LookupAnswerPublic(BaseModel):
    """What one identifier is: its matches (none when ic2kg has no such entity), or an error."""

    id: str
    matches: list[LookupMatchPublic]
    error: str | None = Field(None, description="Why the text is not an identifier (POST only).")


class LookupRequest(BaseModel):
    """Identifiers to look up, in any form GET /lookup accepts."""

    ids: list[str] = Field(min_length=1, max_length=1000)


class LookupAnswersPublic(BaseModel):
    """One answer per identifier posted, in order."""

    count: int
    found: int = Field(description="Identifiers with at least one match.")
    results: list[LookupAnswerPublic]
