"""Scores extract output against the hand-made gold annotations (shared/gold/FORMAT.md).

The figures agree with the reference scorer ``shared/tools/score_gold.py`` for any predictions: the same
matching rules, counts summed over articles (micro average), the same rounding, and the same special cases
(events' precision counts a match with any gold event while recall is over required ones, a person predicted
twice is right once, roles are recall only, an article without a prediction still counts its gold).

    golds = load_gold([Path("shared/gold")])
    result = score(golds, read_predictions(Path("out.jsonl")))
    print(format_plain(result), end="")
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.table import Table

from ..errors import GoldFormatError, InputError

GOLD_SUFFIX = ".gold.json"

Record = Mapping[str, Any]
Matcher = Callable[[Record, Record], bool]

# The result's tasks in order; the two "*_precision_hits" tallies only feed events' and people's precision.
TASKS = (
    "quotes_direct",
    "quotes_direct_span",
    "quotes_indirect",
    "quotes_indirect_span",
    "events",
    "amounts",
    "dates",
    "people",
    "roles",
)
EVENT_HITS = "events_precision_hits"
PEOPLE_HITS = "people_precision_hits"
QUOTE_KINDS = (
    ("quotes_direct", frozenset({"direct", "partial"})),
    ("quotes_indirect", frozenset({"indirect"})),
)


# --------------------------------------------------------------------------------------------- gold files


@dataclass(frozen=True, eq=False)
class GoldArticle:
    """One parsed ``*.gold.json`` file."""

    path: Path
    data: dict[str, Any]
    text_path: Path | None  # the article's text, found from document.file (relative to shared/)

    @property
    def id(self) -> str:
        return self.data["document"]["id"]

    @property
    def file(self) -> str | None:
        return self.data["document"].get("file")

    @property
    def published(self) -> str | None:
        return self.data["document"].get("published")

    @property
    def match_keys(self) -> tuple[str, ...]:
        """What a prediction's document id or file stem may equal to belong to this article."""
        return (self.id, Path(self.file).stem) if self.file else (self.id,)


def load_gold(paths: Iterable[Path] | Path) -> list[GoldArticle]:
    """Gold articles from ``.gold.json`` files and directories (searched recursively, in sorted order)."""
    return [read_gold(path) for path in gold_files(paths)]


def gold_files(paths: Iterable[Path] | Path) -> Iterator[Path]:
    for path in map(Path, [paths] if isinstance(paths, (str, Path)) else paths):
        if path.is_dir():
            yield from (f for f in sorted(path.rglob("*" + GOLD_SUFFIX)) if f.is_file())
        else:
            yield path


def read_gold(path: Path) -> GoldArticle:
    """One gold file, checked for what scoring needs; raises GoldFormatError naming the file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldFormatError(f"{path}: cannot read gold file: {_reason(exc)}") from exc
    except json.JSONDecodeError as exc:
        raise GoldFormatError(
            f"{path}: gold file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    try:
        _check_gold(data)
    except _Invalid as exc:
        raise GoldFormatError(f"{path}: invalid gold file: {exc}") from None
    return GoldArticle(path=path, data=data, text_path=find_text(path, data["document"].get("file")))


def find_text(gold_path: Path, file: str | None) -> Path | None:
    """``parent / file`` for the nearest parent of the gold file where it exists."""
    if not file:
        return None
    for parent in gold_path.resolve().parents:
        if (parent / file).is_file():
            return parent / file
    return None


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc)


# What scoring reads of a gold file: field -> (accepted types, required).
_TEXT, _MAYBE_TEXT = (str,), (str, type(None))
_NUMBER, _MAYBE_NUMBER = (int, float), (int, float, type(None))
_FIELDS: dict[str, dict[str, tuple[tuple[type, ...], bool]]] = {
    "document": {"id": (_TEXT, True), "file": (_MAYBE_TEXT, False), "published": (_MAYBE_TEXT, False)},
    "actors": {
        "name": (_TEXT, True),
        "type": (_TEXT, True),
        "aliases": ((list,), False),
        "roles": ((list,), True),
    },
    "roles": {"title": (_TEXT, True), "organization": (_MAYBE_TEXT, True)},
    "quotes": {"kind": (_TEXT, True), "text": (_TEXT, True), "speaker": (_MAYBE_TEXT, True)},
    "events": {
        "code": (_TEXT, True),
        "evidence": (_TEXT, True),
        "source": (_MAYBE_TEXT, False),
        "target": (_MAYBE_TEXT, False),
        "required": ((bool,), False),
    },
    "amounts": {"value": (_NUMBER, True), "currency": (_TEXT, True), "usd": (_MAYBE_NUMBER, False)},
    "dates": {"text": (_TEXT, True), "value": (_TEXT, True)},
}
_SECTIONS = {"actors": True, "quotes": True, "events": True, "amounts": False, "dates": False}


class _Invalid(ValueError):
    """A gold file's content does not fit FORMAT.md; the message says where."""


