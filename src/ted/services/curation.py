"""Curation: one function per decision, the single entry point for the CLI, the web pages and the API.

Each function finds its entities in the current graph (an id, or a name that designates one
entity: otherwise :class:`Ambiguous` lists the candidates and nothing changes), validates the
decision, records it and rebuilds the graph and the index, which replays every decision
(``ted.services.replay``). Undo marks the decision undone and rebuilds: the graph is derived
again from the documents and the remaining decisions, so an undo is exact whatever came after.
A decision the replay cannot apply right away is not kept: it is removed and its reason raised.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from ted.graph.people import person_key
from ted.kb.names import name_key
from ted.schema import TYPE_LABELS, EntityType, RelationType, allows
from ted.services.forget import Ambiguous, Candidate, NotFound
from ted.services.graph import refresh_graph
from ted.store import models as m
from ted.store.decisions import Decision, Kind
from ted.store.graph import set_graph_dirty

__all__ = ["Ambiguous", "CurationError", "NotFound", "add_attribute", "add_relation", "decisions", "describe",
           "export_decisions", "find_entity", "hide_attribute", "hide_relation", "history", "import_decisions",
           "merge", "reject_entity", "reject_relation", "rename", "retype", "split", "undo"]

_ID = re.compile(r"^[a-z]+:\S+$")
RELATION_TYPES = [t.value for t in RelationType]
ENTITY_TYPES = [t.value for t in EntityType]


class CurationError(ValueError):
    """A decision that cannot be taken, with the French sentence that says why."""


@dataclass
class ImportSummary:
    added: int = 0
    updated: int = 0  # undone since, on the instance the file comes from
    unchanged: int = 0
    orphaned: int = 0


# ---------------------------------------------------------------- finding entities


def _names(entity: m.Entity) -> list[str]:
    return [entity.name, *sorted(entity.aliases.values_list("name", flat=True))]


def _keys(name: str) -> set[str]:
    return {name_key(name), person_key(name)} - {""}


def _candidate(entity: m.Entity) -> Candidate:
    documents = m.EntityEvidence.objects.filter(entity=entity).values("document_id").distinct().count()
    return Candidate(entity.id, entity.name, _names(entity)[1:], documents)


def find_entity(query: str) -> m.Entity:
    """The entity ``query`` (an id, or a name or alias) designates.

    Raises :class:`NotFound` when nothing bears it, :class:`Ambiguous` when several entities do."""
    query = " ".join(query.split())
    if _ID.match(query):
        entity = m.Entity.objects.filter(id=query).first()
        if entity is None:
            raise NotFound(f"aucune entité n'a l'identifiant « {query} »")
        return entity
    wanted = _keys(query)
    if not wanted:
        raise NotFound(f"« {query} » n'est pas un nom")
    found = []
    for entity in m.Entity.objects.prefetch_related("aliases").order_by("type", "id"):
        names = [entity.name, *(a.name for a in entity.aliases.all())]
        if wanted & {k for n in names for k in _keys(n)}:
            found.append(entity)
    if not found:
        partial = _partial(query)
        if partial:
            raise Ambiguous(query, [_candidate(e) for e in partial], "nom incomplet")
        raise NotFound(f"aucune entité ne s'appelle « {query} »")
    if len(found) > 1:
        raise Ambiguous(query, [_candidate(e) for e in found], "plusieurs entités portent ce nom")
    return found[0]


def _partial(query: str) -> list[m.Entity]:
    """Entities one of whose names holds every word of ``query`` (at most 20): candidates to choose from."""
    wanted = set(name_key(query).split())
    found = []
    for entity in m.Entity.objects.prefetch_related("aliases").order_by("type", "id"):
        names = [entity.name, *(a.name for a in entity.aliases.all())]
        if any(wanted <= set(name_key(n).split()) for n in names):
            found.append(entity)
            if len(found) == 20:
                break
    return found


def _target(entity: m.Entity) -> dict:
    names = _names(entity)
    return {"id": entity.id, "type": entity.type, "name": entity.name, "aliases": names[1:]}


# ---------------------------------------------------------------- recording


def _record(kind: str, targets: list[m.Entity], payload: dict, note: str, author: str) -> Decision:
    """Record the decision and rebuild; a decision the replay could not apply is removed and raised."""
    with transaction.atomic():
        decision = Decision.objects.create(kind=kind, targets=[_target(e) for e in targets], payload=payload,
                                           note=note.strip(), author=author.strip())
        set_graph_dirty(True)  # with the decision: a run killed before the rebuild rebuilds next time
    try:
        refresh_graph()
    except Exception as error:  # a decision that breaks the rebuild must not stay to break every next one
        decision.problem = f"{type(error).__name__} : {error}"
    else:
        decision.refresh_from_db()
    if decision.problem:
        problem = decision.problem
        with transaction.atomic():
            decision.delete()
            set_graph_dirty(True)
        refresh_graph()
        raise CurationError(f"décision non appliquée : {problem}")
    return decision


def merge(kept: str, other: str, note: str = "", author: str = "") -> Decision:
    """One entity where resolution saw two: ``other``'s names, evidence and relations join ``kept``."""
    a, b = find_entity(kept), find_entity(other)
    if a.id == b.id:
        raise CurationError(f"« {kept} » et « {other} » désignent déjà la même entité ({a.id})")
    if a.type != b.type:
        raise CurationError(f"les entités {a.id} et {b.id} ne sont pas du même type : changez d'abord le type de l'une "
                            "(ted curate retype)")
    return _record(Kind.MERGE, [a, b], {}, note, author)


