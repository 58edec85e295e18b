"""Front matter (YAML ``---``, TOML ``+++``, JSON ``{``) split off a document and parsed safely.

Splitting follows python-frontmatter's handlers (the Jekyll/Hugo/Netlify CMS
conventions); parsing is ours so that it is bounded: YAML goes through a
SafeLoader that refuses tags, caps alias expansion ("billion laughs") and
nesting; TOML and JSON are refused before parsing when their brackets nest too
deep (their parsers recurse once per level, and 500 levels exhaust Python's
stack); a string value longer than ``MAX_VALUE_CHARS`` is cut, and the cut reported.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field

import yaml
from frontmatter.default_handlers import JSONHandler, YAMLHandler
from yaml.events import AliasEvent

MAX_ALIASES = 50
MAX_NODES = 200_000  # values after alias expansion
MAX_DEPTH = 50  # nested lists and mappings; real front matter uses three or four
MAX_VALUE_CHARS = 100_000  # one string value, well under spaCy's max_length (1,000,000)
KEY_LINE = re.compile(r"^[\"']?([A-Za-z_][\w\- ]*?)[\"']?\s*[:=]")


class FrontMatterError(Exception):
    pass


def too_deep() -> FrontMatterError:
    return FrontMatterError(
        f"l'en-tête (front matter) imbrique plus de {MAX_DEPTH} niveaux de listes ou de champs : "
        "refusé ; simplifiez sa structure"
    )


class BoundedSafeLoader(yaml.SafeLoader):
    """SafeLoader that stops after ``MAX_ALIASES`` alias references or ``MAX_DEPTH`` nested nodes."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._aliases = 0
        self._depth = 0

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise FrontMatterError(
                    f"le YAML utilise plus de {MAX_ALIASES} alias (&/*) : refusé pour ne pas "
                    "saturer la mémoire (« billion laughs »)"
                )
        # The composer recurses once per level: stop before Python's stack does.
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise too_deep()
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


@dataclass
class Split:
    metadata: dict
    metadata_lines: dict[str, int]
    body: str
    body_first_line: int  # 1-based line number of the body's first line in the file
    kind: str | None  # yaml | toml | json | None
    warnings: list[str] = field(default_factory=list)  # values cut to MAX_VALUE_CHARS


class TOMLSplitter(YAMLHandler):
    """Hugo's ``+++`` fences (python-frontmatter's own TOML handler needs the old ``toml`` package)."""

    FM_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"


HANDLERS = (("yaml", YAMLHandler()), ("toml", TOMLSplitter()), ("json", JSONHandler()))


def split(text: str) -> Split:
    for kind, handler in HANDLERS:
        if not handler.detect(text):
            continue
        try:
            raw, body = handler.split(text)
        except ValueError:
            opener = text.lstrip()[:3]
            raise FrontMatterError(
                f"l'en-tête (front matter) ouvert par « {opener} » à la ligne 1 n'est jamais fermé"
            ) from None
        cut: list[str] = []
        metadata = _parse(kind, raw, cut)
        head = text[: len(text) - len(body)]
        warnings = [
            f"la valeur du champ « {key} » dépasse {MAX_VALUE_CHARS:,} caractères : seul son début est lu".replace(
                ",", " "
            )
            for key in dict.fromkeys(cut)
        ]
        return Split(metadata, _key_lines(raw, text), body, head.count("\n") + 1, kind, warnings)
    return Split({}, {}, text, 1, None)


def _parse(kind: str, raw: str, cut: list[str]) -> dict:
    if kind != "yaml" and bracket_depth(raw) > MAX_DEPTH:
        raise too_deep()
    try:
        if kind == "yaml":
            data = yaml.load(raw, Loader=BoundedSafeLoader)  # noqa: S506 - bounded SafeLoader
        elif kind == "toml":
            data = tomllib.loads(raw)
        else:
            data = JSONHandler().load(raw)
    except FrontMatterError:
        raise
    except RecursionError:  # nesting the bounds above did not see (brackets inside odd quoting)
        raise too_deep() from None
    except yaml.constructor.ConstructorError as error:
        raise FrontMatterError(
            f"l'en-tête YAML contient une étiquette non autorisée ({error.problem}) ; "
            "TED n'exécute jamais le contenu des documents"
        ) from None
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        line = f" ligne {where.line + 2}" if where else ""
        raise FrontMatterError(f"l'en-tête YAML est invalide{line} : {getattr(error, 'problem', error)}") from None
    except (tomllib.TOMLDecodeError, ValueError) as error:
        raise FrontMatterError(f"l'en-tête {kind.upper()} est invalide : {error}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontMatterError("l'en-tête (front matter) n'est pas une liste de champs « clé: valeur »")
    budget = [MAX_NODES]
    return {str(k): plain(v, budget, 2, cut, str(k)) for k, v in data.items()}


def plain(value: object, budget: list[int], depth: int = 1, cut: list[str] | None = None, key: str = "") -> object:
    """Make parsed values JSON-friendly (dates as ISO strings, keys as strings), within a node budget.

    The budget catches alias graphs that stay small in memory but explode once copied; the
    depth, tables nested through dotted TOML keys (``a.b.c...``), which parse without recursing.
    A string longer than ``MAX_VALUE_CHARS`` is cut, and its top-level key added to ``cut``.
    """
    budget[0] -= 1
    if budget[0] < 0:
        raise FrontMatterError(f"l'en-tête dépasse {MAX_NODES:,} valeurs une fois développé : refusé".replace(",", " "))
    if depth > MAX_DEPTH:
        raise too_deep()
    if isinstance(value, dict):
        return {str(k): plain(v, budget, depth + 1, cut, key) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v, budget, depth + 1, cut, key) for v in value]
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, str) and len(value) > MAX_VALUE_CHARS:
        if cut is not None:
            cut.append(key)
        return value[:MAX_VALUE_CHARS]
    return value


def bracket_depth(raw: str) -> int:
    """How deep ``[`` and ``{`` nest in TOML or JSON text, brackets inside quoted strings aside.

    A linear scan, so that a 500-level array is refused before a recursive parser sees it.
    Quoting is followed line by line (TOML's multi-line strings are rare in front matter; a
    bracket they hide at worst makes the count higher, and the parser's own errors stay caught).
    """
    deepest = depth = 0
    for line in raw.split("\n"):
        quote = ""
        escaped = False
        for char in line:
            if quote:
                if escaped:
                    escaped = False
                elif char == "\\" and quote == '"':
                    escaped = True
                elif char == quote:
                    quote = ""
            elif char in "\"'":
                quote = char
            elif char == "#":
                break  # a TOML comment (JSON has none, and no "#" outside strings)
            elif char in "[{":
                depth += 1
                deepest = max(deepest, depth)
            elif char in "]}":
                depth = max(depth - 1, 0)
    return deepest


def _key_lines(raw: str, text: str) -> dict[str, int]:
    offset = text[: text.find(raw)].count("\n") if raw in text else 1
    lines: dict[str, int] = {}
    for number, line in enumerate(raw.split("\n"), offset + 1):
        match = KEY_LINE.match(line)
        if match:
            lines.setdefault(match.group(1).strip(), number)
    return lines