def _check_gold(data: object) -> None:
    if not isinstance(data, dict):
        raise _Invalid("expected a JSON object")
    _check_record(data.get("document"), "document", "document")
    if not data["document"]["id"]:
        raise _Invalid("document.id is empty")
    for section, required in _SECTIONS.items():
        for i, record in enumerate(_section(data, section, required)):
            _check_record(record, section, f"{section}[{i}]")
            if section == "actors":
                _check_actor(record, f"{section}[{i}]")


def _section(data: Mapping[str, Any], name: str, required: bool) -> list[Any]:
    if name not in data and not required:
        return []
    value = data.get(name)
    if not isinstance(value, list):
        raise _Invalid(f"{name!r} must be a list")
    return value


def _check_actor(actor: Mapping[str, Any], where: str) -> None:
    for j, alias in enumerate(actor.get("aliases", [])):
        if not isinstance(alias, str):
            raise _Invalid(f"{where}.aliases[{j}] must be a string")
    for j, role in enumerate(actor["roles"]):
        _check_record(role, "roles", f"{where}.roles[{j}]")


def _check_record(record: object, kind: str, where: str) -> None:
    if not isinstance(record, dict):
        raise _Invalid(f"{where} must be an object")
    for name, (types, required) in _FIELDS[kind].items():
        if name not in record:
            if required:
                raise _Invalid(f"{where} has no {name!r}")
            continue
        value = record[name]
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            expected = " or ".join("null" if t is type(None) else t.__name__ for t in types)
            raise _Invalid(f"{where}.{name} must be {expected}, not {_shown(value)}")


def _shown(value: object, limit: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --------------------------------------------------------------------------------------------- predictions


def read_predictions(path: Path) -> list[dict[str, Any]]:
    """Extract output: JSON Lines (blank lines skipped), or one JSON object or array of objects."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read predictions: {_reason(exc)}") from exc
    try:
        records = [json.loads(line) for line in text.split("\n") if line.strip()]
    except json.JSONDecodeError:
        records = _whole_document(path, text)
    for number, record in enumerate(records, 1):
        if not isinstance(record, dict):
            raise InputError(str(path), "expected one JSON object per article", number)
    return records


def _whole_document(path: Path, text: str) -> list[Any]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        line = _first_bad_line(text)
        raise InputError(str(path), "not JSON Lines: one extract object per line expected", line) from None
    return value if isinstance(value, list) else [value]


def _first_bad_line(text: str) -> int | None:
    for number, line in enumerate(text.split("\n"), 1):
        try:
            if line.strip():
                json.loads(line)
        except json.JSONDecodeError:
            return number
    return None


# --------------------------------------------------------------------------------------------- text matching

_QUOTE_MARKS = (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"'), ("``", '"'), ("''", '"'))
_LEADING_THE = re.compile(r"^(the)\s+")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def normalize(text: object) -> str | None:
    """NFKC, plain quote marks, case-folded, without a leading "the", single spaces."""
    if text is None:
        return None
    s = unicodedata.normalize("NFKC", str(text))
    for mark, plain in _QUOTE_MARKS:
        s = s.replace(mark, plain)
    s = _LEADING_THE.sub("", s.strip().casefold())
    return _SPACES.sub(" ", s)


def words(text: object) -> list[str]:
    return _WORD.findall(normalize(text) or "")


def overlaps(gold_text: object, pred_text: object, need: float = 0.6) -> bool:
    """One text inside the other (a prediction at least half as long), or ``need`` of the gold's words."""
    gold, pred = normalize(gold_text), normalize(pred_text)
    if not gold or not pred:
        return False
    if gold in pred or (pred in gold and len(pred) >= 0.5 * len(gold)):
        return True
    gold_words, pred_words = words(gold_text), set(words(pred_text))
    return bool(gold_words) and sum(w in pred_words for w in gold_words) / len(gold_words) >= need


def both_ways(gold_text: object, pred_text: object) -> bool:
    """Half of each side's words appear in the other: a role title or organization, not a whole paragraph."""
    gold_words, pred_words = words(gold_text), words(pred_text)
    return (
        bool(gold_words)
        and bool(pred_words)
        and _share(gold_words, pred_words) >= 0.5 * len(gold_words)
        and _share(pred_words, gold_words) >= 0.5 * len(pred_words)
    )


def _share(these: list[str], those: list[str]) -> int:
    known = set(those)
    return sum(w in known for w in these)


class Names:
    """A gold article's actor names: a predicted name means a gold actor by its name or an alias."""

    def __init__(self, actors: Iterable[Record]):
        self.canonical: dict[str | None, str] = {}
        for actor in actors:
            for name in [actor["name"], *actor.get("aliases", [])]:
                self.canonical[normalize(name)] = actor["name"]

    def same(self, gold_name: str | None, pred_name: object) -> bool:
        if gold_name is None:
            return True
        if pred_name is None:
            return False
        pred = normalize(pred_name)
        return self.canonical.get(pred) == gold_name or pred == normalize(gold_name)


def root(code: object) -> str:
    """A CAMEO code's root: its first two characters when they are digits."""
    text = str(code or "")
    return text[:2] if text[:2].isdigit() else text


def greedy_match(golds: Sequence[Record], preds: Sequence[Record], ok: Matcher) -> set[int]:
    """Indices of the predictions used when each gold, in order, takes the first unused one that fits."""
    used: set[int] = set()
    for gold in golds:
        hit = next((i for i, pred in enumerate(preds) if i not in used and ok(gold, pred)), None)
        if hit is not None:
            used.add(hit)
    return used


def distinct(records: Iterable[Record], key: Callable[[Record], Any]) -> list[Record]:
    """One record per distinct expression: the contract lists dates and amounts per mention, the gold once."""
    seen: set[Any] = set()
    out = []
    for record in records:
        k = key(record)
        if k not in seen:
            seen.add(k)
            out.append(record)
    return out


# --------------------------------------------------------------------------------------------- one article


@dataclass(frozen=True)
class Tally:
    tp: int = 0
    pred: int = 0
    gold: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.tp + other.tp, self.pred + other.pred, self.gold + other.gold)


