"""The article as read from an input, before any NLP."""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from dataclasses import dataclass

from ..records import Document

METADATA_KEYS = ("title", "url", "source", "published", "language")


def normalized_text(text: str) -> str:
    """The text the document key is computed on: NFC, ``\\n`` line ends, outer whitespace stripped."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


def text_sha256(text: str) -> str:
    return hashlib.sha256(normalized_text(text).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Article:
    """One article: its text exactly as offsets refer to it, and its metadata."""

    id: str
    file: str | None
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    language: str | None = None
    line: int | None = None

    @property
    def sha256(self) -> str:
        return text_sha256(self.text)

    def document(self) -> Document:
        return Document(
            id=self.id,
            file=self.file,
            sha256=self.sha256,
            url=self.url,
            title=self.title,
            source=self.source,
            published=self.published,
            language=self.language,
        )


def iso_date(value: str | None) -> str | None:
    """A publication date kept only when it is a real calendar date (YYYY-MM-DD)."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None
