"""The events stage's steps over a whole article: implicit roles, re-mentions, merging, the dateline.

Candidates come from the trigger finder (stages/events.py) in text order. Here:
- a verdict with no source is the court's the text names before it; aid, relations and sanctions withdrawn with no
  target are the article's country's; a target-less event about a definite event noun ("did not accept the
  apology", "upheld the verdict") takes the target of the latest earlier event of its code;
- one event per code, source, target and sentence (also per root when one trigger governs the other: "took to the
  streets to protest");
- an event told again later (same code, source and target; or same root with a role missing: "the party was
  dissolved" after "the court dissolved the party") is kept once, at its fullest mention;
- a rejection or denial with no target answers the latest criticism, demand or appeal against the one rejecting
  (or, for "dismissed the move", the latest deed against them); an event aimed at a deed with no named doer
  ("condemned the arrests") is aimed at the source of the latest earlier event that did it; a criticism, appeal,
  demand, threat, sanction or coercion with no target is aimed at the article's main adversary (see
  ``main_adversary``). Such inferred roles are marked ``implicit`` and lower the event's confidence;
- the article's dateline place and country.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Token

from ..records import Actor, ActorLookup, Place
from .events_patterns import patterns
from .events_resolve import INSTITUTIONS, Participant
from .events_syntax import OBJECT_DEPS, Syntax
from .places import country_code

RESPONSE_WINDOW = 8  # sentences within which a rejection answers a criticism
IMPLICIT_TARGET_ROOTS = frozenset({"02", "10", "11", "12", "13", "16", "17"})
# what a rejection or denial answers when it is someone's words
RESPONSE_OBJECTS = frozenset({
    "criticism", "accusation", "allegation", "claim", "charge", "report", "statement", "remark", "comment",
    "concern", "call", "demand", "appeal", "request", "finding", "assessment", "view", "characterization",
    "characterisation", "suggestion", "assertion", "conclusion", "analysis", "letter", "warning", "threat",
    "condemnation", "complaint", "petition", "idea", "notion", "argument",
})
VERBAL_CONFLICT_ROOTS = frozenset({"10", "11", "12", "13"})
MATERIAL_CONFLICT_ROOTS = frozenset({"15", "16", "17", "18", "19", "20"})
CONFLICT_ROOTS = VERBAL_CONFLICT_ROOTS | MATERIAL_CONFLICT_ROOTS
ACCUSING_ROOTS = frozenset({"10", "11", "13"})  # whose target is the one the article's conflict is with
# what a rejection answers when it is someone's deed ("dismissed the move", "rejected the sanctions")
ACTION_OBJECTS = frozenset({"move", "decision", "measure", "step", "action", "plan", "sanction", "restriction", "ban",
                            "ruling", "verdict", "policy", "order", "threat"})
# the codes (prefixes) of the events that produce a thing an event may be aimed at ("condemned the arrests")
_LEGAL = frozenset({"112", "115", "116", "17"})
_COERCIVE = frozenset({"16", "17"})
_VIOLENT = frozenset({"17", "18", "19", "20"})
PRODUCT_ROOTS: dict[str, frozenset[str]] = {
    **dict.fromkeys(("arrest", "detention", "jailing", "imprisonment", "crackdown", "raid", "charge", "prosecution",
                     "lawsuit", "suit", "case", "verdict", "ruling", "conviction", "sentence", "judgment",
                     "judgement"), _LEGAL),
    **dict.fromkeys(("ban", "dissolution", "closure", "shutdown", "eviction", "expulsion", "deportation",
                     "restriction", "sanction", "suspension"), _COERCIVE),
    **dict.fromkeys(("attack", "killing", "beating", "shooting", "violence", "assault", "bombing", "abuse"),
                    _VIOLENT),
    **dict.fromkeys(("decision", "move", "measure", "step", "action", "order"),
                    frozenset({"112", "115", "116", "12", "13", "15", "16", "17"})),
    **dict.fromkeys(("apology",), frozenset({"05"})),
    **dict.fromkeys(("offer", "proposal"), frozenset({"03", "05"})),
    **dict.fromkeys(("criticism", "accusation", "allegation", "remark", "comment", "statement"),
                    frozenset({"10", "11", "13"})),
    **dict.fromkeys(("threat", "warning", "ultimatum"), frozenset({"13"})),
}
PRODUCT_TARGET_ROOTS = frozenset({"02", "10", "11", "12", "13", "14", "16", "17"})
PRODUCT_WINDOW = 10
DEFINITE = frozenset({"the", "this", "that", "these", "those"})  # sentences within which a deed is still "the arrests"
# things a body is named for running ("National Election Committee", "Anti-Corruption Unit")
BODY_RUN_NOUNS = frozenset({"election", "vote", "poll", "ballot", "registration", "investigation", "tax", "audit",
                            "census", "corruption", "budget"})
BODY_WORDS = frozenset({"committee", "commission", "council", "unit", "agency", "authority", "department", "body",
                        "board", "office", "bureau", "ministry", "administration"})
# bodies an event may be aimed at without naming them, beside the patterns' actor and person nouns
PATIENT_NOUNS = frozenset({"newspaper", "station", "outlet", "website", "company", "firm", "factory", "school",
                           "family", "families", "community", "communities", "village"})
DATELINE_SPAN = 120  # a dateline is in the first characters of the text
DATELINE_WEIGHT = 3  # how many place mentions a dateline counts as, for the article's country
DATELINE_END = re.compile(r"\s(?:[•—–]|--?)\s|\(\w+\)\s*[—–-]")


@dataclass
class Candidate:
    code: str
    trigger: Token
    source: Participant | None
    target: Participant | None
    negated: bool
    modality: str
    nominal: bool = False
    inherit_target: bool = False
    definite_object: bool = False
    converted: bool = False  # a negated trigger recoded as what happened ("did not accept": a rejection)
    embedded: str | None = None
    mined: bool = False
    implicit: bool = False  # a role the text leaves implicit, inferred
    unit: tuple[int, int] = (0, 0)


def implicit_roles(candidates: list[Candidate], actors: ActorLookup, country: Actor | None) -> list[Candidate]:
    """A verdict with no source is the court's (the court the text names last before it); aid, relations or
    sanctions withdrawn with no target are the article's country's."""
    courts = [(s, a) for a in actors.actors if a.type == "ORG" and "court" in a.name.lower().split()
              for s, _ in a.mentions]
    for c in candidates:
        if c.source is None and c.code[:3] == "116" and courts:
            before = [(s, a) for s, a in courts if s <= c.trigger.idx]
            if before:
                actor = max(before, key=lambda x: x[0])[1]
                c.source = Participant(actor.name, actor, c.trigger)
        if (c.target is None and c.code[:2] == "16" and country is not None and c.source is not None
                and c.source.actor is not country):
            c.target = Participant(country.name, country, c.trigger)
    return candidates


def implicit_targets(candidates: list[Candidate], actors: ActorLookup, country: Actor | None,
                      syntax: Syntax) -> list[Candidate]:
    """Targets the text leaves implicit. A rejection or denial answers the latest criticism, demand or appeal
    made against the one denying (or an organization they hold a role in) by someone else, within a few sentences
    before: its target is that one's source. One aimed at a deed takes the deed's doer (``produced_targets``). A
    criticism, appeal,
    demand, threat, sanction or coercion with no target is aimed at the article's main adversary: the actor most
    often the target of its explicit conflict events, else the government or country the article is about."""
    for c in list(candidates):
        i = candidates.index(c)
        if c.target is not None or c.source is None or not (c.code[:2] == "12" or c.code == "016"):
            continue
        objects = [o for o in c.trigger.children if o.dep_ in OBJECT_DEPS]
        lemmas = {o.lemma_.lower() for o in objects if o.pos_ != "PRON"}
        if lemmas - RESPONSE_OBJECTS - ACTION_OBJECTS:
            continue  # "rejected the results": not an answer to someone's words or deeds
        roots = ("10", "11", "02") if not lemmas & ACTION_OBJECTS else tuple(CONFLICT_ROOTS)
        here = syntax.sent_index(c.trigger)
        prior = [k for k in candidates[:i] if k.code[:2] in roots and k.source is not None
                 and name_of(k.source) != name_of(c.source) and here - syntax.sent_index(k.trigger) <= RESPONSE_WINDOW]
        # a denial answers what was said against the one denying; an answer to words aimed elsewhere is left
        # to the article's main adversary
        prior = [k for k in prior if _aimed_at(k, c.source)]
        if prior:  # the latest one, and those who said it with them ("HRW and FIDH said ...")
            authors = [k.source for k in prior if k.trigger.i == prior[-1].trigger.i]
            c.target = Participant(authors[0].name, authors[0].actor, c.trigger)
            c.implicit = True
            for other in authors[1:]:
                extra = dataclasses.replace(c, target=Participant(other.name, other.actor, c.trigger))
                candidates.insert(candidates.index(c) + 1, extra)
    candidates = produced_targets(candidates, actors, syntax)
    adversary = main_adversary(candidates, actors, country, syntax)
    for c in candidates:
        if c.code[:2] in ("02", "10") and any(o.dep_ in OBJECT_DEPS or (o.dep_ == "prep" and o.lower_ in ("on", "upon"))
                                              for o in c.trigger.children):
            continue  # "urged the international community to ...": whom it asks is named, if not as an actor
        if c.target is None and _unnamed_patient(c.trigger):
            continue  # "threatened legal action against the newspaper": aimed at someone the text does not name
        if c.target is None and c.source is not None and c.code[:2] in IMPLICIT_TARGET_ROOTS and adversary:
            name, actor = adversary
            if (actor is not None and actor is c.source.actor) or name == c.source.name:
                continue
            if c.source.actor is None and c.source.token.lemma_.lower() in INSTITUTIONS:
                continue  # "the government threatened ...": the government is the article's own authority
            c.target = Participant(name, actor, c.trigger)
            c.implicit = True
    return merge(candidates)


def _aimed_at(k: Candidate, who: Participant) -> bool:
    """Whether an event is aimed at someone: at them, at an organization they hold a role in, or at their side
    (an accusation against the United States, answered by the U.S. Embassy)."""
    if k.target is None:
        return False
    if name_of(k.target) == name_of(who):
        return True
    orgs = {r.organization.casefold() for r in (who.actor.roles if who.actor else ()) if r.organization}
    if name_of(k.target) in orgs or (k.target.actor is not None and k.target.actor.name.casefold() in orgs):
        return True
    return k.target.actor is not None and who.actor is not None and _same_side(k.target.actor.code, who.actor.code)


def _same_side(a: str | None, b: str | None) -> bool:
    """Actor codes of one side: equal ("USAGOV" and "USAGOV"), or a country and its government ("USA", "USAGOV")."""
    if not a or not b:
        return False
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) == 3 and long.startswith(short) and long[3:6] == "GOV"


def produced_targets(candidates: list[Candidate], actors: ActorLookup, syntax: Syntax) -> list[Candidate]:
    """An event aimed at a deed with no named author is aimed at whoever the article says did it: "condemned the
    arrests" after "police detained X" targets the police; "rejected the verdict" the court that gave it. A deed
    the article names no doer for may name a body whose name says it runs such things: criticism of "the election"
    targets the election committee (the one organization named for elections)."""
    for i, c in enumerate(candidates):
        if c.target is not None or c.source is None or c.code[:2] not in PRODUCT_TARGET_ROOTS:
            continue
        answer = c.code[:2] == "12" or c.code == "016"
        for noun in about_nouns(c.trigger):
            lemma = noun.lemma_.lower()
            if answer and lemma in RESPONSE_OBJECTS:
                continue  # whose words a rejection answers is the answer rule's (implicit_targets)
            if not any((d.dep_ == "det" and d.lower_ in DEFINITE) or (d.dep_ == "poss" and d.pos_ == "PRON")
                       for d in noun.children):
                continue  # "threatened legal action" is no deed done before; "condemned the action" is
            author = _producer(c, candidates[:i], PRODUCT_ROOTS.get(lemma, frozenset()), syntax) or _body_named_for(
                lemma, c, actors)
            if author is not None:
                c.target, c.implicit = Participant(author.name, author.actor, c.trigger), True
                break
    return candidates


def about_nouns(trigger: Token) -> list[Token]:
    """The nouns an event is about: the trigger verb's objects (and what it is "about", "over" or "against"), an
    evaluative adjective's subject ("the charges were baseless"), an event noun's "of"/"over" phrase."""
    out: list[Token] = []
    if trigger.pos_ in ("VERB", "AUX"):
        out += [o for o in trigger.children if o.dep_ in OBJECT_DEPS]
        heads = [trigger, *(c for c in trigger.children if c.dep_ == "acomp")]
        preps = ("about", "over", "against", "of", "on")
    elif trigger.pos_ == "ADJ":
        clause = trigger.head if trigger.dep_ in ("acomp", "amod", "oprd") else trigger
        out += [o for o in clause.children if o.dep_ in ("nsubj", "nsubjpass")]
        if trigger.dep_ == "amod":
            out.append(trigger.head)
        heads, preps = [], ()
    else:
        heads, preps = [trigger], ("of", "over", "about", "against")
    out += _pobjs(heads, preps)
    if trigger.pos_ in ("VERB", "AUX"):  # "threatened action against X", "called for the release of X"
        out += _pobjs(_pobjs([trigger], ("for",)), ("of",)) + _pobjs(list(out), ("against", "on"))
    out += [x for o in list(out) for x in o.conjuncts if x.i > o.i]
    return [o for o in out if o.pos_ == "NOUN"]


def _pobjs(heads: list[Token], preps: tuple[str, ...]) -> list[Token]:
    return [o for h in heads for p in h.children if p.dep_ == "prep" and p.lower_ in preps
            for o in p.children if o.dep_ == "pobj"]


def _unnamed_patient(trigger: Token) -> bool:
    """Whether the event is about people or a body the text describes but does not name ("the newspaper",
    "political prisoners", "the workers")."""
    if trigger.pos_ not in ("VERB", "AUX"):
        return False  # "coercion of civil society groups" accuses the coercer, not the groups
    pats = patterns()
    words = pats.person_nouns | pats.actor_nouns | PATIENT_NOUNS
    return any(n.lemma_.lower() in words or n.lower_ in words for n in about_nouns(trigger))


def _producer(c: Candidate, before: list[Candidate], roots: frozenset[str], syntax: Syntax) -> Participant | None:
    """The source of the latest earlier event, within a few sentences, whose code starts with one of ``roots``."""
    if not roots:
        return None
    here = syntax.sent_index(c.trigger)
    prior = [k for k in before if k.code.startswith(tuple(roots)) and k.source is not None
             and name_of(k.source) != name_of(c.source) and 0 <= here - syntax.sent_index(k.trigger) <= PRODUCT_WINDOW]
    return prior[-1].source if prior else None


def _body_named_for(lemma: str, c: Candidate, actors: ActorLookup) -> Participant | None:
    """The one organization whose name says it runs the thing ("the election": the National Election Committee)."""
    if lemma not in BODY_RUN_NOUNS:
        return None
    stem = lemma[:5]
    bodies = [a for a in actors.actors if a.type == "ORG" and a.name.split()[-1].lower() in BODY_WORDS
              and any(w.lower().startswith(stem) for w in a.name.split()[:-1])
              and c.source.actor is not a]
    return Participant(bodies[0].name, bodies[0], c.trigger) if len(bodies) == 1 else None


def main_adversary(candidates: list[Candidate], actors: ActorLookup, country: Actor | None,
                   syntax: Syntax) -> tuple[str, Actor | None] | None:
    """The actor the article's conflict is about: the one most often criticized, accused, threatened or demanded of
    by name, or doing the coercing, sanctioning and assaulting (twice at least); else its government as the text
    names it ("the Cambodian government"), else its country. As (name, actor or None)."""
    counts: dict[str, int] = {}
    first: dict[str, Actor] = {}
    for c in candidates:
        if c.implicit:
            continue
        role = c.target if c.code[:2] in ACCUSING_ROOTS else c.source if c.code[:2] in MATERIAL_CONFLICT_ROOTS \
            else None
        if role is not None and role.actor is not None:
            counts[role.actor.id] = counts.get(role.actor.id, 0) + 1
            first.setdefault(role.actor.id, role.actor)
    if counts:
        best = max(counts, key=lambda k: counts[k])
        if counts[best] >= 2:
            return first[best].name, first[best]
    for actor in actors.actors:
        if actor.type == "ORG" and "government" in actor.name.lower():
            return actor.name, actor
    named = government_phrase(syntax, country)
    if named is not None:
        return named, None
    return (country.name, country) if country is not None else None


def government_phrase(syntax: Syntax, country: Actor | None) -> str | None:
    """The text's most frequent name for the government of its country: "Cambodian government", "Cambodia's
    government" (a demonym or the country's name before "government")."""
    if country is None:
        return None
    stem = country.name.lower()[:5]
    counts: dict[str, int] = {}
    for tok in syntax.doc:
        if tok.lemma_.lower() != "government":
            continue
        mods = [c for c in tok.lefts if c.dep_ in ("amod", "compound", "poss", "nmod") and c.lower_[:5] == stem]
        if mods:
            phrase = f"{mods[0].text.removesuffix('’s').removesuffix(chr(39) + 's')} government"
            counts[phrase] = counts.get(phrase, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else None


def main_country_actor(actors: ActorLookup, places: Sequence[Place], dateline: str | None) -> Actor | None:
    """The country the article is about, as an actor: the one its places name most, its dateline counting thrice."""
    counts: dict[str, int] = {}
    for p in places:
        if p.country:
            weight = DATELINE_WEIGHT if p.span[0] < DATELINE_SPAN and p.name == dateline else 1
            counts[p.country] = counts.get(p.country, 0) + weight
    if not counts:
        return None
    best = max(counts, key=lambda k: counts[k])
    for actor in actors.actors:  # the country itself, not its capital ("PHNOM PENH —" is no actor)
        if actor.type == "GPE" and country_code(actor.name) == best:
            return actor
    return None


def inherit_targets(candidates: list[Candidate]) -> list[Candidate]:
    """A target-less event about "the verdict"/"the apology" refers back: it takes the target of the latest earlier
    event of its code by the same source ("he did not accept the apology"), or by anyone for ``inherit_target``."""
    for i, c in enumerate(candidates):
        if c.target is not None or not (c.inherit_target or c.definite_object):
            continue
        earlier = [e for e in candidates[:i] if e.code == c.code and e.target is not None]
        same = [e for e in earlier if name_of(e.source) == name_of(c.source) and c.source is not None]
        chosen = same or (earlier if c.inherit_target else [])
        if chosen and (c.source is None or name_of(chosen[-1].target) != name_of(c.source)):
            c.target = chosen[-1].target
    return candidates


def drop_re_mentions(candidates: list[Candidate]) -> list[Candidate]:
    """An event told again later in the article is kept once: a later event (or an event noun anywhere) with the
    same root whose source and target are those of another event, or missing ("the party was dissolved" after "the
    court dissolved the party", "Rainsy's many apologies" before "Rainsy had apologised to him"); and a later event
    with the same code, source and target as an earlier one."""
    kept: list[Candidate] = []
    for c in candidates:
        if _subsumed(c, candidates):
            continue
        if any(
            k.source is not None and name_of(k.source) == name_of(c.source) and name_of(k.target) == name_of(c.target)
            and k.code == c.code and k.unit != c.unit
            for k in kept
        ):
            continue
        kept.append(c)
    return kept


def _subsumed(c: Candidate, candidates: list[Candidate]) -> bool:
    if (c.source is not None and c.target is not None) or (c.source is not None and not c.nominal):
        return False
    for k in candidates:
        if k is c or k.code[:2] != c.code[:2] or k.unit == c.unit:
            continue
        if not (c.nominal or k.trigger.i < c.trigger.i):
            continue
        if c.source is not None and name_of(k.source) != name_of(c.source):
            continue
        if c.target is not None and name_of(k.target) != name_of(c.target):
            continue
        if ((c.source is None and c.target is None) or (k.source, k.target) != (c.source, c.target)) and (
            (k.source is not None or c.source is None) and (k.target is not None or c.target is None)
        ):
            return True
    return False


def merge(candidates: list[Candidate]) -> list[Candidate]:
    """One event per code, source, target and sentence; also one per root where one trigger governs the other
    ("took to the streets to protest": 141, not 141 and 140)."""
    kept: list[Candidate] = []
    for c in sorted(candidates, key=lambda c: (c.nominal, c.trigger.i)):
        key = (name_of(c.source), name_of(c.target), c.unit)
        same = [
            k for k in kept
            if (name_of(k.source), name_of(k.target), k.unit) == key
            and (k.code == c.code or (k.code[:2] == c.code[:2] and _linked(k.trigger, c.trigger)))
        ]
        if not same:
            kept.append(c)
    return sorted(kept, key=lambda c: (c.trigger.i, c.code))


def _linked(a: Token, b: Token) -> bool:
    return a.is_ancestor(b) or b.is_ancestor(a) or a.head.i == b.i or b.head.i == a.i


def name_of(p: Participant | None) -> str | None:
    return p.name.casefold() if p else None


def dateline_place(text: str, places: Sequence[Place]) -> str | None:
    """The place of a dateline the article opens with ("PHNOM PENH —", "BANGKOK •", "CITY, Country (AP) —")."""
    first_line = text.lstrip().split("\n", 1)[0]
    offset = len(text) - len(text.lstrip())
    m = DATELINE_END.search(first_line[:120])
    if m is None:
        return None
    head = first_line[: m.start()]
    if not head.strip() or sum(ch.isupper() for ch in head) < len([ch for ch in head if ch.isalpha()]) * 0.6 and (
        "(" not in first_line[: m.end()]
    ):
        return None
    inside = [p for p in places if offset <= p.span[0] and p.span[1] <= offset + m.start() + 1]
    return min(inside, key=lambda p: p.span[0]).name if inside else None
