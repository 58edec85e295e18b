"""benchmarks/synthetic.py: the scale benchmark's corpus is what it says (sizes, names of their own, a seed)."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import synthetic  # noqa: E402


def test_every_document_asked_for_is_a_file_of_its_own_and_the_seed_fixes_them(tmp_path):
    corpus = synthetic.write(tmp_path / "a", 400)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert len(files) == 400 == sum(corpus.counts.values())  # no two documents share a path
    synthetic.write(tmp_path / "b", 400)
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)
    assert corpus.expected()["person"] >= corpus.counts["membres"]  # profiles, and people only named elsewhere


def test_people_and_projects_never_share_a_name_even_folded():
    people = [synthetic.person(1, i) for i in range(20_000)]
    assert len({p.slug for p in people}) == len(people)
    assert len({synthetic._unaccent(p.name).casefold() for p in people}) == len(people)
    projects = [synthetic.project_name(1, i) for i in range(2_000)]
    assert len(set(projects)) == len(projects)


def test_a_profile_lists_its_current_mission_first_and_earlier_ones_ended(tmp_path):
    corpus = synthetic.Corpus(200)
    for index in range(30):
        _, text = corpus.profile(index)
        missions = yaml.safe_load(text.split("---\n")[1])["missions"]
        starts = [m["start"] for m in missions]
        assert starts == sorted(starts, reverse=True)
        assert all("end" in m and m["end"] < later["start"] for m, later in zip(missions[1:], missions, strict=False))
