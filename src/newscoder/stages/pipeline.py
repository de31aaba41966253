"""Runs the stages in order over one parsed article: actors → dates, money, places → quotes → events."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from spacy.tokens import Doc

from ..ingest.article import Article
from ..records import ActorLookup, Extraction, Place
from .actors import find_actors
from .codes import assign_codes
from .dates import find_dates
from .events import find_events
from .money import find_amounts
from .places import find_places
from .quotes import find_quotes


def published_date(article: Article) -> dt.date | None:
    if not article.published:
        return None
    try:
        return dt.date.fromisoformat(article.published)
    except ValueError:
        return None


def main_country(places: list[Place]) -> str | None:
    """The country an article is about: the one its places name most often (first named on ties)."""
    counts = Counter(p.country for p in places if p.country)
    if not counts:
        return None
    best = max(counts.values())
    return next(p.country for p in places if p.country and counts[p.country] == best)


def run_stages(article: Article, doc: Doc) -> Extraction:
    published = published_date(article)
    actors = find_actors(doc)
    dates = find_dates(doc, published)
    amounts = find_amounts(doc, published)
    places = find_places(doc)
    actors = assign_codes(actors, country=main_country(places), date=published)
    lookup = ActorLookup(actors)
    quotes = find_quotes(doc, lookup)
    events = find_events(doc, lookup, dates, places, published, quotes=quotes)
    return Extraction(
        document=article.document(),
        text=article.text,
        actors=tuple(actors),
        quotes=tuple(quotes),
        events=tuple(events),
        amounts=tuple(amounts),
        dates=tuple(dates),
        places=tuple(places),
    )
