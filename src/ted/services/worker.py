"""The same sync jobs on Celery, for a shared deployment: a worker with its beat scheduler, on Redis.

``ted worker`` starts a worker for one database (``TED_DB``) that consumes the queue
``TED_QUEUE`` (default ``ted``) on the broker ``TED_BROKER_URL`` (default
``redis://127.0.0.1:6379/0``). Its embedded beat, whose schedule and lock live in Redis
(celery-redbeat: two workers started with beat never both schedule), sends ``ted.sync_due``
every ``TED_BEAT_SECONDS`` (60): the sources whose period has passed are synced. ``ted sync
--worker`` sends ``ted.sync`` (named sources, or all, now) instead of syncing in the foreground.
A Redis lock per database keeps two syncs from running at once (several workers, a beat tick
arriving during a long sync); the web server is never involved, so a long sync blocks nothing.

Tasks configure Django themselves on first use: the worker process is not a ``ted`` command.
"""

from __future__ import annotations

import logging
import os

from celery import Celery

DEFAULT_BROKER = "redis://127.0.0.1:6379/0"
DEFAULT_QUEUE = "ted"
LOCK_SECONDS = 6 * 3600  # a sync longer than this is presumed dead and its lock released

log = logging.getLogger("ted.worker")


def broker_url() -> str:
    return os.environ.get("TED_BROKER_URL") or DEFAULT_BROKER


def queue_name() -> str:
    return os.environ.get("TED_QUEUE") or DEFAULT_QUEUE


def beat_seconds() -> float:
    try:
        return max(1.0, float(os.environ.get("TED_BEAT_SECONDS", "60")))
    except ValueError:
        return 60.0


def make_app() -> Celery:
    """The Celery application, configured from the environment when it is made."""
    queue = queue_name()
    celery = Celery("ted")
    celery.conf.update(
        broker_url=broker_url(),
        broker_connection_retry_on_startup=True,
        task_default_queue=queue,
        task_ignore_result=True,
        task_acks_late=True,  # a worker killed during a sync leaves the job for the next one
        worker_prefetch_multiplier=1,
        worker_hijack_root_logger=False,
        beat_scheduler="redbeat.RedBeatScheduler",
        redbeat_redis_url=broker_url(),
        redbeat_key_prefix=f"ted:{queue}:redbeat:",
        result_expires=None,  # no result backend: no nightly celery.backend_cleanup entry on the beat
        beat_max_loop_interval=min(beat_seconds(), 5.0),
        beat_schedule={"ted-sync-due": {"task": "ted.sync_due", "schedule": beat_seconds(),
                                        "options": {"queue": queue, "expires": beat_seconds() * 2}}},
    )
    return celery


app = make_app()


def _setup_django() -> None:
    from ted.store import database

    database.setup(os.environ.get("TED_DB") or "ted.sqlite3")  # refuses an outdated schema: ted migrate first


def _lock():  # noqa: ANN202 - redis.lock.Lock
    """One sync at a time per database and queue, whichever worker holds the job."""
    import redis

    client = redis.Redis.from_url(broker_url())
    return client.lock(f"ted:{queue_name()}:sync-lock", timeout=LOCK_SECONDS, blocking=False)


def _run(names: list[str], force: bool) -> dict[str, object]:
    _setup_django()
    from ted.services.sync import sync

    lock = _lock()
    if not lock.acquire(blocking=False):
        log.info("une synchronisation est déjà en cours : tâche ignorée")
        return {"skipped": "busy"}
    try:
        results, _ = sync(names, force=force)
    finally:
        lock.release()
    for result in results:
        if result.error:
            log.warning("source %s : %s", result.name, result.error)
        else:
            log.info("source %s synchronisée", result.name)
    return {r.name: r.error or "ok" for r in results}


@app.task(name="ted.sync_due")
def sync_due() -> dict[str, object]:
    """Beat's job: every source whose period has passed."""
    return _run([], force=False)


@app.task(name="ted.sync", bind=True, max_retries=None)
def sync_now(self, names: list[str] | None = None, force: bool = True) -> dict[str, object]:  # noqa: ANN001
    """``ted sync --worker``: the named sources (or all), due or not; retried while another sync runs."""
    outcome = _run(list(names or []), force=force)
    if outcome.get("skipped") == "busy":
        raise self.retry(countdown=min(beat_seconds(), 30))
    return outcome


def start(concurrency: int = 1, beat: bool = True, loglevel: str = "INFO") -> None:
    """Run a worker in this process (``ted worker``) until it is stopped (SIGTERM, Ctrl-C)."""
    argv = ["worker", f"--loglevel={loglevel}", f"--concurrency={concurrency}", "-Q", queue_name(),
            "--without-gossip", "--without-mingle", f"--hostname=ted-{queue_name()}@%h"]
    if beat:
        argv.append("--beat")
    app.worker_main(argv)
