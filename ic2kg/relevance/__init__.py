"""The PM lens: which activities are human-health research and personalised medicine, read
from their own text with the PM scheme (graph/pm-thesaurus.ttl). `thesaurus` turns the scheme
into a matcher, `classifier` assesses one text, `derived` reads the activities from a store
and writes what the classifier found as graph/derived/relevance.ttl."""
