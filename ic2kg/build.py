"""Build the graph: load the ontology and every curated file, then materialise the rules."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ic2kg import paths
from ic2kg.queries import find_query_files
from ic2kg.remote import RemoteStore
from ic2kg.settings import Settings
from ic2kg.store import EmbeddedStore, Store

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildReport:
    """What a build loaded and derived."""

    files: tuple[Path, ...]
    triples: int
    derived: int


def source_files(graph_dir: Path | None = None) -> list[Path]:
    """The ontology followed by every Turtle file of the graph."""
    files = sorted((graph_dir or paths.GRAPH_DIR).rglob("*.ttl"))
    return [paths.ONTOLOGY_EDIT, *files]


def rule_files() -> list[Path]:
    """The CONSTRUCT rules whose results the build adds to the graph."""
    return find_query_files("rules")


def apply_rules(store: Store, rules: Sequence[Path] | None = None) -> int:
    """Run every rule until nothing new appears; return how many triples were added.

    Rules feed each other (a participation gives fundedBy, fundedBy gives funds), so they run to
    a fixed point; the small rule set reaches it in two or three rounds.
    """
    before = store.triple_count()
    previous = -1
    while previous != store.triple_count():
        previous = store.triple_count()
        for rule in rules if rules is not None else rule_files():
            derived = store.construct(rule.read_text(encoding="utf-8"))
            if len(derived):
                store.add_graph(derived)
    return store.triple_count() - before


def build(
    store: Store,
    files: Sequence[Path] | None = None,
    *,
    progress: Progress | None = None,
) -> BuildReport:
    """Load ``files`` (default: ontology and graph/) into ``store`` and apply the rules.

    A file that does not parse raises DataLoadError naming the file and line; files loaded
    before it stay loaded, so callers build into an empty or scratch store.
    """
    chosen = tuple(files) if files is not None else tuple(source_files())
    for path in chosen:
        if progress:
            progress(f"loading {path.name}")
        store.load_file(path)
    if files is None:
        from ic2kg.mappings import mapping_graph

        if progress:
            progress("adding SSSOM mappings as SKOS triples")
        store.add_graph(mapping_graph())
    if progress:
        progress("applying rules")
    derived = apply_rules(store)
    return BuildReport(chosen, store.triple_count(), derived)


def open_store(
    settings: Settings,
    *,
    build_if_empty: bool = True,
    progress: Progress | None = None,
    timeout: float = 60.0,
) -> Store:
    """The store ``settings`` describe: the one way ic2kg gets a store.

    A remote endpoint gives a :class:`~ic2kg.remote.RemoteStore` (not contacted yet, and never
    built here: ``ic2kg build`` loads it). Otherwise the embedded store, in memory or in
    ``settings.store_path``, built first when it is empty (unless ``build_if_empty`` is False).

    :param timeout: seconds a remote server may take to answer.
    """
    if settings.endpoint:
        return RemoteStore(
            settings.endpoint,
            update_endpoint=settings.update_endpoint,
            gsp_endpoint=settings.gsp_endpoint,
            graph=settings.graph,
            timeout=timeout,
        )
    store = EmbeddedStore(settings.store_path)
    if build_if_empty and store.triple_count() == 0:
        build(store, progress=progress)
    return store
