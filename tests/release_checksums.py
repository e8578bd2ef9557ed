"""Print the SHA256SUMS of the release artefacts made from one Turtle file (a test helper).

``python tests/release_checksums.py FILE SEED`` loads FILE's triples in an order shuffled by SEED
into an empty store, applies the rules and prints ``ic2kg.release.checksums`` of
``ic2kg.release.artefacts``. tests/test_release.py runs it in processes with different hash
seeds: set and dict order, and the order the store received the triples, must not change a byte.
"""

from __future__ import annotations

import random
import sys
from datetime import date
from pathlib import Path

from rdflib import Graph

from ic2kg import paths
from ic2kg.build import apply_rules
from ic2kg.release import artefacts, checksums
from ic2kg.store import EmbeddedStore


def main(source: Path, seed: int) -> None:
    lines = Graph().parse(source).serialize(format="nt", encoding="utf-8").splitlines()
    random.Random(seed).shuffle(lines)  # noqa: S311 (an order, not a secret)
    store = EmbeddedStore()
    store.load_file(paths.ONTOLOGY_EDIT)
    store.load(b"\n".join(lines) + b"\n", "ntriples", source=str(source))
    apply_rules(store)
    sys.stdout.write(checksums(artefacts(store, modified=date(2026, 1, 1))).decode("utf-8"))


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
