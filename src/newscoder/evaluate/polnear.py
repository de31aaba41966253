"""Scores extracted quotes against PolNeAR's attributions (brat standoff, character offsets).

The figures agree with the reference scorer ``shared/tools/score_polnear.py`` for any predictions it can read:
one gold article per document (the first annotator's ``.ann`` file in sorted order), a predicted quote finds a
gold attribution when their contents overlap by at least half of each side's characters (each gold, in order,
takes the first unused quote that fits), and it is attributed right when its ``speaker_span`` also overlaps the
gold source. Counts are summed over documents; a document without a prediction still counts its gold.

    result = score_polnear(Path("polnear/dev"), predict_polnear(Path("polnear/dev")))
    Console().print(format_polnear(result))
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.table import Table

from ..errors import GoldFormatError, InputError
from ..ingest.article import Article, iso_date
from ..records import Extraction

if TYPE_CHECKING:  # the extractor imports spaCy: only prediction needs it, not scoring
    from ..extractor import Extractor, ExtractResult

Span = tuple[int, int]
Record = Mapping[str, Any]
Figures = tuple[float, float, float]

ANN_DIR = "attributions"
TEXT_DIR = "text"
SPLITS = ("train", "dev", "test")
# PolNeAR text files are named publisher_YYYY-MM-DD_slug: the date is the publication date.
_PUBLISHED = re.compile(r"_(\d{4}-\d{2}-\d{2})_")


# --------------------------------------------------------------------------------------------- gold


@dataclass(frozen=True)
class GoldAttribution:
    """One annotated attribution: its content (required), source and cue, each as character spans."""

    content: tuple[Span, ...]
    source: tuple[Span, ...] = ()
    cue: tuple[Span, ...] = ()


@dataclass(frozen=True)
class PolnearArticle:
    """One PolNeAR document: its text file and the first annotator's attributions."""

    id: str
    text_path: Path
    ann_path: Path
    attributions: tuple[GoldAttribution, ...]

    def text(self) -> str:
        return self.text_path.read_bytes().decode("utf-8")


def load_split(split_dir: Path) -> list[PolnearArticle]:
    """The split's documents in sorted order; a document annotated several times keeps its first ``.ann``."""
    split_dir = Path(split_dir)
    articles: dict[str, PolnearArticle] = {}
    for ann in ann_files(split_dir):
        doc = document_id(ann)
        if doc not in articles:
            articles[doc] = PolnearArticle(doc, split_dir / TEXT_DIR / f"{doc}.txt", ann, read_ann(ann))
    return list(articles.values())


def ann_files(split_dir: Path) -> list[Path]:
    folder = split_dir / ANN_DIR
    if not folder.is_dir():
        raise InputError(str(split_dir), _not_a_split(split_dir))
    return sorted(folder.glob("*.ann"))


def _not_a_split(split_dir: Path) -> str:
    message = f"not a PolNeAR split: no {ANN_DIR}/ folder (expected {TEXT_DIR}/*.txt and {ANN_DIR}/*.ann)"
    inside = [s for s in SPLITS if (split_dir / s / ANN_DIR).is_dir()]
    return message + (f"; pick one split, e.g. {split_dir / inside[0]}" if inside else "")


def document_id(ann_path: Path) -> str:
    """``nyt_2016-10-01_slug`` for ``nyt_2016-10-01_slug_4e07.ann``: the name less its annotator suffix."""
    return ann_path.stem.rsplit("_", 1)[0]


def read_ann(path: Path) -> tuple[GoldAttribution, ...]:
    """The attributions (``E`` lines) of a brat file that have a content span, in file order."""
    spans: dict[str, tuple[Span, ...]] = {}
    relations: list[dict[str, str]] = []
    # splitlines(), not split("\n"): line breaks are found exactly where the reference finds them.
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            if line.startswith("T") and line.count("\t") >= 2:
                name, found = _text_bound(line)
                spans[name] = found
            elif line.startswith("E") and "\t" in line:
                relations.append(_roles(line))
        except ValueError as exc:
            raise GoldFormatError(f"{path}:{number}: not brat standoff: {exc}") from None
    attributions = (_attribution(roles, spans) for roles in relations)
    return tuple(a for a in attributions if a is not None)


