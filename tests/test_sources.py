"""Readers: every format, encoding and hostile case the community's files present."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from ted.sources import ReadError, SkipFile, read_file
from ted.sources.walk import WalkProblem, discover


def read(path: Path, root: Path | None = None):
    root = root or path.parent
    return read_file(path, str(root), path.relative_to(root).as_posix())


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def test_yaml_front_matter_and_body_lines(tmp_path: Path) -> None:
    doc = read(write(tmp_path / "a.md", "---\ntitle: Atelier\nlieu: Paris\n---\n\n# Titre\n\nTexte **gras** ici.\n"))
    assert doc.metadata == {"title": "Atelier", "lieu": "Paris"}
    assert doc.metadata_lines["lieu"] == 3
    heading, para = doc.blocks
    assert (heading.kind, heading.level, heading.line) == ("heading", 1, 6)
    assert para.line == 8 and para.text == "Texte gras ici." and para.strong == ["gras"]


def test_toml_front_matter(tmp_path: Path) -> None:
    doc = read(write(tmp_path / "b.md", '+++\ntitle = "Réunion"\ndate = 2024-03-01\n+++\nCorps\n'))
    assert doc.metadata["title"] == "Réunion"
    assert doc.metadata["date"] == "2024-03-01"
    assert doc.blocks[0].line == 5


def test_json_front_matter(tmp_path: Path) -> None:
    doc = read(write(tmp_path / "c.md", '{\n"title": "Fiche"\n}\nBonjour le monde\n'))
    assert doc.metadata == {"title": "Fiche"}
    assert doc.blocks[0].text == "Bonjour le monde"


def test_kramdown_ial_liquid_and_shortcodes_are_removed(tmp_path: Path) -> None:
    text = "Paragraphe\n{: .encadre}\n\nVoir [Projets]({{< ref \"/projets\" >}}) {% include x.html %}\n"
    doc = read(write(tmp_path / "d.md", text))
    assert "encadre" not in doc.text and "{%" not in doc.text and "ref" not in doc.text
    assert doc.blocks[1].line == 4


def test_inline_html_turned_into_text_and_links_kept(tmp_path: Path) -> None:
    text = ("Intro\n\n<div align=\"center\"><a href=\"https://exemple.fr/inscription\"><b>S'inscrire</b></a></div>\n\n"
            "<script>alert(1)</script>\n\nUn [lien](https://exemple.fr/page) dans le texte.\n")
    doc = read(write(tmp_path / "e.md", text))
    assert "S'inscrire" in doc.text and "alert" not in doc.text
    urls = {link.url for link in doc.links}
    assert {"https://exemple.fr/inscription", "https://exemple.fr/page"} <= urls
    assert next(b for b in doc.blocks if "lien" in b.text).line == 7


def test_html_page_main_content_only(tmp_path: Path) -> None:
    html = """<!DOCTYPE html>
<html lang="fr"><head><title>Équipe du Lab</title><style>p{}</style></head>
<body>
<nav><a href="/">Accueil</a> Menu</nav>
<header>Bandeau du site</header>
<main>
<h1>Notre équipe</h1>
<ul>
<li><strong>Jeanne Durand</strong>, cheffe de projet</li>
</ul>
</main>
<footer>Mentions légales</footer>
<script>document.write('x')</script>
</body></html>
"""
    doc = read(write(tmp_path / "equipe.html", html))
    assert doc.format == "html" and doc.metadata["title"] == "Équipe du Lab"
    assert "Jeanne Durand" in doc.text and "cheffe de projet" in doc.text
    for noise in ("Menu", "Bandeau", "Mentions", "document.write"):
        assert noise not in doc.text
    item = next(b for b in doc.blocks if "Jeanne" in b.text)
    assert item.line == 9 and item.strong == ["Jeanne Durand"]


def test_file_without_extension_is_read(tmp_path: Path) -> None:
    doc = read(write(tmp_path / "Préfecture", "---\nname: Préfecture de l'Ain\nacronym: PREF01\n---\n"))
    assert doc.metadata["name"] == "Préfecture de l'Ain"


def test_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "bom.md"
    path.write_bytes(codecs.BOM_UTF8 + "---\r\ntitle: Été\r\n---\r\nLigne 4\r\n\r\nLigne 6\r\n".encode())
    doc = read(path)
    assert doc.metadata["title"] == "Été" and doc.encoding == "utf-8-sig"
    assert [b.line for b in doc.blocks] == [4, 6]


def test_latin1_is_decoded_with_a_warning(tmp_path: Path) -> None:
    doc = read(write(tmp_path / "latin.txt", "Réunion à la préfecture, équipe données.\n", "latin-1"))
    assert "Réunion à la préfecture" in doc.text
    assert doc.warnings and "UTF-8" in doc.warnings[0]


@pytest.mark.parametrize("name,data,reason", [
    ("image.png", b"\x89PNG\r\n\x1a\n" + bytes(100), "extension"),
    ("fausse.md", b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG"),
    ("random.md", bytes(range(256)) * 40, "binaire"),
])
def test_binary_files_are_skipped_with_a_reason(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(SkipFile, match=reason):
        read(path)


@pytest.mark.parametrize("text,reason", [
    ("---\ntitle: [non fermé\n---\ncorps\n", "YAML est invalide"),
    ("---\ntitle: sans fin\ncorps\n", "jamais fermé"),
    ("---\n!!python/object/apply:os.system ['touch /tmp/ted-pwned']\n---\n", "étiquette non autorisée"),
    ("---\nx: !!python/object/apply:os.system ['touch /tmp/ted-pwned']\n---\n", "étiquette non autorisée"),
    ("---\n- une\n- liste\n---\n", "clé: valeur"),
])
def test_bad_front_matter_fails_with_a_reason(tmp_path: Path, text: str, reason: str) -> None:
    with pytest.raises(ReadError, match=reason):
        read(write(tmp_path / "bad.md", text))
    assert not Path("/tmp/ted-pwned").exists()


def test_yaml_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        levels.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    with pytest.raises(ReadError, match="alias|valeurs"):
        read(write(tmp_path / "bomb.md", "---\n" + "\n".join(levels) + "\n---\nTexte\n"))


def test_long_line_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="ligne 1"):
        read(write(tmp_path / "long.txt", "a" * 5_000_000))


def test_empty_file_is_an_empty_document(tmp_path: Path) -> None:
    doc = read(write(tmp_path / "vide.md", ""))
    assert doc.blocks == [] and doc.metadata == {}


def test_walk_skips_hidden_handles_loops_and_depth(tmp_path: Path) -> None:
    write(tmp_path / "a.md", "x")
    write(tmp_path / ".git" / "config.md", "x")
    write(tmp_path / ".cache" / "b.md", "x")
    (tmp_path / "boucle").symlink_to(tmp_path)
    deep = tmp_path.joinpath(*[f"n{i}" for i in range(40)])
    write(deep / "profond.md", "x")
    problems: list[WalkProblem] = []
    found = {f.relative for f in discover([tmp_path], problems)}
    assert "a.md" in found
    assert any(p.endswith("profond.md") for p in found)
    assert not any(p.startswith(".") for p in found)
    assert any("boucle" in p.path for p in problems)
