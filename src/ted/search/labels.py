"""French labels of the kinds of search results (entity types and documents)."""

from __future__ import annotations

TYPE_LABELS = {"person": "personne", "organisation": "organisation", "project": "projet",
               "event": "événement", "skill": "compétence", "document": "document"}
