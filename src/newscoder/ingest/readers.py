"""Readers for every input kind the extract contract names.

``read_inputs`` yields, in input order, an ``Article`` for each article and an ``InputError``
for each input that could not be read, so one bad input never stops the batch.
"""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from .article import METADATA_KEYS, Article, iso_date
from .html import article_from_html

TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm"}
JSON_SUFFIXES = {".json", ".jsonl"}
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES
SIDECAR_SUFFIX = ".meta.json"

ReadResult = Article | InputError


def read_inputs(paths: Iterable[str], published: str | None = None) -> Iterator[ReadResult]:
    """Every article in ``paths`` (files, directories, ``-`` for stdin), in order."""
    for raw in paths:
        for result in _read_path(raw):
            yield _override_published(result, published) if published else result


def _override_published(result: ReadResult, published: str) -> ReadResult:
    if isinstance(result, Article):
        return Article(**{**result.__dict__, "published": published})
    return result


def _read_path(raw: str) -> Iterator[ReadResult]:
    if raw == "-":
        yield from _read_stdin()
        return
    path = Path(raw)
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            if is_article_file(child):
                yield from _read_file(child, str(child))
        return
    if not path.exists():
        yield InputError(raw, "no such file or directory")
        return
    yield from _read_file(path, raw)


def is_article_file(path: Path) -> bool:
    """Whether a file inside a directory is an article (sidecars and other files are passed over)."""
    name = path.name.lower()
    if name.endswith(SIDECAR_SUFFIX):
        return False
    return _inner_suffix(path) in ARTICLE_SUFFIXES


def _inner_suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def article_id(path: Path) -> str:
    """The file name without its extensions: ``voa-001`` for ``voa-001.txt.gz``."""
    return path.name.split(".")[0] or path.name


def _read_file(path: Path, shown: str) -> Iterator[ReadResult]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield InputError(shown, f"cannot read: {exc.strerror or exc}")
        return
    if path.suffix.lower() == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            yield InputError(shown, f"not a valid gzip file ({exc})")
            return
    suffix = _inner_suffix(path)
    if suffix not in ARTICLE_SUFFIXES:
        yield InputError(shown, f"unsupported file type {suffix or '(none)'!r}: expected .txt, .html, .json or .jsonl")
        return
    try:
        text = _decode(data)
    except InputError as exc:
        yield InputError(shown, exc.reason)
        return
    if suffix in JSON_SUFFIXES:
        yield from _articles_from_json(text, shown, default_id=article_id(path), jsonl=suffix == ".jsonl")
        return
    meta = _sidecar(path)
    if isinstance(meta, InputError):
        yield meta
        meta = {}
    if suffix in HTML_SUFFIXES:
        yield _finish(article_from_html(text, shown, article_id(path), meta))
    else:
        yield _finish(Article(id=article_id(path), file=shown, text=text, **_metadata(meta)))


def _decode(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise InputError("", "binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError("", f"not valid UTF-8 (byte {exc.start})") from exc


def _finish(result: ReadResult) -> ReadResult:
    """Rejects an article whose text is empty."""
    if isinstance(result, Article) and not result.text.strip():
        return InputError(result.file or result.id, "empty article: no text", result.line)
    return result


def _sidecar(path: Path) -> dict[str, Any] | InputError:
    sidecar = path.with_name(article_id(path) + SIDECAR_SUFFIX)
    if not sidecar.exists():
        return {}
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return InputError(str(sidecar), f"sidecar metadata is not valid JSON ({exc}); article read without it")
    return meta if isinstance(meta, dict) else {}


def _metadata(obj: dict[str, Any]) -> dict[str, str | None]:
    meta: dict[str, str | None] = {}
    for key in METADATA_KEYS:
        value = obj.get(key)
        meta[key] = None if value is None else str(value)
    meta["published"] = iso_date(meta["published"])
    return meta


def _articles_from_json(text: str, shown: str, default_id: str, jsonl: bool) -> Iterator[ReadResult]:
    if not jsonl:
        try:
            loaded = json.loads(text)
        except json.JSONDecodeError as exc:
            # A .json file holding JSON Lines is common enough to accept.
            if text.lstrip().startswith("{") and "\n" in text.strip():
                yield from _articles_from_json(text, shown, default_id, jsonl=True)
                return
            yield InputError(shown, f"not valid JSON ({exc.msg}, line {exc.lineno})")
            return
        objects = loaded if isinstance(loaded, list) else [loaded]
        for n, obj in enumerate(objects, start=1):
            yield _article_from_object(obj, shown, default_id if len(objects) == 1 else f"{default_id}-{n}", None)
        return
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(shown, f"not valid JSON ({exc.msg})", line=n)
            continue
        yield _article_from_object(obj, shown, f"{default_id}-{n}", n)


def _article_from_object(obj: Any, shown: str, fallback_id: str, line: int | None) -> ReadResult:
    if not isinstance(obj, dict):
        return InputError(shown, "expected a JSON object with a 'text' field", line)
    text = obj.get("text")
    if not isinstance(text, str):
        return InputError(shown, "JSON article has no 'text' string", line)
    article_key = obj.get("id")
    return _finish(
        Article(
            id=str(article_key) if article_key is not None else fallback_id,
            file=shown,
            text=text,
            line=line,
            **_metadata(obj),
        )
    )


def _read_stdin() -> Iterator[ReadResult]:
    data = sys.stdin.buffer.read()
    try:
        text = _decode(data)
    except InputError as exc:
        yield InputError("-", exc.reason)
        return
    stripped = text.lstrip()
    if stripped.startswith("{") or stripped.startswith("["):
        jsonl = not stripped.startswith("[") and _looks_like_jsonl(text)
        yield from _articles_from_json(text, "-", "stdin", jsonl=jsonl)
        return
    yield _finish(Article(id="stdin", file="-", text=text))


def _looks_like_jsonl(text: str) -> bool:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return len(lines) > 1 and all(ln.lstrip().startswith("{") for ln in lines)
