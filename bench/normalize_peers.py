"""Dates and money amounts on the gold sets: newscoder beside dateparser, quantulum3 and price-parser.

usage: python bench/normalize_peers.py [--gold PATH ...] [--repeat N] [--errors] [--save DIR]
(default gold: shared/gold, the seed and dev articles; needs `pip install quantulum3 price-parser`, not project
dependencies; dateparser is one)

Every system reads the article text that ``newscoder evaluate`` reads (the gold's document.file, dated by the
gold's document.published) and is scored by ``newscoder.evaluate.gold.score``, so the figures compare with those
of ``newscoder evaluate``. The peers, and how their output becomes the extract contract's records:

- dateparser ``search_dates(text, languages=["en"], settings=...)`` with RELATIVE_BASE = the publication date
  (midnight), run twice: PREFER_DATES_FROM = "past", and dateparser's default ("current_period"). A datetime
  has no precision of its own, so each one is written as precise as the text dateparser matched: a day of the
  month, a weekday, a numeric date, a day word ("yesterday", "now"), a day, week or time unit -> YYYY-MM-DD;
  else a month name or "month(s)" -> YYYY-MM; else a four-digit number or "year(s)", "decade(s)" ->
  YYYY; a text with none of these ("29") -> YYYY-MM-DD, the precision dateparser resolved it to.
- quantulum3 ``parse(text)`` over the whole article: every quantity whose unit's entity is "currency", with its
  value and the unit's ``currency_code``. quantulum3 runs in its heuristic mode (the one a plain install without
  its "classifier" extra gets): the classifier it ships was pickled by an older scikit-learn and does not load
  with the one installed here; ``--quantulum-classifier PATH`` uses one trained by
  ``quantulum3.classifier.train_classifier(output_path=PATH)`` instead (needs `pip install "quantulum3[classifier]"`;
  on the gold articles it finds the same amounts).
- price-parser ``Price.fromstring`` (made for a price field, one price per string), two ways:
  "by sentence": on each sentence (a regular-expression split at ., ! or ? before a capital or quote mark, and at
  line breaks), one price at most per sentence, its number as price-parser reads it;
  "by candidate": on a window around each number in figures (the word before, the number, scale words, the word
  after), where the bench multiplies the amount by the scale words that follow it ("$6.3 million" -> 6,300,000),
  which price-parser ignores: the peer's best case, with help.
  A record is kept when price-parser gives both an amount and a currency; its currency, a symbol or word as
  written, becomes an ISO code by the table ``CURRENCY_CODES`` ("$" -> USD, "£" -> GBP, "euro" -> EUR, ...;
  a three-letter code stays, as price-parser reads it: also inside a word, "PENH" -> PEN; any other is dropped,
  such as the "Af" it reads in "After", which spares price-parser false positives).

No peer converts currencies. A peer's amount in US dollars gets ``usd`` = its value (no conversion needed), any
other ``usd`` = null. The gold gives ``usd`` for every amount, so amounts are scored twice: with the usd
requirement (the gold as it is, as ``newscoder evaluate`` scores) and without it (the gold's ``usd`` removed:
value and currency only). newscoder is scored both ways too.

Times are the best of ``--repeat`` runs (wall-clock and this process's CPU seconds) over all articles, after a
warm-up; newscoder's time is its spaCy parse plus the two stages (``find_dates``, ``find_amounts``), the parse
also shown on its own. quantulum3 loads its unit tables on first use, in the warm-up.
``--errors`` lists the gold dates and amounts that newscoder missed and a peer found, and newscoder's dates and
amounts that match no gold. ``--save DIR`` writes each system's predictions as JSON Lines.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from timing import Timing, timed  # bench/timing.py: scripts run from bench/

from newscoder.evaluate.gold import GoldArticle, load_gold, same_amount, same_date, score
from newscoder.ingest import Article, read_inputs
from newscoder.nlp import load_pipeline, model_name
from newscoder.stages.dates import find_dates
from newscoder.stages.money import find_amounts
from newscoder.stages.pipeline import published_date

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "gold"

Prediction = dict[str, Any]  # one article's {"document", "dates", "amounts"}
Extract = Callable[["Item"], Prediction]


@dataclass(frozen=True)
class Item:
    """A gold article with the text and publication date every system is given."""

    gold: GoldArticle
    article: Article
    published: dt.date | None


@dataclass
class Run:
    """One system's predictions, what it covers, its timing, and its scores once scored."""

    name: str
    tasks: frozenset[str]  # "dates", "amounts"
    predictions: list[Prediction]
    time: Timing
    note: str = ""
    error: str | None = None
    scores: dict[str, dict[str, Any]] = field(default_factory=dict)


