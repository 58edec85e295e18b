"""Who a person is, from the words right after the name: "(DG Axionable)", ", responsable du datalab
à l'Insee", " – Data Scientist", " est data scientist à la Cnaf depuis 2021", a team table's cells.

``affiliation`` returns (job title, organisation as written, gazetteer entry) — any may be None.
"""

from __future__ import annotations

import re

from ted.extract.cues import organisations as orgs
from ted.extract.layout.segments import Segment
from ted.kb.gazetteer import lookup_skill
from ted.kb.lexicon import words
from ted.kb.names import fold

PAREN = re.compile(r"^\s*\(([^()]{1,160})\)")
COMMA_CLAUSE = re.compile(r"^\s*,\s*(?P<clause>[^,;()]{2,160}?)(?=\s+et\s+[A-ZÀ-Ý]|\s*[,;.]\s|\s*[,;.]?$|\s*\()")
# "X – titre, Organisation", "X : titre à l'Organisation"; a directory line may end on the body's parent
# in brackets ("..., SDES (Ministère de la Transition écologique)"), which the organisation finder nests,
# and on a contact (an e-mail address, a phone number, a link).
DASH_CLAUSE = re.compile(r"^\s*(?:\s[-–—]|:)\s+(?P<clause>[^;()]{2,160}?)\s*(?:\([^()]{2,160}\)\s*)?"
                         r"(?:\s[-–—|]\s*(?:\S+@\S+|\+?[\d .]{10,}|https?://\S+)\s*)?$")  # "... — x.y@culture.gouv.fr"
ORG_SPLIT = re.compile(r"\s+(?:à|au|aux|chez|@|auprès de|auprès du|pour|dans)\s+(?:la |l['’]|le |les )?|\s+@",
                       re.IGNORECASE)
TRAILING_ORG = re.compile(r"^\s*,\s*([^,;.()]{2,80}?)\s*(?:[,;.()]|$)")  # "…, Agence … des territoires (ANCT)"
DIRECTOR = re.compile(r"^(?:directeur|directrice)\b", re.IGNORECASE)
BEING = re.compile(r"^\s+(?:est|était|est aujourd['’]hui|est actuellement|travaille comme)\s+"
                   r"(?P<clause>[^.;!?()]{2,160})")
CLAUSE_END = re.compile(r"\s+(?:depuis|en \d|où|afin|qui|et (?:il|elle))\b.*$|,.*$")


# A directory line's fields may be split by a slash: "X, déléguée générale / Défenseur des droits".
FIELD_SLASH = re.compile(r"\s+/\s+")


def affiliation(after: str) -> tuple[str | None, str | None, orgs.Org | None]:
    """Title and organisation written right after a name: "(DG Axionable)", ", responsable ... à l'Insee"."""
    after = FIELD_SLASH.sub(", ", after)
    match = PAREN.match(after)
    if match:
        return analyse(match.group(1), parenthesised=True)
    match = COMMA_CLAUSE.match(after) or DASH_CLAUSE.match(after)
    if match and not starts_with_title(match["clause"]) and (body := _bare_body(match["clause"])):
        return None, body[0], body[1]  # "Marie Dupont, de la DINUM, a présenté ...", "X – Ministère des Armées"
    match = match or BEING.match(after)
    if match and starts_with_title(match["clause"]):
        title, org_text, known = analyse(match["clause"], parenthesised=False)
        if org_text is None or title is None or "," in title:
            # "Data scientist, spécialiste du machine learning": the title is the first clause.
            short_title, short_org, short_known = analyse(CLAUSE_END.sub("", match["clause"]), parenthesised=False)
            title, org_text, known = short_title, org_text or short_org, known or short_known
        if org_text is None and (trailing := TRAILING_ORG.match(after[match.end():])):
            candidate = trailing.group(1).strip()
            head, _, second = candidate.partition(" et ")
            if second and starts_with_title(second):
                candidate = head  # "…, Conseil départemental de la Manche et vice-présidente de …": a second role
            known = orgs.lookup(candidate)
            if known or orgs.is_acronym(candidate) or orgs.org_shaped(candidate):
                org_text = candidate  # "Mehdi Larbi, chef du bureau des données, DREES"
        return title, org_text, known
    return None, None, None


BODY_OF = re.compile(r"^(?:de la|de l['’]|du|des|d['’]|à la|à l['’]|au|chez)\s*", re.IGNORECASE)


def _bare_body(clause: str) -> tuple[str, orgs.Org | None] | None:
    """A clause that is only a body the gazetteer knows, or an acronym: ", de la DINUM", ", Insee"."""
    if re.match(r"^(?:la|le|les|l['’])\s*", clause.strip(), re.IGNORECASE):
        return None  # "Paul Martin, la DINUM, l'Insee": an enumeration, not where Paul works
    text = BODY_OF.sub("", clause.strip()).strip(" .")
    known = orgs.lookup(text)
    if known or orgs.is_acronym(text):
        return orgs.strip_article(text), known
    return None


def starts_with_title(text: str) -> bool:
    tokens = text.split()
    return bool(tokens) and _title_word(fold(tokens[0]).strip(",.")) is not None


