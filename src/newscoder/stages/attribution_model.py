"""A small learned model of which attribution frames are attributions, for the quotes stage.

The cue lexicon (data/attribution_cues.tsv) knows how often a word in a frame was an attribution's cue in
PolNeAR's training articles, but only for words it saw often enough. This model generalises over what the
lexicon cannot: the frame, the cue's form and function, who the speaker is, how long and how shaped the
content is, and the lexicon's own figures. It is a logistic regression whose weights
(data/attribution_model.json, named features and numbers only, no text) are learned by
scripts/learn_attribution_model.py from PolNeAR's training split.

Applying it is a weighted sum and a logistic function over a few dozen named features, written here rather
than loading a machine-learning library at run time for one dot product.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# Frames a content hangs from that are not reported clauses: an object, an infinitive, a preposition's object.
BROAD_FRAMES = ("obj", "to", "prep_")
# Frames in which a speech verb reports speech ("said that ...", "..., he said", "according to", "told X to").
SPEECH_FRAMES = frozenset({"ccomp", "inverted", "according", "to"})


@dataclass(frozen=True)
class AttributionModel:
    weights: Mapping[str, float]
    threshold: float  # the probability from which a frame the lexicon does not trust is taken
    threshold_unnamed: float = 1.0  # the same for a frame whose source the text does not name
    def probability(self, features: Mapping[str, float]) -> float:
        z = sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=1)
def attribution_model() -> AttributionModel | None:
    """The shipped model, or None when its file is absent (the lexicon alone decides then)."""
    path = resources.files("newscoder").joinpath("data", "attribution_model.json")
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    weights = {str(k): float(v) for k, v in data["weights"].items()}
    return AttributionModel(weights, float(data["threshold"]), float(data.get("threshold_unnamed", 1.0)))


def frame_family(frame: str) -> str:
    """ "obj_as", "obj_of" -> "objX"; "prep_about" -> "prepX"; other frames stand for themselves."""
    for prefix in ("obj_", "prep_"):
        if frame.startswith(prefix):
            return prefix[:-1] + "X"
    return frame


def lexicon_features(seen: float, hits: float, frame: str, speech: bool, min_seen: int) -> dict[str, float]:
    """What the cue lexicon says of a (lemma, class, frame): seen times, hits of them."""
    known = seen >= min_seen
    precision = hits / (seen + 1) if known else 0.0
    decile = min(int(precision * 10), 9)
    broad = frame.startswith(BROAD_FRAMES) and not speech
    return {
        "prec": precision,
        "logn": math.log1p(seen) / 5,
        "seen": float(known),
        "unseen_speech": float(not known and speech and frame in SPEECH_FRAMES),
        f"fam={frame_family(frame)}|prec": precision,
        f"pbin={decile}": 1.0,
        f"pbin={decile}|broad": float(broad),
    }
