"""The shape of the code: no import cycle, and extraction as a pipeline of registered components."""

from __future__ import annotations

from pathlib import Path

import grimp
import pytest

from ted.extract import registry
from ted.extract.pipeline import Extractor
from ted.extract.registry import PipelineError, component, plan
from ted.extract.state import DocState
from ted.sources import read_file


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), i.e. import cycles."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in graph.find_modules_directly_imported_by(module):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                top = stack.pop()
                group.append(top)
                if top == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_the_package_has_no_import_cycle() -> None:
    assert _cycles(grimp.build_graph("ted")) == []


def test_the_cycle_finder_finds_a_cycle(tmp_path, monkeypatch) -> None:
    package = tmp_path / "loopy"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from loopy import b\n")
    (package / "b.py").write_text("from loopy import a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert _cycles(grimp.build_graph("loopy")) == [["loopy.a", "loopy.b"]]


def _doc(tmp_path: Path, text: str, relative: str = "notes/reunion.md"):
    path = tmp_path / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return read_file(path, str(tmp_path), relative)


MEETING = """# Atelier données ouvertes

Le jeudi 12 juin 2025 à 14h, à Lyon.

Intervenants :
- Claire Dubois, cheffe de projet à l'Insee
- Marc Lefèvre, data scientist à la DINUM
"""


@pytest.fixture
def toy():
    """A component registered here, in the test, and nowhere else."""
    calls: list[str] = []

    @component("toy_person_counter", requires=("person",), assigns=("person_count",))
    def count_people(state: DocState) -> None:
        calls.append(state.doc.path)
        for mention in state.facts.of_type("person"):
            mention.attributes["seen_by_toy"] = True

    yield calls
    registry.unregister("toy_person_counter")


def test_a_registered_component_runs_in_the_pipeline_where_its_declarations_put_it(toy, tmp_path) -> None:
    extractor = Extractor(disable=[])
    names = extractor.names
    assert "toy_person_counter" in names
    position = names.index("toy_person_counter")
    people_finders = [c.name for c in extractor.components if "person" in c.assigns and c.name != "toy_person_counter"]
    assert people_finders and all(names.index(n) < position for n in people_finders)

    (doc, facts), = extractor.extract_many([_doc(tmp_path, MEETING)])
    assert toy == ["notes/reunion.md"]
    people = facts.of_type("person")
    assert {p.name for p in people} >= {"Claire Dubois", "Marc Lefèvre"}
    assert all(p.attributes.get("seen_by_toy") for p in people)


def test_components_are_disabled_by_configuration(toy, tmp_path) -> None:
    extractor = Extractor(disable=["toy_person_counter", "skills", "skills_from_work"])
    assert "toy_person_counter" not in extractor.names and "skills" not in extractor.names
    (_, facts), = extractor.extract_many([_doc(tmp_path, MEETING)])
    assert toy == []
    assert not facts.of_type("skill")


def test_the_environment_disables_components(monkeypatch) -> None:
    monkeypatch.setenv("TED_EXTRACT_DISABLE", "awards, skills_from_work")
    names = Extractor().names
    assert "awards" not in names and "skills_from_work" not in names and "people" in names


def test_an_unmet_requirement_is_an_error_naming_the_component() -> None:
    with pytest.raises(PipelineError, match="« ner » a besoin de segments"):
        plan(disable=["segments"])


def test_a_configured_order_that_contradicts_the_declarations_is_refused() -> None:
    config = registry.default_config()
    order = [n for n in config["order"] if n != "main_event"]
    order.insert(order.index("people") + 1, "main_event")  # the finders read the event: it must come first
    with pytest.raises(PipelineError, match="« organisations » a besoin de main_event"):
        plan(config={"order": order, "disabled": []})


def test_unknown_component_names_are_refused() -> None:
    with pytest.raises(PipelineError, match="inconnu : nope"):
        plan(disable=["nope"])


def test_a_component_with_no_possible_place_is_refused() -> None:
    @component("toy_impossible", requires=("has_skill",), assigns=("segments",))
    def impossible(state: DocState) -> None:  # needs what comes last, gives what comes first
        pass

    try:
        with pytest.raises(PipelineError, match="toy_impossible"):
            plan()
    finally:
        registry.unregister("toy_impossible")


def test_a_failing_component_stops_only_its_document(tmp_path) -> None:
    @component("toy_bomb", requires=("person",), assigns=("bomb",))
    def bomb(state: DocState) -> None:
        if "boom" in state.doc.path:
            raise RuntimeError("exploded")

    try:
        results = dict((d.path, (d, f)) for d, f in Extractor(disable=[]).extract_many(
            [_doc(tmp_path, MEETING, "a/boom.md"), _doc(tmp_path, MEETING, "a/calm.md")]))
    finally:
        registry.unregister("toy_bomb")
    broken, facts = results["a/boom.md"]
    assert any("toy_bomb" in w and "exploded" in w for w in broken.warnings)
    assert facts.of_type("person"), "what earlier components found is kept"
    calm, calm_facts = results["a/calm.md"]
    assert not calm.warnings
    assert calm_facts.of_type("skill") or calm_facts.of_type("event")
