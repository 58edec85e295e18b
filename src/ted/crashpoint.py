"""Named points where a test can make TED die on purpose, to check that the next run repairs the store.

``TED_CRASH_AT=forget:recorded`` (a comma-separated list) makes the process kill itself with
SIGKILL when it reaches that point: no ``finally``, no ``atexit``, no flushed buffers, as a
``kill -9`` or a power cut would. Deterministic, unlike killing a subprocess after a delay.
Unset, a point costs one dictionary look-up.
"""

from __future__ import annotations

import os
import signal

ENV = "TED_CRASH_AT"


def reached(point: str) -> None:
    """Die here when ``TED_CRASH_AT`` names ``point``."""
    wanted = os.environ.get(ENV)
    if wanted and point in wanted.split(","):
        os.kill(os.getpid(), signal.SIGKILL)
