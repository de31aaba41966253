"""newscoder.evaluate.plover must give the figures of the reference scorer shared/tools/score_plover.py.

Predictions are built from the gold sentences' types and then spoiled (wrong types, none, several, old labels,
ids the reference does not know); no sentence text is copied here. The reference prints one JSON line, so it
runs as a subprocess, beside the tests.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.table import Table

from newscoder.errors import GoldFormatError
from newscoder.evaluate.plover import (
    OLD_LABELS,
    PloverSentence,
    current_type,
    format_plover,
    load_plover,
    predict_plover,
    score_plover,
)

SHARED = Path(__file__).parents[1] / ".." / "shared"
REFERENCE = SHARED / "tools" / "score_plover.py"
GSR = SHARED / "data" / "plover" / "PLOVER_GSR_CAMEO.txt"

needs_shared = pytest.mark.skipif(
    not (REFERENCE.is_file() and GSR.is_file()), reason="shared/tools/score_plover.py or shared/data/plover absent"
)

TYPES = (
    "ACCUSE", "AGREE", "AID", "ASSAULT", "COERCE", "CONCEDE", "CONSULT", "COOPERATE",
    "MOBILIZE", "PROTEST", "REJECT", "REQUEST", "RETREAT", "SANCTION", "SUPPORT", "THREATEN",
)  # fmt: skip

Prediction = dict[str, Any]
Spoil = Callable[[list[PloverSentence], random.Random], list[Any]]


def reference_line(predictions: list[Any], path: Path) -> str:
    path.write_text("".join(json.dumps(p) + "\n" for p in predictions), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(REFERENCE), "score", str(path)], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    return run.stdout.strip()


def assert_agrees(sentences: list[PloverSentence], predictions: list[Any], tmp_path: Path) -> dict[str, Any]:
    ours = score_plover(sentences, predictions)
    figures = {k: v for k, v in ours.items() if k != "by_type"}
    assert json.dumps(figures) == reference_line(predictions, tmp_path / "pred.jsonl")
    return ours


def predicted(id_: str, *types: str | None, **extra: Any) -> Prediction:
    return {"document": {"id": id_}, "events": [{"code": "000", "plover": t} for t in types], **extra}


@pytest.fixture(scope="module")
def sentences() -> list[PloverSentence]:
    return load_plover(GSR)


# ------------------------------------------------------------------------------- predictions to agree on


def gold_types(sentences: list[PloverSentence], rng: random.Random) -> list[Any]:
    return [predicted(s.id, s.type) for s in sentences]


def old_labels(sentences: list[PloverSentence], rng: random.Random) -> list[Any]:
    """The file's own labels: right where 0.5b1 and now agree, wrong for DEMAND, FIGHT, ...; some lower case."""
    return [predicted(s.id, s.event.lower() if rng.random() < 0.3 else s.event) for s in sentences]


def wrong_types(sentences: list[PloverSentence], rng: random.Random) -> list[Any]:
    return [predicted(s.id, rng.choice([t for t in TYPES if t != s.type])) for s in sentences]


def no_types(sentences: list[PloverSentence], rng: random.Random) -> list[Any]:
    """No events, events without a type (PLOVER dropped CAMEO 01 and 02), an empty type, no events key."""
    out: list[Any] = []
    for i, s in enumerate(sentences):
        kind = i % 5
        if kind == 0:
            out.append(predicted(s.id))
        elif kind == 1:
            out.append(predicted(s.id, None, None))
        elif kind == 2:
            out.append(predicted(s.id, ""))
        elif kind == 3:
            out.append({"document": {"id": s.id}})
        else:
            out.append(predicted(s.id, None, s.type))  # an untyped event beside the right one
    return out


def several_types(sentences: list[PloverSentence], rng: random.Random) -> list[Any]:
    """One to four types per sentence, the gold among them or not, some types on several events."""
    out = []
    for s in sentences:
        types = rng.sample(TYPES, rng.randint(1, 4))
        if rng.random() < 0.3:
            types.append(types[0])
        out.append(predicted(s.id, *rng.sample(types, len(types))))
    return out


def keyed_otherwise(sentences: list[PloverSentence], rng: random.Random) -> list[Any]:
    """Sentences missing, given twice (both count, as in the reference), by the file's id, or unknown."""
    out: list[Any] = []
    for i, s in enumerate(sentences):
        kind = i % 5
        if kind == 0:
            continue
        if kind == 1:
            out += [predicted(s.id, s.type), predicted(s.id, s.type, "AID")]
        elif kind == 2:
            out.append(predicted(s.source_id, s.type))
        else:
            out.append(predicted(s.id, s.type if rng.random() < 0.5 else "PROTEST"))
    out += [predicted("999-unknown", "AGREE"), {"document": {}, "events": [{"plover": "AGREE"}]}, {"events": []}]
    return out


def at_random(sentences: list[PloverSentence], rng: random.Random) -> list[Any]:
    out = []
    for s in rng.sample(sentences, len(sentences)):
        choices = [s.type, s.event, s.type.lower(), None, *rng.sample(TYPES, 2)]
        out.append(predicted(s.id, *rng.sample(choices, rng.randint(0, 3))))
    return out


SPOILS: dict[str, Spoil] = {
    "gold": gold_types,
    "old_labels": old_labels,
    "wrong": wrong_types,
    "none": no_types,
    "several": several_types,
    "keyed_otherwise": keyed_otherwise,
    "at_random": at_random,
}


@needs_shared
@pytest.mark.parametrize("name", SPOILS)
def test_agrees_with_reference(name: str, sentences: list[PloverSentence], tmp_path: Path) -> None:
    result = assert_agrees(sentences, SPOILS[name](sentences, random.Random(name)), tmp_path)
    assert result["sentences"] == 322


