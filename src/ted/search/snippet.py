"""Text as a person reads it, and the sentence of a result that matches the query, words marked.

Indexed text mixes what documents say (already read into plain blocks) with raw
lines kept as evidence quotes: front-matter lines (``title = "..."``, ``- python``),
HTML rows, Markdown emphasis. :func:`readable` turns any such line into the words
a reader sees; :func:`extract` picks, among the readable sentences, the one holding
most of the query's stems and says where the searched words are, so that the web
(``<mark>``), the API (spans) and the CLI (Rich) mark the same words.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ted.kb.names import fast_fold
from ted.search.analyzer import STOPWORDS

SCAN = 20000
MAX_HITS = 200
MAX_PASSAGES = 12  # lines with a hit weighed on the raw text
PASSAGE_HITS = 64  # hits looked at to find them
READ = 3  # of which the most promising are read as sentences
WIDTH = 220
BEFORE = 60
LONG = 4 * WIDTH  # a passage longer than this is read only around its hit

# Markup a reader never sees, removed before anything else.
_DOCTYPE = re.compile(r"<!DOCTYPE[^>]*>|<!--.*?(?:-->|$)|<\?xml[^>]*\?>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>|</?[A-Za-z][\w:-]*(?:\s[^<>]*)?$")
# Front matter: a YAML key (``key:`` with no space before the colon), a TOML key (``key =``),
# a JSON key (``"key":``); delimiters and block-scalar indicators alone on their line.
# Keys are identifiers starting in lower case ("title", "event_start_date"): "Beta.gouv.fr: Être designer"
# or "Public: agents" in a text are sentences.
_YAML_KEY = re.compile(r"^[ \t]*[a-z_][\w-]{0,40}:(?=\s|$)")
_TOML_KEY = re.compile(r"^[ \t]*[a-z_][\w.-]{0,40}[ \t]*=(?!=)")
_JSON_KEY = re.compile(r'^[ \t]*"[^"\n]{1,40}"[ \t]*:')
_DELIMITER = re.compile(r"^[ \t]*(?:---+|\+\+\+|\.\.\.|[{}\[\]],?|[|>][-+]?|\[[\w.-]+\])[ \t]*$")
# Markdown: headings, quotes, list markers, table pipes and rules, emphasis, code, links, images.
_HEADING = re.compile(r"^[ \t]*#{1,6}(?=\S|\s)")
_QUOTE = re.compile(r"^[ \t]*(?:>[ \t]?)+")
_BULLET = re.compile(r"^[ \t]*(?:[-*+•]|\d{1,3}[.)])(?:[ \t]+|$)")
_BULLETS = frozenset("-*+•")
_TABLE_RULE = re.compile(r"^[ \t|:-]*-{3,}[ \t|:-]*$")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\(\s*(?:[^()\s]|\([^)]*\))*(?:\s+\"[^\"]*\")?\s*\)")
_CUT_LINK = re.compile(r"\[([^\]]+)\]\([^)]*$")  # a quote cut inside its link's address
_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3}|~~)(?=\S)(.+?)(?<=\S)\1")
_LONE_MARKS = re.compile(r"(?<!\w)(?:\*{2,3}|_{2,3}|~~)|(?:\*{2,3}|_{2,3}|~~)(?!\w)|`+")
_INLINE_HEADING = re.compile(r"(?<!\S)#{2,6}[ \t]*(?=[^\W\d_])")  # "##Prochaines étapes" inside a joined block
_SENTENCE = re.compile(r"(?<=[.!?…])[ \t]+(?=[«\"“(\[]?[A-ZÀ-ÖØ-Ý0-9])")


@dataclass
class Snippet:
    """A plain-text extract and the ``(start, end)`` character spans of the searched words in it."""

    text: str = ""
    marks: list[tuple[int, int]] = field(default_factory=list)

    @property
    def html(self) -> str:
        """The extract, HTML-escaped, with each searched word in ``<mark>``."""
        parts, at = [], 0
        for start, end in self.marks:
            parts += [html.escape(self.text[at:start]), "<mark>", html.escape(self.text[start:end]), "</mark>"]
            at = end
        parts.append(html.escape(self.text[at:]))
        return "".join(parts)

    def rich(self, style: str = "bold yellow") -> str:
        """The extract as Rich console markup (text escaped), searched words in ``style``."""
        from rich.markup import escape  # the CLI's dependency; search itself does not need it

        parts, at = [], 0
        for start, end in self.marks:
            parts += [escape(self.text[at:start]), f"[{style}]", escape(self.text[start:end]), "[/]"]
            at = end
        # escape() doubles a trailing backslash (it would escape a tag that follows); none follows the last part.
        parts.append(escape(self.text[at:] + "x")[:-1])
        return "".join(parts)


def readable(line: str, keys: bool = False) -> str:
    """One line of a source (Markdown, HTML, front matter) as the words a person reads, on one line.

    ``keys``: a front-matter line keeps its key as a label ("lieu : Paris"), for a page that shows
    the whole document; a snippet shows the value alone.
    """
    # Each rule runs only where its mark is: most lines are plain prose and cost a few scans.
    text = line
    if "<" in text:
        text = _TAG.sub(" ", _DOCTYPE.sub(" ", text))
    if "&" in text:
        text = html.unescape(text)
    if (len(text) <= 12 or "---" in text) and (_DELIMITER.match(text) or _TABLE_RULE.match(text)):
        return ""
    if ":" in text[:48] or "=" in text[:48]:
        text = _front_matter_value(text, keys)
    if "#" in text:
        text = _INLINE_HEADING.sub("", _HEADING.sub("", text, count=1))
    head = text.lstrip()[:1]
    if head == ">":
        text = _QUOTE.sub("", text, count=1)
        head = text.lstrip()[:1]
    if head in _BULLETS or head.isdigit():
        while (bullet := _BULLET.match(text)) is not None and bullet.end() > 0:
            text = _front_matter_value(text[bullet.end():], keys)  # a YAML list of mappings: "- name: value"
    if text.count("|") >= 2:  # a Markdown table row: cells, not pipes
        text = " · ".join(cell.strip() for cell in text.strip().strip("|").split("|") if cell.strip())
    if "](" in text:
        text = _CUT_LINK.sub(r"\1", _LINK.sub(r"\1", _IMAGE.sub(r"\1", text)))
    if "*" in text or "_" in text or "~" in text or "`" in text:
        for _ in range(2):  # nested emphasis (***a** b*)
            text = _EMPHASIS.sub(r"\2", text)
        text = _LONE_MARKS.sub("", text)
    return " ".join(text.split())


def _front_matter_value(text: str, keys: bool = False) -> str:
    """``key: value``, ``key = "value"``, ``"key": "value",`` → ``value`` (quotes and brackets dropped),
    or ``key : value`` with ``keys``."""
    found = _YAML_KEY.match(text) or _TOML_KEY.match(text) or _JSON_KEY.match(text)
    if found is None:
        return text
    value = text[found.end():].strip().rstrip(",").strip()
    if value in {"|", ">", "|-", ">-", "|+", ">+", "[", "{", "[]", "{}", "~", "null"}:
        value = ""
    elif value.startswith("[") and value.endswith("]"):
        value = ", ".join(_unquote(v) for v in value[1:-1].split(",") if v.strip())
    else:
        value = _unquote(value)
    if not keys:
        return value
    key = text[:found.end()].strip().rstrip(":=").strip().strip('"')
    return f"{key} : {value}".rstrip()


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1].replace('\\"', '"')
    return value


def readable_text(text: str) -> str:
    """A whole text, line by line through :func:`readable`, empty lines and repeated lines dropped."""
    seen: set[str] = set()
    kept = []
    for line in text.splitlines():
        clean = readable(line)
        key = fast_fold(clean)
        if clean and key not in seen:
            seen.add(key)
            kept.append(clean)
    return "\n".join(kept)


def snippet(text: str, stems: Sequence[str], folded: str | None = None) -> str:
    """The plain text of :func:`extract`."""
    return extract(text, stems, folded).text


def extract(text: str, stems: Sequence[str], folded: str | None = None, name: str = "",
            concepts: Sequence[Sequence[str]] = ()) -> Snippet:
    """The readable sentence of ``text`` holding most of the query ``stems``, with their words marked.

    ``folded`` is ``fast_fold(text)`` when the caller has it already (the index stores it). At
    most about ``WIDTH`` characters; a sentence that short is followed by the next ones of its
    passage. A sentence that only repeats ``name`` (the result's title, shown anyway), a bare
    reference path or a few words says less than one with context, so it comes last. ``concepts``:
    the query's concepts, each as its stems (typed words, synonyms): a sentence is worth the concepts
    it holds, not the synonyms of one concept it repeats.
    """
    if len(text) > SCAN:  # whole lines only: a cut line would end mid-word
        text = text[:max(text.rfind("\n", 0, SCAN), SCAN // 2)]
    folded = folded[:len(text)] if folded is not None and len(folded) >= len(text) else fast_fold(text)
    wanted = _wanted(stems)
    concept = {s: i for i, group in enumerate(concepts) for s in group if s in wanted}
    skip = fast_fold(name).strip(" .;,")
    sentences = _sentences(text, folded, wanted, concept, skip)
    if not sentences:
        return Snippet()
    best = max(range(len(sentences)),
               key=lambda i: (_score(sentences[i][1], sentences[i][2], wanted, concept, skip), -i)) if wanted else 0
    shown, cut_before = _window(sentences, best, wanted)
    # Text comes before what is shown: a later sentence, a sentence cut, or one that starts in lower case.
    if cut_before or best > 0 or shown[:1].islower() or _starts_later(text, sentences[0][1]):
        shown = "…" + shown if not shown.startswith("…") else shown
    return Snippet(shown, _marks(shown, wanted))


def _wanted(stems: Sequence[str]) -> tuple[str, ...]:
    """The stems worth finding: two letters at least, function words left out unless nothing else is asked."""
    kept = {s for s in stems if len(s) >= 2}
    content = {s for s in kept if s not in STOPWORDS}
    return tuple(sorted(content or kept))


def _sentences(text: str, folded: str, wanted: tuple[str, ...], concept: dict[str, int], skip: str = ""
               ) -> list[tuple[int, str, str]]:
    """Readable, distinct sentences of the passages (lines) most likely to hold the best sentence, in
    order, each with the start of its passage and its folded form.

    Lines are ranked on the raw text first (concepts hit, not a bare name, hits), and only the best
    ``READ`` are cleaned and cut into sentences: a long text costs a scan of its folded form.
    """
    seen: set[str] = set()
    sentences = []
    for start, end in _passages(text, folded, wanted, concept, skip):
        cut_start = start > 0 and text[start - 1] not in "\n " and text[start - 2:start] != ". "
        cut_end = end < len(text) and text[end] != "\n"
        parts = _SENTENCE.split(_distinct_items(readable(text[start:end])))
        for i, sentence in enumerate(parts):
            key = fast_fold(sentence).strip(" .;,")
            if len(key) >= 2 and key not in seen:
                seen.add(key)
                shown = sentence.strip()
                shown = "…" + shown if i == 0 and cut_start else shown
                sentences.append((start, shown + "…" if i == len(parts) - 1 and cut_end else shown, key))
    return sentences


def _passages(text: str, folded: str, wanted: tuple[str, ...], concept: dict[str, int], skip: str = ""
              ) -> list[tuple[int, int]]:
    """(start, end) of the ``READ`` best of the first ``MAX_PASSAGES`` lines holding a hit, in text order
    (the first lines when there is none); a long line (a document's paragraph) only around its first
    hit, from a sentence start, so that its cleaning costs a snippet's width, not a page's."""
    spans: list[list] = []  # [start, end, concepts hit, hits]
    for count, found in enumerate(_pattern(wanted).finditer(folded) if wanted else ()):
        hit = found.start()
        if count >= PASSAGE_HITS:
            break
        if spans and spans[-1][0] <= hit < spans[-1][1]:
            spans[-1][2].add(concept.get(found.group(), found.group()))
            spans[-1][3] += 1
            continue
        if len(spans) >= MAX_PASSAGES:
            break
        start = text.rfind("\n", 0, hit) + 1
        end = text.find("\n", hit)
        end = len(text) if end < 0 else end
        if end - start > LONG:  # cut at spaces: a word is never shown in part
            sentence = max(text.rfind(". ", start, hit - 1), text.rfind("\n", start, hit - 1))
            if sentence >= start and hit - sentence < LONG // 2:
                start = sentence + 2
            elif hit - BEFORE > start:
                start = text.find(" ", hit - BEFORE, hit) + 1 or hit
            if end > start + LONG:
                space = text.rfind(" ", start + LONG // 2, start + LONG)
                end = space if space > 0 else start + LONG
        spans.append([start, end, {concept.get(found.group(), found.group())}, 1])
    if spans:
        def promise(span: list) -> tuple[int, bool, int]:
            line = folded[span[0]:span[1]]
            telling = line.count(" ") >= 3 and line.strip(" -*+.;,\t") != skip
            return len(span[2]), telling, span[3]

        best = sorted(range(len(spans)), key=lambda i: (promise(spans[i]), -i), reverse=True)[:READ]
        return [(spans[i][0], spans[i][1]) for i in sorted(best)]
    at, first = 0, []
    while at < len(text) and len(first) < READ:
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        first.append((at, min(end, at + LONG)))
        at = end + 1
    return first


def _distinct_items(passage: str) -> str:
    """A list of names ("A · B · A", two entities sharing a name) with each name once."""
    if " · " not in passage:
        return passage
    seen: set[str] = set()
    kept = []
    for item in passage.split(" · "):
        key = fast_fold(item)
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return " · ".join(kept)


def _score(sentence: str, folded: str, wanted: tuple[str, ...], concept: dict[str, int], skip: str = ""
           ) -> tuple[int, bool, int]:
    """Distinct concepts (else stems) found, whether the sentence says more than a name or a path,
    occurrences (``folded``: the sentence folded, trimmed)."""
    found = _occurrences(folded, wanted)
    telling = folded != skip and sentence.count(" ") >= 3  # four words at least: not a name, path or address
    return len({concept.get(s, s) for _, s in found}), telling, len(found)


def _window(sentences: list[tuple[int, str, str]], best: int, wanted: tuple[str, ...]) -> tuple[str, bool]:
    """The best sentence (cut around its words when too long), then the following ones of its passage
    while they fit."""
    passage, first, _ = sentences[best]
    cut_before = False
    if len(first) > WIDTH:
        first, cut_before = _cut(first, wanted)
        return first, cut_before
    shown = first
    for start, following, _ in sentences[best + 1:]:
        if start != passage or len(shown) + 1 + len(following) > WIDTH:
            break
        shown += " " + following
    return shown, cut_before


def _cut(sentence: str, wanted: tuple[str, ...]) -> tuple[str, bool]:
    hits = _occurrences(fast_fold(sentence), wanted)
    start = max(_best_start(hits) - BEFORE, 0) if hits else 0
    if start:
        space = sentence.rfind(" ", max(start - 20, 0), start)
        start = space + 1 if space >= 0 else start
    end = min(start + WIDTH, len(sentence))
    if end < len(sentence):
        space = sentence.rfind(" ", start + WIDTH // 2, end)
        end = space if space > 0 else end
    return sentence[start:end].strip() + ("…" if end < len(sentence) else ""), start > 0


def _starts_later(text: str, sentence: str) -> bool:
    """Whether ``sentence`` is not where the text begins (the reader should see that text comes before)."""
    head = readable(text[:len(sentence) + 200].split("\n", 1)[0])
    return not head.startswith(sentence[:40])


@lru_cache(maxsize=512)
def _pattern(stems: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True))
    return re.compile(r"(?<![^\W_])(?:" + alternatives + ")")


def _occurrences(folded: str, wanted: tuple[str, ...]) -> list[tuple[int, str]]:
    """Where the stems ``wanted`` (from :func:`_wanted`) start words of ``folded``."""
    if not wanted:
        return []
    hits = []
    for found in _pattern(wanted).finditer(folded):
        hits.append((found.start(), found.group()))
        if len(hits) >= MAX_HITS:
            break
    return hits


def _marks(shown: str, wanted: tuple[str, ...]) -> list[tuple[int, int]]:
    """Spans of the words of ``shown`` that start with a wanted stem (the whole word is marked)."""
    folded = fast_fold(shown)
    if len(folded) != len(shown) or not wanted:  # a character whose lower case is longer: no safe positions
        return []
    marks = []
    for position, _ in _occurrences(folded, wanted):
        end = position
        while end < len(shown) and shown[end].isalnum():
            end += 1
        if not marks or position >= marks[-1][1]:
            marks.append((position, end))
    return marks


def _best_start(hits: list[tuple[int, str]]) -> int:
    """Start of the window (sliding over the sorted hits) holding the most distinct stems."""
    best, best_count, low = hits[0][0], 0, 0
    span = WIDTH - BEFORE
    for high in range(len(hits)):
        while hits[high][0] - hits[low][0] >= span:
            low += 1
        count = len({s for _, s in hits[low:high + 1]})
        if count > best_count:
            best, best_count = hits[low][0], count
    return best
