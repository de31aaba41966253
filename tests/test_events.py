"""The events stage on small made-up sentences: voice, coordination, negation, modality, nominal and reported
events, evaluations without a trigger word, implicit roles, dates and places."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from newscoder.cameo import lookup
from newscoder.nlp import load_pipeline
from newscoder.records import Actor, ActorLookup, DateMention, Event, Place, Quote, Role
from newscoder.stages.events import dateline_place, find_events, patterns

PUBLISHED = dt.date(2024, 3, 8)

# The made-up people and bodies of these texts, with the forms each is mentioned by.
CAST = {
    "Anna Berg": ("PERSON", ["Anna Berg", "Berg"]),
    "Tomas Lind": ("PERSON", ["Tomas Lind", "Lind"]),
    "Harbor Workers Union": ("ORG", ["Harbor Workers Union"]),
    "City Council": ("ORG", ["City Council"]),
    "Nordland": ("GPE", ["Nordland"]),
    "Sudmark": ("GPE", ["Sudmark"]),
    "Nordland Times": ("ORG", ["Nordland Times"]),
    "Free Voice Radio": ("ORG", ["Free Voice Radio"]),
    "Ministry of Information": ("ORG", ["Ministry of Information"]),
    "Supreme Court": ("ORG", ["Supreme Court"]),
    "Green Party": ("ORG", ["Green Party"]),
    "Rights Watch": ("ORG", ["Rights Watch"]),
    "Civic Alliance": ("ORG", ["Civic Alliance"]),
}
# roles of the cast, as the actors stage would give them
ROLES = {"Tomas Lind": (Role("spokesman", "Green Party"),)}


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
        Actor(id=f"A{i}", name=name, type=CAST[name][0], mentions=tuple(sorted(spans)), roles=ROLES.get(name, ()))
        for i, (name, spans) in enumerate(sorted(found.items(), key=lambda kv: min(kv[1])), start=1)
    ]


def events(nlp, text: str, dates=(), places=(), published=PUBLISHED, quotes=None) -> list[Event]:
    doc = nlp(text)
    return find_events(doc, ActorLookup(actors_for(text)), list(dates), list(places), published, quotes=quotes)


def quote(text: str, speaker: str, content: str, kind: str = "direct") -> Quote:
    start = text.index(content)
    return Quote(id="Q1", speaker=speaker, speaker_id=None, speaker_span=None, cue="said", cue_span=None,
                 addressee=None, kind=kind, text=content, content_spans=((start, start + len(content)),))


def place(text: str, name: str) -> Place:
    start = text.index(name)
    return Place(text=name, span=(start, start + len(name)), name=name, country="XX")


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


def test_negated_event_is_no_event(nlp):
    assert events(nlp, "Anna Berg did not criticize the City Council.") == []
    assert events(nlp, "Anna Berg never intended to accuse Tomas Lind of fraud.") == []
    assert events(nlp, "Neither the City Council nor Tomas Lind is concerned about the strike.") == []
    assert events(nlp, "Anna Berg refrained from criticizing the City Council.") == []


def test_denied_content_is_no_event_but_the_denial_is(nlp):
    evs = events(nlp, "Tomas Lind denied that he had criticized the City Council.")
    assert triples(evs) == [("Tomas Lind", "016", None)]


def test_accusation_content_is_no_event_of_its_own(nlp):
    evs = events(nlp, "Anna Berg accused Tomas Lind of plotting to arrest the City Council members.")
    assert [e.code[:2] for e in evs] == ["11"]


def test_future_meeting_is_intent_to_meet(nlp):
    (e,) = events(nlp, "Anna Berg will meet Tomas Lind next week.")
    assert (e.source, e.code, e.target, e.modality) == ("Anna Berg", "036", "Tomas Lind", "future")


def test_meeting_that_happened_is_consult(nlp):
    (e,) = events(nlp, "Anna Berg met with Tomas Lind in Nordland.")
    assert (e.source, e.code, e.target, e.modality) == ("Anna Berg", "040", "Tomas Lind", "asserted")


def test_conditional_and_possible_events_are_recorded_as_hypothetical(nlp):
    (e,) = events(nlp, "If the City Council bans the Harbor Workers Union, the strike will go on.")
    assert (e.source, e.code, e.target, e.modality) == ("City Council", "172", "Harbor Workers Union", "hypothetical")
    (e,) = events(nlp, "The City Council could sue Tomas Lind.")
    assert (e.source, e.code, e.target, e.modality) == ("City Council", "115", "Tomas Lind", "hypothetical")
    (asserted,) = events(nlp, "The City Council sued Tomas Lind.")
    assert e.confidence < asserted.confidence
    assert events(nlp, "It is difficult to criticize the City Council.") == []  # no one to do it


def test_would_in_reported_speech_is_the_future(nlp):
    (e,) = events(nlp, "Anna Berg said the City Council would sue Tomas Lind.")
    assert (e.source, e.code, e.target, e.modality) == ("City Council", "115", "Tomas Lind", "future")


def test_appeal_is_the_event_not_what_it_asks_for(nlp):
    evs = events(nlp, "Anna Berg urged the City Council to release Tomas Lind.")
    assert [(*t, e.modality) for t, e in zip(triples(evs), evs, strict=True)] == [
        ("Anna Berg", "0253", "City Council", "asserted"),
        ("City Council", "0841", "Tomas Lind", "demanded"),
    ]


def test_should_in_reported_speech_is_an_appeal_from_the_speaker(nlp):
    evs = events(nlp, "Tomas Lind said the City Council should apologise to the Harbor Workers Union.")
    assert [(*t, e.modality) for t, e in zip(triples(evs), evs, strict=True)] == [
        ("Tomas Lind", "020", "City Council", "asserted"),
        ("City Council", "055", "Harbor Workers Union", "demanded"),
    ]


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
    assert any(r.when == {"particle": ["on", "upon"]} for r in p.verbs["call"])  # YAML's "on" stays a word


# ---- coordination and groups ------------------------------------------------------------------------------
def test_coordinated_partners_meet_each_other(nlp):
    evs = events(nlp, "Nordland and Sudmark agreed to cooperate on border security.")
    assert sorted(triples(evs)) == [("Nordland", "030", "Sudmark"), ("Sudmark", "030", "Nordland")]


def test_the_two_countries_are_the_last_two_named(nlp):
    text = "Nordland has long quarrelled with Sudmark. Last week representatives of the two countries met in Oslo."
    evs = events(nlp, text)
    assert ("Nordland", "040", "Sudmark") in triples(evs) and ("Sudmark", "040", "Nordland") in triples(evs)


def test_unnamed_groups_act(nlp):
    (e,) = events(nlp, "Thousands of protesters marched through the capital on Sunday.")
    assert (e.source, e.code) == ("protesters", "141")
    assert events(nlp, "Many activists were arrested.") == []  # a group as the only participant of a passive


# ---- nominal, light-verb and reported events ----------------------------------------------------------------
def test_noun_event_with_its_own_roles(nlp):
    evs = events(nlp, "Voters discussed the Harbor Workers Union\u2019s lawsuit against Tomas Lind.")
    assert triples(evs) == [("Harbor Workers Union", "115", "Tomas Lind")]


def test_taking_part_in_a_boycott_is_boycotting(nlp):
    (e,) = events(nlp, "The Harbor Workers Union took part in the boycott.")
    assert (e.source, e.code) == ("Harbor Workers Union", "143")


def test_first_person_in_a_quote_is_the_speaker(nlp):
    text = "\u201cWe will sue the City Council,\u201d Anna Berg said."
    (e,) = events(nlp, text, quotes=[quote(text, "Anna Berg", "We will sue the City Council,")])
    assert (e.source, e.code, e.target) == ("Anna Berg", "115", "City Council")


def test_a_spokesmans_we_is_his_organization(nlp):
    text = "\u201cWe condemn the City Council,\u201d said Tomas Lind, who speaks for the Green Party."
    (e,) = events(nlp, text, quotes=[quote(text, "Tomas Lind", "We condemn the City Council,")])
    assert (e.source, e.code, e.target) == ("Green Party", "111", "City Council")


# ---- evaluations without a trigger word -------------------------------------------------------------------
def test_reported_evaluation_is_criticism_of_its_owner(nlp):
    text = "Anna Berg said Tomas Lind\u2019s apology was late."
    evs = events(nlp, text, quotes=[quote(text, "Anna Berg", "Tomas Lind\u2019s apology was late", "indirect")])
    assert ("Anna Berg", "111", "Tomas Lind") in triples(evs)


def test_denied_fairness_is_criticism_and_praise_needs_a_named_target(nlp):
    text = "Rights Watch said the vote was neither free nor fair."
    (e,) = events(nlp, text, quotes=[quote(text, "Rights Watch", "the vote was neither free nor fair", "indirect")])
    assert (e.source, e.code) == ("Rights Watch", "111")
    text = "Rights Watch said the vote was free and fair."
    assert events(nlp, text, quotes=[quote(text, "Rights Watch", "the vote was free and fair", "indirect")]) == []


def test_calling_something_a_sham_is_criticism(nlp):
    (e,) = events(nlp, "Rights Watch called the vote a sham.", quotes=[])
    assert (e.source, e.code) == ("Rights Watch", "111")


# ---- word senses, decisions and implicit roles --------------------------------------------------------------
def test_blocking_a_website_is_censorship_and_blocking_a_road_is_obstruction(nlp):
    (e,) = events(nlp, "The City Council blocked the Nordland Times website.")
    assert (e.source, e.code, e.target) == ("City Council", "1721", "Nordland Times")
    (e,) = events(nlp, "The Harbor Workers Union blocked the roads to the port.")
    assert (e.source, e.code) == ("Harbor Workers Union", "144")


def test_who_ordered_it_is_the_source(nlp):
    evs = events(nlp, "The Ministry of Information ordered internet providers to block Free Voice Radio.")
    assert triples(evs) == [("Ministry of Information", "1721", "Free Voice Radio")]


def test_a_verdict_without_a_source_is_the_courts(nlp):
    text = "The Supreme Court heard the case on Monday. Tomas Lind was found guilty of fraud."
    assert ("Supreme Court", "116", "Tomas Lind") in triples(events(nlp, text))


def test_a_rejection_answers_the_latest_criticism(nlp):
    text = "Rights Watch criticized the City Council. The City Council rejected the criticism."
    assert ("City Council", "120", "Rights Watch") in triples(events(nlp, text))


def test_a_denial_answers_criticism_of_the_denier_not_of_someone_else(nlp):
    text = ("Rights Watch criticized the City Council. Anna Berg praised the Green Party. "
            "The City Council denied the accusation.")
    assert ("City Council", "016", "Rights Watch") in triples(events(nlp, text))
    text = "Rights Watch criticized the Supreme Court on Monday. The City Council rejected the criticism."
    assert ("City Council", "120", "Rights Watch") not in triples(events(nlp, text))


def test_a_spokesman_answers_criticism_of_his_organization(nlp):
    text = "Rights Watch criticized the Green Party on Monday. Tomas Lind rejected the criticism."
    assert ("Tomas Lind", "120", "Rights Watch") in triples(events(nlp, text))


def test_criticism_of_a_deed_targets_its_doer(nlp):
    text = "The City Council arrested Tomas Lind on Monday. Rights Watch condemned the arrest."
    assert ("Rights Watch", "111", "City Council") in triples(events(nlp, text))


def test_criticism_of_an_election_targets_the_body_that_runs_it(nlp):
    text = ("The National Election Committee announced the results on Monday. "
            "Rights Watch criticized the election.")
    CAST["National Election Committee"] = ("ORG", ["National Election Committee"])
    try:
        assert ("Rights Watch", "111", "National Election Committee") in triples(events(nlp, text))
    finally:
        del CAST["National Election Committee"]


def test_an_unnamed_patient_is_not_replaced_by_the_main_adversary(nlp):
    text = ("Anna Berg criticized the City Council. Rights Watch accused the City Council of fraud. "
            "The Green Party threatened legal action against the newspaper.")
    evs = events(nlp, text)
    assert ("Green Party", "130", None) in triples(evs)


def test_a_main_clause_parsed_as_a_modifier_keeps_its_subject(nlp):
    text = "Hundreds of villagers protested outside the provincial hall."
    assert [e.code[:2] for e in events(nlp, text)] == ["14"]


def test_a_reported_wrongdoing_in_progress_is_criticism_of_its_doer(nlp):
    text = "Anna Berg said the City Council was destroying democracy."
    assert ("Anna Berg", "111", "City Council") in triples(events(nlp, text))
    text = "Anna Berg said the harbor would be destroyed."
    assert not events(nlp, text)


def test_an_event_dated_years_before_publication_is_historical(nlp):
    text = "Anna Berg sued Tomas Lind in 2012. Rights Watch criticized the City Council on Monday."
    dates = [date_at(text, "2012", "2012"), date_at(text, "Monday", "2024-03-04")]
    evs = events(nlp, text, dates=dates)
    assert [(e.code, e.modality) for e in evs] == [("115", "historical"), ("111", "asserted")]


def test_a_politically_motivated_arrest_is_criticism_of_who_made_it(nlp):
    text = "The City Council arrested Tomas Lind on Monday. Rights Watch said his arrest was politically motivated."
    assert ("Rights Watch", "111", "City Council") in triples(events(nlp, text))


def test_same_side_codes():
    from newscoder.stages.events_document import _same_side
    assert _same_side("USA", "USAGOV") and _same_side("KHMOPP", "KHMOPP")
    assert not _same_side("KHM", "KHMOPP") and not _same_side(None, "USA")


def test_the_capital_of_a_dateline_is_not_the_country_acting():
    from newscoder.stages.events_document import main_country_actor
    city = Actor(id="A1", name="Nordburg", type="GPE", mentions=((0, 8),))
    places = [Place(text="NORDBURG", span=(0, 8), name="Nordburg", country="KH")]
    assert main_country_actor(ActorLookup([city]), places, "Nordburg") is None


def test_an_event_told_again_is_kept_once(nlp):
    text = "The Supreme Court dissolved the Green Party in May. Since the Green Party was dissolved, it has no seats."
    assert triples(events(nlp, text)) == [("Supreme Court", "1722", "Green Party")]


def test_mined_verbs_extend_the_hand_written_ones():
    p = patterns()
    assert "ostracize" in p.verbs and p.verbs["ostracize"][-1].mined
    assert not p.verbs["criticize"][0].mined  # a hand-written rule wins over the mined one


# ---- location ------------------------------------------------------------------------------------------------
def test_location_falls_back_to_the_dateline(nlp):
    text = "NORDLAND CITY \u2014 Anna Berg criticized the City Council on Monday."
    places = [Place(text="NORDLAND CITY", span=(0, 13), name="Nordland City", country="XX")]
    assert dateline_place(text, places) == "Nordland City"
    (e,) = events(nlp, text, places=places)
    assert e.location == "Nordland City"
    text = "Anna Berg criticized the City Council.\nShe spoke in Nordland."
    assert dateline_place(text, [place(text, "Nordland")]) is None


def test_word_senses_of_everyday_verbs(nlp):
    assert triples(events(nlp, "Nordland broke off diplomatic relations with Sudmark.")) == [
        ("Nordland", "161", "Sudmark")
    ]
    assert triples(events(nlp, "Nordland returned the bodies of three soldiers to Sudmark.")) == [
        ("Nordland", "0841", "Sudmark")
    ]
    assert events(nlp, "Nordland broke the record for exports.") == []


def test_a_holder_of_an_office_is_an_actor(nlp):
    (e,) = events(nlp, "The opposition leader was placed under house arrest.")
    assert (e.source, e.code, e.target) == (None, "173", "opposition leader")
