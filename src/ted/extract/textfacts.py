"""Free-text extraction for one document, in dependency order.

The event comes first (people's and projects' roles depend on it), then
organisations (people's affiliations point at them), people, projects, the
rows of tables read through their header and the projects that open talk
titles, the event's details, organisers and programme (which name the people
and projects found), the project a project meeting is about (its attendees
work on it), other events, and skills last (they attach to everything else).
"""

from __future__ import annotations

from ted.extract import (
    awards,
    eventroles,
    events,
    meetings,
    orgfinder,
    people,
    portraits,
    programme,
    projects,
    skills,
    stages,
    tables,
    talks,
)
from ted.extract import organisations as orgs
from ted.extract.chat import Turn
from ted.extract.context import Context
from ted.extract.facts import Facts
from ted.extract.text import Segment
from ted.extract.textdates import reference_date
from ted.sources.document import SourceDocument


def extract_text(doc: SourceDocument, facts: Facts, segs: list[Segment], turns: list[Turn]) -> None:
    ctx = Context(doc, facts, segs, reference=reference_date(doc.metadata))
    portraits.detect_portrait(ctx)
    events.find_main_event(ctx, turns)
    orgfinder.find_organisations(ctx)
    orgfinder.page_organisation(ctx)
    people.find_people(ctx)
    people.front_matter_people(ctx)
    portraits.portrait_links(ctx)
    _chat_speakers(ctx, turns)
    projects.find_projects(ctx)
    awards.award_projects(ctx)
    projects.project_page_links(ctx)
    tables.read_tables(ctx)
    talks.lead_projects(ctx)
    events.describe_event(ctx, turns)
    if ctx.reference is None and ctx.event:  # minutes without a date of their own: the meeting's day
        ctx.reference = reference_date({"date": ctx.facts.mentions[ctx.event].attributes.get("start", "")})
    eventroles.organisation_roles(ctx)
    programme.record_programme(ctx)
    meetings.meeting_project(ctx)
    stages.other_events(ctx)
    skills.find_skill_links(ctx)
    skills.skills_from_work(ctx)


def _chat_speakers(ctx: Context, turns: list[Turn]) -> None:
    """Who speaks in the chat took part (the host's own "Vous" label is nobody)."""
    for turn in turns:
        if turn.host:
            continue
        key = ctx.person(turn.speaker, turn.original, turn.line)
        if ctx.event:
            ctx.relate("participant_in", key, ctx.event, turn.line)
        known = orgs.lookup(turn.affiliation) if turn.affiliation else None
        if known or (turn.affiliation and (orgs.is_acronym(turn.affiliation) or orgs.org_shaped(turn.affiliation))):
            ctx.relate("member_of", key, ctx.organisation(turn.affiliation, turn.line, known), turn.line)
