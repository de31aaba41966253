"""Throughput of the whole extraction relative to raw spaCy parsing of the same texts, in one process.

usage: python bench/throughput.py [PATH ...]   (default: the sample corpus in examples/)
Prints the ratio (full extraction time / spaCy parse time): 1.0 would mean the stages cost nothing.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from newscoder.extractor import Extractor
from newscoder.ingest import Article, read_inputs

ROOT = Path(__file__).resolve().parents[1]


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main(paths: list[str]) -> None:
    articles = [a for a in read_inputs(paths or [str(ROOT / "examples")]) if isinstance(a, Article)]
    extractor = Extractor()
    texts = [a.text for a in articles]
    list(extractor.nlp.pipe(texts[:2]))  # warm up
    parse = min(timed(lambda: list(extractor.nlp.pipe(texts))) for _ in range(3))
    full = min(timed(lambda: list(extractor.extract_many(articles))) for _ in range(3))
    chars = sum(len(t) for t in texts)
    print(f"{len(articles)} articles, {chars} characters")
    print(f"spaCy parse        {parse:.2f} s  ({chars / parse:,.0f} chars/s)")
    print(f"full extraction    {full:.2f} s  ({chars / full:,.0f} chars/s)")
    print(f"ratio full/parse   {full / parse:.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
