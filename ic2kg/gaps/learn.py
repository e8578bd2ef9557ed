"""The learned pair model: a logistic regression over :mod:`ic2kg.gaps.features`, trained on the
collaboration record before a cut-off and stored as readable JSON (issue 26).

A training *window* is a feature year T: the known European x Chinese pairs as of the end of T,
labelled 1 when they first take part together in a project starting in T+1..T+:data:`HORIZON`.
A model for cut-off Y pools every window whose labels end by Y (T <= Y - HORIZON), so it never
reads a project starting after Y.
"""

from __future__ import annotations

import ast
import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields, is_dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ic2kg.errors import BadParameter
from ic2kg.gaps import features
from ic2kg.gaps.features import FEATURES, Cut
from ic2kg.gaps.snapshot import Snapshot

FloatArray = npt.NDArray[np.float64]

#: Years after a feature year whose projects label a training window.
HORIZON = 2
#: The earliest feature year pooled: before 2015 the record holds fewer than 10 new pairs a
#: window (2 in 2014-2015, 8 in 2015-2016), too few to learn from.
FIRST_WINDOW = 2015
#: Inverse L2 strength, chosen on the 2018 cut-off only from 0.001, 0.003, 0.01, 0.1 and 1 by
#: average precision (benchmarks/GAPS_EVAL.md); gradient-boosted trees did worse there.
C = 0.003
SEED = 42
#: Version of the stored model's layout and method.
VERSION = 1
#: The modules whose code decides the training rows: the features, their look-ups into the
#: snapshot, the PM scope and roles, and this module's fit. Their syntax trees (comments and
#: layout left out) enter the model's fingerprint.
TRAINING_CODE = ("learn", "features", "evidence", "scope", "taxonomy", "indexes", "snapshot")
#: Snapshot fields no feature reads: names and sources (a relabelled organisation or a new
#: source page leaves the model as it was).
_UNREAD = frozenset({"label_en", "label_zh", "sources", "as_of_year", "_memo"})


