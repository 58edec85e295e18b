"""People who asked to be forgotten (GDPR), as the store keeps them: digests of their names, never the names.

Each ``Forgotten`` row holds the keyed digest (``ted.graph.redact.digest``, salted per
database) of one folded way of writing a forgotten name, and its kind (``full``, ``first``,
``last``, ``start``). :func:`purge` then makes the stored documents forget: a document
about the person (their profile, or one whose path names them) becomes a tombstone (no
text, no facts, a neutral path), the others keep their text and facts with the name
replaced. Rows written by an older TED (the name in clear) are read as names and
rewritten as digests on the next write.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Iterable

from django.db import connection
from django.db.models import Max, Q

from ted.graph.assemble import scrub
from ted.graph.redact import ALL_KINDS, REDACTED, Redactor, digest, variants, with_starts
from ted.schema import EntityType
from ted.store import models as m

SALT_KEY = "forget_salt"
CHECKED_KEY = "forget_checked"  # highest Document id whose text was already checked for forgotten names
ERASED = "document sur une personne effacée (RGPD) : son contenu n'est pas conservé ; supprimez le fichier"
TOMBSTONE = "[document effacé {}]"
_DIGEST = re.compile(r"^[0-9a-f]{32}$")


def salt(create: bool = False) -> bytes:
    """This database's salt for name digests (created on the first request to forget, when ``create``)."""
    row = m.State.objects.filter(key=SALT_KEY).first()
    if row is None and create:
        row, _ = m.State.objects.get_or_create(key=SALT_KEY, defaults={"value": secrets.token_hex(16)})
    return bytes.fromhex(row.value) if row is not None else b""


def any_forgotten() -> bool:
    return m.Forgotten.objects.exists()


def redactor() -> Redactor:
    """A redactor for every forgotten name (an empty one when nobody asked to be forgotten)."""
    rows = list(m.Forgotten.objects.values_list("key", "type", "label"))
    if not rows:
        return Redactor()
    secret = salt()
    keys: dict[str, set[str]] = {kind: set() for kind in ALL_KINDS}
    for key, kind, label in rows:
        if _DIGEST.match(key) and kind in keys:
            keys[kind].add(key)
        else:  # written by an older TED: the name in clear
            for legacy_kind, found in with_starts(variants(label or key)).items():
                keys[legacy_kind] |= {digest(secret, k) for k in found}
    return Redactor(secret, keys)


def remember(names: Iterable[str]) -> int:
    """Record the digests of every way of writing ``names``; return how many were new.

    The caller's transaction also marks the graph dirty, so that a run killed before the
    rebuild still purges on the next one.
    """
    secret = salt(create=True)
    wanted: dict[str, str] = {}
    for name in names:
        for kind, found in with_starts(variants(name)).items():
            for key in found:
                wanted.setdefault(digest(secret, key), kind)
    known = set(m.Forgotten.objects.filter(key__in=list(wanted)).values_list("key", flat=True))
    new = [m.Forgotten(key=key, label="", entity_id="", type=kind) for key, kind in wanted.items() if key not in known]
    m.Forgotten.objects.bulk_create(new, ignore_conflicts=True)
    _upgrade_legacy(secret)
    return len(new)


def _upgrade_legacy(secret: bytes) -> None:
    """Replace rows that hold a name in clear (older TED) by the digests of its forms."""
    legacy = [(row_id, label or key) for row_id, key, label in m.Forgotten.objects.values_list("id", "key", "label")
              if not _DIGEST.match(key)]
    if not legacy:
        return
    m.Forgotten.objects.filter(id__in=[row_id for row_id, _ in legacy]).delete()
    rows = {digest(secret, key): kind for _, name in legacy
            for kind, found in with_starts(variants(name)).items() for key in found}
    m.Forgotten.objects.bulk_create([m.Forgotten(key=key, label="", entity_id="", type=kind)
                                     for key, kind in rows.items()], ignore_conflicts=True)


def check_everything() -> None:
    """The next :func:`purge` reads every document, not only those stored since the last one."""
    m.State.objects.update_or_create(key=CHECKED_KEY, defaults={"value": "0"})


