"""Readers: every format, encoding and hostile case the community's files present."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ted.sources import (
    Content,
    FolderSource,
    Item,
    Parsed,
    ReadError,
    SkipFile,
    Source,
    UnsupportedSource,
    open_source,
    read_document,
    read_file,
    register_reader,
    register_source,
)
from ted.sources.base import unregister_source
from ted.sources.markdown import markdown_blocks
from ted.sources.readers import unregister_reader
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


# Sources: the protocol, the folder source, the registry of kinds.


def test_folder_source_lists_items_with_stable_uris_keys_and_versions(tmp_path: Path) -> None:
    folder = tmp_path / "Dossier partagé"
    write(folder / "a.md", "# A\n")
    write(folder / "sous dossier" / "b.txt", "b\n")
    write(folder / ".cache" / "c.md", "caché\n")
    source = open_source(str(folder))
    assert isinstance(source, FolderSource) and isinstance(source, Source)
    root = folder.resolve()
    assert source.uri == root.as_uri() and source.uri.startswith("file:///")
    assert source.prune_root == str(root)
    items = list(source.items())
    assert all(isinstance(item, Item) for item in items)
    assert [(i.root, i.path, i.name) for i in items] == [(str(root), "a.md", "a.md"),
                                                        (str(root), "sous dossier/b.txt", "b.txt")]
    assert items[1].uri == (root / "sous dossier" / "b.txt").as_uri()
    assert "sous%20dossier" in items[1].uri
    assert items[1].read() == b"b\n" and items[1].media_type is None
    before = [(i.uri, i.version) for i in items]
    assert [(i.uri, i.version) for i in open_source(str(folder)).items()] == before
    write(folder / "sous dossier" / "b.txt", "b modifié\n")
    after = [(i.uri, i.version) for i in open_source(str(folder)).items()]
    assert after[0] == before[0] and after[1][0] == before[1][0] and after[1][1] != before[1][1]
    assert source.problems == []


def test_a_source_reopens_from_its_uri(tmp_path: Path) -> None:
    folder = tmp_path / "Préfecture de l'Ain"
    write(folder / "équipe.md", "x")
    source = open_source(folder)
    reopened = open_source(source.uri)
    assert reopened.uri == source.uri and reopened.prune_root == source.prune_root
    assert [i.uri for i in reopened.items()] == [i.uri for i in source.items()]
    assert [i.uri for i in open_source(source.uri.replace("file://", "file://localhost"))
            .items()] == [i.uri for i in source.items()]
    with pytest.raises(UnsupportedSource, match="machine « serveur »"):
        open_source("file://serveur/partage")


def test_a_file_given_alone_is_keyed_by_its_folder_and_prunes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path / "notes" / "compte-rendu.txt", "Réunion\n")
    source = open_source(path)
    (item,) = source.items()
    assert (item.root, item.path) == (str(path.parent.resolve()), "compte-rendu.txt")
    assert source.prune_root is None and source.uri == path.as_uri()


def test_a_missing_path_is_a_listing_problem(tmp_path: Path) -> None:
    source = open_source(str(tmp_path / "absent"))
    assert list(source.items()) == []
    assert [(p.reason) for p in source.problems] == ["ce chemin n'existe pas"]
    assert source.prune_root is None


@pytest.mark.parametrize("spec", ["ftp://exemple.fr/docs", "s3://seau/dossier", "hg+https://forge/depot"])
def test_an_unknown_scheme_is_refused_in_french(spec: str) -> None:
    scheme = spec.split("://")[0]
    with pytest.raises(UnsupportedSource, match=re.escape(f"ne sait pas lire les sources « {scheme}:// »")) as error:
        open_source(spec)
    assert spec in str(error.value) and "dossier ou un fichier local" in str(error.value)


@dataclass(frozen=True)
class TextItem:
    root: str
    path: str
    text: str
    media_type: str | None = None

    @property
    def uri(self) -> str:
        return f"{self.root}/{self.path}"

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def version(self) -> str:
        return str(hash(self.text))

    def read(self) -> bytes:
        return self.text.encode()


@dataclass
class NotesSource:
    """A source kind declared by a test: ``notes://a,b`` lists one short note per name."""

    spec: str
    problems: list[WalkProblem] = field(default_factory=list)

    @property
    def uri(self) -> str:
        return self.spec

    @property
    def prune_root(self) -> str | None:
        return self.spec

    def items(self) -> Iterator[TextItem]:
        for name in self.spec.removeprefix("notes://").split(","):
            yield TextItem(self.spec, f"{name}.md", f"# {name}\n")


