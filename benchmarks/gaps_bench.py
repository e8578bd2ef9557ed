"""Timings of the gap analyses on synthetic graphs (run: python -m benchmarks.gaps_bench [N ...]).

Until benchmarks/run.py has an analyses hook, this script generates a graph shaped like the
curated one (organisations in EU countries and China, activities with sourced participations
and priority links, memberships, biobanks with standards) of about N triples, and times the
snapshot and each analysis on the embedded store.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from typing import TypeVar

from ic2kg import paths
from ic2kg.build import apply_rules
from ic2kg.gaps import Snapshot, load_snapshot
from ic2kg.gaps.biobanks import biobank_pairs
from ic2kg.gaps.coverage import coverage
from ic2kg.gaps.network import network_roles
from ic2kg.gaps.opportunities import opportunities
from ic2kg.gaps.standards import standards_report
from ic2kg.store import EmbeddedStore

T = TypeVar("T")
ONT = "https://w3id.org/ic2kg/ontology#"
K = "https://w3id.org/ic2kg/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SOURCE = "http://purl.org/dc/terms/source"
ORG = "http://www.w3.org/ns/org#"
COUNTRIES = ["DE", "FR", "ES", "IT", "NL", "SE", "PL", "AT", "CN"]


def synthetic(triples: int, seed: int = 7) -> bytes:
    """N-Triples of a synthetic graph with about ``triples`` triples (before the rules)."""
    rng = random.Random(seed)
    lines: list[str] = []

    def t(s: str, p: str, o: str) -> None:
        lines.append(f"<{s}> <{p}> {o} .")

    n_orgs = max(20, triples // 25)
    orgs = [f"{K}syn-org-{i}" for i in range(n_orgs)]
    for i, org in enumerate(orgs):
        kind = "FundingOrganisation" if i % 5 == 0 else "ResearchOrganisation"
        t(org, RDF_TYPE, f"<{ONT}{kind}>")
        t(org, LABEL, f'"Organisation {i}"@en')
        t(org, f"{ONT}country", f"<{K}country-{rng.choice(COUNTRIES)}>")
        t(org, SOURCE, f"<https://example.org/org/{i}>")
    for i in range(n_orgs // 3):
        activity = f"{K}syn-proj-{i}"
        t(activity, RDF_TYPE, f"<{ONT}Project>")
        t(activity, LABEL, f'"Project {i}"@en')
        t(activity, SOURCE, f"<https://example.org/proj/{i}>")
        for j, member in enumerate(rng.sample(orgs, 4)):
            node = f"{K}syn-part-{i}-{j}"
            t(activity, f"{ONT}qualifiedParticipation", f"<{node}>")
            t(node, RDF_TYPE, f"<{ONT}Participation>")
            t(node, f"{ONT}participant", f"<{member}>")
            role = "role-funder" if j == 0 else "role-partner"
            t(node, f"{ONT}participationRole", f"<{K}{role}>")
            t(node, SOURCE, f"<https://example.org/proj/{i}>")
        for p in rng.sample(range(1, 6), 2):
            link = f"{K}syn-link-{i}-{p}"
            t(activity, f"{ONT}qualifiedPriority", f"<{link}>")
            t(link, RDF_TYPE, f"<{ONT}PriorityLink>")
            t(link, f"{ONT}priority", f"<{K}ap-p{p}>")
            t(link, SOURCE, f"<https://example.org/proj/{i}>")
    for i in range(n_orgs // 10):
        membership = f"{K}syn-mem-{i}"
        t(membership, RDF_TYPE, f"<{ORG}Membership>")
        t(membership, f"{ORG}member", f"<{rng.choice(orgs)}>")
        t(membership, f"{ORG}organization", f"<{K}ri-bbmri-eric>")
        t(membership, SOURCE, "<https://example.org/members>")
    for i in range(n_orgs // 20):
        biobank = f"{K}syn-bb-{i}"
        t(biobank, RDF_TYPE, f"<{ONT}Biobank>")
        t(biobank, LABEL, f'"Biobank {i}"@en')
        t(biobank, f"{ONT}country", f"<{K}country-{rng.choice(COUNTRIES)}>")
        t(biobank, f"{ONT}diseaseArea", f"<{K}disease-{rng.choice(['cancer', 'chronic-ncd'])}>")
        t(biobank, f"{ONT}adoptsStandard", f"<{K}std-{rng.choice(['miabis', 'iso-20387'])}>")
        t(biobank, SOURCE, f"<https://example.org/bb/{i}>")
    return ("\n".join(lines) + "\n").encode()


def timed(name: str, func: Callable[[], T]) -> T:
    """Run ``func``, print how long it took, return its result."""
    start = time.perf_counter()
    result = func()
    print(f"  {name:<34} {time.perf_counter() - start:8.2f} s")
    return result


def run_size(size: int) -> None:
    """Build the curated graph plus ``size`` synthetic triples and time every analysis."""
    store = EmbeddedStore()
    store.load_file(paths.ONTOLOGY_EDIT)
    for path in paths.graph_files():
        store.load_file(path)
    store.load(synthetic(size), "ntriples")
    apply_rules(store)
    print(f"{store.triple_count()} triples (curated graph + about {size} synthetic)")
    snapshot: Snapshot = timed("snapshot (SPARQL)", lambda: load_snapshot(store))
    timed("coverage", lambda: coverage(snapshot))
    timed(
        "opportunities (funders, top 20)",
        lambda: opportunities(snapshot, partner_kind="funder", top=20),
    )
    timed("standards", lambda: standards_report(snapshot))
    timed("biobank pairs", lambda: biobank_pairs(snapshot))
    timed("network roles", lambda: network_roles(snapshot))


def main(sizes: list[int]) -> None:
    """Time the analyses at each size."""
    for size in sizes:
        run_size(size)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100_000])
