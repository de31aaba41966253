"""Roles stage: titles and organizations read around every mention of a person.

The actors are written by hand (name, type, the surfaces of their mentions) so that these tests exercise
the roles stage alone; one test at the end goes through the actors stage.
"""

from __future__ import annotations

import re

import pytest

from newscoder.nlp import load_pipeline
from newscoder.records import Actor, Role
from newscoder.stages.actors import find_actors
from newscoder.stages.roles import attach_roles, title_words


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _actors(text: str, *specs: tuple[str, str, list[str]]) -> list[Actor]:
    """Actors whose mentions are every whole-word occurrence of the given surfaces."""
    actors = []
    for number, (name, kind, surfaces) in enumerate(specs, start=1):
        spans = set()
        for surface in surfaces:
            for m in re.finditer(r"(?<!\w)" + re.escape(surface) + r"(?!\w)", text):
                spans.add((m.start(), m.end()))
        assert spans, f"{surface!r} not in text"
        aliases = tuple(sorted({s for s in surfaces if s != name}))
        actors.append(Actor(id=f"A{number}", name=name, type=kind, aliases=aliases,  # type: ignore[arg-type]
                            mentions=tuple(sorted(spans))))
    return actors


def roles_of(nlp, text: str, person: str, *specs: tuple[str, str, list[str]]) -> list[Role]:
    actors = attach_roles(nlp(text), _actors(text, *specs))
    return list(next(a for a in actors if a.name == person).roles)


KUP = ("Khmer Unity Party", "ORG", ["Khmer Unity Party", "KUP"])


# --- pre-nominal titles ------------------------------------------------------------------------

def test_prenominal_organization_and_title(nlp):
    text = "The Khmer Unity Party (KUP) held a rally. KUP spokesman Chea Vanna told reporters on Monday."
    roles = roles_of(nlp, text, "Chea Vanna", KUP, ("Chea Vanna", "PERSON", ["Chea Vanna"]))
    assert Role("spokesman", "Khmer Unity Party") in roles


def test_prenominal_title_without_organization(nlp):
    text = "Prime Minister Lim Dara opened the new bridge in Kampot."
    assert roles_of(nlp, text, "Lim Dara", ("Lim Dara", "PERSON", ["Lim Dara"])) == [Role("Prime Minister", None)]


def test_prenominal_former_with_organization_inside(nlp):
    text = "The Khmer Unity Party (KUP) was banned. Former KUP president Keo Rithy now lives in Paris."
    roles = roles_of(nlp, text, "Keo Rithy", KUP, ("Keo Rithy", "PERSON", ["Keo Rithy"]))
    assert roles == [Role("former president", "Khmer Unity Party")]


def test_ruling_party_resolves_to_the_party_called_ruling(nlp):
    text = ("The ruling Khmer Unity Party won every seat. The Green Party boycotted the vote. "
            "Ruling party spokesman Chea Vanna called the boycott a mistake.")
    roles = roles_of(nlp, text, "Chea Vanna", KUP, ("Green Party", "ORG", ["Green Party"]),
                     ("Chea Vanna", "PERSON", ["Chea Vanna"]))
    assert roles == [Role("spokesman", "Khmer Unity Party")]


def test_possessive_organization_before_title(nlp):
    text = "The Ministry of Health's spokesman Chan Dara said the clinics would reopen."
    roles = roles_of(nlp, text, "Chan Dara", ("Ministry of Health", "ORG", ["Ministry of Health"]),
                     ("Chan Dara", "PERSON", ["Chan Dara"]))
    assert roles == [Role("spokesman", "Ministry of Health")]


def test_title_and_organization_before_name(nlp):
    text = "He called president of the Phnom Penh Reporters Association Sok Piseth on Friday."
    roles = roles_of(nlp, text, "Sok Piseth",
                     ("Phnom Penh Reporters Association", "ORG", ["Phnom Penh Reporters Association"]),
                     ("Sok Piseth", "PERSON", ["Sok Piseth"]))
    assert roles == [Role("president", "Phnom Penh Reporters Association")]


def test_minister_of_names_the_ministry(nlp):
    text = ("The Ministry of Rural Development built the road. "
            "Minister of Rural Development Ouk Sovann opened it on Monday.")
    ministry = ("Ministry of Rural Development", "ORG", ["Ministry of Rural Development"])
    roles = roles_of(nlp, text, "Ouk Sovann", ministry, ("Ouk Sovann", "PERSON", ["Ouk Sovann"]))
    assert roles == [Role("Minister of Rural Development", "Ministry of Rural Development")]


def test_then_and_late_are_not_part_of_the_title(nlp):
    text = "Villagers remember then-Commander Pich Sovan and the late King Norodom Ang Duong."
    assert roles_of(nlp, text, "Pich Sovan", ("Pich Sovan", "PERSON", ["Pich Sovan"]),
                    ("Norodom Ang Duong", "PERSON", ["Norodom Ang Duong"])) == [Role("Commander", None)]
    assert roles_of(nlp, text, "Norodom Ang Duong", ("Pich Sovan", "PERSON", ["Pich Sovan"]),
                    ("Norodom Ang Duong", "PERSON", ["Norodom Ang Duong"])) == [Role("King", None)]