def tombstone_path(root: str, path: str, secret: bytes) -> str:
    """The neutral path a document about a forgotten person is kept under (so that later runs know the file)."""
    return TOMBSTONE.format(digest(secret, f"{root}\x00{path}")[:20])


def is_tombstone(path: str) -> bool:
    return path.startswith(TOMBSTONE.split("{", 1)[0])


def purge(redact: Redactor, dropped: set[int]) -> bool:
    """Make the stored documents forget; return whether anything changed.

    ``dropped``: ids of the mentions that resolution put in a forgotten person's cluster.
    Documents stored since the last purge, and those holding a dropped mention, are read:
    those about the person become tombstones, the others are redacted (text, front matter,
    mentions, statements); the person's own mentions and the statements about them go.
    """
    if not redact:
        return False
    checked = int((m.State.objects.filter(key=CHECKED_KEY).values_list("value", flat=True).first()) or 0)
    holding = set(m.Mention.objects.filter(id__in=dropped).values_list("document_id", flat=True))
    about = set(m.Mention.objects.filter(id__in=dropped, primary=True).values_list("document_id", flat=True))
    changed = False
    for doc in m.Document.objects.filter(Q(id__gt=checked) | Q(id__in=holding)).order_by("id").iterator():
        if is_tombstone(doc.path):
            continue
        if doc.id in about or redact.names(doc.path):
            _tombstone(doc, redact.salt)
            changed = True
        elif doc.status == "ok":
            changed |= _redact_document(doc, redact, dropped)
    top = m.Document.objects.aggregate(top=Max("id"))["top"] or 0
    m.State.objects.update_or_create(key=CHECKED_KEY, defaults={"value": str(top)})
    return changed


def _tombstone(doc: m.Document, secret: bytes) -> None:
    m.Mention.objects.filter(document_id=doc.id).delete()
    m.Statement.objects.filter(document_id=doc.id).delete()
    m.Document.objects.filter(id=doc.id).update(
        path=tombstone_path(doc.root, doc.path, secret), text="", metadata={}, warnings=[], format="", encoding="",
        status="skipped", error=ERASED)


def _redact_document(doc: m.Document, redact: Redactor, dropped: set[int]) -> bool:
    mentions = list(m.Mention.objects.filter(document_id=doc.id))
    statements = list(m.Statement.objects.filter(document_id=doc.id))
    gone = {x.key for x in mentions if x.id in dropped}
    texts = [doc.text, json.dumps([doc.metadata, doc.warnings], ensure_ascii=False),
             *(json.dumps([x.name, x.aliases, x.attributes, x.quote], ensure_ascii=False) for x in mentions),
             *(s.quote for s in statements)]
    if not gone and not any(redact.names(text) for text in texts):
        return False
    m.Document.objects.filter(id=doc.id).update(
        text=redact(doc.text, True), metadata=scrub(doc.metadata, redact, True),
        warnings=scrub(doc.warnings, redact, True))
    for mention in mentions:
        name = redact(mention.name, True)
        if mention.key in gone or (mention.type == EntityType.PERSON and REDACTED in name):
            gone.add(mention.key)  # the person themself, under any spelling
            mention.delete()
            continue
        mention.name, mention.quote = name, redact(mention.quote, True)
        mention.aliases = [a for a in scrub(mention.aliases or [], redact, True) if REDACTED not in a]
        mention.attributes = scrub(mention.attributes or {}, redact, True)
        mention.save(update_fields=["name", "quote", "aliases", "attributes"])
    for statement in statements:
        if statement.source_key in gone or statement.target_key in gone:
            statement.delete()
        elif (quote := redact(statement.quote, True)) != statement.quote:
            statement.quote = quote
            statement.save(update_fields=["quote"])
    return True


def release_disk() -> None:
    """SQLite: fold the write-ahead log back into the database file and empty it.

    With ``secure_delete`` (see settings), deleted rows are overwritten with zeros in the
    database file; the log still holds copies of the pages until this checkpoint.
    """
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