def split(entity: str, alias: str = "", note: str = "", author: str = "", document: str = "") -> Decision:
    """The mentions that name ``entity`` by ``alias`` (or, with ``document``, its mentions in that
    document, by path as exports write it) become an entity of their own."""
    found = find_entity(entity)
    if document:
        paths = set(found.evidence.values_list("document__path", flat=True))
        if document.strip("/") not in paths:
            raise CurationError(f"aucune mention de {found.id} dans « {document} » ; ses documents : "
                                f"{', '.join(sorted(paths)) or 'aucun'}")
        return _record(Kind.SPLIT, [found], {"document": document.strip("/")}, note, author)
    names = _names(found)
    if not any(_keys(alias) & _keys(n) for n in names):
        raise CurationError(f"« {alias} » n'est pas un nom de {found.id} ; ses noms : {', '.join(names)}")
    return _record(Kind.SPLIT, [found], {"alias": " ".join(alias.split())}, note, author)


def rename(entity: str, name: str, note: str = "", author: str = "") -> Decision:
    found = find_entity(entity)
    name = " ".join(name.split())
    if not name or len(name) > 500:
        raise CurationError("le nouveau nom doit compter de 1 à 500 caractères")
    if name == found.name:
        raise CurationError(f"l'entité {found.id} s'appelle déjà « {name} »")
    return _record(Kind.RENAME, [found], {"name": name}, note, author)


def retype(entity: str, type_: str, note: str = "", author: str = "") -> Decision:
    found = find_entity(entity)
    if type_ not in ENTITY_TYPES:
        raise CurationError(f"type inconnu « {type_} » : choisissez parmi {', '.join(ENTITY_TYPES)}")
    if type_ == found.type:
        raise CurationError(f"l'entité {found.id} est déjà de type {type_}")
    return _record(Kind.RETYPE, [found], {"type": type_}, note, author)


def reject_entity(entity: str, note: str = "", author: str = "") -> Decision:
    """A junk entity: it leaves the graph, with its relations, whatever documents say."""
    return _record(Kind.REJECT_ENTITY, [find_entity(entity)], {}, note, author)


def _relation_ends(type_: str, source: str, target: str) -> tuple[m.Entity, m.Entity]:
    if type_ not in RELATION_TYPES:
        raise CurationError(f"type de relation inconnu « {type_} » : choisissez parmi {', '.join(RELATION_TYPES)}")
    s, t = find_entity(source), find_entity(target)
    if s.id == t.id:
        raise CurationError(f"« {source} » et « {target} » désignent la même entité ({s.id})")
    return s, t


def _existing_relation(type_: str, s: m.Entity, t: m.Entity) -> m.Relation:
    relation = m.Relation.objects.filter(type=type_, source=s, target=t).first()
    if relation is None:
        reverse = m.Relation.objects.filter(type=type_, source=t, target=s).exists()
        raise CurationError(f"aucune relation {type_} de {s.id} vers {t.id}"
                            + (" (elle existe dans l'autre sens : inversez SOURCE et CIBLE)" if reverse else ""))
    return relation


def reject_relation(type_: str, source: str, target: str, note: str = "", author: str = "") -> Decision:
    s, t = _relation_ends(type_, source, target)
    _existing_relation(type_, s, t)
    return _record(Kind.REJECT_RELATION, [s, t], {"relation": type_}, note, author)


def hide_relation(type_: str, source: str, target: str, note: str = "", author: str = "") -> Decision:
    """A true fact kept out of public view (pages, search, experts, exports): recorded as hidden, not as wrong."""
    s, t = _relation_ends(type_, source, target)
    _existing_relation(type_, s, t)
    return _record(Kind.HIDE, [s, t], {"relation": type_}, note, author)


