"""Front matter (YAML ``---``, TOML ``+++``, JSON ``{``) split off a document and parsed safely.

Splitting follows python-frontmatter's handlers (the Jekyll/Hugo/Netlify CMS
conventions); parsing is ours so that it is bounded: YAML goes through a
SafeLoader that refuses tags and caps alias expansion ("billion laughs").
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass

import yaml
from frontmatter.default_handlers import JSONHandler, YAMLHandler
from yaml.events import AliasEvent

MAX_ALIASES = 50
MAX_NODES = 200_000  # values after alias expansion
KEY_LINE = re.compile(r"^[\"']?([A-Za-z_][\w\- ]*?)[\"']?\s*[:=]")


class FrontMatterError(Exception):
    pass


class BoundedSafeLoader(yaml.SafeLoader):
    """SafeLoader that stops after ``MAX_ALIASES`` alias references."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._aliases = 0

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise FrontMatterError(
                    f"le YAML utilise plus de {MAX_ALIASES} alias (&/*) : refusé pour ne pas "
                    "saturer la mémoire (« billion laughs »)"
                )
        return super().compose_node(parent, index)


@dataclass
class Split:
    metadata: dict
    metadata_lines: dict[str, int]
    body: str
    body_first_line: int  # 1-based line number of the body's first line in the file
    kind: str | None  # yaml | toml | json | None


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
        metadata = _parse(kind, raw)
        head = text[: len(text) - len(body)]
        return Split(metadata, _key_lines(raw, text), body, head.count("\n") + 1, kind)
    return Split({}, {}, text, 1, None)


def _parse(kind: str, raw: str) -> dict:
    try:
        if kind == "yaml":
            data = yaml.load(raw, Loader=BoundedSafeLoader)  # noqa: S506 - bounded SafeLoader
        elif kind == "toml":
            data = tomllib.loads(raw)
        else:
            data = JSONHandler().load(raw)
    except FrontMatterError:
        raise
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
    return plain(data, [MAX_NODES])


def plain(value: object, budget: list[int]) -> object:
    """Make parsed values JSON-friendly (dates as ISO strings, keys as strings), within a node budget.

    The budget catches alias graphs that stay small in memory but explode once copied.
    """
    budget[0] -= 1
    if budget[0] < 0:
        raise FrontMatterError(f"l'en-tête dépasse {MAX_NODES:,} valeurs une fois développé : refusé".replace(",", " "))
    if isinstance(value, dict):
        return {str(k): plain(v, budget) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v, budget) for v in value]
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return value


def _key_lines(raw: str, text: str) -> dict[str, int]:
    offset = text[: text.find(raw)].count("\n") if raw in text else 1
    lines: dict[str, int] = {}
    for number, line in enumerate(raw.split("\n"), offset + 1):
        match = KEY_LINE.match(line)
        if match:
            lines.setdefault(match.group(1).strip(), number)
    return lines