def article_counts(gold: Record, pred: Record) -> dict[str, Tally]:
    """{task: Tally} for one article, including the two precision-hit tallies."""
    names = Names(gold["actors"])
    return {
        **quote_counts(gold, pred, names),
        **event_counts(gold, pred, names),
        "amounts": amount_counts(gold, pred),
        "dates": date_counts(gold, pred),
        **people_counts(gold, pred, names),
    }


def _listed(record: Record, key: str) -> list[Any]:
    return [r for r in record.get(key) or [] if isinstance(r, dict)]


def quote_counts(gold: Record, pred: Record, names: Names) -> dict[str, Tally]:
    """Direct (and partial) quotes apart from indirect ones; "_span" ignores the speaker."""

    def attributed(g: Record, p: Record) -> bool:
        return overlaps(g["text"], p.get("text")) and names.same(g["speaker"], p.get("speaker"))

    def located(g: Record, p: Record) -> bool:
        return overlaps(g["text"], p.get("text"))

    out = {}
    for task, kinds in QUOTE_KINDS:
        golds = [q for q in gold["quotes"] if q["kind"] in kinds]
        preds = [q for q in _listed(pred, "quotes") if (q.get("kind") or "direct") in kinds]
        out[task] = Tally(len(greedy_match(golds, preds, attributed)), len(preds), len(golds))
        out[task + "_span"] = Tally(len(greedy_match(golds, preds, located)), len(preds), len(golds))
    return out


def event_counts(gold: Record, pred: Record, names: Names) -> dict[str, Tally]:
    """Recall over required events; the hits tally: predictions matching any gold event."""

    def same_event(g: Record, p: Record) -> bool:
        return (
            root(g["code"]) == root(p.get("code"))
            and names.same(g.get("source"), p.get("source"))
            and names.same(g.get("target"), p.get("target"))
            and overlaps(g["evidence"], p.get("evidence") or "", need=0.5)
        )

    every = gold["events"]
    required = [e for e in every if e.get("required", True)]
    preds = _listed(pred, "events")
    return {
        "events": Tally(len(greedy_match(required, preds, same_event)), len(preds), len(required)),
        EVENT_HITS: Tally(len(greedy_match(every, preds, same_event)), len(preds), len(every)),
    }


