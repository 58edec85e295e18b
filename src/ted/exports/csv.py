"""``ted export --format csv``: one table, entities first then relations, for spreadsheets.

Columns: kind, type, id, name, source, target, aliases, attributes (JSON), documents
(``path:line`` of each piece of evidence, or source paths for entities), confidence (0–1).
"""

from __future__ import annotations

import csv
import json
from typing import TextIO

from ted.exports.jsonl import entity_records, relation_records

# Cells that a spreadsheet would run as a formula are prefixed with a quote (OWASP CSV injection). "-" is
# one too ("-2+3+cmd|' /C calc'!A0"); leading spaces are looked through, as some spreadsheets trim them.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = ["kind", "type", "id", "name", "source", "target", "aliases", "attributes", "documents", "confidence"]


def safe_cell(value: object) -> object:
    """The value a spreadsheet shows as text: a string it would read as a formula gets a leading quote."""
    if isinstance(value, str) and value.lstrip(" ").startswith(_FORMULA):
        return "'" + value
    return value


class _SafeWriter(csv.DictWriter):
    def writerow(self, rowdict):  # noqa: ANN001, ANN201 - same signature as csv.DictWriter
        return super().writerow({k: safe_cell(v) for k, v in rowdict.items()})


def export_csv(out: TextIO) -> int:
    writer = _SafeWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    count = 0
    for record in entity_records():
        writer.writerow({
            "kind": "entity", "type": record["type"], "id": record["id"], "name": record["name"],
            "aliases": " | ".join(record["aliases"]),
            "attributes": json.dumps(record["attributes"], ensure_ascii=False) if record["attributes"] else "",
            "documents": " | ".join(record["sources"]), "confidence": record["confidence"],
        })
        count += 1
    for record in relation_records():
        writer.writerow({
            "kind": "relation", "type": record["type"], "source": record["source"], "target": record["target"],
            "documents": " | ".join(f"{e['document']}:{e['line']}" for e in record["evidence"]),
            "confidence": record["confidence"],
        })
        count += 1
    return count
