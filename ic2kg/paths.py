"""File-system locations of the project's data, declared once."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY_EDIT = ONTOLOGY_DIR / "ic2kg.ttl"
SHAPES = ONTOLOGY_DIR / "shapes.ttl"
CONTEXT = ONTOLOGY_DIR / "context.jsonld"
GRAPH_DIR = ROOT / "graph"
# What importers derive from registries' dumps (generated, never edited).
IMPORTED_DIR = GRAPH_DIR / "imported"
MAPPINGS_DIR = GRAPH_DIR / "mappings"
DERIVED_DIR = GRAPH_DIR / "derived"
RELEVANCE_TTL = DERIVED_DIR / "relevance.ttl"
# The learned pair model of the opportunity ranking (`ic2kg gaps model --write`).
PAIR_MODEL = DERIVED_DIR / "pair-model.json"
# Its backtest as JSON (`ic2kg gaps evaluate --format json`), shown by /gaps/scoring.
PAIR_BACKTEST = DERIVED_DIR / "pair-backtest.json"
COUNTRIES_TTL = GRAPH_DIR / "countries.ttl"
QUERIES_DIR = ROOT / "queries"
RULES_DIR = QUERIES_DIR / "rules"
RELEASE_DIR = ROOT / "dist"
# Documents served as web pages under /guide/ (docs/querying.md: /guide/querying).
DOCS_DIR = ROOT / "docs"


def graph_files() -> list[Path]:
    """Every curated Turtle file of the graph, in a stable order."""
    return sorted(GRAPH_DIR.rglob("*.ttl"))