def prediction(item: Item, dates: Iterable[dict[str, Any]] = (), amounts: Iterable[dict[str, Any]] = ()) -> Prediction:
    return {"document": {"id": item.gold.id, "file": item.article.file}, "dates": list(dates), "amounts": list(amounts)}


def run_system(name: str, tasks: set[str], items: Sequence[Item], extract: Extract, repeat: int, note: str = "") -> Run:
    extract(items[0])  # warm-up: lazy tables and caches load outside the timing
    predictions, timing = timed(lambda: [extract(item) for item in items], repeat)
    return Run(name, frozenset(tasks), predictions, timing, note)


# --------------------------------------------------------------------------------------------- newscoder


def newscoder_run(items: Sequence[Item], model: str | None, repeat: int) -> tuple[Run, Timing]:
    """The spaCy parse and the dates and money stages, timed apart and together; also the parse's timing."""
    nlp = load_pipeline(model_name(model))
    texts = [item.article.text for item in items]
    list(nlp.pipe(texts[:2]))  # warm up
    docs, parse = timed(lambda: list(nlp.pipe(texts)), repeat)

    def stages() -> list[Prediction]:
        return [
            prediction(
                item,
                (d.as_dict() for d in find_dates(doc, item.published)),
                (a.as_dict() for a in find_amounts(doc, item.published)),
            )
            for item, doc in zip(items, docs, strict=True)
        ]

    predictions, stage_time = timed(stages, repeat)
    note = f"spaCy model {model_name(model)}; time = parse + find_dates + find_amounts"
    return Run("newscoder", frozenset({"dates", "amounts"}), predictions, parse + stage_time, note), parse


# --------------------------------------------------------------------------------------------- dateparser

MONTH = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
WEEKDAY = r"mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?"
DAY_SIGNS = re.compile(
    rf"\b(?:{MONTH})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b"  # July 29
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTH})\b"  # 29 July
    rf"|\b(?:{WEEKDAY})\b"
    r"|\b(?:today|tonight|yesterday|tomorrow|now|noon|midnight|days?|weeks?|fortnights?|hours?|minutes?|seconds?)\b"
    r"|\d{1,2}:\d{2}|\b\d{1,2}\s*[ap]\.?m\b|\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b",
    re.IGNORECASE,
)
MONTH_SIGNS = re.compile(rf"\b(?:{MONTH}|months?)\b", re.IGNORECASE)
YEAR_SIGNS = re.compile(r"\b\d{4}\b|\b(?:years?|decades?|centur(?:y|ies))\b", re.IGNORECASE)


def text_precision(text: str) -> str:
    """ "day", "month" or "year": the most precise part the matched text names (see the module's docstring)."""
    if DAY_SIGNS.search(text):
        return "day"
    if MONTH_SIGNS.search(text):
        return "month"
    if YEAR_SIGNS.search(text):
        return "year"
    return "day"


def date_value(when: dt.datetime, precision: str) -> str:
    if precision == "year":
        return f"{when.year:04d}"
    if precision == "month":
        return f"{when.year:04d}-{when.month:02d}"
    return f"{when.year:04d}-{when.month:02d}-{when.day:02d}"


def dateparser_extract(prefer: str | None) -> Extract:
    from dateparser.search import search_dates

    def extract(item: Item) -> Prediction:
        settings: dict[str, Any] = {}
        if item.published:
            settings["RELATIVE_BASE"] = dt.datetime.combine(item.published, dt.time())
        if prefer:
            settings["PREFER_DATES_FROM"] = prefer
        found = search_dates(item.article.text, languages=["en"], settings=settings) or []
        dates = []
        for text, when in found:
            precision = text_precision(text)
            dates.append({"text": text, "value": date_value(when, precision), "precision": precision})
        return prediction(item, dates=dates)

    return extract


# --------------------------------------------------------------------------------------------- quantulum3


