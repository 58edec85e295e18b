"""Exports of the graph: JSON lines (the contract), and other formats."""

from collections.abc import Callable
from typing import TextIO


def writers() -> dict[str, Callable[[TextIO], int]]:
    """Export formats by name; each writer returns the number of records written."""
    from ted.exports.jsonl import export_jsonl

    found: dict[str, Callable[[TextIO], int]] = {"jsonl": export_jsonl}
    return found
