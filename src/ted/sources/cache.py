"""Where remote sources keep their working copies (git clones): a folder beside the database.

The service that knows the database sets it (``use_cache_dir``) before opening sources; a source
opened without it (a library call, a test) uses ``$TED_SOURCES_CACHE`` or the user's cache folder.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

_configured: Path | None = None


def use_cache_dir(path: Path | str) -> None:
    global _configured
    _configured = Path(path)


def cache_dir() -> Path:
    if _configured is not None:
        return _configured
    if os.environ.get("TED_SOURCES_CACHE"):
        return Path(os.environ["TED_SOURCES_CACHE"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base).expanduser() / "ted" / "sources"


def slot(kind: str, key: str) -> Path:
    """A folder of the cache for one remote (``git``, its URL): readable name, digest for uniqueness."""
    readable = re.sub(r"[^A-Za-z0-9._-]+", "_", key)[-60:].strip("_")
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    return cache_dir() / kind / f"{readable}-{digest}"
