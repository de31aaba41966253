"""Scores event typing against the PLOVER gold sentences (shared/data/plover/PLOVER_GSR_CAMEO.txt, CC BY-SA).

The figures agree with the reference scorer ``shared/tools/score_plover.py`` for any predictions it can read:
the file's DOCUMENT records are passed over and each sentence gets the unique id ``f"{i:03d}-{id}"`` (the file
repeats one of its own ids); a gold 0.5b1 label is mapped to the current one (``OLD_LABELS``), a predicted
``plover`` is only upper-cased. A sentence is right when one of its predicted events has the gold type:

    accuracy  = right sentences / all sentences
    precision = right sentences / distinct (sentence, type) pairs predicted

As in the reference, every prediction whose document id is a sentence's counts, so a sentence predicted twice
counts twice, and a sentence without a prediction counts as one without an event.

    sentences = load_plover()
    result = score_plover(sentences, predict_plover(sentences))
    Console().print(format_plover(result))
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.table import Table

from ..errors import GoldFormatError, InputError
from ..ingest.article import Article, iso_date
from ..records import Extraction

if TYPE_CHECKING:  # the extractor imports spaCy: only prediction needs it, not scoring
    from ..extractor import Extractor, ExtractResult

Record = Mapping[str, Any]

GSR_FILE = Path("shared") / "data" / "plover" / "PLOVER_GSR_CAMEO.txt"
DOCUMENT = "DOCUMENT"
# PLOVER 0.5b1 labels (the gold file's version) -> the current ones, as the reference maps them.
OLD_LABELS = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


def current_type(label: str) -> str:
    """The current PLOVER type of a gold label: 0.5b1's DEMAND is REQUEST, FIGHT is ASSAULT, ..."""
    return OLD_LABELS.get(label, label)


# --------------------------------------------------------------------------------------------- shared files


def find_shared(relative: Path, given: Path | str | None = None) -> Path:
    """``given``, or ``relative`` (a path starting at ``shared/``) under the nearest parent of the working
    directory or of this package's source that holds it; InputError when there is none."""
    if given is not None:
        return Path(given)
    for base in (Path.cwd().resolve(), Path(__file__).resolve()):
        for parent in (base, *base.parents):
            if (parent / relative).is_file():
                return parent / relative
    raise InputError(str(relative), "not found in any parent of the working directory; give the file's path")


