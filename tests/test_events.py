"""The events stage on small made-up sentences: voice, coordination, negation, modality, dates, places."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from newscoder.cameo import lookup
from newscoder.nlp import load_pipeline
from newscoder.records import Actor, ActorLookup, DateMention, Event, Place
from newscoder.stages.events import find_events, patterns

PUBLISHED = dt.date(2024, 3, 8)

# The made-up people and bodies of these texts, with the forms each is mentioned by.
CAST = {
    "Anna Berg": ("PERSON", ["Anna Berg", "Berg"]),
    "Tomas Lind": ("PERSON", ["Tomas Lind", "Lind"]),
    "Harbor Workers Union": ("ORG", ["Harbor Workers Union"]),
    "City Council": ("ORG", ["City Council"]),
    "Nordland": ("GPE", ["Nordland"]),
}


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def actors_for(text: str) -> list[Actor]:
    """Actors of CAST with every mention found in ``text`` (longest forms first, no overlaps)."""
    taken: list[tuple[int, int]] = []
    found: dict[str, list[tuple[int, int]]] = {}
    forms = sorted(((form, name) for name, (_, fs) in CAST.items() for form in fs), key=lambda f: -len(f[0]))
    for form, name in forms:
        for m in re.finditer(r"\b" + re.escape(form) + r"\b", text):
            if not any(s < m.end() and m.start() < e for s, e in taken):
                taken.append((m.start(), m.end()))
                found.setdefault(name, []).append((m.start(), m.end()))
    return [
        Actor(id=f"A{i}", name=name, type=CAST[name][0], mentions=tuple(sorted(spans)))
        for i, (name, spans) in enumerate(sorted(found.items(), key=lambda kv: min(kv[1])), start=1)
    ]


def events(nlp, text: str, dates=(), places=(), published=PUBLISHED) -> list[Event]:
    doc = nlp(text)
    return find_events(doc, ActorLookup(actors_for(text)), list(dates), list(places), published)


def triples(evs: list[Event]) -> list[tuple[str | None, str, str | None]]:
    return [(e.source, e.code, e.target) for e in evs]


def date_at(text: str, phrase: str, value: str) -> DateMention:
    start = text.index(phrase)
    return DateMention(text=phrase, span=(start, start + len(phrase)), value=value, precision="day")


def test_active_verb_source_is_subject_target_is_object(nlp):
    text = "Anna Berg criticized the City Council for the delay."
    (e,) = events(nlp, text)
    assert (e.source, e.code, e.target) == ("Anna Berg", "111", "City Council")
    assert e.source_id == "A1" and e.target_id == "A2"
    assert e.id == "E1" and e.trigger == "criticized"
    assert text[e.trigger_span[0] : e.trigger_span[1]] == "criticized"
    assert e.evidence == text and text[e.span[0] : e.span[1]] == e.evidence
    entry = lookup("111")
    assert (e.root, e.label, e.plover, e.quad_class, e.goldstein) == (
        "11", entry.label, entry.plover, entry.quad_class, entry.goldstein
    )
    assert (e.negated, e.modality) == (False, "asserted")


def test_passive_with_coordinated_agents_gives_one_event_per_source(nlp):
    text = "Tomas Lind was sued by both the Harbor Workers Union and the City Council."
    assert triples(events(nlp, text)) == [
        ("Harbor Workers Union", "115", "Tomas Lind"),
        ("City Council", "115", "Tomas Lind"),
    ]


def test_passive_without_agent_keeps_the_target(nlp):
    text = "Tomas Lind was arrested in Nordland and later found guilty of fraud."
    evs = events(nlp, text)
    assert (None, "173", "Tomas Lind") in triples(evs)
    assert (None, "116", "Tomas Lind") in triples(evs)


def test_coordinated_objects_and_keyword_refinement(nlp):
    text = "Anna Berg accused Tomas Lind and the City Council of corruption."
    assert triples(events(nlp, text)) == [("Anna Berg", "1121", "Tomas Lind"), ("Anna Berg", "1121", "City Council")]


def test_negated_acceptance_is_a_rejection_not_a_negated_event(nlp):
    text = "The City Council did not accept the apology from Tomas Lind."
    (e,) = events(nlp, text)
    assert (e.source, e.code, e.target, e.negated) == ("City Council", "120", "Tomas Lind", False)


def test_negation_is_marked(nlp):
    (e,) = events(nlp, "Anna Berg did not criticize the City Council.")
    assert e.code == "111" and e.negated is True


def test_future_meeting_is_intent_to_meet(nlp):
    (e,) = events(nlp, "Anna Berg will meet Tomas Lind next week.")
    assert (e.source, e.code, e.target, e.modality) == ("Anna Berg", "036", "Tomas Lind", "future")


def test_meeting_that_happened_is_consult(nlp):
    (e,) = events(nlp, "Anna Berg met with Tomas Lind in Nordland.")
    assert (e.source, e.code, e.target, e.modality) == ("Anna Berg", "040", "Tomas Lind", "asserted")


def test_conditional_is_hypothetical(nlp):
    evs = events(nlp, "If the City Council bans the Harbor Workers Union, the strike will go on.")
    assert [(e.code[:3], e.target, e.modality) for e in evs] == [("172", "Harbor Workers Union", "hypothetical")]


def test_could_is_hypothetical(nlp):
    (e,) = events(nlp, "The City Council could sue Tomas Lind.")
    assert (e.code, e.modality) == ("115", "hypothetical")


def test_appeal_and_what_it_asks_for(nlp):
    evs = events(nlp, "Anna Berg urged the City Council to release Tomas Lind.")
    by_code = {e.code: e for e in evs}
    assert (by_code["0253"].source, by_code["0253"].target) == ("Anna Berg", "City Council")
    assert (by_code["0841"].source, by_code["0841"].target) == ("City Council", "Tomas Lind")
    assert by_code["0841"].modality == "demanded"


def test_should_in_reported_speech_is_an_appeal_from_the_speaker(nlp):
    evs = events(nlp, "Tomas Lind said the City Council should apologise to the Harbor Workers Union.")
    assert ("Tomas Lind", "020", "City Council") in triples(evs)
    apology = next(e for e in evs if e.code == "055")
    assert (apology.source, apology.target, apology.modality) == ("City Council", "Harbor Workers Union", "demanded")


def test_reported_speech_keeps_its_own_subject_and_pronouns_find_the_speaker(nlp):
    evs = events(nlp, "Tomas Lind said he had apologised to Anna Berg, and that the City Council sued him.")
    assert ("Tomas Lind", "055", "Anna Berg") in triples(evs)
    assert ("City Council", "115", "Tomas Lind") in triples(evs)


def test_pronoun_subject_continues_the_previous_sentence(nlp):
    text = "Tomas Lind spoke to Anna Berg on Monday. He later criticized the City Council."
    assert ("Tomas Lind", "111", "City Council") in triples(events(nlp, text))


def test_event_noun_object_of_a_trigger_lends_its_source_as_target(nlp):
    evs = events(nlp, "Tomas Lind rejected an apology from Anna Berg.")
    assert triples(evs) == [("Tomas Lind", "120", "Anna Berg")]


def test_noun_trigger_with_possessive_source(nlp):
    evs = events(nlp, "Voters discussed Anna Berg's allegations of fraud by the City Council.")
    assert triples(evs) == [("Anna Berg", "1121", "City Council")]


def test_light_verb_noun_takes_the_verb_subject(nlp):
    evs = events(nlp, "The City Council filed a lawsuit against Tomas Lind.")
    assert triples(evs) == [("City Council", "115", "Tomas Lind")]


def test_release_of_a_person_but_not_of_a_report(nlp):
    assert triples(events(nlp, "The City Council released Tomas Lind on Friday.")) == [
        ("City Council", "0841", "Tomas Lind")
    ]
    assert events(nlp, "The City Council released a report on Tomas Lind.") == []


def test_unnamed_actor_is_kept_as_text(nlp):
    (e,) = events(nlp, "Police arrested Tomas Lind.")
    assert (e.source, e.source_id, e.code, e.target) == ("Police", None, "173", "Tomas Lind")
    assert e.confidence < events(nlp, "The City Council arrested Tomas Lind.")[0].confidence


def test_duplicates_in_one_sentence_merge(nlp):
    evs = events(nlp, "Anna Berg criticized and condemned the City Council.")
    assert triples(evs) == [("Anna Berg", "111", "City Council")]


def test_ids_follow_text_order(nlp):
    evs = events(nlp, "Anna Berg praised Tomas Lind. The City Council sued Anna Berg.")
    assert [(e.id, e.code) for e in evs] == [("E1", "051"), ("E2", "115")]


def test_date_from_the_sentence_else_the_publication(nlp):
    text = "On March 3, Anna Berg criticized the City Council. Tomas Lind praised the Harbor Workers Union."
    first, second = events(nlp, text, dates=[date_at(text, "March 3", "2024-03-03")])
    assert (first.date, first.date_is_published) == ("2024-03-03", False)
    assert (second.date, second.date_is_published) == ("2024-03-08", True)
    (undated,) = events(nlp, "Anna Berg criticized the City Council.", published=None)
    assert undated.date is None


def test_location_is_a_place_in_the_sentence(nlp):
    text = "Anna Berg met with Tomas Lind in Nordland."
    start = text.index("Nordland")
    place = Place(text="Nordland", span=(start, start + 8), name="Nordland", country="NO")
    (e,) = events(nlp, text, places=[place])
    assert e.location == "Nordland"
    assert events(nlp, text)[0].location is None


def test_event_needs_an_actor(nlp):
    assert events(nlp, "Many people were killed in the past.") == []


def test_contract_fields(nlp):
    (e,) = events(nlp, "The Harbor Workers Union threatened the City Council with a strike.")
    d = e.as_dict()
    assert d["code"] == "130" and d["root"] == "13" and isinstance(d["span"], list)
    assert 0.0 <= d["confidence"] <= 1.0


def test_patterns_load_and_name_only_known_codes():
    p = patterns()
    assert "reject" in p.verbs and "apology" in p.nouns and "say" in p.speech_verbs
    for rules in (*p.verbs.values(), *p.nouns.values(), *p.adjectives.values()):
        for rule in rules:
            for code in (rule.code, rule.negated_code, rule.intent_code, *rule.keywords.values()):
                if code is not None:
                    lookup(code)
    assert p.verbs["call"][0].when == {"particle": ["on", "upon"]}  # YAML's "on" stays a word