@needs_shared
def test_agrees_on_nothing_predicted(sentences: list[PloverSentence], tmp_path: Path) -> None:
    assert assert_agrees(sentences, [], tmp_path)["accuracy"] == 0.0


@needs_shared
def test_figures(sentences: list[PloverSentence]) -> None:
    assert score_plover(sentences, gold_types(sentences, random.Random()))["accuracy"] == 1.0
    result = score_plover(
        sentences, several_types(sentences[:2], random.Random(1)) + no_types(sentences, random.Random())
    )
    assert result["sentences"] == 322 and result["with_event"] == 2 + sum(i % 5 == 4 for i in range(322))


@needs_shared
def test_old_labels_are_wrong_only_where_renamed(sentences: list[PloverSentence]) -> None:
    result = score_plover(sentences, [predicted(s.id, s.event) for s in sentences])
    renamed = sum(s.event in OLD_LABELS for s in sentences)
    assert renamed == 34 + 16 + 9 + 17
    assert result["accuracy"] == round((322 - renamed) / 322, 3)
    assert result["by_type"]["DEMAND"] == {"gold": 0, "right": 0, "predicted": 34}
    assert result["by_type"]["ASSAULT"] == {"gold": 32, "right": 15, "predicted": 15}


def test_by_type() -> None:
    golds = [PloverSentence(f"00{i}-x", "x", event, "text") for i, event in enumerate(["FIGHT", "AGREE", "AGREE"])]
    predictions = [
        predicted("000-x", "ASSAULT", "agree"),
        predicted("001-x", "AGREE", "AGREE"),
        predicted("002-x", "REJECT"),
        predicted("002-x", None),
    ]
    assert score_plover(golds, predictions) == {
        "sentences": 3,
        "with_event": 3,
        "accuracy": 0.667,
        "precision": 0.5,
        "by_type": {
            "AGREE": {"gold": 2, "right": 1, "predicted": 2},
            "ASSAULT": {"gold": 1, "right": 1, "predicted": 1},
            "REJECT": {"gold": 0, "right": 0, "predicted": 1},
        },
    }


def test_label_mapping() -> None:
    assert OLD_LABELS == {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
    assert [current_type(label) for label in ("DEMAND", "DISAPPROVE", "INVESTIGATE", "FIGHT")] == [
        "REQUEST",
        "ACCUSE",
        "ACCUSE",
        "ASSAULT",
    ]
    assert current_type("AGREE") == "AGREE" and current_type("ASSAULT") == "ASSAULT"
    assert PloverSentence("000-x", "x", "FIGHT", "t").type == "ASSAULT"


# ------------------------------------------------------------------------------- loading


@needs_shared
def test_load_gold_file(sentences: list[PloverSentence]) -> None:
    assert len(sentences) == 322  # 323 records, the first a DOCUMENT
    assert len({s.id for s in sentences}) == 322 > len({s.source_id for s in sentences})
    assert sentences[0].id == "000-PLOVER-GSR01-AGREE-0001" and sentences[0].event == "AGREE"
    assert sentences[-1].id.startswith("321-")
    assert all(s.type in TYPES and s.text and s.published == "2000-01-01" for s in sentences)
    counts = {t: sum(s.type == t for s in sentences) for t in ("ACCUSE", "ASSAULT", "REQUEST")}
    assert counts == {"ACCUSE": 16 + 9, "ASSAULT": 15 + 17, "REQUEST": 34}


@needs_shared
def test_default_path(sentences: list[PloverSentence]) -> None:
    assert load_plover() == sentences


def test_load_made_file(tmp_path: Path) -> None:
    path = tmp_path / "gsr.json"
    records = [
        {"id": "D", "event": "DOCUMENT"},
        {"id": "A", "event": "DEMAND", "text": "One.", "date": "2001-02-03"},
        {"id": "A", "event": "AGREE", "text": "Two."},
    ]
    path.write_text(json.dumps(records), encoding="utf-8")
    assert load_plover(path) == [
        PloverSentence("000-A", "A", "DEMAND", "One.", "2001-02-03"),
        PloverSentence("001-A", "A", "AGREE", "Two.", None),
    ]
    assert [s.published for s in load_plover(path)] == ["2001-02-03", None]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{}", "expected a JSON array"),
        ("[1,", "not valid JSON"),
        ('[{"id": "A", "event": "AGREE"}]', r"record 0 \(AGREE\) has no 'text'"),
        ('[{"id": "A", "text": "t"}]', "record 0 has no 'event'"),
    ],
)
def test_load_bad_file(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "gsr.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GoldFormatError, match=message):
        load_plover(path)


# ------------------------------------------------------------------------------- prediction and output


@needs_shared
def test_predict_plover(sentences: list[PloverSentence]) -> None:
    """The real extraction on two sentences: one article each, named and dated as the sentence."""
    predictions = list(predict_plover(sentences[1:3]))
    assert [p["document"]["id"] for p in predictions] == [s.id for s in sentences[1:3]]
    assert all(p["document"]["published"] == "2000-01-01" and "events" in p for p in predictions)
    assert score_plover(sentences[1:3], predictions)["sentences"] == 2


def test_format_plover() -> None:
    result = {
        "sentences": 3,
        "with_event": 2,
        "accuracy": 0.333,
        "precision": 0.5,
        "by_type": {"AGREE": {"gold": 3, "right": 1, "predicted": 1}, "AID": {"gold": 0, "right": 0, "predicted": 1}},
    }
    table = format_plover(result)
    assert isinstance(table, Table) and table.row_count == 3
    assert "accuracy 0.333, precision 0.500" in str(table.title)
