"""Reconciliation of the graph's organisations with external registries (ROR)."""
