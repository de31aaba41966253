"""Actors stage on small texts of our own."""

from __future__ import annotations

import pytest

from newscoder.nlp import load_pipeline
from newscoder.stages.actors import find_actors


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def actors(nlp, text):
    doc = nlp(text)
    return {a.name: a for a in find_actors(doc)}, doc


def test_surname_joins_full_name(nlp):
    found, doc = actors(nlp, "Senator Maria Lopez criticized the plan on Monday. Lopez said it would fail.")
    lopez = found["Maria Lopez"]
    assert lopez.type == "PERSON"
    assert [doc.text[s:e] for s, e in lopez.mentions] == ["Maria Lopez", "Lopez"]
    assert "Lopez" not in found


def test_defined_acronym_is_an_alias(nlp):
    text = ("The National Electoral Council (NEC) rejected the complaint. "
            "Officials at the NEC said the vote was fair.")
    found, _ = actors(nlp, text)
    council = found["National Electoral Council"]
    assert "NEC" in council.aliases
    assert len(council.mentions) == 3  # the name, the acronym defined in parentheses, its later use


def test_undefined_acronym_matches_initials(nlp):
    text = "The Liberal Democratic Party won the vote. The LDP will form a government."
    found, _ = actors(nlp, text)
    assert "LDP" in found["Liberal Democratic Party"].aliases


def test_acronym_party_is_the_party(nlp):
    text = ("The Freedom Alliance Party (FAP) was banned in May. "
            "A month later, FAP party officials told members to leave the country.")
    found, _ = actors(nlp, text)
    assert "FAP party" not in found
    assert "FAP party" in found["Freedom Alliance Party"].aliases


def test_possessive_and_leading_article_are_cut(nlp):
    found, doc = actors(nlp, "The World Health Organization's report was published. Maria Lopez's office agreed.")
    assert "World Health Organization" in found
    assert any(doc.text[s:e] == "Maria Lopez" for s, e in found["Maria Lopez"].mentions)


def test_honorific_is_removed_from_name_and_kept_as_alias(nlp):
    found, _ = actors(nlp, "Dr. Kofi Mensah opened the clinic. Mensah thanked the donors.")
    mensah = found["Kofi Mensah"]
    assert "Dr. Kofi Mensah" in mensah.aliases


def test_prenominal_title_with_organization_and_appositive_role(nlp):
    text = ("Liberal Party spokesman John Carter said the bill was unfair. "
            "Emma Stone, vice-president of the Green Alliance, disagreed.")
    found, _ = actors(nlp, text)
    carter_roles = [(r.title, r.organization) for r in found["John Carter"].roles]
    assert ("spokesman", "Liberal Party") in carter_roles
    stone_roles = [(r.title, r.organization) for r in found["Emma Stone"].roles]
    assert ("vice-president", "Green Alliance") in stone_roles


def test_mentions_are_exact_offsets(nlp):
    text = "In Paris, President Jean Dupont met Angela Schmidt.\nDupont praised Schmidt."
    found, doc = actors(nlp, text)
    for actor in found.values():
        for s, e in actor.mentions:
            assert doc.text[s:e].strip() == doc.text[s:e]
            assert doc.text[s:e] in (actor.name, *actor.aliases)


def test_common_acronym_never_spelled_out_gets_its_full_name(nlp):
    found, _ = actors(nlp, "The U.N. condemned the vote. U.S. officials said the United Nations would act.")
    assert "U.N." in found["United Nations"].aliases
    assert len(found["United Nations"].mentions) == 2
    assert "United States" in found


def test_people_found_by_age_appositive_and_speech_cues(nlp):
    text = ("Dara Vann, 42, a rice farmer, said the road was flooded.\n\n"
            "Keo Mony, a political scientist, disagreed.")
    found, _ = actors(nlp, text)
    for name in ("Dara Vann", "Keo Mony"):
        assert found.get(name) is not None and found[name].type == "PERSON", name


def test_place_tagged_as_person_is_a_place(nlp):
    found, _ = actors(nlp, "Voters in Prey Veng province and Takeo province queued for hours.")
    assert all(a.type != "PERSON" for a in found.values())


def test_organization_ner_missed_is_found_by_its_organization_word(nlp):
    text = "Mr. Tep Vanny, head of the Thai-Lao Farmers Association since 2019, said on Monday that prices fell."
    found, _ = actors(nlp, text)
    assert "Thai-Lao Farmers Association" in found
    assert found["Thai-Lao Farmers Association"].type == "ORG"


def test_name_after_a_title_is_a_person_and_lowercase_entities_are_not_actors(nlp):
    found, _ = actors(nlp, "Government spokesman Phay Siphan said the boycotts were illegal.")
    assert found["Phay Siphan"].type == "PERSON"
    assert all(name[0].isupper() for name in found)
