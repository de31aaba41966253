"""The reusable extractor: loads the NLP pipeline once, then turns articles into records.

``workers > 1`` runs whole articles (parse and stages) in a process pool, one pipeline per
process; results come back in input order. Read errors pass through in their place.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice

from .errors import InputError
from .ingest.article import Article
from .nlp import load_pipeline, model_name
from .records import Extraction
from .stages.pipeline import run_stages

BATCH_SIZE = 16
ExtractResult = Extraction | InputError


class Extractor:
    def __init__(self, model: str | None = None, batch_size: int = BATCH_SIZE):
        self.model = model_name(model)
        self.batch_size = batch_size
        self.nlp = load_pipeline(self.model)

    def extract(self, article: Article) -> Extraction:
        return run_stages(article, self.nlp(article.text))

    def extract_text(self, text: str, *, published: str | None = None, id: str = "text", **meta: str) -> Extraction:
        return self.extract(Article(id=id, file=None, text=text, published=published, **meta))

    def extract_many(self, items: Iterable[Article | InputError]) -> Iterator[ExtractResult]:
        """Parses articles in batches with ``nlp.pipe``; errors are passed through in order."""
        for chunk in _chunks(items, self.batch_size):
            articles = [a for a in chunk if isinstance(a, Article)]
            docs = iter(self.nlp.pipe(a.text for a in articles))
            for item in chunk:
                yield item if isinstance(item, InputError) else _run_safely(item, next(docs))


def _run_safely(article: Article, doc) -> ExtractResult:
    try:
        return run_stages(article, doc)
    except Exception as exc:  # noqa: BLE001 - one article's failure must not stop the batch
        return InputError(article.file or article.id, f"extraction failed: {exc!r}", article.line)


def extract_all(items: Iterable[Article | InputError], *, model: str | None = None,
                workers: int = 1, extractor: Extractor | None = None) -> Iterator[ExtractResult]:
    """Extraction over many inputs, in one process or ``workers`` processes. An ``extractor`` already loaded
    does the one-process case and names the workers' model."""
    if extractor is not None:
        model = extractor.model
    workers = max(1, min(workers, os.cpu_count() or 1)) if workers > 0 else (os.cpu_count() or 1)
    if workers == 1:
        yield from (extractor or Extractor(model)).extract_many(items)
        return
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(model,)) as pool:
        for chunk in _chunks(items, BATCH_SIZE * workers):
            yield from pool.map(_extract_in_worker, chunk, chunksize=max(1, len(chunk) // (workers * 2)))


_worker: Extractor | None = None


def _init_worker(model: str | None) -> None:
    global _worker
    _worker = Extractor(model)


def _extract_in_worker(item: Article | InputError) -> ExtractResult:
    if isinstance(item, InputError):
        return item
    assert _worker is not None
    return _run_safely(item, _worker.nlp(item.text))


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