def quantulum_extract(classifier_path: Path | None) -> tuple[Extract, str]:
    import quantulum3
    from quantulum3 import classifier, parser

    if classifier_path is None:
        classifier.USE_CLF = False  # heuristic disambiguation (see the module's docstring)
        mode = "heuristic unit disambiguation"
    else:
        mode = f"classifier {classifier_path}"
    path = str(classifier_path) if classifier_path else None

    def extract(item: Item) -> Prediction:
        amounts = [
            peer_amount(q.surface, q.value, q.unit.currency_code)
            for q in parser.parse(item.article.text, classifier_path=path)
            if q.unit.entity.name == "currency" and q.unit.currency_code
        ]
        return prediction(item, amounts=amounts)

    return extract, f"quantulum3 {getattr(quantulum3, '__version__', '')}, {mode}".replace(" ,", ",")


def peer_amount(text: str, value: float, currency: str) -> dict[str, Any]:
    """An amount record; ``usd`` is the value for US dollars, else unknown: peers do not convert."""
    return {"text": text, "value": value, "currency": currency, "usd": value if currency == "USD" else None}


# --------------------------------------------------------------------------------------------- price-parser

# price-parser's currency as written -> ISO 4217 (a three-letter code not listed stays as it is).
CURRENCY_CODES = {
    "$": "USD", "US$": "USD", "U.S.$": "USD", "USD": "USD", "DOLLAR": "USD", "DOLLARS": "USD",
    "€": "EUR", "EURO": "EUR", "EUROS": "EUR", "£": "GBP", "¥": "JPY", "YEN": "JPY", "₹": "INR", "RS": "INR",
    "RS.": "INR", "₩": "KRW", "₽": "RUB", "฿": "THB", "₫": "VND", "₱": "PHP", "៛": "KHR", "RIEL": "KHR",
    "RIELS": "KHR", "A$": "AUD", "C$": "CAD", "HK$": "HKD", "S$": "SGD", "NZ$": "NZD", "R$": "BRL",
    "CHF": "CHF", "FR.": "CHF", "KR": "SEK", "ZŁ": "PLN", "YUAN": "CNY", "RMB": "CNY", "元": "CNY",
}  # fmt: skip
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘'(])|\n+")
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "k": 1e3, "m": 1e6, "mn": 1e6,
          "mln": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12}  # fmt: skip
SCALE_WORDS = r"(?:thousand|million|billion|trillion|mln|mn|bn|tn|k|m|b)\b"
CANDIDATE = re.compile(
    rf"(?:\S+[ \t\u00a0]+)?\S*?(?P<number>\d[\d,]*(?:\.\d+)?)(?P<scale>(?:[ \t\u00a0]*-?{SCALE_WORDS})*)"
    r"(?:[ \t\u00a0]*[^\s\d]+)?",
    re.IGNORECASE,
)


def iso_currency(currency: str | None) -> str | None:
    if not currency:
        return None
    key = currency.strip().upper()
    if key in CURRENCY_CODES:
        return CURRENCY_CODES[key]
    return key if re.fullmatch(r"[A-Z]{3}", key) else None


def price_by_sentence(item: Item) -> Prediction:
    from price_parser import Price

    amounts = []
    for sentence in SENTENCE_END.split(item.article.text):
        price = Price.fromstring(sentence)
        currency = iso_currency(price.currency)
        if price.amount is not None and currency:
            amounts.append(peer_amount(price.amount_text or sentence, float(price.amount), currency))
    return prediction(item, amounts=amounts)


def price_by_candidate(item: Item) -> Prediction:
    from price_parser import Price

    amounts = []
    for m in CANDIDATE.finditer(item.article.text):
        price = Price.fromstring(m.group(0))
        currency = iso_currency(price.currency)
        if price.amount is None or not currency:
            continue
        scale = 1.0
        for word in re.findall(SCALE_WORDS, m.group("scale"), re.IGNORECASE):
            scale *= SCALES[word.lower()]
        amounts.append(peer_amount(m.group(0).strip(), float(price.amount) * scale, currency))
    return prediction(item, amounts=amounts)


# --------------------------------------------------------------------------------------------- scoring


def without_usd(golds: Sequence[GoldArticle]) -> list[GoldArticle]:
    """The gold with every amount's ``usd`` removed: value and currency are then all that is scored."""
    out = []
    for gold in golds:
        amounts = [{k: v for k, v in a.items() if k != "usd"} for a in gold.data.get("amounts", [])]
        out.append(GoldArticle(gold.path, {**gold.data, "amounts": amounts}, gold.text_path))
    return out


