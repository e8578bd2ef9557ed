"""Synthetic graphs shaped like the curated ic2kg graph, at any size (for benchmarks only).

Same classes and link patterns as graph/: organisations with en (and often zh) labels in EU,
other European and Chinese countries; programmes, calls and projects with sourced participations
(blank nodes) and priority links to the Action Plan priorities; memberships; biobanks with disease
areas, sample types and adopted standards; standards issued by standards bodies; policies.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ic2kg.store import EmbeddedStore

ONT = "https://w3id.org/ic2kg/ontology#"
K = "https://w3id.org/ic2kg/id/"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
SOURCE = "<http://purl.org/dc/terms/source>"
ORG = "http://www.w3.org/ns/org#"
EU = ["AT", "BE", "DE", "DK", "EE", "ES", "FI", "FR", "IE", "IT", "LV", "NL", "PL", "PT", "SE"]
EUROPE_OTHER = ["NO", "CH", "GB", "TR"]
CHINA = ["CN"]
PRIORITIES = [f"ap-p{i}" for i in range(1, 6)]
DISEASES = ["disease-cancer", "disease-rare", "disease-cardiovascular", "disease-neuro"]
SAMPLES = ["sample-dna", "sample-serum", "sample-tissue", "sample-plasma"]
ROLES = ["role-partner", "role-coordinator", "role-funder"]


def k(name: str) -> str:
    """A kg: IRI in N-Triples form."""
    return f"<{K}{name}>"


def o(name: str) -> str:
    """An ic2kg ontology IRI in N-Triples form."""
    return f"<{ONT}{name}>"


def lit(text: str, lang: str) -> str:
    """A language-tagged literal."""
    return f'"{text}"@{lang}'


def _countries() -> Iterator[str]:
    for region, codes in (("eu", EU), ("europe-other", EUROPE_OTHER), ("china", CHINA)):
        for code in codes:
            c = k(f"country-{code}")
            yield f"{c} {RDF_TYPE} {o('Country')} ."
            yield f"{c} {LABEL} {lit('Country ' + code, 'en')} ."
            yield f"{c} {o('region')} {k('region-' + region)} ."
            yield f'{c} {o("iso3166Alpha2")} "{code}" .'
            yield f"{c} {SOURCE} <https://example.org/iso3166> ."
    for p in PRIORITIES:
        yield f"{k(p)} {RDF_TYPE} {o('ActionPlanPriority')} ."
        yield f"{k(p)} {LABEL} {lit('Priority ' + p, 'en')} ."
        yield f"{k(p)} {LABEL} {lit('优先事项 ' + p, 'zh')} ."


def generate(triples: int, seed: int = 42) -> Iterator[list[str]]:
    """N-Triples lines, one list per entity (with its blank nodes), about ``triples`` in all.

    Entities are emitted in a fixed mix so that every size has the same shape.
    """
    rng = random.Random(seed)
    yield list(_countries())
    count = 0
    n = 0
    countries = EU * 2 + EUROPE_OTHER + CHINA * 10
    orgs: list[str] = []
    standards: list[str] = []
    bnode = 0

    def participation(thing: str, org: str, role: str) -> list[str]:
        nonlocal bnode
        bnode += 1
        b = f"_:p{bnode}"
        return [
            f"{thing} {o('qualifiedParticipation')} {b} .",
            f"{b} {RDF_TYPE} {o('Participation')} .",
            f"{b} {o('participant')} {org} .",
            f"{b} {o('participationRole')} {k(role)} .",
            f"{b} {SOURCE} <https://example.org/src/{n}> .",
        ]

    def priority_link(thing: str) -> list[str]:
        nonlocal bnode
        bnode += 1
        b = f"_:l{bnode}"
        return [
            f"{thing} {o('qualifiedPriority')} {b} .",
            f"{b} {RDF_TYPE} {o('PriorityLink')} .",
            f"{b} {o('priority')} {k(rng.choice(PRIORITIES))} .",
            f"{b} {o('evidenceText')} {lit('evidence text ' + str(n), 'en')} .",
            f"{b} {SOURCE} <https://example.org/src/{n}> .",
        ]

    while count < triples:
        n += 1
        kind = n % 20
        lines: list[str] = []
        if kind < 8 or len(orgs) < 20:  # organisations
            s = k(f"org-{n}")
            cls = rng.choice(
                ["FundingOrganisation", "ResearchOrganisation", "Ministry", "Company", "Network"]
            )
            lines += [
                f"{s} {RDF_TYPE} {o(cls)} .",
                f"{s} {LABEL} {lit(f'Organisation {n}', 'en')} .",
                f"{s} {o('country')} {k('country-' + rng.choice(countries))} .",
                f"{s} {SOURCE} <https://example.org/org/{n}> .",
            ]
            if rng.random() < 0.6:
                lines.append(f"{s} {LABEL} {lit(f'机构 {n}', 'zh')} .")
            if rng.random() < 0.3:
                lines.append(f'{s} {o("rorId")} "0{n:08d}" .')
            orgs.append(s)
        elif kind < 10:  # programme with a call
            prog, call = k(f"prog-{n}"), k(f"call-{n}")
            lines += [
                f"{prog} {RDF_TYPE} {o('FundingProgramme')} .",
                f"{prog} {LABEL} {lit(f'Programme {n}', 'en')} .",
                f"{prog} {SOURCE} <https://example.org/prog/{n}> .",
                f"{call} {RDF_TYPE} {o('Call')} .",
                f"{call} {LABEL} {lit(f'Call {n}', 'en')} .",
                f"{call} {o('partOfProgramme')} {prog} .",
                f"{call} <http://purl.org/dc/terms/spatial> {k('country-' + rng.choice(EU))} .",
                f"{call} {SOURCE} <https://example.org/call/{n}> .",
            ]
            lines += priority_link(call) + priority_link(prog)
            for org in rng.sample(orgs[-200:], 4):
                lines += participation(prog, org, "role-funder")
            lines += participation(call, rng.choice(orgs[-200:]), "role-coordinator")
        elif kind < 14:  # project
            proj = k(f"proj-{n}")
            lines += [
                f"{proj} {RDF_TYPE} {o('Project')} .",
                f"{proj} {LABEL} {lit(f'Project {n}', 'en')} .",
                f"{proj} {SOURCE} <https://example.org/proj/{n}> .",
            ]
            lines += priority_link(proj)
            for i, org in enumerate(rng.sample(orgs[-500:], 3)):
                lines += participation(proj, org, "role-coordinator" if i == 0 else "role-partner")
        elif kind < 16:  # membership
            m = k(f"mem-{n}")
            lines += [
                f"{m} {RDF_TYPE} <{ORG}Membership> .",
                f"{m} <{ORG}member> {rng.choice(orgs)} .",
                f"{m} <{ORG}organization> {rng.choice(orgs[:50])} .",
                f"{m} <{ORG}role> {k('role-member')} .",
                f"{m} {SOURCE} <https://example.org/mem/{n}> .",
            ]
        elif kind < 17:  # standard
            s = k(f"std-{n}")
            lines += [
                f"{s} {RDF_TYPE} {o('Standard')} .",
                f"{s} {LABEL} {lit(f'Standard {n}', 'en')} .",
                f'{s} {o("standardNumber")} "STD {n}" .',
                f"{s} {o('issuedBy')} {rng.choice(orgs)} .",
                f"{s} {SOURCE} <https://example.org/std/{n}> .",
            ]
            standards.append(s)
        elif kind < 18 and standards:  # biobank
            s = k(f"bb-{n}")
            lines += [
                f"{s} {RDF_TYPE} {o('Biobank')} .",
                f"{s} {LABEL} {lit(f'Biobank {n}', 'en')} .",
                f"{s} {o('country')} {k('country-' + rng.choice(countries))} .",
                f"{s} {o('diseaseArea')} {k(rng.choice(DISEASES))} .",
                f"{s} {o('sampleType')} {k(rng.choice(SAMPLES))} .",
                f"{s} {o('adoptsStandard')} {rng.choice(standards[-100:])} .",
                f"{s} {SOURCE} <https://example.org/bb/{n}> .",
            ]
        else:  # policy
            s = k(f"pol-{n}")
            lines += [
                f"{s} {RDF_TYPE} {o('NationalStrategy')} .",
                f"{s} {LABEL} {lit(f'Policy {n}', 'en')} .",
                f"{s} {o('country')} {k('country-' + rng.choice(countries))} .",
                f"{s} {o('issuedBy')} {rng.choice(orgs)} .",
                f"{s} {SOURCE} <https://example.org/pol/{n}> .",
            ]
            lines += priority_link(s)
        count += len(lines)
        yield lines


# The CORDIS import (graph/imported/cordis.ttl, China subset), measured on 2026-12-07: 383
# projects, 18.6 participations each, 3,891 organisations (7% Chinese; 44% research
# organisations, 38% companies, 18% other), activity types hes/rec/prc/oth/pub in the ratio
# 44:20:24:6:5, 10% of the projects health research by the PM lens (graph/derived/relevance.ttl).
ACTIVITY_TYPES = [("hes", 44), ("rec", 20), ("prc", 24), ("oth", 6), ("pub", 5)]
ORG_CLASSES = [("ResearchOrganisation", 44), ("Company", 38), ("Organisation", 18)]
PROGRAMMES = [("prog-h2020", range(2014, 2021)), ("prog-horizon-europe", range(2021, 2026))]


def generate_projects(triples: int, seed: int = 42) -> Iterator[list[str]]:
    """N-Triples records shaped like the CORDIS import, about ``triples`` in all: dated
    projects of the two framework programmes under calls with topics, each with a few Chinese
    and many European participants (blank-node participations with role, activity type and
    source), the participant countries, and the PM lens' assessment of each project.

    Participants are drawn by preferential attachment (an organisation's chance grows with its
    projects), so a few organisations take part in many projects, as in the record; a third of
    the participations bring an organisation new to the graph.
    """
    rng = random.Random(seed)
    europe = EU + EUROPE_OTHER
    pools: dict[str, list[str]] = {"eu": [], "cn": []}
    # One entry per participation: drawing from it is drawing by degree.
    draws: dict[str, list[str]] = {"eu": [], "cn": []}
    kinds = [name for name, weight in ORG_CLASSES for _ in range(weight)]
    types = [name for name, weight in ACTIVITY_TYPES for _ in range(weight)]
    count = 0
    n = 0
    call = ""
    bnode = 0

    def organisation(side: str) -> tuple[str, list[str]]:
        if draws[side] and rng.random() > 1 / 3:
            return rng.choice(draws[side]), []
        code = "CN" if side == "cn" else rng.choice(europe)
        s = k(f"org-gen-{len(pools['eu']) + len(pools['cn'])}-{code.lower()}")
        pools[side].append(s)
        return s, [
            f"{s} {RDF_TYPE} {o(rng.choice(kinds))} .",
            f"{s} {LABEL} {lit(f'Organisation {len(pools[side])} {code}', 'en')} .",
            f"{s} {o('country')} {k('country-' + code)} .",
            f"{s} {SOURCE} <https://example.org/org/{len(pools[side])}-{code}> .",
        ]

    while count < triples:
        n += 1
        programme, years = PROGRAMMES[0] if rng.random() < 0.73 else PROGRAMMES[1]
        year = rng.choice(years)
        lines: list[str] = []
        if n % 10 == 1:  # a call for about ten projects
            call = k(f"call-gen-{n}")
            lines += [
                f"{call} {RDF_TYPE} {o('Call')} .",
                f"{call} {LABEL} {lit(f'Call {n}', 'en')} .",
                f"{call} {o('partOfProgramme')} {k(programme)} .",
                f"{call} {SOURCE} <https://example.org/call/{n}> .",
            ]
        proj = k(f"proj-gen-{n}")
        source = f"<https://example.org/proj/{n}>"
        lines += [
            f"{proj} {RDF_TYPE} {o('Project')} .",
            f"{proj} {LABEL} {lit(f'Project {n}', 'en')} .",
            f"{proj} <http://purl.org/dc/terms/isPartOf> {k(programme)} .",
            f"{proj} {o('fundedUnderCall')} {call} .",
            f'{proj} {o("callTopic")} "TOPIC-{n // 10 % 300}-{year}" .',
            f'{proj} <https://schema.org/startDate> "{year}-{rng.randint(1, 12):02d}-01"'
            "^^<http://www.w3.org/2001/XMLSchema#date> .",
            f"{proj} {SOURCE} {source} .",
        ]
        sides = ["cn"] * (1 + int(rng.random() < 0.3))
        sides += ["eu"] * max(3, int(rng.expovariate(1 / 17)))
        members: dict[str, list[str]] = {}
        for side in sides:
            org, created = organisation(side)
            members[org] = members.get(org, []) + created
        countries = set()
        for org, created in sorted(members.items()):
            lines += created
            side = "cn" if org.endswith("-cn>") else "eu"
            draws[side].append(org)
            countries.add(org.rsplit("-", 1)[1].rstrip(">").upper())
            bnode += 1
            b = f"_:g{bnode}"
            lines += [
                f"{proj} {o('qualifiedParticipation')} {b} .",
                f"{b} {RDF_TYPE} {o('Participation')} .",
                f"{b} {o('participant')} {org} .",
                f"{b} {o('participationRole')} {k('role-partner')} .",
                f"{b} {o('activityType')} {k('cordis-activity-' + rng.choice(types))} .",
                f"{b} {SOURCE} {source} .",
            ]
        lines += [f"{proj} {o('participantCountry')} {k('country-' + c)} ." for c in countries]
        health = rng.random() < 0.10
        pm = health and rng.random() < 0.5
        boolean = "<http://www.w3.org/2001/XMLSchema#boolean>"
        a = k(f"relevance-proj-gen-{n}")
        lines += [
            f"{a} {RDF_TYPE} {o('RelevanceAssessment')} .",
            f"{a} {o('assesses')} {proj} .",
            f'{a} {o("healthResearch")} "{str(health).lower()}"^^{boolean} .',
            f'{a} {o("personalisedMedicine")} "{str(pm).lower()}"^^{boolean} .',
            f'{a} {o("relevanceScore")} "{rng.random() if pm else 0.0:.3f}"'
            "^^<http://www.w3.org/2001/XMLSchema#decimal> .",
            f"{a} {SOURCE} {source} .",
        ]
        count += len(lines)
        yield lines


def load_records(store: EmbeddedStore, records: Iterable[list[str]]) -> None:
    """Load generated records (N-Triples lines) into ``store``, about 200,000 lines at a time
    (one parse per chunk is much faster than one per record, and a whole million-triple text
    at once needs gigabytes)."""
    chunk: list[str] = []
    for record in records:
        chunk.extend(record)
        if len(chunk) > 200_000:
            store.load("\n".join(chunk).encode("utf-8"), "ntriples")
            chunk = []
    if chunk:
        store.load("\n".join(chunk).encode("utf-8"), "ntriples")
