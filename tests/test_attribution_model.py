"""The attribution model of the quotes stage: the shipped weights, and how the stage uses them."""

from __future__ import annotations

import re

import pytest

from newscoder.nlp import load_pipeline
from newscoder.records import ActorLookup
from newscoder.stages import quotes
from newscoder.stages.attribution_model import AttributionModel, attribution_model, frame_family, lexicon_features
from test_quotes import actors_for, check_invariants


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def run(nlp, text: str, *, use_model: bool = True):
    found = quotes.find_quotes(nlp(text), ActorLookup(actors_for(text)), use_model=use_model)
    check_invariants(text, found)
    return found


def test_shipped_model_holds_feature_names_and_numbers_only():
    model = attribution_model()
    assert model is not None and 0.0 < model.threshold < 1.0 and 0.0 < model.threshold_unnamed < 1.0
    assert 20 < len(model.weights) < 2000
    name = re.compile(r"^[a-z_]+(=[\w\-.$:,'`]{1,20})?(\|[a-z_]+(=[\w\-.$:,'`]{1,20})?)?$", re.IGNORECASE)
    assert all(name.match(k) for k in model.weights), [k for k in model.weights if not name.match(k)][:5]
    assert model.probability({"bias": 1.0}) < 0.5  # most frames are no attribution


def test_probability_is_a_logistic_of_the_weighted_sum():
    model = AttributionModel({"bias": 0.0, "a": 2.0}, 0.5)
    assert model.probability({"bias": 1.0}) == pytest.approx(0.5)
    assert model.probability({"bias": 1.0, "a": 1.0}) == pytest.approx(1 / (1 + 2.718281828 ** -2), rel=1e-6)
    assert 0.0 < model.probability({"a": -1e9}) < 1e-9


def test_lexicon_features():
    unknown = lexicon_features(2, 2, "to", True, 3)
    assert unknown["prec"] == 0.0 and unknown["seen"] == 0.0 and unknown["unseen_speech"] == 1.0
    known = lexicon_features(9, 6, "obj_as", False, 3)
    assert known["prec"] == pytest.approx(0.6) and known["fam=objX|prec"] == pytest.approx(0.6)
    assert known["pbin=6"] == 1.0 and known["pbin=6|broad"] == 1.0
    assert frame_family("prep_about") == "prepX" and frame_family("ccomp") == "ccomp"


def test_model_takes_a_frame_the_lexicon_does_not_trust(nlp):
    text = "Tomas Lind is concerned about the cost of the new harbor."
    assert run(nlp, text, use_model=False) == []
    (q,) = run(nlp, text)
    assert (q.kind, q.speaker, q.cue) == ("indirect", "Tomas Lind", "concerned about")
    assert q.text == "the cost of the new harbor"


def test_model_never_swallows_a_frame_the_lexicon_trusts(nlp, monkeypatch):
    # a model taking every preposition's object: "laughed at" is taken, but not over the "said" it holds
    model = AttributionModel({"bias": -30.0, "fam=prepX": 60.0}, 0.5)
    monkeypatch.setattr(quotes, "attribution_model", lambda: model)
    text = "Anna Berg laughed at the idea that Tomas Lind said the harbor was unsafe."
    assert [(q.speaker, q.cue, q.text) for q in run(nlp, text)] == [("Tomas Lind", "said", "the harbor was unsafe")]
    text = "Anna Berg laughed at the idea of a new harbor."
    (q,) = run(nlp, text)
    assert (q.speaker, q.cue, q.text) == ("Anna Berg", "laughed at", "the idea of a new harbor")


def test_attribution_whose_source_the_text_does_not_name(nlp):
    text = "It was reported that the harbor will close."
    assert run(nlp, text, use_model=False) == []
    (q,) = run(nlp, text)
    assert (q.kind, q.speaker, q.speaker_id, q.speaker_span) == ("indirect", None, None, None)
    assert (q.cue, q.text) == ("reported", "the harbor will close")


def test_reporter_question_is_no_attribution(nlp):
    assert run(nlp, "Asked why the union struck, Tomas Lind laughed.") == []


def test_participle_whose_subject_was_missed_is_no_unsourced_attribution(nlp):
    text = "In that interview, the mayor is quoted as having accused the union of rigging the vote."
    assert not any(q.speaker is None for q in run(nlp, text))
