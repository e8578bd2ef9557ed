"""Collaboration-gap analyses over the ic2kg graph (competency questions 13-17).

Every analysis reads the graph through the SPARQL files in queries/gaps/ (so it works on any
Store, embedded or remote), works on a :class:`~ic2kg.gaps.snapshot.Snapshot` of their
results, and returns typed records from :mod:`ic2kg.gaps.model`.
"""

from ic2kg.gaps.loader import load_snapshot
from ic2kg.gaps.snapshot import Snapshot

__all__ = ["Snapshot", "load_snapshot"]
