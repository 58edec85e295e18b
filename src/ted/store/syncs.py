"""Configured sources: what a curator asked TED to follow, and how its last sync went.

A source is named once (``ted sources add NAME URI``) and synced again and again: in the
foreground by ``ted sync`` (or cron), or by the Celery worker's beat on a shared deployment.
The documents a source brought are those whose ``Document.source_uri`` is its URI, so removing
the source removes them (and, by cascade, what they say).
"""

from __future__ import annotations

from django.db import models

DEFAULT_EVERY = 6 * 3600  # seconds between two syncs of a source when --every is not given


class ConfiguredSource(models.Model):
    name = models.CharField(max_length=100, unique=True, help_text="The curator's name for the source")
    uri = models.CharField(max_length=2048, unique=True, help_text="What ted ingest would be given")
    include = models.JSONField(default=list, blank=True, help_text="Globs on the item's path; empty: every item")
    every = models.PositiveIntegerField(default=DEFAULT_EVERY, help_text="Seconds between two syncs")
    created_at = models.DateTimeField(auto_now_add=True)
    last_sync_at = models.DateTimeField(null=True, blank=True, help_text="When the last sync ended")
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_status = models.CharField(max_length=8, blank=True, help_text="ok, failed, or empty before the first sync")
    last_error = models.TextField(blank=True, help_text="Why the last sync failed, in French")
    last_counts = models.JSONField(default=dict, blank=True, help_text="new, changed, unchanged, removed, failed...")
    last_revision = models.CharField(max_length=64, blank=True, help_text="Git commit read by the last sync")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