def _currency(amount: Record) -> str:
    return str(amount.get("currency", "")).upper()


def _amount_key(amount: Record) -> tuple[Any, ...]:
    return normalize(amount.get("text")), amount.get("value"), _currency(amount)


def same_amount(gold: Record, pred: Record) -> bool:
    """Value and currency, and ``usd`` within 1% where the gold gives one."""
    try:
        if _currency(pred) != gold["currency"] or not _close(float(pred["value"]), gold["value"], 1e-6, 1):
            return False
        if gold.get("usd") is None:
            return True
        return pred.get("usd") is not None and _close(float(pred["usd"]), gold["usd"], 0.01, 0)
    except (TypeError, ValueError, KeyError, OverflowError):
        return False


def _close(value: float, gold: float, tolerance: float, floor: float) -> bool:
    return abs(value - gold) <= tolerance * max(floor, abs(gold))


def amount_counts(gold: Record, pred: Record) -> Tally:
    golds = gold.get("amounts", [])
    preds = distinct(_listed(pred, "amounts"), _amount_key)
    return Tally(len(greedy_match(golds, preds, same_amount)), len(preds), len(golds))


def _date_key(date: Record) -> tuple[Any, ...]:
    return normalize(date.get("text")), str(date.get("value"))


def same_date(gold: Record, pred: Record) -> bool:
    """The texts overlap (one inside the other, or half the gold's words) and the value is equal."""
    gold_text, pred_text = normalize(gold["text"]) or "", normalize(pred.get("text")) or ""
    texts_meet = gold_text in pred_text or pred_text in gold_text or overlaps(gold["text"], pred_text, need=0.5)
    return bool(pred_text) and texts_meet and str(pred.get("value", "")) == gold["value"]


def date_counts(gold: Record, pred: Record) -> Tally:
    golds = gold.get("dates", [])
    preds = distinct(_listed(pred, "dates"), _date_key)
    return Tally(len(greedy_match(golds, preds, same_date)), len(preds), len(golds))


def people_counts(gold: Record, pred: Record, names: Names) -> dict[str, Tally]:
    """Gold PERSONs found; predicted PERSONs that are a gold person (a split person right once); roles."""
    people = [a for a in gold["actors"] if a["type"] == "PERSON"]
    predicted = [a for a in _listed(pred, "actors") if a.get("type") == "PERSON"]

    def prediction_of(person: Record) -> Record | None:
        return next((p for p in predicted if names.same(person["name"], p.get("name"))), None)

    found = sum(prediction_of(person) is not None for person in people)
    claimed = {_gold_person(people, names, p) for p in predicted} - {None}
    roles = [(role, prediction_of(person)) for person in people for role in person["roles"]]
    return {
        "people": Tally(found, len(predicted), len(people)),
        PEOPLE_HITS: Tally(len(claimed), len(predicted), len(people)),
        "roles": Tally(sum(_role_found(role, p, names) for role, p in roles), 0, len(roles)),
    }


def _gold_person(people: list[Record], names: Names, predicted: Record) -> str | None:
    return next((a["name"] for a in people if names.same(a["name"], predicted.get("name"))), None)


def _role_found(role: Record, person: Record | None, names: Names) -> bool:
    """The gold role among the predicted person's roles: title and organization."""
    organization = role["organization"]
    for pred in _listed(person or {}, "roles"):
        if both_ways(role["title"], pred.get("title")) and (
            organization is None
            or names.same(organization, pred.get("organization"))
            or both_ways(organization, pred.get("organization"))
        ):
            return True
    return False


# --------------------------------------------------------------------------------------------- all articles


