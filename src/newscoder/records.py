"""The extract contract's record types (docs/record-schema.md).

Every stage returns these small frozen dataclasses; they are the only thing that crosses
from NLP into storage, the API and exports. ``as_dict()`` gives the contract's JSON shape.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

Span = tuple[int, int]
QuoteKind = Literal["direct", "partial", "indirect"]
Precision = Literal["day", "month", "year"]
ActorType = Literal["PERSON", "ORG", "GPE", "GROUP"]


def _plain(value: Any) -> Any:
    """Tuples become lists so that records serialize to the contract's JSON."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


class Record:
    def as_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass(frozen=True)
class Document(Record):
    id: str
    file: str | None
    sha256: str
    url: str | None = None
    title: str | None = None
    source: str | None = None
    published: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Role(Record):
    title: str
    organization: str | None = None


@dataclass(frozen=True)
class Actor(Record):
    id: str
    name: str
    type: ActorType
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    code: str | None = None
    mentions: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Quote(Record):
    id: str
    speaker: str | None
    speaker_id: str | None
    speaker_span: Span | None
    cue: str | None
    cue_span: Span | None
    addressee: str | None
    kind: QuoteKind
    text: str
    content_spans: tuple[Span, ...]


@dataclass(frozen=True)
class Event(Record):
    id: str
    source: str | None
    source_id: str | None
    target: str | None
    target_id: str | None
    code: str
    root: str
    label: str
    plover: str | None
    quad_class: int
    goldstein: float
    negated: bool
    modality: str
    date: str | None
    location: str | None
    evidence: str
    span: Span
    confidence: float
    trigger: str | None = None
    trigger_span: Span | None = None
    date_is_published: bool = False


@dataclass(frozen=True)
class Amount(Record):
    text: str
    span: Span
    value: float
    currency: str | None
    usd: float | None


@dataclass(frozen=True)
class DateMention(Record):
    text: str
    span: Span
    value: str
    precision: Precision


@dataclass(frozen=True)
class Place(Record):
    text: str
    span: Span
    name: str
    country: str | None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Extraction(Record):
    """Everything found in one article, in the contract's order."""

    document: Document
    text: str
    actors: tuple[Actor, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    amounts: tuple[Amount, ...] = ()
    dates: tuple[DateMention, ...] = ()
    places: tuple[Place, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    def as_dict(self, with_text: bool = False) -> dict[str, Any]:  # type: ignore[override]
        document = self.document.as_dict()
        if with_text:
            document["text"] = self.text
        return {
            "document": document,
            "actors": [a.as_dict() for a in self.actors],
            "quotes": [q.as_dict() for q in self.quotes],
            "events": [e.as_dict() for e in self.events],
            "amounts": [a.as_dict() for a in self.amounts],
            "dates": [d.as_dict() for d in self.dates],
            "places": [p.as_dict() for p in self.places],
        }


class ActorLookup:
    """Finds the actor a character span refers to, from the actors stage's mentions.

    Later stages (quotes, events) use this instead of reaching into the actors stage.
    """

    def __init__(self, actors: tuple[Actor, ...] | list[Actor]):
        self.actors = tuple(actors)
        self._by_start: dict[int, list[tuple[int, Actor]]] = {}
        for actor in self.actors:
            for start, end in actor.mentions:
                self._by_start.setdefault(start, []).append((end, actor))
        self._by_name = {a.name.casefold(): a for a in self.actors}
        for a in self.actors:
            for alias in a.aliases:
                self._by_name.setdefault(alias.casefold(), a)

    def at(self, start: int, end: int) -> Actor | None:
        """The actor with a mention overlapping [start, end), preferring the longest mention."""
        best: tuple[int, Actor] | None = None
        for actor in self.actors:
            for s, e in actor.mentions:
                if s < end and start < e:
                    length = e - s
                    if best is None or length > best[0]:
                        best = (length, actor)
        return best[1] if best else None

    def named(self, name: str) -> Actor | None:
        return self._by_name.get(name.casefold())
