"""The one schema of the knowledge graph: entity types, relation types and the ends each relation allows.

Everything that names a type (extraction, resolution, the store's choices, search
labels, exports, the web) takes it from here. Both enums are ``StrEnum``s, so a
member *is* its string ("person" == EntityType.PERSON): stored values, JSON and
the export contract of TED.md keep the plain names.

Adding an entity type is: a member here, its labels, a migration for the model
choices, and its templates.
"""

from __future__ import annotations

from enum import StrEnum


class EntityType(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"
    PROJECT = "project"
    EVENT = "event"
    SKILL = "skill"


class RelationType(StrEnum):
    MEMBER_OF = "member_of"
    WORKS_ON = "works_on"
    SPEAKER_AT = "speaker_at"
    PARTICIPANT_IN = "participant_in"
    ORGANISER_OF = "organiser_of"
    PRESENTED_AT = "presented_at"
    HAS_SKILL = "has_skill"
    ABOUT = "about"
    PART_OF = "part_of"


E, R = EntityType, RelationType

# (source types, target types) each relation allows, as TED.md's export contract states them.
# part_of joins two things of one type; that is checked by `allows`.
ENDS: dict[RelationType, tuple[frozenset[EntityType], frozenset[EntityType]]] = {
    R.MEMBER_OF: (frozenset({E.PERSON}), frozenset({E.ORGANISATION})),
    R.WORKS_ON: (frozenset({E.PERSON, E.ORGANISATION}), frozenset({E.PROJECT})),
    R.SPEAKER_AT: (frozenset({E.PERSON}), frozenset({E.EVENT})),
    R.PARTICIPANT_IN: (frozenset({E.PERSON, E.ORGANISATION}), frozenset({E.EVENT})),
    R.ORGANISER_OF: (frozenset({E.ORGANISATION, E.PERSON}), frozenset({E.EVENT})),
    R.PRESENTED_AT: (frozenset({E.PROJECT}), frozenset({E.EVENT})),
    R.HAS_SKILL: (frozenset({E.PERSON}), frozenset({E.SKILL})),
    R.ABOUT: (frozenset({E.PROJECT, E.EVENT}), frozenset({E.SKILL})),
    R.PART_OF: (frozenset({E.ORGANISATION, E.PROJECT, E.EVENT}), frozenset({E.ORGANISATION, E.PROJECT, E.EVENT})),
}


def allows(relation: str, source: str, target: str) -> bool:
    """Whether ``relation`` may join an entity of type ``source`` to one of type ``target``."""
    sources, targets = ENDS[RelationType(relation)]
    if relation == R.PART_OF and source != target:
        return False
    return source in sources and target in targets


# French labels: the kinds of search results ("document" is a result, not an entity type).
LABELS = {E.PERSON: "personne", E.ORGANISATION: "organisation", E.PROJECT: "projet",
          E.EVENT: "événement", E.SKILL: "compétence", "document": "document"}
PLURALS = {E.PERSON: "Personnes", E.ORGANISATION: "Organisations", E.PROJECT: "Projets",
           E.EVENT: "Événements", E.SKILL: "Compétences"}
RELATION_LABELS = {
    R.MEMBER_OF: "membre de", R.WORKS_ON: "travaille sur", R.SPEAKER_AT: "intervenant",
    R.PARTICIPANT_IN: "participant", R.ORGANISER_OF: "organisateur", R.PRESENTED_AT: "présenté à",
    R.HAS_SKILL: "compétence", R.ABOUT: "thème", R.PART_OF: "fait partie de",
}
# Kept for the search layer, which labels results in lower case.
TYPE_LABELS = {str(k): v for k, v in LABELS.items()}


def label(type_: str) -> str:
    """Capitalised French label of an entity type ("Personne"), or the type itself when unknown."""
    return LABELS[type_].capitalize() if type_ in LABELS else type_


def choices(enum: type[StrEnum]) -> list[tuple[str, str]]:
    """Django model choices for an enum."""
    return [(m.value, m.value) for m in enum]


def merge_attributes(into: dict, new: dict) -> None:
    """How attribute values of several mentions combine: lists are unioned in order; other values are
    kept from the first source that gave them. Extraction merges within a document, resolution across."""
    for key, value in new.items():
        if value in (None, "", [], {}):
            continue
        if isinstance(value, list):
            current = into.setdefault(key, [])
            for item in value:
                if item not in current:
                    current.append(item)
        else:
            into.setdefault(key, value)