def read_json_file(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldFormatError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from exc
    except json.JSONDecodeError as exc:
        raise GoldFormatError(f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from exc


# --------------------------------------------------------------------------------------------- gold


@dataclass(frozen=True)
class PloverSentence:
    """One gold sentence: ``id`` is unique (position and the file's id), ``event`` the label as the file has it."""

    id: str
    source_id: str
    event: str
    text: str
    date: str | None = None

    @property
    def type(self) -> str:
        """The gold PLOVER type, in current labels."""
        return current_type(self.event)

    @property
    def published(self) -> str | None:
        return iso_date(self.date)


def load_plover(path: Path | str | None = None) -> list[PloverSentence]:
    """The sentences of a PLOVER gold file (default: shared/data/plover/PLOVER_GSR_CAMEO.txt), in file order."""
    path = find_shared(GSR_FILE, path)
    data = read_json_file(path)
    if not isinstance(data, list):
        raise GoldFormatError(f"{path}: expected a JSON array of PLOVER records")
    sentences: list[PloverSentence] = []
    for number, record in enumerate(data):
        if not isinstance(record, dict) or not isinstance(record.get("event"), str):
            raise GoldFormatError(f"{path}: record {number} has no 'event' label")
        if record["event"] == DOCUMENT:
            continue
        for key in ("id", "text"):
            if not isinstance(record.get(key), str):
                raise GoldFormatError(f"{path}: record {number} ({record['event']}) has no {key!r} string")
        date = record.get("date")
        sentences.append(
            PloverSentence(
                id=f"{len(sentences):03d}-{record['id']}",
                source_id=record["id"],
                event=record["event"],
                text=record["text"],
                date=date if isinstance(date, str) else None,
            )
        )
    return sentences


# --------------------------------------------------------------------------------------------- prediction


def predict_plover(
    sentences: Iterable[PloverSentence],
    extractor: Extractor | None = None,
    *,
    workers: int = 1,
    model: str | None = None,
) -> Iterator[dict[str, Any]]:
    """Extract output for each sentence, extracted as an article of its own whose id is the sentence's id.

    ``workers != 1`` runs a process pool (0: one per core) with ``extractor``'s model, else ``model``. A sentence whose
    extraction failed gives ``{"document": {"id": ...}, "events": [], "error": message}``.
    """
    articles = [Article(id=s.id, file=None, text=s.text, published=s.published) for s in sentences]
    from ..extractor import extract_all

    results = extract_all(articles, extractor=extractor, model=model, workers=workers)
    for article, result in zip(articles, results, strict=True):
        yield as_prediction(article.id, result)


def as_prediction(id: str, result: ExtractResult) -> dict[str, Any]:
    if isinstance(result, Extraction):
        return result.as_dict()
    return {"document": {"id": id}, "events": [], "error": str(result)}


def predicted_types(prediction: Record) -> set[str]:
    """The distinct PLOVER types of a prediction's events, upper-cased; events without one give none."""
    events = prediction.get("events")
    if not isinstance(events, (list, tuple)):
        return set()
    types = {str(e.get("plover") or "").upper() for e in events if isinstance(e, Mapping)}
    return types - {""}


def _document_id(prediction: Any) -> Any:
    document = prediction.get("document") if isinstance(prediction, Mapping) else None
    return document.get("id") if isinstance(document, Mapping) else None


# --------------------------------------------------------------------------------------------- scoring


def score_plover(sentences: Sequence[PloverSentence], predictions: Iterable[Record]) -> dict[str, Any]:
    """``{sentences, with_event, accuracy, precision, by_type}``; without ``by_type``, ``json.dumps`` of the
    result is the line the reference prints.

    ``by_type`` maps each PLOVER type, gold or predicted, to ``{gold, right, predicted}``: sentences of that
    gold type, how many of them were predicted with it, and how many predictions had it.
    """
    want = {s.id: s.type for s in sentences}
    right = with_event = pairs = 0
    gold_counts = Counter(want.values())
    right_counts: Counter[str] = Counter()
    predicted_counts: Counter[str] = Counter()
    for prediction in predictions:
        id_ = _document_id(prediction)
        if not isinstance(id_, str) or id_ not in want:
            continue
        types = predicted_types(prediction)
        with_event += bool(types)
        pairs += len(types)
        predicted_counts.update(types)
        if want[id_] in types:
            right += 1
            right_counts[want[id_]] += 1
    n = len(want)
    return {
        "sentences": n,
        "with_event": with_event,
        "accuracy": round(right / n, 3) if n else 0.0,
        "precision": round(right / pairs, 3) if pairs else 0.0,
        "by_type": {
            t: {"gold": gold_counts[t], "right": right_counts[t], "predicted": predicted_counts[t]}
            for t in sorted(gold_counts.keys() | predicted_counts.keys())
        },
    }


# --------------------------------------------------------------------------------------------- output


def format_plover(result: Mapping[str, Any], title: str | None = None) -> Table:
    """One row per PLOVER type: gold sentences, right ones (recall), predictions (precision); then the total."""
    table = Table(title=title or _title(result))
    table.add_column("PLOVER type", no_wrap=True)
    for column in ("Gold", "Right", "Recall", "Predicted", "Precision"):
        table.add_column(column, justify="right", no_wrap=True)
    by_type = result.get("by_type", {})
    for type_, c in by_type.items():
        table.add_row(
            type_,
            str(c["gold"]),
            str(c["right"]),
            _ratio(c["right"], c["gold"]),
            str(c["predicted"]),
            _ratio(c["right"], c["predicted"]),
        )
    if by_type:
        right = sum(c["right"] for c in by_type.values())
        predicted = sum(c["predicted"] for c in by_type.values())
        table.add_section()
        table.add_row(
            "all",
            str(result["sentences"]),
            str(right),
            f"{result['accuracy']:.3f}",
            str(predicted),
            f"{result['precision']:.3f}",
        )
    return table


def _title(result: Mapping[str, Any]) -> str:
    return (
        f"PLOVER gold: {result['sentences']} sentences, {result['with_event']} with an event; "
        f"accuracy {result['accuracy']:.3f}, precision {result['precision']:.3f}"
    )


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else ""