@dataclass(frozen=True)
class PairModel:
    """A fitted logistic regression: standardised features, coefficients, and what it saw."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coefficients: tuple[float, ...]
    intercept: float
    c: float
    windows: tuple[int, ...]
    horizon: int
    rows: int
    positives: int
    version: int = VERSION
    #: :func:`fingerprint` of the snapshot and code it was fitted on ("" when not recorded).
    fingerprint: str = ""

    def _standard(self, values: FloatArray) -> FloatArray:
        standard: FloatArray = (values - np.array(self.mean)) / np.array(self.scale)
        return standard

    def score(self, values: FloatArray) -> FloatArray:
        """The log-odds of each row of feature values (in :data:`FEATURES` order)."""
        return np.asarray(self._standard(values) @ np.array(self.coefficients) + self.intercept)

    def contributions(self, values: FloatArray) -> FloatArray:
        """Each feature's share of each row's log-odds, against a pair of average features."""
        return np.asarray(self._standard(values) * np.array(self.coefficients))

    def to_json(self) -> str:
        """The model as sorted, indented JSON (stable across runs: diffs stay readable)."""
        data = asdict(self)
        data["coefficients"] = dict(
            zip(self.features, (round(v, 6) for v in self.coefficients), strict=True)
        )
        data["mean"] = dict(zip(self.features, (round(v, 6) for v in self.mean), strict=True))
        data["scale"] = dict(zip(self.features, (round(v, 6) for v in self.scale), strict=True))
        data["intercept"] = round(self.intercept, 6)
        del data["features"]
        return json.dumps(data, indent=2, sort_keys=True) + "\n"

    @staticmethod
    def from_json(text: str) -> PairModel:
        """A model read back from :meth:`to_json`.

        :raises BadParameter: the JSON names other features than this version computes.
        """
        data = json.loads(text)
        coefficients: dict[str, float] = data["coefficients"]
        if tuple(coefficients) != tuple(sorted(FEATURES)) and set(coefficients) != set(FEATURES):
            raise BadParameter(
                "model",
                "the stored pair model names other features than ic2kg computes",
                hint="regenerate it: ic2kg gaps model --write",
            )
        return PairModel(
            features=FEATURES,
            mean=tuple(float(data["mean"][n]) for n in FEATURES),
            scale=tuple(float(data["scale"][n]) for n in FEATURES),
            coefficients=tuple(float(coefficients[n]) for n in FEATURES),
            intercept=float(data["intercept"]),
            c=float(data["c"]),
            windows=tuple(int(w) for w in data["windows"]),
            horizon=int(data["horizon"]),
            rows=int(data["rows"]),
            positives=int(data["positives"]),
            version=int(data["version"]),
            fingerprint=str(data.get("fingerprint", "")),
        )


def windows(until: int, first: int = FIRST_WINDOW) -> list[int]:
    """The feature years a model for cut-off ``until`` may pool (labels end by ``until``)."""
    return list(range(first, until - HORIZON + 1))


def training_rows(snapshot: Snapshot, c: Cut) -> tuple[FloatArray, FloatArray]:
    """Feature values and labels of one window (feature year ``c.year``)."""
    found = features.first_together(snapshot, c, c.year, c.year + HORIZON)
    data = features.table(c)
    width = len(c.china)
    ids = data.rows * width + data.cols
    wanted = np.array([i * width + j for i, j in found], dtype=np.int64)
    return data.values, np.isin(ids, wanted).astype(np.float64)


def fit(
    snapshot: Snapshot,
    until: int,
    *,
    c: float = C,
    cuts: Callable[[int], Cut] | None = None,
    first: int = FIRST_WINDOW,
) -> PairModel:
    """A model trained on every window whose labels end by ``until``.

    :param cuts: gives the cut of a year (the backtest shares one per year); else computed.
    :raises BadParameter: no window holds a positive.
    """
    from sklearn.linear_model import LogisticRegression

    cut_of = cuts or (lambda year: features.cut(snapshot, year))
    parts = [training_rows(snapshot, cut_of(t)) for t in windows(until, first)]
    parts = [p for p in parts if len(p[1])]
    if not parts or sum(float(p[1].sum()) for p in parts) == 0:
        raise BadParameter(
            "cutoff",
            f"no new European-Chinese pair to learn from before {until}",
            hint=f"the model needs projects starting in {first + 1}-{until}",
        )
    x = np.vstack([p[0] for p in parts])
    y = np.concatenate([p[1] for p in parts])
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=2000, random_state=SEED)
    model.fit((x - mean) / scale, y)
    return PairModel(
        features=FEATURES,
        mean=tuple(float(v) for v in mean),
        scale=tuple(float(v) for v in scale),
        coefficients=tuple(float(v) for v in model.coef_[0]),
        intercept=float(model.intercept_[0]),
        c=c,
        windows=tuple(windows(until, first)),
        horizon=HORIZON,
        rows=len(y),
        positives=int(y.sum()),
    )


def current_year(snapshot: Snapshot) -> int:
    """The last year whose projects the record holds in full: the latest project start, less
    one (a year still under way is incomplete)."""
    starts = [s for a, s in snapshot.starts.items() if snapshot.kind(a) == "project"]
    if not starts:
        raise BadParameter("model", "the graph holds no dated project to learn from")
    return max(starts) - 1


def fit_current(snapshot: Snapshot) -> PairModel:
    """The model the planner uses: every window whose labels end by :func:`current_year`,
    with the :func:`fingerprint` of what it was fitted on."""
    return replace(fit(snapshot, current_year(snapshot)), fingerprint=fingerprint(snapshot))


def _plain(value: object) -> Any:
    """``value`` as JSON-ready data in a fixed order, fields of :data:`_UNREAD` left out."""
    if is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _plain(getattr(value, f.name)) for f in fields(value) if f.name not in _UNREAD
        }
    if isinstance(value, dict):
        return sorted([str(k), _plain(v)] for k, v in value.items())
    if isinstance(value, frozenset | set):
        return sorted(_plain(v) for v in value)
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def _unsourced(rows: tuple[tuple[Any, ...], ...]) -> list[list[Any]]:
    """Sourced statements (their last item the sources) without their sources."""
    return [list(r[:-1]) for r in rows]


@lru_cache(maxsize=4)
def _code_digest(modules: tuple[str, ...]) -> str:
    """SHA-256 of the syntax trees of these modules of ic2kg.gaps (comments and layout do not
    change it; the code does not change while the process runs)."""
    folder = Path(__file__).parent
    trees = [ast.dump(ast.parse((folder / f"{m}.py").read_text(encoding="utf-8"))) for m in modules]
    return hashlib.sha256("\n".join(trees).encode("utf-8")).hexdigest()


def fingerprint(snapshot: Snapshot) -> str:
    """A SHA-256 of the model's training inputs: what the features read of the snapshot
    (every fact but names and sources), the feature list, the fit's settings and the code of
    :data:`TRAINING_CODE`. A stored model whose fingerprint differs was fitted on other
    inputs: refit it (``ic2kg gaps model --write``). Cheap next to a refit (under a second on
    the curated graph), so the test suite can check it."""
    data = _plain(snapshot)
    for name in ("involvement", "priority_statements", "memberships"):
        data[name] = _unsourced(getattr(snapshot, name))
    # The order of query answers is not a fact: statements are compared as sets.
    data = {
        name: sorted(value, key=json.dumps) if isinstance(value, list) else value
        for name, value in data.items()
    }
    code = _code_digest(TRAINING_CODE)
    settings = {
        "features": FEATURES,
        "c": C,
        "horizon": HORIZON,
        "first": FIRST_WINDOW,
        "seed": SEED,
        "version": VERSION,
    }
    text = json.dumps([settings, code, data], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stale_reason(model: PairModel, snapshot: Snapshot) -> str | None:
    """Why ``model`` is not the one :func:`fit_current` would fit on ``snapshot`` (by the
    fingerprints), or None when it is current."""
    if not model.fingerprint:
        return "the stored pair model records no fingerprint of its training inputs"
    if model.fingerprint != fingerprint(snapshot):
        return "the graph or the feature code changed since the pair model was fitted"
    return None


def load(path: Path) -> PairModel:
    """The stored model.

    :raises BadParameter: the file is missing or names other features.
    """
    if not path.exists():
        raise BadParameter(
            "model", f"{path} does not exist", hint="generate it: ic2kg gaps model --write"
        )
    return PairModel.from_json(path.read_text(encoding="utf-8"))
