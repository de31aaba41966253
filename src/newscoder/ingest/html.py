"""HTML pages: trafilatura finds the article body and its metadata."""

from __future__ import annotations

from typing import Any

from ..errors import InputError
from .article import Article
from .article import iso_date as _iso_date

# trafilatura's fallbacks return whatever text a page has (a menu, a footer); a "body" this short
# is not an article.
MIN_ARTICLE_WORDS = 10


def article_from_html(html: str, shown: str, fallback_id: str, meta: dict[str, Any]) -> Article | InputError:
    import trafilatura  # imported here: it is slow to import and only HTML inputs need it

    try:
        found = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except Exception as exc:  # noqa: BLE001 - trafilatura raises many kinds on broken markup
        return InputError(shown, f"HTML could not be parsed ({exc})")
    if found is not None and not isinstance(found, dict):
        found = found.as_dict() if hasattr(found, "as_dict") else vars(found)
    text = (found or {}).get("text") or ""
    if len(text.split()) < MIN_ARTICLE_WORDS:
        return InputError(shown, "no article text found in the HTML page")
    page = found or {}

    def pick(key: str, page_key: str | None = None) -> str | None:
        value = meta.get(key) or page.get(page_key or key)
        return str(value) if value else None

    published = _iso_date(pick("published", "date"))
    return Article(
        id=fallback_id,
        file=shown,
        text=text,
        title=pick("title"),
        url=pick("url"),
        source=pick("source", "sitename"),
        published=published,
        language=pick("language"),
    )
