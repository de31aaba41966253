"""References: role descriptions ("the premier", "the spokesman") and subject pronouns ("he said")
resolved to the actors the article names, and added to those actors' mentions.

No offline library resolves coreference for news well enough on a laptop (neuralcoref is dead,
fastcoref needs a GPU-sized model), so this is a small rule set of its own: a description goes to the
person last mentioned whose role has that title; a subject pronoun to the nearest earlier person who
was the subject of a clause outside quotation marks, within the two paragraphs before.
"""

from __future__ import annotations

import dataclasses
import re

from spacy.tokens import Doc, Token

from ..records import Actor
from .roles import title_words

PERSONAL_PRONOUNS = frozenset({"he", "she"})
# Descriptions whose head differs from the role title they refer to.
SYNONYMS = {
    "premier": ("prime minister", "premier"),
    "prime minister": ("prime minister", "premier"),
    "leader": ("leader", "president", "chairman", "head"),
    "spokesperson": ("spokesman", "spokeswoman", "spokesperson"),
    "spokesman": ("spokesman", "spokesperson"),
    "spokeswoman": ("spokeswoman", "spokesperson"),
}
QUOTED = re.compile(r"“[^”\n]*”?|\"[^\"\n]*\"?")
PARAGRAPH_WINDOW = 2


def resolve_references(doc: Doc, actors: list[Actor]) -> list[Actor]:
    """The actors, with description and pronoun mentions added where they resolve."""
    added: dict[str, list[tuple[int, int]]] = {}
    people = [a for a in actors if a.type == "PERSON"]
    context = _Context(doc, people)
    for token in doc:
        found = _description(context, token) or _pronoun(context, token)
        if found is not None:
            actor, span = found
            added.setdefault(actor.id, []).append(span)
            context.add(actor, span)
    return [
        dataclasses.replace(a, mentions=tuple(sorted(set(a.mentions) | set(added.get(a.id, ())))))
        for a in actors
    ]


class _Context:
    """What resolution needs: paragraphs, quoted stretches, and every person mention so far."""

    def __init__(self, doc: Doc, people: list[Actor]):
        self.doc = doc
        self.quoted = [m.span() for m in QUOTED.finditer(doc.text)]
        self.paragraph_starts = [0] + [m.end() for m in re.finditer(r"\n\s*\n|\n", doc.text)]
        self.mentions = sorted((s, e, a) for a in people for s, e in a.mentions)

    def add(self, actor: Actor, span: tuple[int, int]) -> None:
        self.mentions.append((span[0], span[1], actor))
        self.mentions.sort(key=lambda m: (m[0], m[1]))

    def inside_quote(self, pos: int) -> bool:
        return any(s < pos < e for s, e in self.quoted)

    def paragraph_floor(self, pos: int) -> int:
        starts = [s for s in self.paragraph_starts if s <= pos]
        return starts[max(0, len(starts) - 1 - PARAGRAPH_WINDOW)] if starts else 0

    def before(self, pos: int) -> list[tuple[int, int, Actor]]:
        floor = self.paragraph_floor(pos)
        return [m for m in self.mentions if floor <= m[0] and m[1] <= pos and not self.inside_quote(m[0])]

    def is_subject(self, start: int, end: int) -> bool:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span is not None and span.root.dep_ in ("nsubj", "nsubjpass")


def _description(context: _Context, token: Token) -> tuple[Actor, tuple[int, int]] | None:
    """'the premier', 'The spokesman', 'the prime minister': the last-mentioned person holding that role."""
    if token.pos_ != "NOUN" or token.dep_ in ("compound",) or context.inside_quote(token.idx):
        return None
    det = next((c for c in token.children if c.dep_ == "det"), None)
    if det is None or det.lower_ != "the":
        return None
    title = _title_at(token)
    if title is None or _names_someone(token):
        return None
    wanted = SYNONYMS.get(title, (title,))
    for _, _, actor in reversed(context.before(det.idx)):
        if any(_title_matches(r.title, wanted) for r in actor.roles):
            return actor, (det.idx, token.idx + len(token.text))
    return None


def _title_at(token: Token) -> str | None:
    """The role title a description's head spells: 'premier', or 'prime minister' across two words."""
    words = title_words()
    if token.i > 0 and f"{token.nbor(-1).lower_} {token.lower_}" in words:
        return f"{token.nbor(-1).lower_} {token.lower_}"
    return token.lower_ if token.lower_ in words else None


def _names_someone(token: Token) -> bool:
    """'the spokesman Sok Eysan', 'the president of X': a title applied, not a reference."""
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if nxt is not None and (nxt.pos_ == "PROPN" or nxt.lower_ == "of" or nxt.ent_type_ == "PERSON"):
        return True
    return any(c.dep_ == "appos" for c in token.children)


def _title_matches(title: str, wanted: tuple[str, ...]) -> bool:
    title = title.lower()
    return any(title == w or title.endswith(" " + w) for w in wanted)


def _pronoun(context: _Context, token: Token) -> tuple[Actor, tuple[int, int]] | None:
    """A subject 'he'/'she' outside quotation marks: the nearest earlier person that was a subject."""
    if token.lower_ not in PERSONAL_PRONOUNS or token.dep_ not in ("nsubj", "nsubjpass"):
        return None
    if context.inside_quote(token.idx):
        return None
    candidates = context.before(token.idx)
    for start, end, actor in reversed(candidates):
        if context.is_subject(start, end):
            return actor, (token.idx, token.idx + len(token.text))
    if candidates:
        return candidates[-1][2], (token.idx, token.idx + len(token.text))
    return None
