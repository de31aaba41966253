"""Scores event codes against PETRARCH's unit-test records (shared/data/petrarch/petr_unittest_records.jsonl, MIT).

The records' actors are fictional (Arnor, Gondor, ... coded by PETR.Validate.actors.txt), so only the CAMEO
root of the event is scored, not its source or target. A record is right when

- it expects no event (``noevents``, or no expected coding at all: the ERROR records whose sentence PETRARCH
  must discard, and PATTERN-06 whose match the parse cancels) and its prediction has no event, or
- one predicted event's root equals the root of one expected ``eventcode``.

A record without a prediction, or whose extraction failed, is wrong. Some expected codes are the validation
dictionary's own (212, 223, 345, 802, 901-915 in PETR.Validate.verbs.txt), whose root is not CAMEO's 01-20: no
prediction of ours can match them, so ``accuracy_cameo`` leaves out the records that expect only such codes.

    records = load_petrarch()
    result = score_petrarch(records, predict_petrarch(records))
    Console().print(format_petrarch(result))
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.table import Table

from ..errors import GoldFormatError
from ..ingest.article import Article, iso_date
from .gold import root
from .plover import as_prediction, find_shared

if TYPE_CHECKING:  # the extractor imports spaCy: only prediction needs it, not scoring
    from ..extractor import Extractor

Record = Mapping[str, Any]

RECORDS_FILE = Path("shared") / "data" / "petrarch" / "petr_unittest_records.jsonl"
CAMEO_ROOTS = frozenset(f"{n:02d}" for n in range(1, 21))


# --------------------------------------------------------------------------------------------- gold


@dataclass(frozen=True)
class PetrarchRecord:
    """One unit-test sentence: ``id`` is unique (position and the file's id, which repeats some ids)."""

    id: str
    source_id: str
    category: str
    text: str
    expected: tuple[str, ...]  # the expected event codes, in order
    noevents: bool = False
    date: str | None = None  # as the file has it: YYYYMMDD

    @property
    def expects_none(self) -> bool:
        return self.noevents or not self.expected

    @property
    def roots(self) -> frozenset[str]:
        return frozenset(root(code) for code in self.expected)

    @property
    def cameo(self) -> bool:
        """Whether a CAMEO code can be right: it expects none, or one expected code has a CAMEO root."""
        return self.expects_none or bool(self.roots & CAMEO_ROOTS)

    @property
    def published(self) -> str | None:
        d = self.date or ""
        return iso_date(f"{d[:4]}-{d[4:6]}-{d[6:8]}" if len(d) == 8 and d.isdigit() else d)


def load_petrarch(path: Path | str | None = None) -> list[PetrarchRecord]:
    """The records of a PETRARCH unit-test JSON Lines file (default: shared/data/petrarch/...), in file order."""
    path = find_shared(RECORDS_FILE, path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldFormatError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from exc
    records: list[PetrarchRecord] = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            try:
                records.append(_record(json.loads(line), len(records)))
            except (json.JSONDecodeError, ValueError) as exc:
                raise GoldFormatError(f"{path}:{number}: not a PETRARCH record: {exc}") from None
    return records


def _record(data: Any, index: int) -> PetrarchRecord:
    if not isinstance(data, dict):
        raise ValueError("expected a JSON object")
    for key in ("id", "text"):
        if not isinstance(data.get(key), str):
            raise ValueError(f"no {key!r} string")
    expected = data.get("expected") or []
    if not isinstance(expected, list) or not all(isinstance(e, dict) and "eventcode" in e for e in expected):
        raise ValueError("'expected' must be a list of objects with an 'eventcode'")
    return PetrarchRecord(
        id=f"{index:03d}-{data['id']}",
        source_id=data["id"],
        category=str(data.get("category") or ""),
        text=data["text"],
        expected=tuple(str(e["eventcode"]) for e in expected),
        noevents=bool(data.get("noevents")),
        date=str(data["date"]) if data.get("date") is not None else None,
    )


# --------------------------------------------------------------------------------------------- prediction


def predict_petrarch(
    records: Iterable[PetrarchRecord],
    extractor: Extractor | None = None,
    *,
    workers: int = 1,
    model: str | None = None,
) -> Iterator[dict[str, Any]]:
    """Extract output for each record's text as an article of its own (id: the record's id, published: its
    date). ``workers != 1`` runs a process pool (0: one per core) with ``extractor``'s model, else ``model``; a
    failed extraction gives an ``error`` key."""
    articles = [Article(id=r.id, file=None, text=r.text, published=r.published) for r in records]
    from ..extractor import extract_all

    results = extract_all(articles, extractor=extractor, model=model, workers=workers)
    for article, result in zip(articles, results, strict=True):
        yield as_prediction(article.id, result)


def predicted_roots(prediction: Record) -> set[str]:
    """The CAMEO roots of a prediction's events: ``root``, else the first two digits of ``code``."""
    events = prediction.get("events")
    if not isinstance(events, (list, tuple)):
        return set()
    roots = {root(e.get("root") or e.get("code")) for e in events if isinstance(e, Mapping)}
    return roots - {""}


def _document_id(prediction: Any) -> Any:
    document = prediction.get("document") if isinstance(prediction, Mapping) else None
    return document.get("id") if isinstance(document, Mapping) else None


# --------------------------------------------------------------------------------------------- scoring

COUNTS = ("records", "right", "expected", "expected_right", "with_event", "event_right")


def score_petrarch(records: Sequence[PetrarchRecord], predictions: Iterable[Record]) -> dict[str, Any]:
    """Root accuracy over all records and over those with expected events, precision, and counts.

    ``accuracy = right / records``; ``accuracy_expected`` over records with an expected event;
    ``accuracy_cameo`` over records a CAMEO code can get right; ``precision = event_right / with_event``:
    records where an event was predicted and a root is right, over records where any event was predicted.
    ``by_category`` has the counts per record category. The first prediction for a record counts.
    """
    index: dict[str, Record] = {}
    for prediction in predictions:
        id_ = _document_id(prediction)
        if isinstance(id_, str) and id_ not in index:
            index[id_] = prediction
    total = dict.fromkeys(COUNTS, 0)
    by_category: dict[str, dict[str, int]] = {}
    missing = no_events = no_events_right = cameo = cameo_right = 0
    for record in records:
        prediction = index.get(record.id)
        usable = prediction is not None and not prediction.get("error")
        roots = predicted_roots(prediction) if usable else set()
        right = usable and (not roots if record.expects_none else bool(roots & record.roots))
        missing += not usable
        no_events += record.expects_none
        no_events_right += record.expects_none and right
        cameo += record.cameo
        cameo_right += record.cameo and right
        counts = {
            "records": 1,
            "right": right,
            "expected": not record.expects_none,
            "expected_right": not record.expects_none and right,
            "with_event": bool(roots),
            "event_right": bool(roots) and right,
        }
        category = by_category.setdefault(record.category, dict.fromkeys(COUNTS, 0))
        for key, value in counts.items():
            total[key] += int(value)
            category[key] += int(value)
    return {
        **total,
        "missing": missing,
        "no_events": no_events,
        "no_events_right": no_events_right,
        "cameo": cameo,
        "accuracy": _share(total["right"], total["records"]),
        "accuracy_expected": _share(total["expected_right"], total["expected"]),
        "accuracy_cameo": _share(cameo_right, cameo),
        "precision": _share(total["event_right"], total["with_event"]),
        "by_category": dict(sorted(by_category.items())),
    }


def _share(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


# --------------------------------------------------------------------------------------------- output


def format_petrarch(result: Mapping[str, Any], title: str | None = None) -> Table:
    """One row per record category: records, right (accuracy), with an event predicted (precision); the total."""
    table = Table(title=title or _title(result))
    table.add_column("Category", no_wrap=True)
    for column in ("Records", "Right", "Accuracy", "Expected", "Right", "Accuracy", "With event", "Precision"):
        table.add_column(column, justify="right", no_wrap=True)
    rows = [*result.get("by_category", {}).items(), ("all", result)]
    for i, (category, c) in enumerate(rows):
        if i == len(rows) - 1:
            table.add_section()
        table.add_row(
            category,
            str(c["records"]),
            str(c["right"]),
            _ratio(c["right"], c["records"]),
            str(c["expected"]),
            str(c["expected_right"]),
            _ratio(c["expected_right"], c["expected"]),
            str(c["with_event"]),
            _ratio(c["event_right"], c["with_event"]),
        )
    return table


def _title(result: Mapping[str, Any]) -> str:
    return (
        f"PETRARCH unit tests, CAMEO root: accuracy {result['accuracy']:.3f} over {result['records']} records, "
        f"{result['accuracy_expected']:.3f} over {result['expected']} with expected events, "
        f"{result['accuracy_cameo']:.3f} over {result['cameo']} with CAMEO codes; precision {result['precision']:.3f}"
    )


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else ""
