"""Exports of the graph: JSON lines (the contract), and other formats."""

from collections.abc import Callable
from typing import TextIO

from ted.exports.csv import export_csv
from ted.exports.ics import export_ics
from ted.exports.jsonl import export_jsonl
from ted.exports.jsonld import export_jsonld


def writers() -> dict[str, Callable[[TextIO], int]]:
    """Export formats by name; each writer returns the number of records written."""
    found: dict[str, Callable[[TextIO], int]] = {
        "jsonl": export_jsonl, "jsonld": export_jsonld, "csv": export_csv, "ics": export_ics,
    }
    return found
