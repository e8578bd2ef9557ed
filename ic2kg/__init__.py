"""ic2kg: a knowledge graph of personalised-medicine stakeholders and standards, EU and China."""

__version__ = "0.1.0"
