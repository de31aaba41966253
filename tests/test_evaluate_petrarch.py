"""newscoder.evaluate.petrarch: CAMEO-root scoring of PETRARCH's unit-test records, on hand-built predictions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rich.table import Table

from newscoder.errors import GoldFormatError
from newscoder.evaluate.petrarch import (
    PetrarchRecord,
    format_petrarch,
    load_petrarch,
    predict_petrarch,
    predicted_roots,
    score_petrarch,
)

SHARED = Path(__file__).parents[1] / ".." / "shared"
RECORDS = SHARED / "data" / "petrarch" / "petr_unittest_records.jsonl"

needs_shared = pytest.mark.skipif(not RECORDS.is_file(), reason="shared/data/petrarch not present")

Prediction = dict[str, Any]


def predicted(id_: str, *codes: str, **extra: Any) -> Prediction:
    return {"document": {"id": id_}, "events": [{"code": c, "root": c[:2]} for c in codes], **extra}


def record(id_: str, *codes: str, category: str = "DEMO", noevents: bool = False) -> PetrarchRecord:
    return PetrarchRecord(id_, id_.split("-", 1)[1], category, "Arnor met Gondor.", tuple(codes), noevents)


@pytest.fixture(scope="module")
def records() -> list[PetrarchRecord]:
    return load_petrarch(RECORDS)


# ------------------------------------------------------------------------------- scoring


def test_score_hand_built() -> None:
    records = [
        record("000-A", "064"),  # right: same root, another code
        record("001-B", "064"),  # wrong root
        record("002-C", "041", "1721"),  # right: the second expected code's root
        record("003-D", noevents=True),  # right: no event predicted
        record("004-E", noevents=True, category="ERROR"),  # wrong: an event where none is expected
        record("005-F", category="ERROR"),  # no expected coding: expects none; right
        record("006-G", "903", category="SYNSET"),  # a validation-only code: no CAMEO root can match
        record("007-H", "042"),  # no prediction: wrong
        record("008-I", noevents=True),  # extraction failed: wrong even though no event
        record("009-J", "111"),  # right by the first prediction; the second is passed over
    ]
    predictions = [
        predicted("000-A", "061"),
        predicted("001-B", "120", "0211"),
        {"document": {"id": "002-C"}, "events": [{"code": "010"}, {"code": "173", "root": None}]},
        {"document": {"id": "003-D"}, "events": []},
        predicted("004-E", "010"),
        {"document": {"id": "005-F"}},
        predicted("006-G", "090"),
        predicted("008-I", error="extraction failed"),
        predicted("009-J", "112"),
        predicted("009-J", "190"),
        predicted("A", "064"),  # the file's id, not the unique one: belongs to no record
    ]
    result = score_petrarch(records, predictions)
    by_category = result.pop("by_category")
    assert result == {
        "records": 10,
        "right": 5,
        "expected": 6,
        "expected_right": 3,
        "with_event": 6,
        "event_right": 3,
        "missing": 2,
        "no_events": 4,
        "no_events_right": 2,
        "cameo": 9,
        "accuracy": 0.5,
        "accuracy_expected": 0.5,
        "accuracy_cameo": 0.556,
        "precision": 0.5,
    }
    assert by_category == {
        "DEMO": {"records": 7, "right": 4, "expected": 5, "expected_right": 3, "with_event": 4, "event_right": 3},
        "ERROR": {"records": 2, "right": 1, "expected": 0, "expected_right": 0, "with_event": 1, "event_right": 0},
        "SYNSET": {"records": 1, "right": 0, "expected": 1, "expected_right": 0, "with_event": 1, "event_right": 0},
    }


def test_nothing_predicted() -> None:
    result = score_petrarch([record("000-A", "064"), record("001-B", noevents=True)], [])
    assert (result["right"], result["missing"], result["accuracy"], result["precision"]) == (0, 2, 0.0, 0.0)


def test_predicted_roots() -> None:
    events = [{"code": "0431", "root": "04"}, {"code": "1721"}, {"root": "19"}, {"code": None}, "not an event"]
    assert predicted_roots({"events": events}) == {"04", "17", "19"}
    assert predicted_roots({"events": None}) == predicted_roots({}) == set()


def test_record_properties() -> None:
    assert record("000-A", "174K", "1010").roots == {"17", "10"}
    assert record("000-A").expects_none and record("000-A", noevents=True).expects_none
    assert not record("000-A", "903").cameo and record("000-A", "903", "041").cameo and record("000-A").cameo
    dated = PetrarchRecord("000-A", "A", "DEMO", "t", ("041",), date="19950102")
    assert dated.published == "1995-01-02"
    assert PetrarchRecord("000-A", "A", "DEMO", "t", (), date="1995").published is None


@needs_shared
def test_expected_codes_score_perfectly(records: list[PetrarchRecord]) -> None:
    predictions = [predicted(r.id, *r.expected) if not r.noevents else predicted(r.id) for r in records]
    result = score_petrarch(records, predictions)
    assert result["accuracy"] == result["accuracy_expected"] == result["precision"] == 1.0
    assert all(c["right"] == c["records"] for c in result["by_category"].values())


@needs_shared
def test_no_events_predicted(records: list[PetrarchRecord]) -> None:
    result = score_petrarch(records, [predicted(r.id) for r in records])
    assert (result["right"], result["no_events"], result["with_event"]) == (27, 27, 0)
    assert result["accuracy"] == round(27 / 284, 3) and result["accuracy_expected"] == 0.0


# ------------------------------------------------------------------------------- loading


@needs_shared
def test_load_records(records: list[PetrarchRecord]) -> None:
    assert len(records) == 284 and len({r.id for r in records}) == 284
    assert records[0] == PetrarchRecord(
        "000-DEMO-00", "DEMO-00", "DEMO", records[0].text, ("064",), False, "19950101"
    ) and records[0].text.startswith("Arnor is about to restore")
    assert records[0].published == "1995-01-01"
    assert sum(r.source_id == "AGENTS-18" for r in records) == 2  # the file repeats some ids
    assert sum(r.noevents for r in records) == 19 and sum(r.expects_none for r in records) == 27
    assert sum(not r.cameo for r in records) == 54  # 212, 223, 345, 802, 901-915: PETR.Validate.verbs' own codes
    assert max(len(r.expected) for r in records) == 12


@needs_shared
def test_default_path(records: list[PetrarchRecord]) -> None:
    assert load_petrarch() == records


def test_load_made_file(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    lines = [
        {"id": "X-1", "category": "DEMO", "text": "One.", "expected": [{"eventcode": "041"}], "date": "20010203"},
        {"id": "X-1", "text": "Two.", "expected": [], "noevents": True},
    ]
    path.write_text(json.dumps(lines[0]) + "\n\n" + json.dumps(lines[1]) + "\n", encoding="utf-8")
    assert load_petrarch(path) == [
        PetrarchRecord("000-X-1", "X-1", "DEMO", "One.", ("041",), False, "20010203"),
        PetrarchRecord("001-X-1", "X-1", "", "Two.", (), True, None),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": "A", "text": "t"}\n{"id": "B"', r"records\.jsonl:2: not a PETRARCH record"),
        ('{"id": "A"}', "no 'text' string"),
        ('{"id": "A", "text": "t", "expected": [{"code": "041"}]}', "'eventcode'"),
        ("[]", "expected a JSON object"),
    ],
)
def test_load_bad_file(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GoldFormatError, match=message):
        load_petrarch(path)


# ------------------------------------------------------------------------------- prediction and output


@needs_shared
def test_predict_petrarch(records: list[PetrarchRecord]) -> None:
    """The real extraction on one record: an article named and dated as the record."""
    [prediction] = predict_petrarch(records[:1])
    assert prediction["document"]["id"] == "000-DEMO-00" and prediction["document"]["published"] == "1995-01-01"
    assert score_petrarch(records[:1], [prediction])["records"] == 1


def test_format_petrarch() -> None:
    result = score_petrarch([record("000-A", "064"), record("001-B", noevents=True, category="ERROR")], [])
    table = format_petrarch(result)
    assert isinstance(table, Table) and table.row_count == 3
    assert "accuracy 0.000 over 2 records" in str(table.title)