def _title_word(word: str) -> str | None:
    """The title head ``word`` is, in the singular: "datascientists" → "datascientist"."""
    heads = words("title_heads")
    if word in heads:
        return word
    return word[:-1] if word[-1:] in ("s", "x") and word[:-1] in heads else None


def plural_title(title: str | None) -> bool:
    """"datascientists", "data scientists", "chargés de mission": a title in the plural is shared by the
    people listed before it ("A et B, datascientists à l'Insee"); French titles agree in number."""
    if not title:
        return False
    head = re.split(LINKER.pattern, f" {title} ", maxsplit=1, flags=re.IGNORECASE)[0].split()
    return any((w := fold(t).strip(",.")) not in words("title_heads") and _title_word(w) for t in head)


ROLE_END = re.compile(r"[.;!?()]|\s[-–—]\s|$")
ROLE_JOIN = re.compile(r"\s*,\s*(?:et\s+)?|\s+et\s+")


Role = tuple[str | None, str | None, orgs.Org | None]


def roles(after: str) -> list[Role]:
    """Who a person is, from the words after the name: one role (:func:`affiliation`), or several, each a
    title and perhaps its body: "co-fondatrice d'EIG et directrice d'Etalab", "datascientists à l'Insee,
    enseignants à l'ENSAE". A part that does not open on a job title ends the run (", a présenté ...")."""
    first = affiliation(after)
    match = re.match(r"^\s*,\s*", after)
    if not first[0] or not match:
        return [first]
    text = after[match.end():]
    parts = ROLE_JOIN.split(text[:ROLE_END.search(text).start()])
    more: list[Role] = []
    for part in parts[1:]:
        if not starts_with_title(part):
            break
        if (role := analyse(part, parenthesised=False))[0]:
            more.append(role)
    if more and (alone := analyse(parts[0], parenthesised=False))[0]:
        first = alone  # the first role without the ones joined to it
    return [first, *more]


def analyse(text: str, parenthesised: bool) -> tuple[str | None, str | None, orgs.Org | None]:
    text = " ".join(text.split()).strip(" ,.;")
    if not starts_with_title(text):
        known = orgs.lookup(text)
        if known or (parenthesised and (orgs.org_shaped(text) or orgs.proper_name(text, 4))):
            return None, text, known
        return None, None, None
    parts = ORG_SPLIT.split(text, maxsplit=1)
    if len(parts) == 2 and (named := _org_head(parts[1])):
        return parts[0].strip(), named[0], named[1]
    title, _, rest = text.partition(", ")
    if not rest and (dashed := re.split(r"\s[–—-]\s", text, maxsplit=1))[1:]:
        title, rest = dashed[0], dashed[1].strip()  # "chargé de mission données — DINUM"
    if rest and not orgs.lookup(rest) and _a_skill(rest.split(",")[0].strip()):
        return title.strip(), None, None  # "Data engineer, Spark, pipelines de données": what they know
    if rest and (orgs.lookup(rest) or orgs.org_shaped(rest) or orgs.proper_name(rest, 4)):
        return title.strip(), orgs.strip_article(rest), orgs.lookup(rest)  # "Data scientist, DINUM"
    title, org_text = _title_then_name(text)
    if org_text:
        return title, org_text, orgs.lookup(org_text)
    if DIRECTOR.match(text):  # "directrice interministérielle du numérique" heads the "direction ..."
        known = orgs.lookup(DIRECTOR.sub("direction", text))
        if known:
            return text, known.name, known
    if (tail := _trailing_org(text)):
        return text, tail[0], tail[1]
    return text, None, None


LINKER = re.compile(r"\s(?:du|des|de la|de l['’]|d['’]|de|à la|à l['’]|au|aux|chez|auprès d(?:e la|e l['’]|u|es|e)|"
                    r"au sein d(?:e la|e l['’]|u|es|e|['’]))\s*", re.IGNORECASE)


def _trailing_org(text: str) -> tuple[str, orgs.Org | None] | None:
    """The organisation that ends a title: "cheffe du service de l'expérience numérique du ministère de la
    Justice" → the ministry (the gazetteer's, else a name shaped like a body: "... de la Direction des achats
    de l'État"). The longest tail that is one wins; a lone unit ("du Pôle data") is no body of its own."""
    tails = [text[m.end():].strip(" ,.;") for m in LINKER.finditer(text)]
    for tail in tails:
        if tail and (known := orgs.lookup(tail)):
            return orgs.strip_article(tail), known
    for tail in tails:
        capitals = sum(1 for t in tail.split() if t[:1].isupper())
        if tail[:1].isupper() and capitals >= 2 and orgs.org_shaped(tail):
            return tail, None
    return None


