"""PolNeAR attribution scores and speed: newscoder's quotes beside textacy's ``direct_quotations``.

usage: python bench/polnear_textacy.py [--split test|dev|train] [--limit N] [--data DIR] [--save DIR]
(default: the test split of shared/data/polnear; needs `pip install textacy`, not a project dependency)

Both systems read the same texts and parse with the same spaCy pipeline (newscoder's), so their times compare:
each system's time includes its parse, and "x parse" is its CPU time over the CPU time of one raw ``nlp.pipe``
of the same texts (the faster of a parse before and one after the systems; CPU time because other work on the
machine stretches wall-clock time). Both are scored with ``score_polnear``, the reference scorer's rules.
textacy's (speaker, cue, content) token spans become ``speaker_span`` (the hull of the speaker tokens) and
``content_spans`` (the content span, quote marks included). ``--save DIR`` writes each system's predictions as
JSON Lines for shared/tools/score_polnear.py.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from timing import NO_TIME, Timing, timed  # bench/timing.py: scripts run from bench/

from newscoder.evaluate.polnear import load_split, predict_polnear, read_article, score_articles, text_paths
from newscoder.extractor import Extractor
from newscoder.ingest import Article

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "polnear"


@dataclass
class Run:
    """One system's predictions and timing, or why it could not run."""

    name: str
    predictions: list[dict[str, Any]]
    time: Timing
    note: str = ""
    error: str | None = None  # the system could not run: no figures
    result: dict[str, Any] | None = None


# --------------------------------------------------------------------------------------------- textacy


def textacy_run(nlp: Any, articles: Sequence[Article], *, by_paragraph: bool = False) -> Run:
    """textacy's direct quotations over the same parse; the time covers parsing and extraction.

    textacy bails out of a whole document that has an odd number of quotation marks (a quote running over
    several paragraphs opens each one and closes only the last); ``by_paragraph`` then tries each paragraph.
    """
    name = "textacy, by paragraph" if by_paragraph else "textacy"
    try:
        import textacy
        from textacy.extract.triples import direct_quotations
    except Exception as exc:  # noqa: BLE001 - any import failure is reported, not raised
        return Run(name, [], NO_TIME, error=f"textacy not available: {exc!r} (pip install textacy)")
    bailed: list[str] = []

    def quotes_of(article: Article, doc: Any) -> list[dict[str, Any]]:
        try:
            found = [(0, triple) for triple in direct_quotations(doc)]
        except ValueError:  # unclosed quotation
            bailed.append(article.id)
            found = list(by_paragraphs(doc, direct_quotations)) if by_paragraph else []
        return [textacy_quote(n, triple, offset) for n, (offset, triple) in enumerate(found, 1)]

    def extract() -> list[dict[str, Any]]:
        docs = nlp.pipe(a.text for a in articles)
        return [
            {"document": {"id": a.id, "file": a.file}, "quotes": quotes_of(a, doc)}
            for a, doc in zip(articles, docs, strict=True)
        ]

    predictions, timing = timed(extract)
    fallback = "then by paragraph" if by_paragraph else "no quotes there"
    note = f"textacy {textacy.__version__}; bailed out of {len(bailed)} documents (unclosed quote), {fallback}"
    return Run(name, predictions, timing, note=note)


def by_paragraphs(doc: Any, direct_quotations: Callable[[Any], Iterable[Any]]) -> Iterator[tuple[int, Any]]:
    """(paragraph start, triple) for the quotations of each line of the text that textacy does not bail out of."""
    for line in re.finditer(r"[^\n]+", doc.text):
        span = doc.char_span(line.start(), line.end(), alignment_mode="expand")
        if span is None or not len(span):
            continue
        try:
            yield from ((span.start_char, triple) for triple in list(direct_quotations(span.as_doc())))
        except ValueError:
            continue


def textacy_quote(number: int, triple: Any, offset: int = 0) -> dict[str, Any]:
    """A textacy DQTriple written as a quote of the extract contract; ``offset`` places a paragraph's doc."""
    content = triple.content
    return {
        "id": f"Q{number}",
        "speaker": " ".join(t.text for t in triple.speaker) or None,
        "speaker_span": token_hull(triple.speaker, offset),
        "cue": " ".join(t.text for t in triple.cue) or None,
        "cue_span": token_hull(triple.cue, offset),
        "kind": "direct",
        "text": content.text,
        "content_spans": [[offset + content.start_char, offset + content.end_char]],
    }


