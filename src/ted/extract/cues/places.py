"""Where an event is held, right after when it is: " à 14h30 au Lieu de la transformation publique",
" dernier, au BercyLab", " à Lyon", " à la Halle Pajol, 20 esplanade Nathalie Sarraute, Paris"."""

from __future__ import annotations

import re
from functools import cache

from ted.kb.lexicon import exact

PLACE_AFTER = re.compile(r"^\s*,?\s*(?:en présentiel\s+|en ligne\s+)?"
                         r"(?P<prep>à la|à l['’]|au|à|dans les locaux d[eu]|chez)\s+"
                         r"(?P<place>[A-ZÀ-Ý][^,.;:()!?]{1,70}?)\s*(?=$|[,.;:()!?])")
# The hours between a day and its place: "4 décembre à 19h à Bordeaux", "14 octobre, de 11h à 12h, à Lyon".
TIME_LEAD = re.compile(r"^(?:\s*,?\s*(?:à|dès|de)\s+\d{1,2}\s*[hH:]\s*\d{0,2}"
                       r"(?:\s*(?:à|-|–)\s*\d{1,2}\s*[hH:]\s*\d{0,2})?)?")
# A clause that goes on after the place: "à Toulouse et a rassemblé ...", "à Lyon qui accueillait ...".
CLAUSE_AFTER_PLACE = re.compile(r"\s+(?:et\s+(?!de\b|du\b|des\b|la\b|le\b|les\b|l['’]|d['’])[a-zà-ÿ]|qui\b|où\b|"
                                r"pour\b|afin\b|autour\b|avec\b).*$")

PASSED = re.compile(r"^\s*(?:dernier|prochain)\b", re.IGNORECASE)


def place_after(after: str) -> dict[str, str]:
    """Where, right after when: " à 14h30 au Lieu de la transformation publique", " dernier, au BercyLab", " à
    Lyon", " à la Halle Pajol, 20 esplanade Nathalie Sarraute, Paris" (venue, address and town)."""
    if passed := PASSED.match(after):
        after = after[passed.end():]
    after = after[TIME_LEAD.match(after).end():]
    match = PLACE_AFTER.match(after)
    if not match:
        return _venue_and_street(after)
    where = CLAUSE_AFTER_PLACE.sub("", match["place"]).strip()  # "à Toulouse et a rassemblé 80 ..."
    if where == match["place"].strip() and (street := _street_after().match(after[match.end():])):
        return {"location": where, "address": street["address"].strip(), "city": street["city"].strip()}
    town = len(where.split()) <= 3 and all(t[:1].isupper() or t in ("de", "sur", "en") for t in where.split())
    return {"city": where} if town and match["prep"].lower() == "à" else {"location": where}


@cache
def _street_after() -> re.Pattern[str]:
    """", 20 esplanade Nathalie Sarraute, Paris." right after a venue: a street address then its town."""
    heads = "|".join(re.escape(w) for w in sorted(exact("street_heads"), key=len, reverse=True))
    return re.compile(rf"^\s*,\s*(?P<address>\d{{1,4}}(?:\s?(?:bis|ter))?,?\s+(?i:{heads})\s+[^,;.()\n]{{2,60}}?)"
                      rf"\s*,\s*(?:\d{{5}}\s+)?"
                      rf"(?P<city>[A-ZÀ-Ý][\w'’]+(?:[ -](?:sur|en|de|lès|[A-ZÀ-Ý][\w'’]+)){{0,3}})"
                      rf"\s*(?=$|[,;.)!?])")


# ", Hôtel de Rennes Métropole, 4 avenue Henri Fréville, Rennes": a venue named without a preposition is one
# only when a street address follows it.
VENUE_COMMA = re.compile(r"^\s*,\s*(?P<venue>[A-ZÀ-Ý][^,.;()!?\d]{2,60}?)(?=\s*,)")


def _venue_and_street(after: str) -> dict[str, str]:
    venue = VENUE_COMMA.match(after)
    street = _street_after().match(after[venue.end():]) if venue else None
    if venue is None or street is None:
        return {}
    return {"location": venue["venue"].strip(), "address": street["address"].strip(), "city": street["city"].strip()}
