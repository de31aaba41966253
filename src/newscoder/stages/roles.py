"""Roles: the titles and affiliations an article gives a person.

Pre-nominal titles ("CPP spokesman Sok Eysan", "Prime Minister Hun Sen") and appositives
("Son Chhay, vice-president of the Candlelight Party (CP)"), each a {title, organization} with
the organization resolved to its canonical actor. Reads the actors stage's records only.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from ..records import Actor, Role


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    text = resources.files("newscoder.data").joinpath("titles.txt").read_text(encoding="utf-8")
    return frozenset(ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))


HONORIFICS = frozenset(
    {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "samdech", "lok", "oknha", "excellency", "sir",
     "prince", "princess", "king", "queen", "venerable"}
)


# --- roles -----------------------------------------------------------------------------------

def attach_roles(doc: Doc, actors: list[Actor]) -> list[Actor]:
    """The actors, each person with the roles found at its mentions."""
    owner = {span: a for a in actors for span in a.mentions}
    found: dict[str, list[Role]] = {}
    for (start, end), actor in owner.items():
        if actor.type != "PERSON":
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        for role in _prenominal_roles(doc, span, owner) + _appositive_roles(span, owner):
            roles = found.setdefault(actor.id, [])
            if role not in roles:
                roles.append(role)
    return [dataclasses.replace(a, roles=tuple(found.get(a.id, ()))) for a in actors]


def _org_name(start: int, end: int, owner: dict[tuple[int, int], Actor]) -> str | None:
    for (s, e), g in owner.items():
        if s < end and start < e and g.type != "PERSON":
            return g.name
    return None


def _prenominal_roles(doc: Doc, span: Span, owner: dict[tuple[int, int], Actor]) -> list[Role]:
    """'Prime Minister Hun Sen', 'CPP spokesman Sok Eysan', 'former president X'."""
    i = span.start - 1
    title_tokens: list[Token] = []
    while i >= 0 and (doc[i].lower_ in title_words() or doc[i].lower_ in ("former", "deputy", "vice", "prime")
                      or (title_tokens and doc[i].text in ("-",))):
        title_tokens.insert(0, doc[i])
        i -= 1
    while title_tokens and title_tokens[0].text == "-":
        title_tokens.pop(0)
    if not title_tokens:
        return []
    org = None
    if i >= 0 and doc[i].ent_type_ in ("ORG", "GPE", "NORP"):
        org = _org_name(doc[i].idx, doc[i].idx + len(doc[i].text), owner)
    title = doc[_hyphenated_start(doc, title_tokens[0].i):title_tokens[-1].i + 1].text
    if title.lower() in HONORIFICS:
        return []
    return [Role(title=title, organization=org)]


def _hyphenated_start(doc: Doc, i: int) -> int:
    """Walks back over a hyphenated title's pieces: 'vice-president', 'co-founder'."""
    while i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ and not doc[i - 2].whitespace_:
        i -= 2
    return i


def _hyphenated_end(doc: Doc, i: int) -> int:
    while i + 2 < len(doc) and doc[i + 1].text == "-" and not doc[i].whitespace_ and not doc[i + 1].whitespace_:
        i += 2
    return i


def _appositive_roles(span: Span, owner: dict[tuple[int, int], Actor]) -> list[Role]:
    """'Son Chhay, vice-president of the Candlelight Party': the appositive's head is a title."""
    roles = []
    for child in span.root.children:
        if child.dep_ != "appos":
            continue
        role = _role_from_phrase(child, owner)
        if role:
            roles.append(role)
    return roles


def _role_from_phrase(head: Token, owner: dict[tuple[int, int], Actor]) -> Role | None:
    if head.lower_ not in title_words() and head.lemma_.lower() not in title_words():
        return None
    left = [t for t in head.lefts if t.dep_ in ("amod", "compound") and t.i >= head.i - 3]
    first = _hyphenated_start(head.doc, min([head.i] + [t.i for t in left]))
    doc = head.doc
    title = doc[first:_hyphenated_end(doc, head.i) + 1].text
    org = None
    for prep in head.rights:
        if prep.lower_ == "of":
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    sub = list(obj.subtree)
                    org = _org_name(sub[0].idx, sub[-1].idx + len(sub[-1].text), owner)
    return Role(title=title, organization=org)
