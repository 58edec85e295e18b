"""Entities, relations, provenance and resolution (merging the mentions of one real thing)."""
