"""Search and expert finding over the graph and the documents.

``search`` (:mod:`ted.search.query`), ``find_experts`` (:mod:`ted.search.experts`)
and ``rebuild_index`` (:mod:`ted.search.index`) are the public entry points.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_PUBLIC = {"search": "query", "SearchResults": "query", "Hit": "query",
           "find_experts": "experts", "Expert": "experts", "rebuild_index": "index"}


def __getattr__(name: str) -> Any:
    # Lazy, so importing the package does not require Django to be set up yet.
    if name in _PUBLIC:
        return getattr(import_module(f"ted.search.{_PUBLIC[name]}"), name)
    raise AttributeError(name)