def score(golds: Sequence[GoldArticle], predictions: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """``{"articles": "n/m", task: {p, r, f1, tp, pred, gold}, ...}`` summed over articles.

    A prediction belongs to the gold whose id or file stem equals its document.id or the part of its
    document.file's name before the first dot; the first prediction for an article counts, later ones are
    passed over; a gold article with no prediction still counts what it should have found.
    """
    index = _gold_index(golds)
    matched = _pair_predictions(index, predictions)
    articles = {g.id: g for g in index.values()}
    pairs = [*matched.values(), *((g, {}) for id_, g in articles.items() if id_ not in matched)]
    totals: dict[str, Tally] = {}
    for gold, pred in pairs:
        for task, tally in article_counts(gold.data, pred).items():
            totals[task] = totals.get(task, Tally()) + tally
    return _result(totals, f"{len(matched)}/{len(articles)}")


def _gold_index(golds: Iterable[GoldArticle]) -> dict[str, GoldArticle]:
    """Id and file stem -> article; on a clash the later article wins."""
    return {key: gold for gold in golds for key in gold.match_keys}


def _pair_predictions(
    index: Mapping[str, GoldArticle], predictions: Iterable[Mapping[str, Any]]
) -> dict[str, tuple[GoldArticle, Mapping[str, Any]]]:
    pairs: dict[str, tuple[GoldArticle, Mapping[str, Any]]] = {}
    for pred in predictions:
        gold = _gold_for(index, pred) if isinstance(pred, Mapping) else None
        if gold is not None and gold.id not in pairs:
            pairs[gold.id] = (gold, pred)
    return pairs


def _gold_for(index: Mapping[str, GoldArticle], pred: Mapping[str, Any]) -> GoldArticle | None:
    document = pred.get("document")
    if not isinstance(document, Mapping):
        document = {}
    by_id = index.get(str(document.get("id")))
    if by_id is not None:
        return by_id
    return index.get(Path(str(document.get("file") or "")).name.split(".")[0])


def _result(totals: dict[str, Tally], articles: str) -> dict[str, Any]:
    out: dict[str, Any] = {"articles": articles}
    if not totals:
        return out
    for task in TASKS:
        out[task] = prf(totals[task])
    _precision_from(out["events"], totals[EVENT_HITS])
    out["events"]["tp"] = f"{totals[EVENT_HITS].tp} right, {totals['events'].tp} required found"
    _precision_from(out["people"], totals[PEOPLE_HITS])
    out["roles"]["p"] = out["roles"]["f1"] = None
    return out


def prf(tally: Tally) -> dict[str, Any]:
    p = tally.tp / tally.pred if tally.pred else 0.0
    r = tally.tp / tally.gold if tally.gold else 0.0
    f1 = round(2 * p * r / (p + r), 3) if p + r else 0.0
    counts = {"tp": tally.tp, "pred": tally.pred, "gold": tally.gold}
    return {"p": round(p, 3), "r": round(r, 3), "f1": f1, **counts}


def _precision_from(metrics: dict[str, Any], hits: Tally) -> None:
    """Precision from the hits tally; F1 then from the rounded P and R, as the reference does."""
    p, r = (round(hits.tp / hits.pred, 3) if hits.pred else 0.0), metrics["r"]
    metrics["p"] = p
    metrics["f1"] = round(2 * p * r / (p + r), 3) if p + r else 0.0


# --------------------------------------------------------------------------------------------- output


def format_plain(result: Mapping[str, Any]) -> str:
    """The reference scorer's standard output, newline-terminated lines: write it as it is."""
    lines = [f"articles {result['articles']}"]
    lines += [_plain_line(task, m) for task, m in result.items() if task != "articles"]
    return "\n".join(lines) + "\n"


def _plain_line(task: str, m: Mapping[str, Any]) -> str:
    if m["p"] is None:
        return f"{task:24s} R {m['r']:.3f}   ({m['tp']} of {m['gold']} gold)"
    return (
        f"{task:24s} P {m['p']:.3f}  R {m['r']:.3f}  F1 {m['f1']:.3f}   ({m['tp']}/{m['pred']} pred, {m['gold']} gold)"
    )


def format_table(result: Mapping[str, Any]) -> Table:
    """One row per task: P, R, F1 and counts; a recall-only task (roles) shows R and its counts."""
    table = Table(title=f"Gold scores: {result['articles']} articles predicted")
    table.add_column("Task", no_wrap=True)
    for column in ("P", "R", "F1"):
        table.add_column(column, justify="right", min_width=5, no_wrap=True)
    table.add_column("TP", justify="right")  # events: "N right, M required found", wrapped when narrow
    for column in ("Pred", "Gold"):
        table.add_column(column, justify="right", no_wrap=True)
    for task, m in result.items():
        if task != "articles":
            table.add_row(task, *_table_cells(m))
    return table


def _table_cells(m: Mapping[str, Any]) -> tuple[str, ...]:
    recall_only = m["p"] is None
    p = "" if recall_only else f"{m['p']:.3f}"
    f1 = "" if recall_only else f"{m['f1']:.3f}"
    pred = "" if recall_only else str(m["pred"])
    return p, f"{m['r']:.3f}", f1, str(m["tp"]), pred, str(m["gold"])
