"""TED — Trouver mon Expert Data."""

__version__ = "0.1.0"
