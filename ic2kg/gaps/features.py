"""Pair features of European x Chinese organisations as of a year: what the learned ranking and
the link-prediction baselines read (docs/gaps.md "The learned ranking").

Everything is computed from the graph cut at the end of the year (:meth:`Snapshot.as_of`).
*Known* organisations are those with a programme, call or project by then: an organisation the
record shows only in later activities is no candidate (its mere presence would leak the
future). *Candidates* are the known European x Chinese pairs with no joint programme, call or
project yet. Graph features use the co-participation graph of every organisation of the graph
(partners in third countries included): two organisations are linked when they share a
programme, call or project.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from scipy import sparse

from ic2kg.gaps import evidence
from ic2kg.gaps.facts import JOINT_KINDS, PartySets
from ic2kg.gaps.model import ROLES, side_of
from ic2kg.gaps.scope import has_activity, pm_profile
from ic2kg.gaps.scoring import compatible
from ic2kg.gaps.snapshot import Snapshot
from ic2kg.namespaces import IC2KG

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: Katz weight per step: paths of two and three steps, ``beta**2`` and ``beta**3``.
KATZ_BETA = 0.05
#: Half-life in years of an activity's weight in the recency-weighted activity.
HALF_LIFE = 2.0
_CALL_TOPIC = str(IC2KG.callTopic)

#: Features of one side (computed for the European and the Chinese organisation alike).
SIDE_FEATURES = (
    "degree",
    "activities",
    "recent",
    "decayed",
    "idle",
    "cross",
    "pm_share",
    "health_share",
    *(f"role_{r}" for r in ROLES),
)
#: Features of the pair itself.
PAIR_FEATURES = (
    "common",
    "adamic_adar",
    "allocation",
    "paths3",
    "topics",
    "families",
    "priorities",
    "standards",
    "networks",
    "pm_terms",
    "compatible",
    "country",
)
FEATURES: tuple[str, ...] = (
    *(f"eu_{n}" for n in SIDE_FEATURES),
    *(f"cn_{n}" for n in SIDE_FEATURES),
    *PAIR_FEATURES,
)


def call_family(code: str) -> str:
    """A CORDIS work-programme topic code cut before its first all-digit part: its family.

    >>> call_family("SC1-BHC-2018"), call_family("HORIZON-MSCA-2022-SE-01-01")
    ('SC1-BHC', 'HORIZON-MSCA')
    """
    kept: list[str] = []
    for part in code.split("-"):
        if part.isdigit():
            break
        kept.append(part)
    return "-".join(kept) or code


@dataclass
class Cut:
    """The graph at the end of one year: known organisations, the co-participation graph, the
    candidate pairs, and the features of any set of pairs (computed once)."""

    year: int
    snapshot: Snapshot
    organisations: list[str]
    europe: list[str]
    china: list[str]
    adjacency: sparse.csr_matrix
    _cache: dict[str, object] = field(default_factory=dict, repr=False)

    @property
    def eu_rows(self) -> IntArray:
        """Rows of the European organisations in :attr:`organisations`."""
        return self._rows("eu", self.europe)

    @property
    def cn_rows(self) -> IntArray:
        """Rows of the Chinese organisations in :attr:`organisations`."""
        return self._rows("cn", self.china)

    def _rows(self, key: str, names: list[str]) -> IntArray:
        index = self.index
        found = self._cache.get(key)
        if found is None:
            found = np.array([index[n] for n in names], dtype=np.int64)
            self._cache[key] = found
        return found  # type: ignore[return-value]  # cached by this method only

    @property
    def index(self) -> dict[str, int]:
        """Row of each organisation."""
        found = self._cache.get("index")
        if found is None:
            found = {o: i for i, o in enumerate(self.organisations)}
            self._cache["index"] = found
        return found  # type: ignore[return-value]  # cached by this property only

    def degree(self) -> FloatArray:
        """Partners of every organisation (co-participation degree)."""
        return np.asarray(self.adjacency.sum(axis=1), dtype=np.float64).ravel()

    def joint(self) -> BoolArray:
        """European x Chinese matrix: True where the pair already shares an activity."""
        block = self.adjacency[self.eu_rows][:, self.cn_rows]
        return np.asarray(block.toarray() > 0)

    def candidates(
        self, europe: IntArray | None = None, china: IntArray | None = None
    ) -> tuple[IntArray, IntArray]:
        """(European index, Chinese index) of every candidate pair, row-major order; with
        ``europe`` (or ``china``) only those of these European (Chinese) indexes.

        A focus' pairs are taken from its own rows: all pairs of a large graph (tens of
        millions at a million triples) do not fit in memory as index arrays.
        """
        if europe is None and china is None:
            rows, cols = np.nonzero(~self.joint())
            return rows.astype(np.int64), cols.astype(np.int64)
        eu = np.unique(europe) if europe is not None else np.arange(len(self.europe))
        cn = np.unique(china) if china is not None else np.arange(len(self.china))
        block = self.adjacency[self.eu_rows[eu]][:, self.cn_rows[cn]]
        rows, cols = np.nonzero(block.toarray() == 0)
        return eu[rows].astype(np.int64), cn[cols].astype(np.int64)


def cut(snapshot: Snapshot, year: int) -> Cut:
    """The graph as of the end of ``year`` with its known organisations and their links."""
    # Nothing to cut at the latest year (the planner's ranking): the snapshot itself, so that
    # the evidence sets the ranking's explanations read are computed once, not twice.
    latest = max(snapshot.starts.values(), default=None)
    at = snapshot if latest is not None and latest <= year else snapshot.as_of(year)
    organisations = sorted(i for i in at.entities if at.kind(i) == "organisation")
    activities = sorted(
        {a for o in organisations for a in at.activities_of(o) if at.kind(a) in JOINT_KINDS}
    )
    column = {a: j for j, a in enumerate(activities)}
    rows, cols = [], []
    for i, o in enumerate(organisations):
        for a in at.activities_of(o):
            if a in column:
                rows.append(i)
                cols.append(column[a])
    incidence = sparse.csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(len(organisations), max(1, len(activities)))
    )
    together = (incidence @ incidence.T).tocsr()
    together.setdiag(0)
    together.eliminate_zeros()
    together.data[:] = 1.0
    known = np.asarray(incidence.sum(axis=1)).ravel() > 0
    europe = [o for i, o in enumerate(organisations) if known[i] and side(at, o) == "europe"]
    china = [o for i, o in enumerate(organisations) if known[i] and side(at, o) == "china"]
    return Cut(year, at, organisations, europe, china, together)


def side(snapshot: Snapshot, iri: str) -> str | None:
    """europe, china or None: the side of the comparison an entity is based on."""
    return side_of(snapshot.region(iri))


@dataclass(frozen=True)
class Table:
    """Feature values of a set of pairs (``rows`` into ``cut.europe``, ``cols`` into
    ``cut.china``), one column per name of :data:`FEATURES`."""

    year: int
    rows: IntArray
    cols: IntArray
    values: FloatArray

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> FloatArray:
        """The values of one feature."""
        return self.values[:, FEATURES.index(name)]


def table(c: Cut, rows: IntArray | None = None, cols: IntArray | None = None) -> Table:
    """The features of the given pairs (default: every candidate pair of the cut)."""
    if rows is None or cols is None:
        rows, cols = c.candidates()
    eu_side = _side_values(c, c.europe, "china")
    cn_side = _side_values(c, c.china, "europe")
    pair = _pair_values(c, rows, cols)
    values = np.hstack([eu_side[rows], cn_side[cols], pair])
    return Table(c.year, rows, cols, values)


def _side_values(c: Cut, parties: list[str], other: str) -> FloatArray:
    """One row of :data:`SIDE_FEATURES` per organisation of one side."""
    key = f"side-{other}"
    cached = c._cache.get(key)
    if cached is not None:
        return cached  # type: ignore[return-value]  # cached by this function only
    snap, year = c.snapshot, c.year
    degree = c.degree()
    index = c.index
    adjacency = c.adjacency
    other_side = np.array([side(snap, o) == other for o in c.organisations])
    out = np.zeros((len(parties), len(SIDE_FEATURES)))
    for n, party in enumerate(parties):
        row = index[party]
        joint = [a for a in snap.activities_of(party) if snap.kind(a) in JOINT_KINDS]
        starts = [snap.starts[a] for a in joint if a in snap.starts]
        neighbours = adjacency.indices[adjacency.indptr[row] : adjacency.indptr[row + 1]]
        lens = [snap.lens.get(a) for a in joint]
        pm = sum(1 for x in lens if x is not None and x.pm)
        health = sum(1 for x in lens if x is not None and x.health)
        role = snap.role(party)
        out[n, :8] = (
            math.log1p(degree[row]),
            math.log1p(len(joint)),
            math.log1p(sum(1 for s in starts if year - evidence.RECENT_YEARS < s <= year)),
            math.log1p(sum(0.5 ** ((year - s) / HALF_LIFE) for s in starts if s <= year)),
            min(year - max(starts), 10) / 10 if starts else 1.0,
            math.log1p(int(other_side[neighbours].sum())),
            pm / len(joint) if joint else 0.0,
            health / len(joint) if joint else 0.0,
        )
        if role is not None:
            out[n, 8 + ROLES.index(role)] = 1.0
    c._cache[key] = out
    return out


def _sets_matrix(
    sets: list[frozenset[str]] | list[set[str]], vocabulary: dict[str, int]
) -> sparse.csr_matrix:
    rows = [r for r, items in enumerate(sets) for x in items if x in vocabulary]
    cols = [vocabulary[x] for items in sets for x in items if x in vocabulary]
    return sparse.csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(len(sets), max(1, len(vocabulary)))
    )


def _shared(
    left: list[frozenset[str]] | list[set[str]],
    right: list[frozenset[str]] | list[set[str]],
    rows: IntArray,
    cols: IntArray,
) -> FloatArray:
    """How many items each pair (left[rows], right[cols]) shares."""
    vocabulary = {x: k for k, x in enumerate(sorted({x for s in (*left, *right) for x in s}))}
    a = _sets_matrix(left, vocabulary)
    b = _sets_matrix(right, vocabulary)
    return _pairwise(a, b, rows, cols)


#: Dense cells of one block of :func:`_pairwise` (32 MB of float64).
_BLOCK_CELLS = 4_000_000


def _pairwise(
    a: sparse.csr_matrix, b: sparse.csr_matrix, rows: IntArray, cols: IntArray
) -> FloatArray:
    """Row-wise dot products of a[rows] and b[cols]: the product of the rows and columns the
    pairs use, a block of rows at a time. (Multiplying the pairs' rows one by one overflowed
    scipy's index type at a million triples; the full product does not fit in memory there.)"""
    if len(rows) == 0:
        return np.zeros(0)
    used_rows, at_row = np.unique(rows, return_inverse=True)
    used_cols, at_col = np.unique(cols, return_inverse=True)
    left = a[used_rows]
    right_t = b[used_cols].T.tocsc()
    out = np.empty(len(rows), dtype=np.float64)
    step = max(1, _BLOCK_CELLS // len(used_cols))
    order = np.argsort(at_row, kind="stable")
    ends = np.searchsorted(at_row[order], np.arange(0, len(used_rows) + step, step))
    for n, start in enumerate(range(0, len(used_rows), step)):
        picked = order[ends[n] : ends[n + 1]]
        if len(picked):
            block = sparse.csr_matrix(left[start : start + step] @ right_t).toarray()
            out[picked] = block[at_row[picked] - start, at_col[picked]]
    return out


def _pair_values(c: Cut, rows: IntArray, cols: IntArray) -> FloatArray:
    """One row of :data:`PAIR_FEATURES` per pair."""
    snap = c.snapshot
    adjacency = c.adjacency
    degree = c.degree()
    # Only the European rows the pairs use (a country's, for a focus): the walks of three
    # steps from every European organisation are the costliest product at a million triples.
    used, at = np.unique(rows, return_inverse=True)
    left = adjacency[c.eu_rows[used]]
    right = adjacency[c.cn_rows]
    with np.errstate(divide="ignore"):
        inverse_log = np.where(degree > 1, 1.0 / np.log(np.maximum(degree, 2.0)), 0.0)
        inverse = np.where(degree > 0, 1.0 / np.maximum(degree, 1.0), 0.0)
    common = _pairwise(left, right, at, cols)
    adamic = _pairwise(left @ sparse.diags(inverse_log), right, at, cols)
    allocation = _pairwise(left @ sparse.diags(inverse), right, at, cols)
    paths3 = _pairwise(sparse.csr_matrix(left @ adjacency), right, at, cols)
    eu_sets, cn_sets, eu_fam, cn_fam = _party_inputs(c)
    topics = _topic_cosine(eu_sets, cn_sets, rows, cols)
    families = _shared(eu_fam, cn_fam, rows, cols)
    priorities = _shared(
        [s.priorities for s in eu_sets], [s.priorities for s in cn_sets], rows, cols
    )
    standards = _shared([s.standards for s in eu_sets], [s.standards for s in cn_sets], rows, cols)
    networks = _shared([s.networks for s in eu_sets], [s.networks for s in cn_sets], rows, cols)
    eu_terms = [pm_profile(snap, o).terms for o in c.europe]
    cn_terms = [pm_profile(snap, o).terms for o in c.china]
    shared_terms = _shared(eu_terms, cn_terms, rows, cols)
    size_l = np.array([len(t) for t in eu_terms], dtype=np.float64)[rows]
    size_r = np.array([len(t) for t in cn_terms], dtype=np.float64)[cols]
    union = size_l + size_r - shared_terms
    pm_terms = np.divide(shared_terms, union, out=np.zeros_like(union), where=union > 0)
    kinds = (None, *ROLES)
    table = np.array([[compatible(a, b) for b in kinds] for a in kinds], dtype=np.float64)
    roles_l = np.array([kinds.index(snap.role(o)) for o in c.europe], dtype=np.int64)
    roles_r = np.array([kinds.index(snap.role(o)) for o in c.china], dtype=np.int64)
    fits = table[roles_l[rows], roles_r[cols]]
    country = _country_prior(c)[rows]
    return np.stack(
        [
            np.log1p(common),
            adamic,
            allocation,
            np.log1p(paths3),
            topics,
            np.log1p(families),
            np.log1p(priorities),
            standards,
            networks,
            pm_terms,
            fits,
            country,
        ],
        axis=1,
    )


def _topic_cosine(
    eu_sets: list[PartySets], cn_sets: list[PartySets], rows: IntArray, cols: IntArray
) -> FloatArray:
    """Cosine of the two sides' topic sets, each topic weighted by its inverse frequency."""
    left = [s.topics for s in eu_sets]
    right = [s.topics for s in cn_sets]
    vocabulary = {x: k for k, x in enumerate(sorted({x for s in (*left, *right) for x in s}))}
    a, b = _sets_matrix(left, vocabulary), _sets_matrix(right, vocabulary)
    df = np.asarray(a.sum(axis=0) + b.sum(axis=0)).ravel()
    idf = np.log((1.0 + len(left) + len(right)) / (1.0 + df)) + 1.0
    return np.clip(
        _pairwise(_unit(a @ sparse.diags(idf)), _unit(b @ sparse.diags(idf)), rows, cols), 0, 1
    )


def _unit(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    return sparse.csr_matrix(sparse.diags(scale) @ matrix)


def families_of(snapshot: Snapshot, activities: frozenset[str]) -> set[str]:
    """The CORDIS work-programme topic families of an organisation's activities."""
    relation = snapshot.ix.topic_relation
    return {
        call_family(topic)
        for a in activities
        for topic in snapshot.ix.topics_of.get(a, ())
        if relation.get((a, topic)) == _CALL_TOPIC
    }


def _party_inputs(
    c: Cut,
) -> tuple[list[PartySets], list[PartySets], list[set[str]], list[set[str]]]:
    """Each side's party sets and call-topic families (computed once per cut: a focus'
    ranking reads them for every organisation, since topic weights count them all)."""
    cached = c._cache.get("party-inputs")
    if cached is None:
        snap = c.snapshot
        eu_sets = [evidence.party_sets(snap, o) for o in c.europe]
        cn_sets = [evidence.party_sets(snap, o) for o in c.china]
        eu_fam = [families_of(snap, s.activities) for s in eu_sets]
        cn_fam = [families_of(snap, s.activities) for s in cn_sets]
        cached = (eu_sets, cn_sets, eu_fam, cn_fam)
        c._cache["party-inputs"] = cached
    return cached  # type: ignore[return-value]  # cached by this function only


def _country_prior(c: Cut) -> FloatArray:
    """Per European organisation: log(1 + the EU-China pairs its country's organisations
    already hold), the country pair's record (computed once per cut)."""
    cached = c._cache.get("country-prior")
    if cached is None:
        cached = _country_record(c)
        c._cache["country-prior"] = cached
    return cached  # type: ignore[return-value]  # cached by this function only


def _country_record(c: Cut) -> FloatArray:
    snap = c.snapshot
    joint = c.joint()
    held: dict[str | None, int] = defaultdict(int)
    countries = [snap.entities[o].country for o in c.europe]
    for i, country in enumerate(countries):
        held[country] += int(joint[i].sum())
    return np.log1p(np.array([held[k] for k in countries], dtype=np.float64))


def pm_pairs(c: Cut, rows: IntArray, cols: IntArray) -> BoolArray:
    """Which pairs are in the PM scope (both sides with PM activity or capacity, one with PM
    activity; :mod:`ic2kg.gaps.scope`)."""
    snap = c.snapshot
    eligible_l = np.array([pm_profile(snap, o).eligible for o in c.europe], dtype=bool)
    eligible_r = np.array([pm_profile(snap, o).eligible for o in c.china], dtype=bool)
    active_l = np.array([has_activity(snap, o) for o in c.europe], dtype=bool)
    active_r = np.array([has_activity(snap, o) for o in c.china], dtype=bool)
    return np.asarray(
        eligible_l[rows] & eligible_r[cols] & (active_l[rows] | active_r[cols]), dtype=bool
    )


def first_together(
    snapshot: Snapshot, c: Cut, after: int, until: int | None = None
) -> dict[tuple[int, int], list[str]]:
    """Candidate pairs of ``c`` that take part together in a project starting after ``after``
    (up to ``until``), with those projects: the positives of a window."""
    eu = {o: i for i, o in enumerate(c.europe)}
    cn = {o: j for j, o in enumerate(c.china)}
    joint = c.joint()
    found: dict[tuple[int, int], list[str]] = defaultdict(list)
    for project, start in sorted(snapshot.starts.items()):
        if start <= after or (until is not None and start > until):
            continue
        if snapshot.kind(project) != "project":
            continue
        members = snapshot.ix.participants.get(project, set())
        left = sorted(eu[m] for m in members if m in eu)
        right = sorted(cn[m] for m in members if m in cn)
        for i in left:
            for j in right:
                if not joint[i, j]:
                    found[(i, j)].append(project)
    return dict(found)