def test_coordinated_titles_before_name(nlp):
    text = "The Khmer Unity Party sent delegates. \u201cIt was calm,\u201d said observer and KUP member Chan Dara."
    roles = roles_of(nlp, text, "Chan Dara", KUP, ("Chan Dara", "PERSON", ["Chan Dara"]))
    assert set(roles) == {Role("member", "Khmer Unity Party"), Role("observer", None)}


# --- appositives ---------------------------------------------------------------------------------

def test_appositive_with_organization_and_acronym(nlp):
    text = "Meas Sophea, vice-president of the Khmer Unity Party (KUP), denied the claim on Sunday."
    roles = roles_of(nlp, text, "Meas Sophea", KUP, ("Meas Sophea", "PERSON", ["Meas Sophea"]))
    assert roles == [Role("vice-president", "Khmer Unity Party")]


def test_reversed_appositive_with_possessive(nlp):
    text = "The Khmer Unity Party lost its seats. The KUP's president, Nhem Vibol, was arrested in May."
    roles = roles_of(nlp, text, "Nhem Vibol", KUP, ("Nhem Vibol", "PERSON", ["Nhem Vibol"]))
    assert roles == [Role("president", "Khmer Unity Party")]


def test_reversed_appositive_with_preposition(nlp):
    text = "An official at the Ministry of Justice, Kong Sothy, declined to comment."
    roles = roles_of(nlp, text, "Kong Sothy", ("Ministry of Justice", "ORG", ["Ministry of Justice"]),
                     ("Kong Sothy", "PERSON", ["Kong Sothy"]))
    assert roles == [Role("official", "Ministry of Justice")]


def test_appositive_co_founder_and_secretary_general(nlp):
    text = ("Keo Rithy, co-founder of the Green Youth Network, met Lim Sokha, secretary-general of the "
            "Council for Reform, in Siem Reap.")
    specs = (("Green Youth Network", "ORG", ["Green Youth Network"]),
             ("Council for Reform", "ORG", ["Council for Reform"]),
             ("Keo Rithy", "PERSON", ["Keo Rithy"]), ("Lim Sokha", "PERSON", ["Lim Sokha"]))
    assert roles_of(nlp, text, "Keo Rithy", *specs) == [Role("co-founder", "Green Youth Network")]
    assert roles_of(nlp, text, "Lim Sokha", *specs) == [Role("secretary-general", "Council for Reform")]


def test_appositive_coordination_splits_two_roles(nlp):
    text = "The Khmer Unity Party was dissolved. Mao Sothea, a unionist and former KUP activist, fled to Thailand."
    roles = roles_of(nlp, text, "Mao Sothea", KUP, ("Mao Sothea", "PERSON", ["Mao Sothea"]))
    assert roles == [Role("unionist", None), Role("former activist", "Khmer Unity Party")]


def test_appositive_then_and_acronym_known_only_by_initials(nlp):
    text = "The Khmer Unity Party split in 1995. Chan Dara, then a KUP lawmaker, tried to mediate."
    roles = roles_of(nlp, text, "Chan Dara", ("Khmer Unity Party", "ORG", ["Khmer Unity Party"]),
                     ("Chan Dara", "PERSON", ["Chan Dara"]))
    assert roles == [Role("lawmaker", "Khmer Unity Party")]


def test_appositive_place_of_origin_is_not_the_title(nlp):
    text = "Pen Vanna, a Paris-based academic who studies land disputes, said the law was unclear."
    assert roles_of(nlp, text, "Pen Vanna", ("Pen Vanna", "PERSON", ["Pen Vanna"])) == [Role("academic", None)]


def test_role_at_a_short_mention(nlp):
    text = "Keo Rithy founded the group in 2010. Rithy, the former KUP treasurer, said he had no regrets."
    roles = roles_of(nlp, text, "Keo Rithy", KUP, ("Keo Rithy", "PERSON", ["Keo Rithy", "Rithy"]))
    assert Role("former treasurer", "Khmer Unity Party") in roles


# --- relative clauses, copulas, verbs ----------------------------------------------------------------

def test_relative_clause(nlp):
    text = "Sok Piseth, who is also director-general of Angkor Media Group, posted the letter online."
    roles = roles_of(nlp, text, "Sok Piseth", ("Angkor Media Group", "ORG", ["Angkor Media Group"]),
                     ("Sok Piseth", "PERSON", ["Sok Piseth"]))
    assert roles == [Role("director-general", "Angkor Media Group")]


def test_relative_clause_on_a_description_mention(nlp):
    text = ("Lim Dara spoke for an hour. The premier, who is also president of the KUP, "
            "thanked the Khmer Unity Party's members.")
    roles = roles_of(nlp, text, "Lim Dara", KUP, ("Lim Dara", "PERSON", ["Lim Dara", "The premier"]))
    assert Role("president", "Khmer Unity Party") in roles
    assert Role("premier", None) in roles


