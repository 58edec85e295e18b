"""The pieces of search on their own: French analyser, expression rendering, snippets, redaction."""

from __future__ import annotations

from ted.graph.redact import REDACTED, Redactor
from ted.search.analyzer import analyze, fold, words
from ted.search.expression import Group, Phrase, to_fts5, to_tsquery
from ted.search.snippet import fast_fold, snippet


def test_fold_removes_accents_case_and_ligatures():
    assert fold("Données Œuvre ÉLÈVE Ça") == "donnees oeuvre eleve ca"


def test_words_are_letters_and_digits_only():
    assert words('"(ocr*:NEAR -x) l’Insee 2023 😀') == ["ocr", "near", "x", "l", "insee", "2023"]


def test_singular_plural_and_accents_share_a_stem():
    assert analyze("données")[0] == analyze("donnees")[0] == analyze("donnée")[0]
    assert analyze("formulaires") == analyze("formulaire")
    assert analyze("visualisation") == analyze("visualisations")


def test_expressions_quote_every_token():
    group = Group("visualisation")
    group.add(Phrase(("visualis",), prefix=True))
    group.add(Phrase(("dataviz",)))
    other = Group("donnees")
    other.add(Phrase(("donne",), prefix=True), Phrase(("ouvert",)))
    assert to_fts5([group, other]) == '("visualis"* OR "dataviz") AND (("donne"* AND "ouvert"))'
    assert to_tsquery([group, other], "OR") == "('visualis':* | 'dataviz') | (('donne':* & 'ouvert'))"


def test_unsafe_tokens_are_refused():
    group = Group("x")
    group.add(Phrase(('a"b',)))
    group.add(Phrase(("a b",)))
    group.add(Phrase(("",)))
    assert group.alternatives == []


def test_fast_fold_keeps_positions():
    text = "Élections régionales à Besançon"
    assert len(fast_fold(text)) == len(text)


def test_snippet_centres_on_the_words():
    text = "Introduction générale. " * 30 + "Le projet LectoForm lit les formulaires scannés. " + "Fin. " * 30
    shown = snippet(text, ["formulair", "scann"])
    assert "formulaires scannés" in shown and shown.startswith("…")
    assert snippet("Court texte.", ["absent"]) == "Court texte."


def test_redactor_matches_name_variants():
    redact = Redactor.for_names(["Kim Montalibet"])
    assert redact("Présentation par Kim Montalibet (Etalab)") == f"Présentation par {REDACTED} (Etalab)"
    assert redact("MONTALIBET Kim, data scientist") == f"{REDACTED}, data scientist"
    assert redact("K. Montalibet et Kim M. puis Montalibet seul") == f"{REDACTED} et {REDACTED} puis {REDACTED} seul"
    assert redact.mentions("betagouv/_authors/kim.montalibet.md")
    assert redact("https://kimmontalibet.github.io et github.com/kmontalibet") == (
        f"https://{REDACTED}.github.io et github.com/{REDACTED}")
    assert not redact.mentions("Kimberley Montalibetti")
    assert redact("Rien à voir") == "Rien à voir"
    assert not Redactor() and Redactor()("Kim Montalibet") == "Kim Montalibet"


def test_redactor_first_name_alone_only_beside_the_full_name():
    redact = Redactor.for_names(["Kim Montalibet"])
    assert redact("Kim présente seule.") == "Kim présente seule."  # no full name here: someone else maybe
    assert redact("Kim Montalibet ouvre ; Kim conclut, Kim Dupont aussi.") == (
        f"{REDACTED} ouvre ; {REDACTED} conclut, Kim Dupont aussi.")
    assert redact("Kim présente.", context=True) == f"{REDACTED} présente."
    assert redact("Kim\nMontalibet").count("\n") == 1  # line numbers of evidence stay right


def test_redactor_keeps_no_name_in_clear():
    redact = Redactor.for_names(["Kim Montalibet"], salt=b"sel")
    assert "montalibet" not in repr(redact.keys).lower() and "kim" not in repr(redact.keys).lower()
    assert redact.is_name("MONTALIBET Kim") and not redact.is_name("Kim")
