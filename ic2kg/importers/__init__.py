"""Importers of open registry dumps (CORDIS, GA4GH, FHIR) into Turtle under graph/imported/."""