def _org_head(text: str) -> tuple[str, orgs.Org | None] | None:
    """The organisation opening ``text``: "l'Insee depuis 2019" → Insee; "Beta est venu ..." → Beta."""
    text = text.strip()
    known = orgs.lookup(text)
    if known:
        return orgs.strip_article(text), known
    for start, end, org in orgs.find(text):
        if not orgs.strip_article(text[:start]).strip():
            return text[start:end], org
        break
    if (shaped := _shaped_head(text)):
        return shaped, orgs.lookup(shaped)  # "la Direction régionale de l'Insee", "l'Hôpital européen Georges-Pompidou"
    name = orgs.strip_article(text)
    tokens = []
    for token in name.split():
        if not (token[0].isupper() or token[0].isdigit() or (fold(token) in orgs.SMALL and tokens)):
            break
        tokens.append(token)
    while tokens and fold(tokens[-1]) in orgs.SMALL:
        tokens.pop()
    if len(tokens) == 1 and fold(tokens[0]) in words("org_heads"):
        return None  # "la Direction du numérique": which one is not said
    return (" ".join(tokens).strip(" ,.;"), None) if tokens else None


def _shaped_head(text: str) -> str | None:
    """A body's name with lower-case words inside, shaped like one: a head word ("Direction", "Hôpital",
    "Université") and a capitalised last word, up to the end of the clause."""
    name = orgs.strip_article(re.split(r"[,;.()]", CLAUSE_END.sub("", text), maxsplit=1)[0].strip())
    name = name[:1].upper() + name[1:]  # "à la direction régionale de l'Insee Bretagne": French writes it lower
    last = re.findall(r"[^\W\d_]+", name)
    if not name or len(name.split()) > 8 or not last or not last[-1][:1].isupper() or len(name.split()) < 2:
        return None
    return name if orgs.org_shaped(name) and fold(name.split()[0]) in words("org_heads") else None


ELIDED = re.compile(r"^[ldLD]['’]")  # "l'ARS", "d'Etalab": the article glued to a name


def _title_then_name(text: str) -> tuple[str, str | None]:
    """"DG Axionable" → ("DG", "Axionable"); "Senior Manager" → ("Senior Manager", None)."""
    tokens = text.split()
    for i, token in enumerate(tokens[1:], 1):
        if fold(tokens[i - 1]) in orgs.SMALL:
            rest = " ".join(tokens[i:]).strip(" ,.;")
            if token[0].isupper() and (orgs.is_acronym(rest) or orgs.lookup(rest) or _founded(tokens[:i], rest)):
                return text, rest  # "directrice de la DITP", "fondateur de Teklia": the title and its body
            continue  # "Responsable du Datalab": the title names what it heads
        if token[0].isupper() and ELIDED.sub("", tokens[i - 1])[:1].isupper() \
                and not starts_with_title(tokens[i - 1]):
            continue  # "ville de New York", "de l'ARS Hauts-de-France": inside one name
        if token[0].isupper() and fold(token) not in words("title_heads"):
            rest = tokens[i:]
            named = all(t[0].isupper() or fold(t) in orgs.SMALL for t in rest) and len(rest) <= 5
            # "fondateur Observatoire data publica": lower-case words are fine after a body's head word.
            named = named or (len(rest) <= 6 and orgs.org_shaped(" ".join(rest)))
            if named and orgs.lookup(" ".join(rest)) is None and _a_skill(" ".join(rest)):
                named = False  # "référent MLOps", "experte Python": what the title is about, not an employer
            return (" ".join(tokens[:i]), " ".join(rest)) if named else (text, None)
    return text, None


def _founded(title: list[str], rest: str) -> bool:
    """"fondateur de Teklia": a founder's or head's title followed by a short proper name names that body,
    even one no list knows (never a skill: "CEO de Python" is no employer)."""
    tokens = rest.split()
    return (fold(title[0]) in words("founder_heads") and 0 < len(tokens) <= 4
            and all(t[:1].isupper() or fold(t) in orgs.SMALL for t in tokens) and not _a_skill(rest))


def _a_skill(text: str) -> bool:
    try:
        return lookup_skill(text) is not None
    except (OSError, ValueError, KeyError):
        return False


def cells(text: str) -> list[tuple[int, int]]:
    """Character ranges of a table row's cells ("Nom | Fonction | Organisation")."""
    ranges, position = [], 0
    for cell in text.split(" | "):
        ranges.append((position, position + len(cell)))
        position += len(cell) + 3
    return ranges


def row_affiliation(text: str, start: int, end: int) -> tuple[str | None, str | None, orgs.Org | None]:
    """A team table: the job title and the organisation are other cells of the person's row."""
    title = org_text = known = None
    for cell_start, cell_end in cells(text):
        cell = text[cell_start:cell_end].strip()
        if cell_start <= start < cell_end or not cell:
            continue
        if title is None and starts_with_title(cell):
            title, found_org, found_known = analyse(cell, parenthesised=False)
            org_text, known = org_text or found_org, known or found_known
        elif org_text is None and ((hit := orgs.lookup(cell)) or orgs.org_shaped(cell)):
            org_text, known = cell, hit
    return title, org_text, known


def next_line_title(seg: Segment) -> tuple[str | None, str | None, orgs.Org | None]:
    start, end = seg.line_range(seg.starts[1][0])
    text = seg.text[start:end]
    if starts_with_title(text):
        return analyse(CLAUSE_END.sub("", text), parenthesised=False)
    return None, None, None
