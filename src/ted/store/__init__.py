"""Persistence: documents, per-document facts, and the resolved graph (Django models)."""