def token_hull(tokens: Iterable[Any], offset: int = 0) -> list[int] | None:
    """``[start, end)`` from the first token's start to the last token's end; None for no tokens."""
    tokens = list(tokens)
    if not tokens:
        return None
    return [offset + min(t.idx for t in tokens), offset + max(t.idx + len(t.text) for t in tokens)]


# --------------------------------------------------------------------------------------------- the bench


def newscoder_run(split_dir: Path, extractor: Extractor, limit: int | None) -> Run:
    predictions, timing = timed(lambda: list(predict_polnear(split_dir, extractor, limit)))
    failed = sum("error" in p for p in predictions)
    return Run("newscoder", predictions, timing, note=f"failed on {failed} documents" if failed else "")


def parse_time(nlp: Any, texts: list[str]) -> Timing:
    return timed(lambda: list(nlp.pipe(texts)))[1]


def table(runs: Sequence[Run], parse: Timing, title: str) -> Table:
    out = Table(title=title)
    out.add_column("System", no_wrap=True)
    for column in ("content P", "R", "F1", "attrib. P", "R", "F1", "quotes", "wall s", "CPU s", "x parse"):
        out.add_column(column, justify="right", no_wrap=True)
    out.add_row("spaCy parse only", *[""] * 7, *_times(parse, parse))
    for run in runs:
        if run.result is None:
            out.add_row(run.name, *["n/a"] * 10)
            continue
        figures = [*run.result["content_p_r_f1"], *run.result["attribution_p_r_f1"]]
        out.add_row(
            run.name,
            *(f"{x:.3f}" for x in figures),
            str(run.result["pred"]),
            *_times(run.time, parse),
        )
    return out


def _times(timing: Timing, parse: Timing) -> tuple[str, str, str]:
    """Wall and CPU seconds, and CPU time over the parse's CPU time."""
    return f"{timing.wall:.1f}", f"{timing.cpu:.1f}", f"{timing.cpu / parse.cpu:.2f}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", default="test", choices=("train", "dev", "test"))
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents of the split")
    parser.add_argument("--data", type=Path, default=DATA, help="the PolNeAR folder holding the splits")
    parser.add_argument("--save", type=Path, default=None, help="write NAME.jsonl predictions here")
    args = parser.parse_args(argv)
    split_dir = args.data / args.split
    console = Console(width=130) if not Console().is_terminal else Console()

    paths = text_paths(split_dir, args.limit)
    articles = [a for a in map(read_article, paths) if isinstance(a, Article)]
    gold = [g for g in load_split(split_dir) if g.id in {p.stem for p in paths}]
    extractor = Extractor()
    texts = [a.text for a in articles]
    list(extractor.nlp.pipe(texts[:2]))  # warm up
    parse_before = parse_time(extractor.nlp, texts)
    runs = [
        newscoder_run(split_dir, extractor, args.limit),
        textacy_run(extractor.nlp, articles),
        textacy_run(extractor.nlp, articles, by_paragraph=True),
    ]
    parse = parse_before | parse_time(extractor.nlp, texts)

    for run in runs:
        run.result = None if run.error else score_articles(gold, run.predictions)
        if args.save and not run.error:
            args.save.mkdir(parents=True, exist_ok=True)
            lines = "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in run.predictions)
            (args.save / f"{run.name.replace(', ', '-').replace(' ', '-')}.jsonl").write_text(lines, encoding="utf-8")

    chars = sum(map(len, texts))
    title = (
        f"PolNeAR {args.split}: {len(gold)} documents, {sum(len(g.attributions) for g in gold)} gold attributions, "
        f"{chars:,} characters; spaCy model {extractor.model}"
    )
    console.print(table(runs, parse, title))
    for run in runs:
        if run.error:
            console.print(f"[bold red]{run.name}: {run.error}[/]")
        elif run.note:
            console.print(f"{run.name}: {run.note}")


if __name__ == "__main__":
    main()