def score_run(run: Run, golds: Sequence[GoldArticle], golds_no_usd: Sequence[GoldArticle]) -> None:
    if run.error:
        return
    if "dates" in run.tasks:
        run.scores["dates"] = score(golds, run.predictions)["dates"]
    if "amounts" in run.tasks:
        run.scores["amounts"] = score(golds, run.predictions)["amounts"]
        run.scores["amounts_no_usd"] = score(golds_no_usd, run.predictions)["amounts"]


def table(runs: Sequence[Run], parse: Timing, title: str) -> Table:
    out = Table(title=title)
    out.add_column("System", no_wrap=True)
    for column in ("dates P", "R", "F1", "amounts P", "R", "F1", "no usd P", "R", "F1", "wall s", "CPU s"):
        out.add_column(column, justify="right", no_wrap=True)
    for run in runs:
        cells: list[str] = []
        for task in ("dates", "amounts", "amounts_no_usd"):
            m = run.scores.get(task)
            cells += [f"{m['p']:.3f}", f"{m['r']:.3f}", f"{m['f1']:.3f}"] if m else ["-"] * 3
        times = [f"{run.time.wall:.2f}", f"{run.time.cpu:.2f}"] if not run.error else ["n/a"] * 2
        out.add_row(run.name, *cells, *times)
    out.add_row("(spaCy parse alone)", *[""] * 9, f"{parse.wall:.2f}", f"{parse.cpu:.2f}")
    return out


def counts(runs: Sequence[Run]) -> Table:
    out = Table(title="Counts (tp/pred, gold)")
    out.add_column("System", no_wrap=True)
    for column in ("dates", "amounts", "amounts, no usd"):
        out.add_column(column, justify="right", no_wrap=True)
    for run in runs:
        cells = []
        for task in ("dates", "amounts", "amounts_no_usd"):
            m = run.scores.get(task)
            cells.append(f"{m['tp']}/{m['pred']}, {m['gold']}" if m else "-")
        out.add_row(run.name, *cells)
    return out


# --------------------------------------------------------------------------------------------- errors


def errors(runs: Sequence[Run], golds: Sequence[GoldArticle], console: Console) -> None:
    """Gold items newscoder missed that a peer found, and newscoder's items that match no gold."""
    by_id = [{p["document"]["id"]: p for p in run.predictions} for run in runs]
    checks: tuple[tuple[str, Callable[[Any, Any], bool]], ...] = (("dates", same_date), ("amounts", same_amount))
    for gold in golds:
        lines: list[str] = []
        for task, ok in checks:
            golds_t = gold.data.get(task, [])
            ours = by_id[0].get(gold.id, {}).get(task, [])
            found = matched_golds(golds_t, ours, ok)
            for i, g in enumerate(golds_t):
                if i in found:
                    continue
                peers = [
                    run.name
                    for run, preds in zip(runs[1:], by_id[1:], strict=True)
                    if task in run.tasks and any(ok(g, p) for p in preds.get(gold.id, {}).get(task, []))
                ]
                near = dict.fromkeys(_shown(p) for p in ours if _text_meets(g["text"], p.get("text", "")))
                lines.append(
                    f"  missed {task[:-1]} {_shown(g)}"
                    + (f"; newscoder gave {', '.join(near)}" if near else "")
                    + (f"; found by {', '.join(peers)}" if peers else "")
                )
            extra = dict.fromkeys(_shown(p) for p in ours if not any(ok(g, p) for g in golds_t))
            lines += [f"  extra {task[:-1]} {shown}" for shown in extra]
        if lines:
            console.print(f"{gold.id} (published {gold.published})", highlight=False, markup=False)
            for line in lines:
                console.print(line, highlight=False, markup=False)


def matched_golds(golds: Sequence[Any], preds: Sequence[Any], ok: Callable[[Any, Any], bool]) -> set[int]:
    """Indices of the golds matched when each, in order, takes the first unused prediction that fits (as
    ``greedy_match`` pairs them)."""
    used: set[int] = set()
    found: set[int] = set()
    for i, gold in enumerate(golds):
        hit = next((j for j, pred in enumerate(preds) if j not in used and ok(gold, pred)), None)
        if hit is not None:
            used.add(hit)
            found.add(i)
    return found


def _text_meets(gold_text: str, pred_text: str) -> bool:
    g, p = gold_text.casefold(), pred_text.casefold()
    return bool(p) and (g in p or p in g)


