"""Run the extraction components over a batch of documents.

The components and their order come from the registry (``ted.extract.registry``).
Per-document components run document by document; a batch component (the spaCy
pass) runs once for the whole batch, between them. A component that fails on one
document stops the later components for that document only: its facts so far are
kept, and the failure is reported with the document like any reading problem.

Before calling a component, the pipeline sets its confidence (``registry.confidence_of``)
on each document's facts, so that every mention and statement it adds records how far
that component is trusted.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from ted.extract.facts import Facts
from ted.extract.registry import Component, confidence_of, plan
from ted.extract.state import DocState
from ted.sources.document import SourceDocument


def disabled_by_environment() -> list[str]:
    """Components turned off with ``TED_EXTRACT_DISABLE=name,name``."""
    return [n.strip() for n in os.environ.get("TED_EXTRACT_DISABLE", "").split(",") if n.strip()]


class Extractor:
    """Turns documents into facts. Created once per run; heavy models load lazily."""

    def __init__(self, disable: Iterable[str] | None = None) -> None:
        self.components = plan(disable=disabled_by_environment() if disable is None else disable)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.components]

    def extract_many(self, docs: Iterable[SourceDocument]) -> Iterator[tuple[SourceDocument, Facts]]:
        states = [DocState(doc) for doc in docs]
        for run in _runs(self.components):
            if run[0].batch:
                _run_batch(run[0], states)
            else:
                for state in states:
                    _run_document(run, state)
        for state in states:
            yield state.doc, state.facts


def _runs(components: list[Component]) -> list[list[Component]]:
    """Consecutive per-document components grouped; each batch component alone."""
    runs: list[list[Component]] = []
    for item in components:
        if item.batch or not runs or runs[-1][0].batch:
            runs.append([item])
        else:
            runs[-1].append(item)
    return runs


def _run_document(run: list[Component], state: DocState) -> None:
    for item in run:
        if state.failed:
            return
        state.facts.confidence = confidence_of(item)
        try:
            item.func(state)
        except Exception as error:  # noqa: BLE001 - one odd document must not stop a run
            _fail(state, item, error)


def _run_batch(item: Component, states: list[DocState]) -> None:
    live = [s for s in states if not s.failed]
    for state in live:
        state.facts.confidence = confidence_of(item)
    try:
        item.func(live)
    except Exception as error:  # noqa: BLE001 - the batch goes on without this component's output
        if len(live) == 1:
            _fail(live[0], item, error)
            return
        # One document can fail the whole call (a text the model refuses): the others go on, each alone.
        # Batch components only assign their documents' state, so running one again is harmless.
        for state in live:
            try:
                item.func([state])
            except Exception as alone:  # noqa: BLE001 - this document only
                _fail(state, item, alone)


def _fail(state: DocState, item: Component, error: Exception) -> None:
    # Keep what earlier components gave; report the document like any other reading problem.
    state.failed = item.name
    state.doc.warnings.append(f"extraction du texte interrompue à l'étape « {item.name} » "
                              f"({type(error).__name__}: {error})")