def _text_bound(line: str) -> tuple[str, tuple[Span, ...]]:
    """``T3<TAB>Content 115 290;300 310<TAB>text`` -> ("T3", ((115, 290), (300, 310)))."""
    name, middle, _ = line.split("\t", 2)
    _kind, space, offsets = middle.partition(" ")
    if not space:
        raise ValueError(f"{name} has no offsets")
    return name, tuple(_span(part) for part in offsets.split(";"))


def _span(text: str) -> Span:
    numbers = [int(n) for n in text.split()]
    if len(numbers) != 2:
        raise ValueError(f"expected 'start end', not {text!r}")
    return numbers[0], numbers[1]


def _roles(line: str) -> dict[str, str]:
    """``E1<TAB>Attribution:T4 Content:T3 Source:T1`` -> {"Attribution": "T4", "Content": "T3", "Source": "T1"}."""
    roles = {}
    for part in line.split("\t")[1].split():
        role, colon, target = part.partition(":")
        if not colon or ":" in target:
            raise ValueError(f"expected ROLE:ID, not {part!r}")
        roles[role] = target
    return roles


def _attribution(roles: Mapping[str, str], spans: Mapping[str, tuple[Span, ...]]) -> GoldAttribution | None:
    content = spans.get(roles.get("Content", ""), ())
    if not content:
        return None
    return GoldAttribution(content, spans.get(roles.get("Source", ""), ()), spans.get(roles.get("Cue", ""), ()))


# --------------------------------------------------------------------------------------------- predictions


def prediction_key(prediction: Record) -> str:
    """The document a prediction is for: document.id, else document.file's name before its first dot."""
    document = prediction.get("document")
    if not isinstance(document, Mapping):
        document = {}
    return str(document.get("id") or Path(document.get("file") or "").name.split(".")[0])


def index_predictions(predictions: Iterable[Record]) -> dict[str, Record]:
    """Document key -> prediction; when a document is predicted twice, the later prediction wins."""
    return {prediction_key(p): p for p in predictions if isinstance(p, Mapping)}


def _quotes(prediction: Record) -> list[Any]:
    quotes = prediction.get("quotes")
    return list(quotes) if isinstance(quotes, (list, tuple)) else []


def _chars(spans: Iterable[Any]) -> set[int]:
    """The character positions that ``[start, end)`` spans cover; a malformed span covers none."""
    out: set[int] = set()
    for span in spans:
        if _is_span(span):
            out.update(range(span[0], span[1]))
    return out


def _is_span(value: Any) -> bool:
    return isinstance(value, (list, tuple)) and len(value) == 2 and all(isinstance(n, int) for n in value)


def _content_chars(quote: Any) -> set[int]:
    return _chars(quote.get("content_spans") or []) if isinstance(quote, Mapping) else set()


def _speaker_chars(quote: Any) -> set[int]:
    speaker = quote.get("speaker_span") if isinstance(quote, Mapping) else None
    return _chars([speaker]) if speaker else set()


# --------------------------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class Tally:
    docs: int = 0
    gold: int = 0
    pred: int = 0
    content: int = 0
    attribution: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.docs + other.docs,
            self.gold + other.gold,
            self.pred + other.pred,
            self.content + other.content,
            self.attribution + other.attribution,
        )


def score_polnear(
    split_dir: Path, predictions: Iterable[Record], *, docs: Collection[str] | None = None
) -> dict[str, Any]:
    """The reference's figures: ``{docs, gold, pred, content_p_r_f1, attribution_p_r_f1}``.

    ``docs`` limits scoring to those document ids (default: every document of the split, as the reference).
    ``json.dumps`` of the result is the line the reference prints.
    """
    articles = [a for a in load_split(Path(split_dir)) if docs is None or a.id in docs]
    return score_articles(articles, predictions)


def score_articles(articles: Sequence[PolnearArticle], predictions: Iterable[Record]) -> dict[str, Any]:
    index = index_predictions(predictions)
    total = Tally()
    for article in articles:
        total += article_tally(article.attributions, _quotes(index.get(article.id, {})))
    return result_of(total)


