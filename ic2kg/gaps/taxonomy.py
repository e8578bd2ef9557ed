"""Which kind of entity and which partner role each class stands for, read from the ontology.

The ontology states the class tree with rdfs:subClassOf (queries/gaps/class-taxonomy.rq
reads it); here only the roots are named, with the word the analyses use for each. A class
added under ic2kg:Organisation, or ic2kg:University under ic2kg:ResearchOrganisation, is then
sorted without a code change.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib.namespace import ORG

from ic2kg.gaps.model import Role
from ic2kg.namespaces import IC2KG

# First match wins: activities before organisations (a working group is an org:OrganizationalUnit).
KIND_ROOTS: tuple[tuple[str, str], ...] = (
    (str(IC2KG.Country), "country"),
    (str(IC2KG.FundingProgramme), "programme"),
    (str(IC2KG.Call), "call"),
    (str(IC2KG.Project), "project"),
    (str(IC2KG.WorkingGroup), "working-group"),
    (str(IC2KG.Organisation), "organisation"),
    (str(ORG.OrganizationalUnit), "organisation"),
    (str(IC2KG.Standard), "standard"),
    (str(IC2KG.Policy), "policy"),
)
# The role an organisation plays as a partner, first match wins. Classes outside these roots
# (ministries, networks, standards bodies, party and legislative organs) are context, not
# partners, unless the graph shows them funding something (then they are funders).
ROLE_ROOTS: tuple[tuple[str, Role], ...] = (
    (str(IC2KG.FundingOrganisation), "funder"),
    (str(IC2KG.Biobank), "biobank"),
    (str(IC2KG.Hospital), "hospital"),
    (str(IC2KG.University), "university"),
    (str(IC2KG.ResearchOrganisation), "research"),
    (str(IC2KG.ResearchInfrastructure), "research"),
    (str(IC2KG.Company), "company"),
)
# The CORDIS activity type of a participant (skos:notation of kg:cordis-activity-types) says
# what an organisation whose class gives no role does: HES is higher education, PRC a company;
# REC, PUB and OTH organisations that take part in research projects act as research partners.
ACTIVITY_TYPE_ROLES: dict[str, Role] = {
    "HES": "university",
    "REC": "research",
    "PRC": "company",
    "PUB": "research",
    "OTH": "research",
}
FUNDER_CLASS = str(IC2KG.FundingOrganisation)
BIOBANK_CLASS = str(IC2KG.Biobank)
COUNTRY_CLASS = str(IC2KG.Country)
STANDARD_CLASS = str(IC2KG.Standard)


@dataclass(frozen=True)
class Taxonomy:
    """Each class with the root classes it falls under (itself included)."""

    roots: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, pairs: Iterable[tuple[str, str]]) -> Taxonomy:
        """From (class, root) rows of class-taxonomy.rq."""
        found: dict[str, set[str]] = defaultdict(set)
        for klass, root in pairs:
            found[klass].add(root)
        return cls({k: frozenset(v) for k, v in found.items()})

    def under(self, types: Iterable[str]) -> frozenset[str]:
        """Every root the given classes fall under (a root counts as under itself)."""
        found: set[str] = set()
        for t in types:
            found |= self.roots.get(t, frozenset({t}))
        return frozenset(found)

    def kind(self, types: Iterable[str]) -> str | None:
        """country, programme, call, project, working-group, organisation, standard, policy."""
        roots = self.under(types)
        return next((name for root, name in KIND_ROOTS if root in roots), None)

    def role(self, types: Iterable[str]) -> Role | None:
        """The partner role the classes give, or None for context-only bodies."""
        roots = self.under(types)
        return next((name for root, name in ROLE_ROOTS if root in roots), None)

    def is_a(self, types: Iterable[str], root: str) -> bool:
        """Whether one of the classes is ``root`` or below it."""
        return root in self.under(types)