def add_relation(type_: str, source: str, target: str, note: str = "", author: str = "") -> Decision:
    """A relation no document states; shown as added by a curator."""
    s, t = _relation_ends(type_, source, target)
    if not allows(type_, s.type, t.type):
        raise CurationError(f"une relation {type_} ne relie pas {TYPE_LABELS.get(s.type, s.type)} "
                            f"({s.id}) à {TYPE_LABELS.get(t.type, t.type)} ({t.id})")
    if m.Relation.objects.filter(type=type_, source=s, target=t).exists():
        raise CurationError(f"la relation {type_} de {s.id} vers {t.id} existe déjà")
    return _record(Kind.ADD_RELATION, [s, t], {"relation": type_}, note, author)


def add_attribute(entity: str, attribute: str, value: str, note: str = "", author: str = "") -> Decision:
    found = find_entity(entity)
    attribute, value = attribute.strip(), " ".join(value.split())
    if not re.fullmatch(r"[a-z][a-z0-9_]{0,63}", attribute):
        raise CurationError(f"nom d'attribut invalide « {attribute} » (lettres minuscules, chiffres, _)")
    if not value:
        raise CurationError("la valeur de l'attribut est vide")
    return _record(Kind.ADD_ATTRIBUTE, [found], {"attribute": attribute, "value": value}, note, author)


def hide_attribute(entity: str, attribute: str, note: str = "", author: str = "") -> Decision:
    found = find_entity(entity)
    if attribute not in (found.attributes or {}):
        known = ", ".join(sorted(found.attributes or {})) or "aucun"
        raise CurationError(f"l'entité {found.id} n'a pas d'attribut « {attribute} » (attributs : {known})")
    return _record(Kind.HIDE, [found], {"attribute": attribute}, note, author)


def undo(decision_id: str, author: str = "") -> Decision:
    """Undo a decision: the graph is rebuilt from the documents and the other decisions."""
    decision = find_decision(decision_id)
    if decision.undone_at is not None:
        raise CurationError(f"la décision {decision.id} est déjà annulée "
                            f"(le {timezone.localtime(decision.undone_at):%d/%m/%Y à %H:%M})")
    with transaction.atomic():
        decision.undone_at, decision.undone_by = timezone.now(), author.strip()
        decision.save(update_fields=["undone_at", "undone_by"])
        set_graph_dirty(True)
    refresh_graph()
    return decision


def find_decision(decision_id: str) -> Decision:
    """A decision by its id, or by the start of it when only one id starts so."""
    wanted = decision_id.strip().lower()
    found = list(Decision.objects.filter(id__startswith=wanted)[:3]) if wanted else []
    exact = [d for d in found if d.id == wanted]
    if exact:
        return exact[0]
    if not found:
        raise NotFound(f"aucune décision « {decision_id} » (voir ted curate list)")
    if len(found) > 1:
        raise CurationError(f"plusieurs décisions commencent par « {decision_id} » : donnez l'identifiant entier")
    return found[0]


# ---------------------------------------------------------------- reading


def decisions(include_undone: bool = True) -> list[Decision]:
    rows = Decision.objects.order_by("created_at", "id")
    return list(rows if include_undone else rows.filter(undone_at__isnull=True))


def history(entity_id: str) -> list[Decision]:
    """The decisions that shaped an entity (by the id it has now or had when they were taken), oldest first."""
    return [d for d in decisions() if entity_id in (d.applied or {}).get("entities", [])
            or any(t.get("id") == entity_id for t in d.targets or [])]


def describe(decision: Decision) -> str:
    """One French sentence for a decision, as lists and histories show it."""
    names = [f"« {t.get('name') or t.get('id')} »" for t in decision.targets or []]
    first = names[0] if names else "?"
    payload = decision.payload or {}
    relation = payload.get("relation")
    text = {
        Kind.MERGE: lambda: f"fusion de {' et '.join(names[1:])} dans {first}",
        Kind.SPLIT: lambda: (f"séparation des mentions de {first} dans {payload['document']}"
                             if payload.get("document") else f"séparation de « {payload.get('alias')} » de {first}"),
        Kind.RENAME: lambda: f"renommage de {first} en « {payload.get('name')} »",
        Kind.RETYPE: lambda: f"{first} devient de type {payload.get('type')}",
        Kind.REJECT_ENTITY: lambda: f"rejet de {first}",
        Kind.REJECT_RELATION: lambda: f"rejet de la relation {relation} de {first} vers {names[-1]}",
        Kind.ADD_RELATION: lambda: f"ajout de la relation {relation} de {first} vers {names[-1]}",
        Kind.ADD_ATTRIBUTE: lambda: f"ajout de {payload.get('attribute')} = « {payload.get('value')} » à {first}",
        Kind.HIDE: lambda: (f"masquage de la relation {relation} de {first} vers {names[-1]}" if relation
                            else f"masquage de l'attribut {payload.get('attribute')} de {first}"),
    }.get(decision.kind)
    return text() if text else f"{decision.kind} {first}"


