"""Extraction components: registered by name, each declaring what it reads and what it writes.

As in spaCy (``Language.factory`` with ``requires``/``assigns``), a component is
a function of the per-document state (:class:`ted.extract.state.DocState`),
registered with :func:`component`. It declares

- ``requires``: what it reads that other components produce, and
- ``assigns``: what it produces,

both as names of the state's fields ("event", "person_spans", "reference") or of
facts ("person" mentions, "member_of" statements). A component that works on the
whole batch at once (the spaCy pass) is registered with ``batch=True`` and receives
the list of states.

Each component also has a ``confidence`` (0–1), recorded on the mentions and
statements it adds: its own declaration (``confidence=0.8``) when it gives one,
else the table in ``confidence.toml`` (the built-in components, judged from what
each reads), else :data:`ted.extract.facts.DEFAULT_CONFIDENCE`.

The pipeline (:func:`plan`) runs the components in the order of the configuration
(``pipeline.toml``), *checked* against the declarations: every requirement must be
assigned by an earlier enabled component, or planning fails with the names involved.
A registered component that the configuration does not name is placed by its
declarations alone: right after the last component that assigns what it requires
(and those it names in ``after``), and before any component that requires what it
assigns (and those it names in ``before``). Adding a component is registering it;
disabling one is configuration.
"""

from __future__ import annotations

import importlib
import pkgutil
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ted.extract.facts import DEFAULT_CONFIDENCE
from ted.plugins import load_plugins

# What every state holds before any component runs.
GIVEN = frozenset({"doc", "metadata", "text"})


@dataclass(frozen=True)
class Component:
    name: str
    func: Callable[[Any], None]
    requires: frozenset[str] = frozenset()
    assigns: frozenset[str] = frozenset()
    after: frozenset[str] = frozenset()
    before: frozenset[str] = frozenset()
    batch: bool = False  # called once with the list of the batch's states
    confidence: float | None = None  # as declared; None: confidence.toml's, else DEFAULT_CONFIDENCE


class PipelineError(ValueError):
    """A configuration or a set of declarations that cannot make a pipeline (said in French for the user)."""


_REGISTRY: dict[str, Component] = {}


def component(name: str, *, requires: Iterable[str] = (), assigns: Iterable[str] = (), after: Iterable[str] = (),
              before: Iterable[str] = (), batch: bool = False,
              confidence: float | None = None) -> Callable[[Callable], Callable]:
    """Register the decorated function as the extraction component ``name``."""
    if confidence is not None:
        _check_confidence(confidence, f"le composant « {name} »")

    def register(func: Callable) -> Callable:
        if name in _REGISTRY and _REGISTRY[name].func is not func:
            raise PipelineError(f"deux composants d'extraction portent le nom « {name} »")
        _REGISTRY[name] = Component(name, func, frozenset(requires), frozenset(assigns), frozenset(after),
                                    frozenset(before), batch, confidence)
        return func

    return register


def unregister(name: str) -> None:
    """Forget a component (a test's toy component, a plug-in being unloaded)."""
    _REGISTRY.pop(name, None)


def registered() -> dict[str, Component]:
    """Every registered component, the built-in ones included."""
    _load_builtins()
    return dict(_REGISTRY)


PACKAGES = ("ted.extract.layout", "ted.extract.entities", "ted.extract.relations")


@cache
def _load_builtins() -> None:
    """Import every module of the component packages: importing registers. A new module is found by itself."""
    for package in PACKAGES:
        for info in pkgutil.iter_modules(importlib.import_module(package).__path__, package + "."):
            importlib.import_module(info.name)
    load_plugins()  # installed plug-ins register their components too


@cache
def default_config() -> dict[str, list[str]]:
    text = resources.files("ted.extract").joinpath("pipeline.toml").read_text(encoding="utf-8")
    config = tomllib.loads(text)
    return {"order": list(config.get("order", [])), "disabled": list(config.get("disabled", []))}


@cache
def confidences() -> dict[str, float]:
    """The built-in components' confidences (``confidence.toml``), by component name."""
    text = resources.files("ted.extract").joinpath("confidence.toml").read_text(encoding="utf-8")
    table = tomllib.loads(text).get("confidence", {})
    for name, value in table.items():
        _check_confidence(value, f"confidence.toml, « {name} »")
    return {name: float(value) for name, value in table.items()}


def confidence_of(item: Component) -> float:
    """The confidence recorded on what ``item`` adds: its declaration, else the table's, else the default."""
    if item.confidence is not None:
        return item.confidence
    return confidences().get(item.name, DEFAULT_CONFIDENCE)


def _check_confidence(value: object, where: str) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise PipelineError(f"{where} : la confiance doit être un nombre entre 0 et 1 (pas {value!r})")


def plan(disable: Iterable[str] = (), config: dict[str, list[str]] | None = None) -> list[Component]:
    """The enabled components in the order they run, checked against their declarations."""
    config = config or default_config()
    components = registered()
    unknown = [n for n in [*config["order"], *disable] if n not in components]
    if unknown:
        raise PipelineError(f"composant d'extraction inconnu : {', '.join(unknown)} "
                            f"(connus : {', '.join(sorted(components))})")
    off = set(config["disabled"]) | set(disable)
    ordered = [components[n] for n in config["order"] if n not in off]
    for extra in sorted(set(components) - set(config["order"]) - off):
        ordered.insert(_place(components[extra], ordered), components[extra])
    _check(ordered)
    return ordered


def _place(new: Component, ordered: list[Component]) -> int:
    """The earliest position after everything ``new`` needs; it must still come before what needs it."""
    earliest = max((i + 1 for i, c in enumerate(ordered) if c.assigns & new.requires or c.name in new.after),
                   default=0)
    latest = min((i for i, c in enumerate(ordered) if c.requires & new.assigns or c.name in new.before),
                 default=len(ordered))
    if earliest > latest:
        raise PipelineError(f"le composant « {new.name} » ne trouve pas de place : il dépend de "
                            f"« {ordered[earliest - 1].name} », qui vient après « {ordered[latest].name} », "
                            "qui dépend de lui")
    return earliest


def _check(ordered: list[Component]) -> None:
    available = set(GIVEN)
    seen: set[str] = set()
    for item in ordered:
        missing = item.requires - available
        if missing:
            raise PipelineError(f"le composant « {item.name} » a besoin de {', '.join(sorted(missing))}, "
                                "qu'aucun composant placé avant lui ne fournit")
        late = (item.after - seen) & {c.name for c in ordered}
        if late:
            raise PipelineError(f"le composant « {item.name} » doit venir après {', '.join(sorted(late))}")
        available |= item.assigns
        seen.add(item.name)
    names = [c.name for c in ordered]
    for item in ordered:
        for other in item.before & set(names):
            if names.index(other) < names.index(item.name):
                raise PipelineError(f"le composant « {item.name} » doit venir avant « {other} »")