def article_tally(golds: Sequence[GoldAttribution], quotes: Sequence[Any]) -> Tally:
    """Each gold, in order, takes the first unused quote whose content overlaps enough."""
    contents = [_content_chars(q) for q in quotes]
    used: set[int] = set()
    found = attributed = 0
    for gold in golds:
        gold_chars = _chars(gold.content)
        hit = next((i for i, c in enumerate(contents) if i not in used and half_both_ways(gold_chars, c)), None)
        if hit is None:
            continue
        used.add(hit)
        found += 1
        attributed += bool(_chars(gold.source) & _speaker_chars(quotes[hit]))
    return Tally(1, len(golds), len(quotes), found, attributed)


def half_both_ways(gold: set[int], pred: set[int]) -> bool:
    """The shared characters are at least half of each side (an empty prediction matches nothing)."""
    shared = len(gold & pred)
    return bool(pred) and 2 * shared >= len(gold) and 2 * shared >= len(pred)


def result_of(total: Tally) -> dict[str, Any]:
    return {
        "docs": total.docs,
        "gold": total.gold,
        "pred": total.pred,
        "content_p_r_f1": p_r_f1(total.content, total.pred, total.gold),
        "attribution_p_r_f1": p_r_f1(total.attribution, total.pred, total.gold),
    }


def p_r_f1(tp: int, pred: int, gold: int) -> Figures:
    """Rounded to 3 places; F1 from the unrounded precision and recall, as the reference does."""
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return round(p, 3), round(r, 3), round(2 * p * r / (p + r), 3) if p + r else 0.0


# --------------------------------------------------------------------------------------------- prediction


def text_paths(split_dir: Path, limit: int | None = None) -> list[Path]:
    """The split's ``text/*.txt`` files in sorted order, the first ``limit`` of them."""
    paths = sorted((Path(split_dir) / TEXT_DIR).glob("*.txt"))
    return paths if limit is None else paths[: max(0, limit)]


def read_article(path: Path) -> Article | InputError:
    """A PolNeAR text as it is (offsets refer to it unchanged); its id is the file stem."""
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return InputError(str(path), f"cannot read: {exc}")
    date = _PUBLISHED.search(path.stem)
    return Article(id=path.stem, file=str(path), text=text, published=iso_date(date[1] if date else None))


def predict_polnear(
    split_dir: Path,
    extractor: Extractor | None = None,
    limit: int | None = None,
    workers: int = 1,
    model: str | None = None,
) -> Iterator[dict[str, Any]]:
    """Extract output (the contract's JSON shape) for each of the split's texts, in sorted order.

    ``workers != 1`` runs a process pool (0: one per core) with ``extractor``'s model, else ``model``. A text
    that could not be read or extracted gives ``{"document": {id, file}, "quotes": [], "error": message}``.
    """
    paths = text_paths(split_dir, limit)
    items = [read_article(p) for p in paths]
    from ..extractor import extract_all

    for path, result in zip(paths, extract_all(items, extractor=extractor, model=model, workers=workers), strict=True):
        yield _as_prediction(path, result)


def _as_prediction(path: Path, result: ExtractResult) -> dict[str, Any]:
    if isinstance(result, Extraction):
        return result.as_dict()
    return {"document": {"id": path.stem, "file": str(path)}, "quotes": [], "error": str(result)}


# --------------------------------------------------------------------------------------------- output


def format_polnear(result: Mapping[str, Any], title: str | None = None) -> Table:
    """Content and attribution P, R, F1 with the counts in the title."""
    table = Table(title=title or _title(result))
    table.add_column("Task", no_wrap=True)
    for column in ("P", "R", "F1"):
        table.add_column(column, justify="right", min_width=5, no_wrap=True)
    table.add_row("content", *_cells(result["content_p_r_f1"]))
    table.add_row("attribution", *_cells(result["attribution_p_r_f1"]))
    return table


def _title(result: Mapping[str, Any]) -> str:
    return f"PolNeAR: {result['docs']} documents, {result['gold']} gold attributions, {result['pred']} quotes"


def _cells(figures: Sequence[float]) -> tuple[str, ...]:
    return tuple(f"{x:.3f}" for x in figures)
