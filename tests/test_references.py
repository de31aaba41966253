"""Role descriptions and subject pronouns resolved to the actors an article names."""

from __future__ import annotations

import pytest

from newscoder.nlp import load_pipeline
from newscoder.stages.actors import find_actors


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def mentions_of(nlp, text: str, name: str) -> list[str]:
    doc = nlp(text)
    actor = next(a for a in find_actors(doc) if a.name == name)
    return [doc.text[s:e] for s, e in actor.mentions]


def test_the_premier_is_the_prime_minister(nlp):
    text = ("Prime Minister Maria Lopez signed the treaty on Monday. Opposition leader Juan Perez objected.\n\n"
            "The premier later defended the deal.")
    assert "The premier" in mentions_of(nlp, text, "Maria Lopez")


def test_the_spokesman_is_the_last_spokesman_named(nlp):
    text = ("Labour spokesman Tom Hardy said the vote was rigged. Finance Minister Jane Doe disagreed.\n\n"
            "The spokesman added that the party would appeal.")
    found = mentions_of(nlp, text, "Tom Hardy")
    assert "The spokesman" in found


def test_a_title_before_a_name_is_not_a_reference(nlp):
    text = "Labour spokesman Tom Hardy spoke first. Later the spokesman Ben Stiller spoke."
    assert "the spokesman" not in mentions_of(nlp, text, "Tom Hardy")


def test_subject_pronoun_goes_to_the_previous_subject(nlp):
    text = ("Senator Ana Ruiz met Governor Carl Berg in the capital. She said the talks went well.\n\n"
            "Berg declined to comment.")
    assert "She" in mentions_of(nlp, text, "Ana Ruiz")
    assert "She" not in mentions_of(nlp, text, "Carl Berg")


def test_pronoun_inside_a_quotation_is_left_alone(nlp):
    text = "Senator Ana Ruiz spoke to reporters on Monday. “He will never win,” Ruiz said of her rival."
    assert "He" not in mentions_of(nlp, text, "Ana Ruiz")
