"""The Python API: ``newscoder.extract(text, published=...)`` and friends."""

from __future__ import annotations

from functools import lru_cache

from .extractor import Extractor
from .records import Extraction


@lru_cache(maxsize=2)
def _default_extractor(model: str | None) -> Extractor:
    return Extractor(model)


def extract(text: str, *, published: str | None = None, model: str | None = None, id: str = "text",
            **metadata: str) -> Extraction:
    """Extracts every record type from one article's text (the pipeline is loaded once and reused)."""
    return _default_extractor(model).extract_text(text, published=published, id=id, **metadata)