# ---------------------------------------------------------------- exchange between instances

FIELDS = ("id", "kind", "targets", "payload", "author", "note", "created_at", "undone_at", "undone_by")


def _as_record(decision: Decision) -> dict:
    record = {name: getattr(decision, name) for name in FIELDS}
    for name in ("created_at", "undone_at"):
        record[name] = record[name].isoformat() if record[name] else None
    return record


def export_decisions(out: TextIO) -> int:
    """Every decision, undone ones included (an undo is a decision too), one JSON object per line."""
    count = 0
    for decision in decisions():
        out.write(json.dumps(_as_record(decision), ensure_ascii=False, sort_keys=False) + "\n")
        count += 1
    return count


def _parse_line(path: Path, number: int, line: str) -> dict:
    where = f"{path}, ligne {number}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise CurationError(f"{where} : JSON illisible ({error.msg})") from None
    if not isinstance(record, dict):
        raise CurationError(f"{where} : une décision est un objet JSON")
    if not isinstance(record.get("id"), str) or not re.fullmatch(r"[0-9a-z_-]{1,32}", record["id"]):
        raise CurationError(f"{where} : identifiant de décision absent ou invalide")
    if record.get("kind") not in Kind.values:
        raise CurationError(f"{where} : type de décision inconnu « {record.get('kind')} »")
    targets = record.get("targets")
    if not isinstance(targets, list) or not targets or not all(
            isinstance(t, dict) and isinstance(t.get("id"), str) and t.get("type") in ENTITY_TYPES
            and isinstance(t.get("name"), str) and isinstance(t.get("aliases", []), list) for t in targets):
        raise CurationError(f"{where} : « targets » doit lister les entités visées (id, type, name, aliases)")
    if not isinstance(record.get("payload", {}), dict):
        raise CurationError(f"{where} : « payload » doit être un objet")
    for name in ("created_at", "undone_at"):
        value = record.get(name)
        if value is None and name == "undone_at":
            continue
        try:
            record[name] = datetime.fromisoformat(str(value))
        except ValueError:
            raise CurationError(f"{where} : date « {name} » invalide ({value!r})") from None
    return record


def read_decisions(path: Path) -> list[dict]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise CurationError(f"impossible de lire {path} : {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise CurationError(f"{path} n'est pas un fichier texte UTF-8") from None
    return [_parse_line(path, n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]


def import_decisions(path: Path) -> ImportSummary:
    """Add the decisions of a ``ted curate export`` file, then rebuild once.

    All or nothing: a bad line, or an id this instance gives to another decision, changes nothing.
    A decision already here is unchanged, unless the file says it was undone since."""
    records = read_decisions(path)
    summary = ImportSummary()
    with transaction.atomic():
        for record in records:
            summary_kind = _import_one(path, record)
            setattr(summary, summary_kind, getattr(summary, summary_kind) + 1)
        if summary.added or summary.updated:
            set_graph_dirty(True)
    refresh_graph()
    ids = [r["id"] for r in records]
    summary.orphaned = sum(1 for d in Decision.objects.filter(id__in=ids) if d.orphaned)
    return summary


def _import_one(path: Path, record: dict) -> str:
    existing = Decision.objects.filter(id=record["id"]).first()
    fields = {name: record.get(name) for name in FIELDS if name != "id"}
    fields["payload"] = fields["payload"] or {}
    fields["author"], fields["note"], fields["undone_by"] = (str(fields[k] or "") for k in (
        "author", "note", "undone_by"))
    if existing is None:
        Decision.objects.create(id=record["id"], **fields)
        return "added"
    if (existing.kind, existing.targets, existing.payload) != (fields["kind"], fields["targets"], fields["payload"]):
        raise CurationError(f"{path} : la décision {record['id']} existe déjà ici avec un autre contenu ; "
                            "rien n'a été importé")
    if existing.undone_at is None and fields["undone_at"] is not None:
        existing.undone_at, existing.undone_by = fields["undone_at"], fields["undone_by"]
        existing.save(update_fields=["undone_at", "undone_by"])
        return "updated"
    return "unchanged"


def orphaned() -> list[Decision]:
    return [d for d in decisions(include_undone=False) if d.problem]


def count_by_state(rows: Iterable[Decision]) -> dict[str, int]:
    found = {"appliquée": 0, "orpheline": 0, "annulée": 0}
    for d in rows:
        found["annulée" if d.undone_at else "orpheline" if d.problem else "appliquée"] += 1
    return found