def test_copula_with_organization(nlp):
    text = "Chan Dara is the spokesman for the Ministry of Health, which runs the clinics."
    roles = roles_of(nlp, text, "Chan Dara", ("Ministry of Health", "ORG", ["Ministry of Health"]),
                     ("Chan Dara", "PERSON", ["Chan Dara"]))
    assert roles == [Role("spokesman", "Ministry of Health")]


def test_lawmaker_from(nlp):
    text = "Mao Sothea, a lawmaker from the KUP, voted against the budget."
    roles = roles_of(nlp, text, "Mao Sothea", KUP, ("Mao Sothea", "PERSON", ["Mao Sothea"]))
    assert roles == [Role("lawmaker", "Khmer Unity Party")]


def test_copula_with_pronoun_mention(nlp):
    text = "Pich Sovan lives in a pagoda. He is a monk, and he said little."
    roles = roles_of(nlp, text, "Pich Sovan", ("Pich Sovan", "PERSON", ["Pich Sovan", "He", "he"]))
    assert roles == [Role("monk", None)]


def test_the_party_resolves_to_the_party_named_most_so_far(nlp):
    text = ("The Khmer Unity Party (KUP) held its congress. The KUP elected new leaders. The Green Party sent "
            "a letter. The party's spokesman, Chea Vanna, said the KUP would reply.")
    roles = roles_of(nlp, text, "Chea Vanna", KUP, ("Green Party", "ORG", ["Green Party"]),
                     ("Chea Vanna", "PERSON", ["Chea Vanna"]))
    assert roles == [Role("spokesman", "Khmer Unity Party")]  # named three times before, the Green Party once


def test_its_leader_is_the_organization_named_in_the_sentence(nlp):
    text = "The court dissolved the Khmer Unity Party and jailed its leader Nhem Vibol last year."
    roles = roles_of(nlp, text, "Nhem Vibol", KUP, ("Nhem Vibol", "PERSON", ["Nhem Vibol"]))
    assert roles == [Role("leader", "Khmer Unity Party")]


def test_serving_as(nlp):
    text = "Lim Sokha was jailed in 2001 while serving as defence minister."
    assert roles_of(nlp, text, "Lim Sokha", ("Lim Sokha", "PERSON", ["Lim Sokha"])) == [
        Role("defence minister", None)]


def test_led_by(nlp):
    text = "The Green Youth Network, now led by activist Mao Sothea, plans a march."
    roles = roles_of(nlp, text, "Mao Sothea", ("Green Youth Network", "ORG", ["Green Youth Network"]),
                     ("Mao Sothea", "PERSON", ["Mao Sothea"]))
    assert Role("leader", "Green Youth Network") in roles
    assert Role("activist", None) in roles


# --- what is not a role ----------------------------------------------------------------------

def test_title_word_inside_an_organization_name(nlp):
    text = "Council of Ministers spokesman Pen Sovan said the decree was final."
    roles = roles_of(nlp, text, "Pen Sovan", ("Council of Ministers", "ORG", ["Council of Ministers"]),
                     ("Pen Sovan", "PERSON", ["Pen Sovan"]))
    assert roles == [Role("spokesman", "Council of Ministers")]


def test_judgements_and_forms_of_address_are_not_roles(nlp):
    text = "Villagers say Chan Dara is a good leader. Mr. Keo Rithy agreed."
    specs = (("Chan Dara", "PERSON", ["Chan Dara"]), ("Keo Rithy", "PERSON", ["Keo Rithy"]))
    assert roles_of(nlp, text, "Chan Dara", *specs) == []
    assert roles_of(nlp, text, "Keo Rithy", *specs) == []


def test_a_list_of_names_after_a_title_is_not_an_appositive(nlp):
    text = ("The ministers met the spokesman, Chan Dara, and Keo Rithy on Monday. "
            "Later, the doctor, Keo Rithy and others left.")
    specs = (("Chan Dara", "PERSON", ["Chan Dara"]), ("Keo Rithy", "PERSON", ["Keo Rithy"]))
    assert roles_of(nlp, text, "Keo Rithy", *specs) == []


def test_organizations_get_no_roles_and_names_are_kept(nlp):
    text = "KUP spokesman Chea Vanna spoke."
    actors = attach_roles(nlp(text), _actors(text, KUP, ("Chea Vanna", "PERSON", ["Chea Vanna"])))
    assert [a.name for a in actors] == ["Khmer Unity Party", "Chea Vanna"]
    assert actors[0].roles == ()


def test_title_lexicon_is_broad():
    for word in ("minister", "lawmaker", "analyst", "director", "researcher", "monk", "activist", "governor",
                 "chief", "spokesman", "envoy", "observer"):
        assert word in title_words()


def test_through_the_actors_stage(nlp):
    doc = nlp("Prime Minister Hun Sen spoke to reporters in Phnom Penh on Monday.")
    hun_sen = next(a for a in find_actors(doc) if a.name == "Hun Sen")
    assert Role("Prime Minister", None) in hun_sen.roles
