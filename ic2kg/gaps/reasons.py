"""Why a pair is an opportunity: one plain sentence per score part, in English or Chinese,
with the sources behind it (each with its web domain)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from urllib.parse import urlparse

from ic2kg.gaps import evidence
from ic2kg.gaps.evidence import RECENT_YEARS
from ic2kg.gaps.facts import PartySets
from ic2kg.gaps.model import Lang, Reason, ScoreParts, Source
from ic2kg.gaps.scope import PmProfile, pm_profile
from ic2kg.gaps.snapshot import Snapshot
from ic2kg.gaps.weights import OpportunityWeights

_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
# Names and sources shown per reason: a sentence a planner reads, not a dump.
_SHOWN = 3
_SOURCES = 4


def _count(n: int) -> str:
    return _WORDS[n] if n < len(_WORDS) else str(n)


def _join(names: list[str], lang: Lang) -> str:
    if lang == "zh":
        return "、".join(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _more(names: list[str], total: int, lang: Lang) -> str:
    """The names shown, and how many more there are."""
    text = _join(names, lang)
    rest = total - len(names)
    if rest <= 0:
        return text
    return f"{text}等" if lang == "zh" else f"{text} and {_count(rest)} more"


def sources(urls: Iterable[str]) -> tuple[Source, ...]:
    """Distinct URLs in order, at most a few, each with its domain (``www.`` dropped)."""
    seen: list[str] = []
    for url in urls:
        if url not in seen:
            seen.append(url)
    return tuple(
        Source(url, (urlparse(url).hostname or url).removeprefix("www.")) for url in seen[:_SOURCES]
    )


def _topic_frequency(snapshot: Snapshot) -> Counter[str]:
    def count() -> Counter[str]:
        found: Counter[str] = Counter()
        for topics in snapshot.ix.topics_of.values():
            found.update(topics)
        return found

    return snapshot.memo(("topic-frequency",), count)


def reasons(
    snapshot: Snapshot,
    sa: PartySets,
    sb: PartySets,
    parts: ScoreParts,
    weights: OpportunityWeights,
    lang: Lang,
) -> tuple[Reason, ...]:
    """One reason per part with a value and a weight above 0 for the pair, the largest share
    of the score (value x weight) first; parts the weights ignore are not reasons."""
    a, b = snapshot.label(sa.party, lang), snapshot.label(sb.party, lang)
    terms = weights.terms()
    found: list[Reason] = []

    def add(part: str, text: str, cited: Iterable[str]) -> None:
        found.append(Reason(part, text, getattr(parts, part), terms[part], sources(cited)))

    if parts.topics > 0 and terms["topics"] > 0:
        add("topics", *_topics(snapshot, sa, sb, a, b, lang))
    if parts.partners > 0 and terms["partners"] > 0:
        add("partners", *_partners(snapshot, sa, sb, a, b, lang))
    elif parts.distance > 0 and terms["distance"] > 0:
        add("distance", *_distance(snapshot, sa, sb, a, b, lang))
    if parts.standards > 0 and terms["standards"] > 0:
        shared = sorted(sa.standards & sb.standards)
        names = [snapshot.label(s, lang) for s in shared[:_SHOWN]]
        text = (
            f"{a}和{b}都采用{_more(names, len(shared), lang)}标准。"
            if lang == "zh"
            else f"{a} and {b} both use {_more(names, len(shared), lang)}."
        )
        add("standards", text, (u for s in shared for u in snapshot.sources_of(s)))
    if parts.memberships > 0 and terms["memberships"] > 0:
        shared = sorted(sa.networks & sb.networks)
        names = [snapshot.label(n, lang) for n in shared[:_SHOWN]]
        text = (
            f"{a}和{b}都是{_more(names, len(shared), lang)}的成员。"
            if lang == "zh"
            else f"{a} and {b} are both members of {_more(names, len(shared), lang)}."
        )
        members = snapshot.members()
        cited = [
            u
            for party in (sa.party, sb.party)
            for network, urls in members.get(party, [])
            if network in shared
            for u in urls
        ]
        add("memberships", text, cited)
    if parts.activity > 0 and terms["activity"] > 0:
        add("activity", *_activity(snapshot, sa, sb, a, b, lang))
    # What counts most for the score first.
    return tuple(sorted(found, key=lambda r: -r.value * r.weight))


def _topics(
    snapshot: Snapshot, sa: PartySets, sb: PartySets, a: str, b: str, lang: Lang
) -> tuple[str, list[str]]:
    frequency = _topic_frequency(snapshot)
    shared = sorted(sa.topics & sb.topics, key=lambda t: (frequency[t], t))
    names = [snapshot.label(t, lang) for t in shared[:_SHOWN]]
    wanted = set(shared[:_SHOWN])
    years: set[int] = set()
    cited: list[str] = []
    for side in (sa, sb):
        for activity in sorted(side.activities):
            if snapshot.ix.topics_of.get(activity, set()) & wanted:
                if activity in snapshot.starts:
                    years.add(snapshot.starts[activity])
                cited += snapshot.sources_of(activity)[:1]
    when = ("、" if lang == "zh" else ", ").join(str(y) for y in sorted(years))
    funders = snapshot.role(sa.party) == "funder" and snapshot.role(sb.party) == "funder"
    topics = _more(names, len(shared), lang)
    if lang == "zh":
        verb = "都资助" if funders else "都开展"
        text = f"{a}和{b}{verb}{topics}方面的工作" + (f"（{when}）" if when else "") + "。"
    else:
        verb = "both fund work on" if funders else "both work on"
        text = f"{a} and {b} {verb} {topics}" + (f" ({when})" if when else "") + "."
    return text, cited


def _shared_activity(snapshot: Snapshot, party: str, other: str) -> list[str]:
    """The sources of one activity two organisations share (the first by IRI)."""
    common = sorted(
        evidence.party_sets(snapshot, party).activities
        & evidence.party_sets(snapshot, other).activities
    )
    if not common:
        return []
    step = snapshot.activities_of(party).get(common[0])
    return list(step.sources if step else snapshot.sources_of(common[0]))


def _partners(
    snapshot: Snapshot, sa: PartySets, sb: PartySets, a: str, b: str, lang: Lang
) -> tuple[str, list[str]]:
    # The partners with fewest partners of their own first: they weigh most (Adamic-Adar).
    common = sorted(
        sa.partners & sb.partners, key=lambda z: (len(evidence.party_sets(snapshot, z).partners), z)
    )
    names = [snapshot.label(z, lang) for z in common[:_SHOWN]]
    cited = [
        u
        for z in common[:_SHOWN]
        for x in (sa.party, sb.party)
        for u in _shared_activity(snapshot, x, z)
    ]
    shown = _more(names, len(common), lang)
    if lang == "zh":
        text = f"{a}和{b}有{len(common)}个共同合作伙伴：{shown}。"
    else:
        noun = "partner" if len(common) == 1 else "partners"
        text = f"{a} and {b} share {_count(len(common))} {noun}: {shown}."
    return text, cited


def _distance(
    snapshot: Snapshot, sa: PartySets, sb: PartySets, a: str, b: str, lang: Lang
) -> tuple[str, list[str]]:
    for x in sorted(sa.partners):
        links = sorted(evidence.party_sets(snapshot, x).partners & sb.partners)
        if links:
            y = links[0]
            lx, ly = snapshot.label(x, lang), snapshot.label(y, lang)
            cited = [
                *_shared_activity(snapshot, sa.party, x),
                *_shared_activity(snapshot, x, y),
                *_shared_activity(snapshot, y, sb.party),
            ]
            if lang == "zh":
                text = (
                    f"在欧中合作网络中，{a}与{b}相距三步："
                    f"{a}与{lx}合作，{lx}与{ly}合作，{ly}是{b}的合作伙伴。"
                )
            else:
                text = (
                    f"{a} and {b} are three steps apart in the EU-China collaboration network: "
                    f"{a} worked with {lx}, {lx} with {ly}, and {ly} with {b}."
                )
            return text, cited
    return "", []


def _activity(
    snapshot: Snapshot, sa: PartySets, sb: PartySets, a: str, b: str, lang: Lang
) -> tuple[str, list[str]]:
    year = snapshot.year or 0
    first = year - RECENT_YEARS + 1
    recent = [
        t
        for side in (sa, sb)
        for t in sorted(side.activities)
        if first <= snapshot.starts.get(t, -1) <= year
    ]
    cited = [u for t in recent for u in snapshot.sources_of(t)[:1]]
    if lang == "zh":
        text = (
            f"{first}—{year}年间，{a}参与了{sa.recent}个新开始的项目、征集或计划，"
            f"{b}参与了{sb.recent}个。"
        )
    else:
        text = (
            f"In {first}-{year}, {a} took part in {_count(sa.recent)} and {b} in "
            f"{_count(sb.recent)} projects, calls or programmes that started then."
        )
    return text, cited


def pm_reason(snapshot: Snapshot, a: str, b: str, lang: Lang) -> Reason | None:
    """Why a pair is about personalised medicine, citing what exists: the PM-scheme terms both
    sides' health and PM activities share, with one activity of each; or the capacity of a
    side without such activity. Not a score part: its weight is 0 and its value the share of
    terms in common (Jaccard)."""
    pa, pb = pm_profile(snapshot, a), pm_profile(snapshot, b)
    la, lb = snapshot.label(a, lang), snapshot.label(b, lang)
    shared = sorted(pa.terms & pb.terms, key=lambda t: (_term_frequency(snapshot)[t], t))
    union = pa.terms | pb.terms
    value = round(len(shared) / len(union), 4) if union else 0.0
    cited: list[str] = []

    def example(profile: PmProfile, wanted: set[str]) -> str | None:
        """The activity that shows the shared terms most as personalised medicine: the highest
        PM score, then most shared terms, then by IRI."""
        candidates = [
            (-lens.score, -len(lens.terms & wanted), step.object)
            for step in (*profile.pm_activities, *profile.health_activities)
            if (lens := snapshot.lens.get(step.object)) is not None
            and (not wanted or lens.terms & wanted)
        ]
        if not candidates:
            return None
        best = min(candidates)[2]
        cited.extend(snapshot.sources_of(best)[:1])
        return snapshot.label(best, lang)

    def side(name: str, profile: PmProfile, wanted: set[str]) -> str:
        found = example(profile, wanted)
        if found is not None:
            return f"{name}在“{found}”中" if lang == "zh" else f"{name} in {found}"
        kinds = _join(list(profile.capacity), lang)
        return f"{name}（{kinds}）" if lang == "zh" else f"{name} as a {kinds}"

    if shared:
        names = [snapshot.label(t, lang) for t in shared[:_SHOWN]]
        wanted = set(shared[:_SHOWN])
        topics = _more(names, len(shared), lang)
        left, right = side(la, pa, wanted), side(lb, pb, wanted)
        text = (
            f"{la}和{lb}都从事{topics}方面的工作：{left}，{right}。"
            if lang == "zh"
            else f"{la} and {lb} both work on {topics}: {left}, {right}."
        )
    elif pa.eligible and pb.eligible:
        left, right = side(la, pa, set()), side(lb, pb, set())
        text = (
            f"两者都是个性化医学相关机构：{left}，{right}。"
            if lang == "zh"
            else f"Both take part in personalised medicine or human health: {left}; {right}."
        )
    else:
        return None
    return Reason("pm", text, value, 0.0, sources(cited))


def _term_frequency(snapshot: Snapshot) -> Counter[str]:
    """How many activities matched each PM-scheme term (rarer terms name a pair better)."""

    def count() -> Counter[str]:
        return Counter(t for lens in snapshot.lens.values() if lens.health for t in lens.terms)

    return snapshot.memo(("pm-term-frequency",), count)