def _shown(record: dict[str, Any]) -> str:
    extra = f" {record['currency']}" if "currency" in record else ""
    return f"{record.get('text')!r} -> {record.get('value')}{extra}"


# --------------------------------------------------------------------------------------------- the bench


def load_items(paths: Sequence[Path]) -> list[Item]:
    items = []
    for gold in load_gold(paths):
        if gold.text_path is None:
            raise SystemExit(f"text of gold article {gold.id} not found")
        article = next(a for a in read_inputs([str(gold.text_path)], gold.published) if isinstance(a, Article))
        items.append(Item(gold, article, published_date(article)))
    return items


def peer_runs(items: Sequence[Item], repeat: int, classifier_path: Path | None) -> list[Run]:
    runs = []
    for prefer, label in (("past", "PREFER_DATES_FROM=past"), (None, "default settings")):
        try:
            import dateparser

            run = run_system(f"dateparser ({label})", {"dates"}, items, dateparser_extract(prefer), repeat)
            run.note = f"dateparser {dateparser.__version__}, search_dates, languages=['en'], RELATIVE_BASE=published"
        except ImportError as exc:
            run = Run(f"dateparser ({label})", frozenset({"dates"}), [], Timing(0, 0), error=repr(exc))
        runs.append(run)
    try:
        extract, note = quantulum_extract(classifier_path)
        runs.append(run_system("quantulum3", {"amounts"}, items, extract, repeat, note))
    except Exception as exc:  # noqa: BLE001 - a missing package or a classifier that fails is reported, not raised
        runs.append(
            Run(
                "quantulum3",
                frozenset({"amounts"}),
                [],
                Timing(0, 0),
                error=f"{exc!r} (pip install quantulum3, or quantulum3[classifier] for a classifier)",
            )
        )
    for name, extract in (
        ("price-parser by sentence", price_by_sentence),
        ("price-parser by candidate", price_by_candidate),
    ):
        try:
            import price_parser  # noqa: F401

            runs.append(run_system(name, {"amounts"}, items, extract, repeat, "price_parser.Price.fromstring"))
        except ImportError as exc:
            runs.append(
                Run(name, frozenset({"amounts"}), [], Timing(0, 0), error=f"{exc!r} (pip install price-parser)")
            )
    return runs


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, nargs="+", default=[GOLD], help="gold files or folders")
    parser.add_argument("--repeat", type=int, default=3, help="time each system N times, keep the best")
    parser.add_argument("--model", default=None, help="newscoder's spaCy model (as for --model)")
    parser.add_argument("--quantulum-classifier", type=Path, default=None, help="a retrained quantulum3 classifier")
    parser.add_argument("--errors", action="store_true", help="list newscoder's misses and extra items")
    parser.add_argument("--save", type=Path, default=None, help="write NAME.jsonl predictions here")
    args = parser.parse_args(argv)
    if args.quantulum_classifier and not args.quantulum_classifier.is_file():
        parser.error(f"no quantulum3 classifier at {args.quantulum_classifier}")
    console = Console(width=150) if not Console().is_terminal else Console()

    items = load_items(args.gold)
    golds = [item.gold for item in items]
    golds_no_usd = without_usd(golds)
    newscoder, parse = newscoder_run(items, args.model, args.repeat)
    runs = [newscoder, *peer_runs(items, args.repeat, args.quantulum_classifier)]
    for run in runs:
        score_run(run, golds, golds_no_usd)
        if args.save and not run.error:
            args.save.mkdir(parents=True, exist_ok=True)
            lines = "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in run.predictions)
            name = re.sub(r"[^\w.-]+", "-", run.name).strip("-")
            (args.save / f"{name}.jsonl").write_text(lines, encoding="utf-8")

    n_dates = sum(len(g.data.get("dates", [])) for g in golds)
    n_amounts = sum(len(g.data.get("amounts", [])) for g in golds)
    chars = sum(len(item.article.text) for item in items)
    title = (
        f"{len(items)} gold articles, {n_dates} gold dates, {n_amounts} gold amounts, {chars:,} characters; "
        f"best of {args.repeat} runs"
    )
    console.print(table(runs, parse, title))
    console.print(counts(runs))
    for run in runs:
        if run.error:
            console.print(f"[bold red]{run.name}: {run.error}[/]", highlight=False)
        elif run.note:
            console.print(f"{run.name}: {run.note}", highlight=False, markup=False)
    if args.errors:
        errors(runs, golds, console)


if __name__ == "__main__":
    main()
