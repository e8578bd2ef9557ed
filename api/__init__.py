"""The ic2kg web API: SPARQL endpoint, saved queries, entity pages, gap analysis."""