def test_a_source_kind_is_added_by_registration() -> None:
    register_source("notes")(NotesSource)
    try:
        source = open_source("notes://lundi,mardi")
        assert isinstance(source, Source) and isinstance(source, NotesSource)
        assert [i.uri for i in source.items()] == ["notes://lundi,mardi/lundi.md", "notes://lundi,mardi/mardi.md"]
    finally:
        unregister_source("notes")
    with pytest.raises(UnsupportedSource):
        open_source("notes://lundi")


# Readers: the registry by format, and the same choice as before for every file.


@pytest.mark.parametrize("name,text,expected", [
    ("page.md", "<!DOCTYPE html><html><body><p>x</p></body></html>\n", "markdown"),
    ("page.txt", "<!DOCTYPE html><html><body><p>x</p></body></html>\n", "html"),
    ("page", "<html><body><p>x</p></body></html>\n", "html"),
    ("page.htm", "<p>fragment</p>\n", "html"),
    ("notes.txt", "Réunion du lundi\n", "text"),
    ("notes.TEXT", "---\ntitle: Réunion\n---\nCorps\n", "markdown"),
    ("v1.2 notes", "Version\n", "text"),
    ("Préfecture de l'Ain", "<html><body>x</body></html>", "html"),
    ("image.PNG", "pas une image", "extension « .png »"),
    ("..png", "du texte", "extension « .png »"),
    ("tableau.csv", "a;b\n", "extension « .csv »"),
    (".bashrc", "export A=1\n", "text"),
])
def test_reader_choice_by_extension_then_sniffing(tmp_path: Path, name: str, text: str, expected: str) -> None:
    path = write(tmp_path / name, text)
    if expected.startswith("extension"):
        with pytest.raises(SkipFile, match=expected):
            read(path)
    else:
        assert read(path).format == expected


def test_media_type_from_the_source_comes_before_the_extension(tmp_path: Path) -> None:
    html = b"<html><head><title>Agenda</title></head><body><main><p>Atelier</p></main></body></html>"
    doc = read_document("agenda.php", "https://exemple.fr", "agenda.php", html, "text/html; charset=utf-8")
    assert doc.format == "html" and doc.metadata["title"] == "Agenda"
    doc = read_document("index.md", "https://exemple.fr", "index.md", b"# Titre\n", "application/octet-stream")
    assert doc.format == "markdown"
    with pytest.raises(SkipFile, match="extension « .php »"):
        read_document("agenda.php", "https://exemple.fr", "agenda.php", html)


def toy_reader(content: Content) -> Parsed:
    """Toy notes: '>' lines are headings, the rest is Markdown."""
    body = "\n".join("# " + line[1:].strip() if line.startswith(">") else line for line in content.body.split("\n"))
    return Parsed("toy", markdown_blocks(body, content.body_first_line))


def test_a_reader_registered_elsewhere_reads_its_format(tmp_path: Path) -> None:
    path = write(tmp_path / "atelier.toy", "---\ntitle: Atelier\n---\n> Programme\nAccueil à 9 h\n")
    with pytest.raises(SkipFile, match="extension « .toy »"):
        read(path)
    register_reader("toy", extensions={"toy"})(toy_reader)
    try:
        doc = read(path)
        assert doc.format == "toy" and doc.metadata == {"title": "Atelier"} and doc.metadata_lines == {"title": 2}
        assert [(b.kind, b.line, b.text) for b in doc.blocks] == [("heading", 4, "Programme"),
                                                                  ("paragraph", 5, "Accueil à 9 h")]
    finally:
        unregister_reader("toy")
    with pytest.raises(SkipFile):
        read(path)


def test_a_higher_priority_reader_takes_an_extension_over(tmp_path: Path) -> None:
    path = write(tmp_path / "a.md", "> Titre\n")
    assert read(path).format == "markdown"
    register_reader("toy-md", extensions={".md"}, priority=10)(toy_reader)
    register_reader("toy-md-low", extensions={".md"}, priority=-1)(lambda c: Parsed("low", []))
    try:
        assert read(path).format == "toy"
    finally:
        unregister_reader("toy-md")
        unregister_reader("toy-md-low")
    assert read(path).format == "markdown"


def test_a_sniffing_reader_takes_plain_text_only(tmp_path: Path) -> None:
    register_reader("agenda", extensions={".ics"}, sniff=lambda text: text.startswith("BEGIN:VCALENDAR"),
                    front_matter=False)(lambda c: Parsed("agenda", []))
    try:
        assert read(write(tmp_path / "cal.txt", "BEGIN:VCALENDAR\n")).format == "agenda"
        assert read(write(tmp_path / "cal", "BEGIN:VCALENDAR\n")).format == "agenda"
        assert read(write(tmp_path / "cal.md", "BEGIN:VCALENDAR\n")).format == "markdown"
    finally:
        unregister_reader("agenda")
