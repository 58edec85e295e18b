"""Plug-ins: installed packages that add extraction components, readers or kinds of sources.

A package declares an entry point in the group ``ted``::

    [project.entry-points.ted]
    mon-site = "mon_site.ted_plugin"

Importing that module registers what it adds, with the same decorators TED's own
modules use (``@component``, ``@register_reader``, ``register_source``). TED imports
every plug-in once, before planning a pipeline or reading sources. A plug-in that
fails to import is reported with its name and the reason, and the run goes on
without it.
"""

from __future__ import annotations

import importlib
from functools import cache
from importlib.metadata import entry_points

GROUP = "ted"


@cache
def load_plugins() -> tuple[str, ...]:
    """Import the installed plug-ins once; return a sentence for each one that could not be loaded."""
    problems = []
    for point in sorted(entry_points(group=GROUP), key=lambda p: p.name):
        try:
            importlib.import_module(point.value.split(":", 1)[0])
        except Exception as error:  # noqa: BLE001 - a broken plug-in must not stop TED
            problems.append(f"le greffon « {point.name} » ({point.value}) n'a pas pu être chargé : "
                            f"{type(error).__name__}: {error}")
    return tuple(problems)
