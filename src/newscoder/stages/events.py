"""Events: who did what to whom, coded in CAMEO, from verb and noun triggers in the parse.

The triggers and their conditions live in data/event_patterns.yaml, the codes' labels, Goldstein values and
PLOVER types in data/cameo.tsv. For a verb trigger the source is its subject (the agent of a passive, the
controller of an infinitive, the head of a relative clause; coordinated subjects give one event each) and the
target its object or the object of a preposition the pattern names. Names resolve through ``ActorLookup``;
pronouns resolve to the speaker of the reported speech they sit in, else to the nearest person before them;
definite descriptions ("the party", "the premier") to the latest actor whose name or role has that word.

Choices worth knowing:
- "did not accept"/"refused to agree" is coded as a rejection (12) with ``negated`` False, since that is what
  happened; any other negated trigger keeps its own code with ``negated`` True.
- ``modality``: "hypothetical" under if/would/could/might, "demanded" under should/must or an appeal verb
  ("urged X to ..."), "future" under will/going to/intent verbs, else "asserted".
- "X said Y should/must do Z" is also an appeal (020) from X to Y.
- Events with neither a source nor a target are dropped; so are noun triggers naming no actor, and a noun that
  re-mentions an event found before it ("Chhay's apology" after "he apologised").
- Events with the same code, source, target and sentence are merged into the first one (also those with the same
  root whose triggers govern each other: "took to the streets to protest" is one protest).
- ``date`` is the closest date of the trigger's own clause; a date of another clause or of a noun the trigger
  does not head ("the elections in June 2022") is not the event's. Without one: the publication date, flagged
  ``date_is_published``. ``evidence`` is the trigger's sentence, cut at line breaks.
- A target-less event about a definite event noun ("did not accept the apology", "upheld the verdict") takes the
  target of the latest earlier event of its code (by the same source, or for "uphold" by anyone).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from spacy.tokens import Doc, Token

from ..cameo import lookup as cameo_lookup
from ..records import Actor, ActorLookup, DateMention, Event, Place

ASSERTED, HYPOTHETICAL, FUTURE, DEMANDED = "asserted", "hypothetical", "future", "demanded"
SUBJECT_DEPS = {"nsubj", "csubj"}
PASSIVE_SUBJECT_DEPS = {"nsubjpass", "csubjpass"}
OBJECT_DEPS = {"dobj", "obj"}
INHERIT_DEPS = {"xcomp", "advcl", "conj", "pcomp", "prep", "acl", "relcl", "ccomp", "oprd", "acomp", "advmod"}
INSTITUTIONS = {"government", "regime", "administration", "authority", "authorities", "junta", "police"}
NEUTER = {"it", "its", "they", "them", "their"}
RELATIVE_PRONOUNS = {"who", "whom", "which", "that"}
PERSONAL = {"he", "him", "his", "she", "her", "hers", "himself", "herself"}
FIRST_PERSON = {"i", "me", "my", "mine", "myself"}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
HYPOTHETICAL_AUX = {"would", "could", "might", "may", "'d"}
DEMAND_AUX = {"should", "must", "ought"}
CONDITIONAL_MARKS = {"if", "unless", "whether"}
CAUSATIVES = {"let", "make", "allow", "permit", "help", "have"}
ROLE_SYNONYMS = {"premier": "prime minister", "pm": "prime minister"}


@dataclass(frozen=True)
class Rule:
    code: str | None
    when: dict[str, Any] = field(default_factory=dict)
    negated_code: str | None = None
    intent_code: str | None = None
    keywords: dict[str, str] = field(default_factory=dict)
    unless: frozenset[str] = frozenset()
    target: tuple[str, ...] = ("dobj", "dative", "against")
    need: str | None = None
    inherit_target: bool = False
    source: tuple[str, ...] = ("poss", "by", "from")
    standalone: bool = True


@dataclass(frozen=True)
class Patterns:
    verbs: dict[str, tuple[Rule, ...]]
    adjectives: dict[str, tuple[Rule, ...]]
    nouns: dict[str, tuple[Rule, ...]]
    speech_verbs: frozenset[str]
    decision_verbs: frozenset[str]
    appeal_verbs: frozenset[str]
    intent_verbs: frozenset[str]
    light_verbs: frozenset[str]
    object_control_verbs: frozenset[str]
    actor_nouns: frozenset[str]
    person_nouns: frozenset[str]


RULE_KEYS = {"code", "when", "negated_code", "intent_code", "keywords", "unless", "target", "need", "inherit_target",
             "source", "standalone", "note"}


def _rule(raw: dict[str, Any]) -> Rule:
    unknown = set(raw) - RULE_KEYS
    if unknown:
        raise ValueError(f"event_patterns.yaml: unknown rule keys {sorted(unknown)} in {raw}")
    kwargs: dict[str, Any] = {"code": raw.get("code")}
    for key in ("when", "negated_code", "intent_code", "need"):
        if raw.get(key) is not None:
            kwargs[key] = raw[key]
    if raw.get("keywords"):
        kwargs["keywords"] = {str(k).lower(): str(v) for k, v in raw["keywords"].items()}
    if raw.get("unless"):
        kwargs["unless"] = frozenset(w.lower() for w in raw["unless"])
    for key in ("target", "source"):
        if key in raw:
            kwargs[key] = tuple(raw[key] or ())
    kwargs["inherit_target"] = bool(raw.get("inherit_target", False))
    kwargs["standalone"] = bool(raw.get("standalone", True))
    keywords = kwargs.get("keywords", {})
    codes = (kwargs["code"], kwargs.get("negated_code"), kwargs.get("intent_code"), *keywords.values())
    for code in codes:
        if code is not None:
            cameo_lookup(str(code))  # fails loudly on a code the table lacks
    return Rule(**kwargs)


def _rules(section: dict[str, Any] | None) -> dict[str, tuple[Rule, ...]]:
    out: dict[str, tuple[Rule, ...]] = {}
    for lemma, raw in (section or {}).items():
        items = raw if isinstance(raw, list) else [raw]
        out[str(lemma).lower()] = tuple(_rule(r) for r in items)
    return out


class _Loader(yaml.SafeLoader):
    """YAML without 1.1's yes/no/on/off booleans: "call on", "go on strike" keep their "on"."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    """The trigger dictionary, data/event_patterns.yaml, loaded once."""
    text = resources.files("newscoder.data").joinpath("event_patterns.yaml").read_text(encoding="utf-8")
    raw = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in raw.get(key) or ())

    return Patterns(
        verbs=_rules(raw.get("verbs")),
        adjectives=_rules(raw.get("adjectives")),
        nouns=_rules(raw.get("nouns")),
        speech_verbs=words("speech_verbs"),
        decision_verbs=words("decision_verbs"),
        appeal_verbs=words("appeal_verbs"),
        intent_verbs=words("intent_verbs"),
        light_verbs=words("light_verbs"),
        object_control_verbs=words("object_control_verbs"),
        actor_nouns=words("actor_nouns"),
        person_nouns=words("person_nouns"),
    )


@dataclass(frozen=True)
class Participant:
    name: str
    actor: Actor | None
    token: Token

    @property
    def id(self) -> str | None:
        return self.actor.id if self.actor else None


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


def find_events(
    doc: Doc,
    actors: ActorLookup,
    dates: Sequence[DateMention],
    places: Sequence[Place],
    published: dt.date | None,
) -> list[Event]:
    """The article's events in text order, ids E1, E2, ..."""
    finder = _Finder(doc, actors, patterns())
    candidates = finder.candidates()
    candidates = _inherit_targets(candidates)
    candidates = _drop_re_mentions(candidates)
    candidates = _merge(candidates)
    return [_event(i, c, dates, places, published) for i, c in enumerate(candidates, start=1)]


class _Finder:
    def __init__(self, doc: Doc, actors: ActorLookup, pats: Patterns):
        self.doc, self.actors, self.p = doc, actors, pats
        self.triggers: set[int] = set()
        self.sents = list(doc.sents)
        self.known = frozenset(pats.verbs) | pats.light_verbs | pats.speech_verbs | pats.decision_verbs | (
            pats.appeal_verbs | pats.intent_verbs | pats.object_control_verbs | CAUSATIVES
        )

    # ---- candidates -------------------------------------------------------------------------------
    def candidates(self) -> list[Candidate]:
        found: list[Candidate] = []
        for tok in self.doc:
            if tok.pos_ in ("VERB", "AUX") and self._lem(tok) in self.p.verbs and tok.dep_ != "amod":
                found += self._verb(tok)
            elif tok.pos_ == "ADJ" and self._lem(tok) in self.p.adjectives:
                found += self._adjective(tok)
        for tok in self.doc:
            if tok.pos_ in ("NOUN", "PROPN") and self._noun_lemma(tok) in self.p.nouns:
                found += self._noun(tok)
        found += self._derived_appeals()
        found.sort(key=lambda c: (c.trigger.i, c.code))
        return found

    def _verb(self, tok: Token) -> list[Candidate]:
        passive = self._passive(tok)
        rule = self._match(self.p.verbs[self._lem(tok)], tok, passive)
        if rule is None:
            return []
        negated = self._negated(tok)
        code = rule.code
        if negated and rule.negated_code:
            code, negated = rule.negated_code, False
        if code is None:
            return []
        modality = self._modality(tok)
        if rule.intent_code and (modality in (FUTURE, HYPOTHETICAL) or self._under(tok, self.p.intent_verbs)):
            code = rule.intent_code
        sources = self._sources(tok, passive)
        made = self._emit(tok, rule, code, sources, lambda src: self._targets(tok, rule.target, passive, src),
                          negated, modality, scope=[tok])
        if made:
            self.triggers.add(tok.i)
        return made

    def _adjective(self, tok: Token) -> list[Candidate]:
        if tok.dep_ not in ("acomp", "oprd", "ROOT"):
            return []
        rule = self._match(self.p.adjectives[self._lem(tok)], tok, False)
        if rule is None or rule.code is None:
            return []
        self.triggers.add(tok.i)
        verb = tok.head if tok.dep_ != "ROOT" else tok
        sources = self._sources(verb, self._passive(verb))
        return self._emit(tok, rule, rule.code, sources, lambda src: self._prep_targets(tok, rule.target, src),
                          self._negated(verb) or self._negated(tok), self._modality(verb), scope=[tok])

    def _noun(self, tok: Token) -> list[Candidate]:
        rule = self._match(self.p.nouns[self._noun_lemma(tok)], tok, False)
        if rule is None or rule.code is None or any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
            return []
        head = tok.head
        if tok.dep_ in OBJECT_DEPS | PASSIVE_SUBJECT_DEPS and head.i in self.triggers:
            return []  # "rejected an apology": the verb is the event, the apology its object
        light = tok.dep_ in OBJECT_DEPS and self._lem(head) in self.p.light_verbs and head.pos_ in ("VERB", "AUX")
        if not light and not rule.standalone:
            return []
        self.triggers.add(tok.i)
        if light:
            own = next((found for r in rule.source if (found := self._role(tok, r))), [])
            sources = own or self._sources(head, self._passive(head))
            negated, modality = self._negated(head), self._modality(head)

            def targets(src: Participant | None) -> list[Participant]:
                return (self._prep_targets(tok, rule.target, src) or self._prep_targets(head, rule.target, src)
                        or self._prep_targets(head, ("dative",), src))
        else:
            sources = next((found for r in rule.source if (found := self._role(tok, r))), [])
            negated, modality = False, self._modality(tok.head) if tok.head.pos_ == "VERB" else ASSERTED

            def targets(src: Participant | None) -> list[Participant]:
                return self._prep_targets(tok, rule.target, src)
        made = self._emit(tok, rule, rule.code, sources, targets, negated, modality, scope=[tok])
        if not light:
            made = [c for c in made if (c.source and c.source.actor) or (c.target and c.target.actor)]
        for c in made:
            c.nominal = not light
        return made

    def _emit(self, tok, rule, code, sources, targets_of, negated, modality, scope) -> list[Candidate]:
        out: list[Candidate] = []
        words = self._words(scope)
        if rule.unless & self._unit_words(tok):
            return []
        unit = _unit(tok)
        sources = [p for p in sources if unit[0] <= p.token.idx < unit[1]]
        for src in sources or [None]:
            targets = [p for p in targets_of(src) if unit[0] <= p.token.idx < unit[1]] or [None]
            for tgt in targets:
                if rule.need in ("source", "both") and src is None:
                    continue
                if rule.need in ("target", "both") and tgt is None:
                    continue
                if not (self._strong(src) or self._strong(tgt)):
                    continue
                if src and tgt and src.actor and src.actor is tgt.actor:
                    continue
                final = self._refine(code, rule, words | self._name_words(tgt))
                out.append(Candidate(final, tok, src, tgt, negated, modality, inherit_target=rule.inherit_target,
                                     definite_object=self._definite_event_object(tok)))
        return out

    def _lem(self, tok: Token) -> str:
        """The lemma, repaired for a verb the lemmatizer gets wrong ("staged" -> "stag")."""
        lemma = tok.lemma_.lower()
        if tok.pos_ not in ("VERB", "AUX") or lemma in self.known:
            return lemma
        low = tok.lower_
        for cut, add in ((1, ""), (2, ""), (3, ""), (3, "e"), (4, "")):
            guess = low[:-cut] + add if len(low) > cut + 2 else ""
            if guess in self.known:
                return guess
        return lemma

    # ---- rule conditions ----------------------------------------------------------------------------
    def _match(self, rules: Iterable[Rule], tok: Token, passive: bool) -> Rule | None:
        for rule in rules:
            if all(self._holds(k, v, tok, passive) for k, v in rule.when.items()):
                return rule
        return None

    def _holds(self, key: str, value: Any, tok: Token, passive: bool) -> bool:
        objects = self._objects(tok, passive)
        if key == "object":
            return any(self._lemma_in(o, value) for o in objects)
        if key == "prep":
            for prep in self._preps(tok):
                allowed = value.get(self._lem(prep))
                if allowed is None:
                    continue
                if any(self._lemma_in(o, allowed) for o in self._pobjs(prep)) or "*" in allowed:
                    return True
            return False
        if key == "particle":
            after = [c for c in tok.children if c.dep_ in ("prt", "prep", "advmod") and c.i > tok.i]
            return any(self._lem(c) in value for c in after)
        if key == "complement":
            return any(self._lem(c) in value for c in tok.children if c.dep_ in ("oprd", "acomp", "attr", "xcomp"))
        if key == "xcomp":
            comps = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX")]
            return any("*" in value or self._lem(c) in value for c in comps)
        if key == "infinitive":
            comps = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX")]
            has = any(any(x.dep_ == "aux" and x.lower_ == "to" for x in c.children) for c in comps)
            return has == bool(value)
        if key == "sentence":
            return bool(self._unit_words(tok) & set(value))
        if key == "clause":
            words = {t.lower_ for c in tok.children if c.dep_ in ("ccomp", "xcomp") for t in c.subtree}
            return bool(words & set(value))
        if key == "intransitive":
            has = bool(objects) or any(c.dep_ in ("ccomp", "xcomp") for c in tok.children)
            return has != bool(value)
        if key == "person_object":
            return any(self._is_person(o) for o in objects) == bool(value)
        if key == "not_person_object":
            return bool(objects) and not any(self._is_person(o) for o in objects)
        raise ValueError(f"event_patterns.yaml: unknown condition {key!r}")

    @staticmethod
    def _lemma_in(tok: Token, allowed: Iterable[str]) -> bool:
        allowed = set(allowed)
        return "*" in allowed or tok.lemma_.lower() in allowed or tok.text.lower() in allowed

    def _is_person(self, tok: Token) -> bool:
        if tok.lower_ in PERSONAL | {"they", "them"} | self.p.person_nouns or self._lem(tok) in self.p.person_nouns:
            return True
        actor = self._actor_at(tok)
        return (actor is not None and actor.type == "PERSON") or tok.ent_type_ == "PERSON"

    @staticmethod
    def _strong(p: Participant | None) -> bool:
        """A named actor, or words that name one ("Thai police", "the government"), not "many politicians"."""
        if p is None:
            return False
        if p.actor is not None or p.token.lemma_.lower() in INSTITUTIONS:
            return True
        return any(w[:1].isupper() for w in p.name.split())

    def _refine(self, code: str, rule: Rule, words: set[str]) -> str:
        best = code
        for word, specific in rule.keywords.items():
            if word in words and specific[:2] == code[:2] and len(specific) >= len(best):
                best = specific
        return best

    def _words(self, scope: list[Token]) -> set[str]:
        words: set[str] = set()
        for tok in scope:
            for t in tok.subtree:
                if t.dep_ in SUBJECT_DEPS and t.head.i == tok.i:
                    continue
                words.add(t.lower_)
                words.add(self._lem(t))
        return words

    def _unit_words(self, tok: Token) -> set[str]:
        start, end = _unit(tok)
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return {t.lower_ for t in span} | {t.lemma_.lower() for t in span} if span is not None else set()

    @staticmethod
    def _name_words(p: Participant | None) -> set[str]:
        return {w.lower() for w in p.name.replace("-", " ").split()} if p else set()

    # ---- syntax helpers -----------------------------------------------------------------------------
    def _noun_lemma(self, tok: Token) -> str:
        lemma = self._lem(tok)
        return lemma if lemma in self.p.nouns else tok.lower_

    @staticmethod
    def _preps(tok: Token) -> list[Token]:
        return [c for c in tok.children if c.dep_ in ("prep", "agent", "dative") and c.pos_ == "ADP"]

    @staticmethod
    def _pobjs(prep: Token) -> list[Token]:
        out = []
        for c in prep.children:
            if c.dep_ in ("pobj", "pcomp"):
                out.append(c)
                out += [x for x in c.conjuncts if x.i > c.i]
        return out

    def _passive(self, tok: Token) -> bool:
        if any(c.dep_ in ("auxpass", "nsubjpass", "csubjpass") for c in tok.children):
            return True
        if tok.dep_ in ("acl", "amod") and tok.tag_ == "VBN":
            return True
        if (
            tok.dep_ == "conj" and tok.tag_ in ("VBN", "VBD")
            and not any(c.dep_ in ("aux", "nsubj", "dobj") for c in tok.children)
        ):
            return self._passive(tok.head)
        return False

    def _objects(self, tok: Token, passive: bool) -> list[Token]:
        if passive:
            return self._patients(tok)
        objs = [c for c in tok.children if c.dep_ in OBJECT_DEPS]
        if not objs:  # "criticized and condemned X": X is the object of both
            later = [v for v in tok.conjuncts if v.i > tok.i and not any(c.dep_ in SUBJECT_DEPS for c in v.children)]
            objs = [c for v in later[:1] for c in v.children if c.dep_ in OBJECT_DEPS]
        return [x for o in objs for x in (o, *[c for c in o.conjuncts if c.i > o.i])]

    def _patients(self, tok: Token) -> list[Token]:
        """The passive verb's subject: its own, a conjoined verb's, or the noun a participle modifies."""
        subject = self._own(tok, PASSIVE_SUBJECT_DEPS)
        if subject is not None:
            return [subject, *[x for x in subject.conjuncts if x.i > subject.i]]
        if tok.dep_ in ("acl", "amod"):
            return [tok.head]
        if tok.dep_ == "conj":
            return self._patients(tok.head) if self._passive(tok.head) else self._subject_tokens(tok.head)
        if tok.dep_ == "xcomp":  # "it was painful to be accused": the controller
            return self._subject_tokens(tok.head)
        if tok.dep_ == "relcl":
            return [tok.head]
        return []

    @staticmethod
    def _own(tok: Token, deps: set[str]) -> Token | None:
        """The verb's subject in its own paragraph (a heading glued to the sentence is no subject), nearest first."""
        unit = _unit(tok)
        found = [c for c in tok.children if c.dep_ in deps and unit[0] <= c.idx < unit[1]]
        before = [c for c in found if c.i < tok.i]
        return before[-1] if before else (found[0] if found else None)

    def _subject_tokens(self, tok: Token, depth: int = 0) -> list[Token]:
        """The active subject of a verb: its own, or the one it shares (conjunction, control, purpose)."""
        if depth > 6:
            return []
        deps = SUBJECT_DEPS if depth == 0 else SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS
        subject = self._own(tok, deps)
        if subject is not None:
            return [subject, *[x for x in subject.conjuncts if x.i > subject.i]]
        if tok.dep_ in ("acl",) and tok.tag_ == "VBG":
            return [tok.head]
        if tok.dep_ == "relcl":
            return [tok.head]
        head = tok.head
        if head.i == tok.i or tok.dep_ not in INHERIT_DEPS - {"ccomp", "relcl"}:
            return []
        if tok.dep_ == "xcomp" and self._lem(head) in self.p.object_control_verbs:
            controller = [c for c in head.children if c.dep_ in OBJECT_DEPS]
            if not controller and self._lem(head) in self.p.appeal_verbs:
                controller = [o for p in self._preps(head) if p.lower_ in ("on", "upon") for o in self._pobjs(p)]
            if controller:
                return controller
        if self._passive(head) and tok.dep_ == "conj":
            return []
        return self._subject_tokens(head, depth + 1)

    def _sources(self, tok: Token, passive: bool) -> list[Participant]:
        if passive:
            agents = [o for c in tok.children if c.dep_ == "agent" for o in self._pobjs(c)]
            if not agents:
                decider = self._decider(tok)
                agents = self._subject_tokens(decider) if decider is not None else []
            return self._resolve_all(agents)
        return self._resolve_all(self._subject_tokens(tok))

    def _decider(self, tok: Token) -> Token | None:
        """The verb of deciding whose complement this passive is ("ruled that the party be dissolved")."""
        t = tok
        for _ in range(3):
            if t.dep_ in ("ccomp", "xcomp", "conj") and t.head.i != t.i:
                if self._lem(t.head) in self.p.decision_verbs:
                    return t.head
                t = t.head
            else:
                return None
        return None

    def _targets(self, tok: Token, roles: Sequence[str], passive: bool, src: Participant | None) -> list[Participant]:
        for role in roles:
            if role == "dobj":
                tokens = self._objects(tok, passive)
                lent = self._event_noun_sources(tok, tokens, src)
                if lent:
                    return lent
            elif role == "dative":
                tokens = [c for c in tok.children if c.dep_ in ("dative", "iobj") and c.pos_ != "ADP"]
                tokens += [o for c in tok.children if c.dep_ == "dative" and c.pos_ == "ADP" for o in self._pobjs(c)]
            elif role == "complement":
                tokens = self._complement_targets(tok, src)
            else:
                tokens = self._prep_objects(tok, role)
                if not tokens and passive is False and any(c.dep_ == "prt" and c.lemma_ == role for c in tok.children):
                    tokens = self._objects(tok, False)
            found = self._resolve_all(tokens, exclude=src)
            if found:
                return found
        return []

    def _definite_event_object(self, tok: Token) -> bool:
        for obj in (c for c in tok.children if c.dep_ in OBJECT_DEPS):
            if self._noun_lemma(obj) in self.p.nouns and any(
                c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in obj.children
            ):
                return True
        return False

    def _event_noun_sources(self, verb: Token, objects: list[Token], src: Participant | None) -> list[Participant]:
        """"rejected an apology from X", "did not accept X's apology": the apology's author is the target."""
        for obj in objects:
            rules = self.p.nouns.get(self._noun_lemma(obj))
            if not rules or self._actor_at(obj) is not None:
                continue
            roles = rules[0].source
            found = next((f for r in roles if (f := self._resolve_all(self._role_tokens(obj, r), exclude=src))), [])
            if not found and "from" in roles:
                found = self._resolve_all(self._prep_objects(verb, "from"), exclude=src)
            if found:
                return found
        return []

    def _prep_objects(self, tok: Token, word: str) -> list[Token]:
        return [o for prep in self._preps(tok) if self._lem(prep) == word and prep.i > tok.i for o in self._pobjs(prep)]

    def _prep_targets(self, tok: Token, roles: Sequence[str], src: Participant | None) -> list[Participant]:
        for role in roles:
            if role == "dative":
                tokens = [c for c in tok.children if c.dep_ in ("dative", "iobj") and c.pos_ != "ADP"]
            else:
                tokens = self._role_tokens(tok, role)
            if src is not None:
                tokens = [t for t in tokens if t.i != src.token.i]
            found = self._resolve_all(tokens, exclude=src)
            if found:
                return found
        return []

    def _role_tokens(self, tok: Token, role: str) -> list[Token]:
        if role == "poss":
            return [c for c in tok.children if c.dep_ == "poss"]
        if role == "compound":
            return [c for c in tok.children if c.dep_ in ("compound", "nmod", "amod") and c.pos_ == "PROPN"]
        return self._prep_objects(tok, role)

    def _role(self, tok: Token, role: str) -> list[Participant]:
        return self._resolve_all(self._role_tokens(tok, role))

    def _complement_targets(self, tok: Token, src: Participant | None) -> list[Token]:
        for comp in (c for c in tok.children if c.dep_ in ("ccomp", "xcomp")):
            subj = [c for c in comp.children if c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS]
            objs = [c for c in comp.children if c.dep_ in OBJECT_DEPS]
            preps = [o for p in self._preps(comp) if self._lem(p) == "against" for o in self._pobjs(p)]
            for group in (subj, objs, preps):
                resolved = self._resolve_all(group)
                if resolved and not (src and src.actor and resolved[0].actor is src.actor):
                    return group
        return []

    def _negated(self, tok: Token) -> bool:
        for c in tok.children:
            if c.dep_ == "neg":
                return True
            if c.dep_ == "advmod" and c.lower_ == "longer" and any(x.dep_ == "neg" for x in c.children):
                return True
            if c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS and any(
                x.dep_ == "preconj" and x.lower_ == "neither" for x in c.children
            ):
                return True
        head = tok.head
        if head.i == tok.i:
            return False
        if tok.dep_ == "xcomp" or (tok.dep_ == "ccomp" and self._lem(head) in CAUSATIVES):
            return self._negated(head) or self._lem(head) in ("refuse", "decline", "fail")
        if tok.dep_ == "conj" and not any(c.dep_ in SUBJECT_DEPS | {"aux", "neg"} for c in tok.children):
            between = [c for c in head.children if c.dep_ == "cc" and head.i < c.i < tok.i]
            if between and between[-1].lower_ in ("or", "nor"):
                return self._negated(head)
        return False

    def _modality(self, tok: Token) -> str:
        found: set[str] = set()
        t, steps = tok, 0
        while steps < 6:
            auxes = [c.lower_ for c in t.children if c.dep_ in ("aux", "auxpass")]
            found |= {FUTURE for a in auxes if a in FUTURE_AUX}
            found |= {HYPOTHETICAL for a in auxes if a in HYPOTHETICAL_AUX}
            found |= {DEMANDED for a in auxes if a in DEMAND_AUX}
            if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in t.children):
                return HYPOTHETICAL
            if t.lemma_ == "go" and any(c.dep_ == "xcomp" for c in t.children) and t.tag_ == "VBG":
                found.add(FUTURE)
            if t.dep_ in ("xcomp", "ccomp") and self._lem(t.head) in self.p.appeal_verbs and t.head.i != t.i:
                found.add(DEMANDED)
            if t.dep_ == "xcomp" and self._lem(t.head) in self.p.intent_verbs:
                found.add(FUTURE)
            if t.dep_ in ("conj", "xcomp") and not auxes and t.head.i != t.i:
                t, steps = t.head, steps + 1
                continue
            if t.dep_ == "ccomp" and self._lem(t.head) in CAUSATIVES and not auxes:
                t, steps = t.head, steps + 1
                continue
            if t.dep_ == "advcl" and t.head.i != t.i:  # an if-clause above us
                t, steps = t.head, steps + 1
                continue
            break
        for value in (DEMANDED, HYPOTHETICAL, FUTURE):
            if value in found:
                return value
        return ASSERTED

    def _under(self, tok: Token, verbs: frozenset[str]) -> bool:
        t = tok
        for _ in range(3):
            if t.dep_ not in ("xcomp", "conj") or t.head.i == t.i:
                return False
            t = t.head
            if self._lem(t) in verbs:
                return True
        return False

    # ---- resolving names ----------------------------------------------------------------------------
    def _resolve_all(self, tokens: Iterable[Token], exclude: Participant | None = None) -> list[Participant]:
        out: list[Participant] = []
        for tok in tokens:
            p = self._resolve(tok, exclude)
            if p and not any(p.name == q.name for q in out):
                out.append(p)
        return out

    def _resolve(self, tok: Token, exclude: Participant | None = None, depth: int = 0) -> Participant | None:
        if depth > 3:
            return None
        low = tok.lower_
        if tok.pos_ == "PRON" or tok.tag_ in ("PRP", "PRP$", "WP", "WDT"):
            if low in RELATIVE_PRONOUNS and tok.head.dep_ == "relcl":
                return self._resolve(self._antecedent(tok.head.head), exclude, depth + 1)
            return self._pronoun(tok, exclude)
        actor = self._actor_at(tok)
        if actor:
            return Participant(actor.name, actor, tok)
        lemma = self._lem(tok)
        if lemma in INSTITUTIONS:
            return self._text_participant(tok)
        for c in tok.children:
            if c.dep_ == "appos":
                p = self._resolve(c, exclude, depth + 1)
                if p and p.actor:
                    return p
        for c in tok.children:  # "the CSIS report" -> CSIS; but "the Kentucky Republican" is no Kentucky
            if c.dep_ in ("compound", "nmod") and c.i < tok.i:
                p = self._resolve(c, exclude, depth + 1)
                if p and p.actor and p.actor.type != "GPE":
                    return p
        described = self._described(tok)
        if described:
            return described
        for c in tok.children:
            if c.dep_ == "poss" and lemma not in self.p.actor_nouns and low not in self.p.actor_nouns:
                p = self._resolve(c, exclude, depth + 1)
                if p and p.actor:
                    return p
        for c in tok.children:  # "forces loyal to X", "members of X" (not "a shooting in California")
            if c.dep_ in ("prep", "amod", "acl") and c.i > tok.i:
                adps = [x for x in [c, *c.children] if x.pos_ == "ADP" and x.lower_ in ("of", "to")]
                for o in (o for x in adps for o in self._pobjs(x)):
                    p = self._resolve(o, exclude, depth + 1)
                    if p and p.actor:
                        return p
        if tok.pos_ == "PROPN" or lemma in self.p.actor_nouns or low in self.p.actor_nouns:
            return self._text_participant(tok)
        return None

    @staticmethod
    def _antecedent(noun: Token) -> Token:
        """The noun a relative clause is about; "X was one of the officials who ..." is about X."""
        of = noun.head
        if noun.dep_ == "pobj" and of.lower_ == "of" and of.head.lower_ in ("one", "among") and of.head.dep_ == "attr":
            copula = of.head.head
            subjects = [c for c in copula.children if c.dep_ in SUBJECT_DEPS]
            if subjects:
                return subjects[0]
        return noun

    def _actor_at(self, tok: Token) -> Actor | None:
        return self.actors.at(tok.idx, tok.idx + len(tok.text))

    def _text_participant(self, tok: Token) -> Participant | None:
        """An unnamed actor as its words: "Thai authorities", "the government" -> "government"."""
        left = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod", "poss", "nummod", "quantmod", "det")]
        line_start = tok.doc.text.rfind("\n", 0, tok.idx) + 1
        skip = {t.i for c in left if c.dep_ in ("det", "predet") for t in c.subtree}
        for c in left:  # leading descriptive adjectives: "the long-ruling ...", "many high-ranking ..."
            if c.dep_ in ("amod", "nummod", "quantmod") and not any(t.pos_ == "PROPN" for t in c.subtree):
                skip |= {t.i for t in c.subtree}
        first = next(
            (t for t in self.doc[min([tok.i, *(c.left_edge.i for c in left)]) : tok.i + 1]
             if t.i not in skip and not t.is_punct and t.idx >= line_start),
            tok,
        )
        text = self.doc.text[first.idx : tok.idx + len(tok.text)]
        text = " ".join(re.sub(r"\s*\([^()]*\)", "", text).split())
        if not text or first.pos_ == "PRON" and first.i == tok.i:
            return None
        return Participant(text, None, tok)

    def _described(self, tok: Token) -> Participant | None:
        """A definite description: "the premier" -> the person with that role; "his party" -> his party."""
        if tok.pos_ != "NOUN" or any(c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN" for c in tok.children):
            return None
        dets = [c for c in tok.children if c.dep_ in ("det", "poss")]
        if not dets or (dets[0].dep_ == "det" and dets[0].lower_ not in ("the", "this", "that")):
            return None
        lemma = self._lem(tok)
        phrase = " ".join(t.lower_ for t in tok.lefts if t.dep_ in ("amod", "compound")) + " " + lemma
        phrase = ROLE_SYNONYMS.get(lemma, phrase.strip())
        poss = next((c for c in tok.children if c.dep_ == "poss"), None)
        if poss is not None:
            owner = self._resolve(poss) if poss.pos_ == "PRON" else None
            if owner and owner.actor:
                for role in owner.actor.roles:
                    if role.organization and lemma in role.organization.lower():
                        org = self.actors.named(role.organization)
                        if org:
                            return Participant(org.name, org, tok)
        modifiers = {t.lower_ for t in tok.lefts if t.dep_ in ("amod", "compound") and t.is_lower}
        index = next((i for i, s in enumerate(self.sents) if s.start <= tok.i < s.end), 0)
        window = self.sents[max(0, index - 3)].start_char
        best: tuple[tuple[int, int, int], Actor] | None = None
        for actor in self.actors.actors:
            if actor.type == "PERSON":
                ok = any(phrase in r.title.lower() or r.title.lower().endswith(lemma) for r in actor.roles)
            else:
                ok = lemma in actor.name.lower().split() and lemma not in ("people",)
            if not ok:
                continue
            refs = [(s, e) for s, e in actor.mentions if e <= tok.idx and not self._descriptor(s, e)]
            if not refs:
                continue
            fits = sum(any(m in self._words_before(s) for s, _ in actor.mentions) or m in actor.name.lower()
                       for m in modifiers)
            recent = sum(window <= s and e <= tok.idx for s, e in actor.mentions)
            key = (fits, recent, max(e for _, e in refs))
            if best is None or key > best[0]:
                best = (key, actor)
        return Participant(best[1].name, best[1], tok) if best else None

    def _descriptor(self, start: int, end: int) -> bool:
        """A mention that only describes a noun after it ("CNRP officials", "a CPP member"), not a reference."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return False
        root = span.root
        if root.dep_ == "appos" and root.head.i not in range(span.start, span.end):
            root = root.head
        return root.dep_ in ("compound", "nmod", "amod") and root.head.i > root.i

    def _words_before(self, start: int, n: int = 4) -> set[str]:
        span = self.doc.char_span(start, start + 1, alignment_mode="expand")
        if span is None:
            return set()
        return {t.lower_ for t in self.doc[max(0, span.start - n) : span.start]}

    def _pronoun(self, tok: Token, exclude: Participant | None) -> Participant | None:
        low = tok.lower_
        if low in FIRST_PERSON:
            return self._speaker(tok)
        if low in NEUTER:
            return self._neuter(tok) if tok.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS else None
        if low not in PERSONAL:
            return None
        speaker = self._speaker(tok)
        excluded = exclude.actor if exclude else None
        if speaker and speaker.actor and speaker.actor.type == "PERSON" and speaker.actor is not excluded:
            return Participant(speaker.name, speaker.actor, tok)
        if tok.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS and not self._person_before(tok):
            salient = self._previous_subject(tok)
            if salient and not (exclude and exclude.actor is salient):
                return Participant(salient.name, salient, tok)
        best: tuple[int, Actor] | None = None
        for actor in self.actors.actors:
            if actor.type != "PERSON" or (exclude and exclude.actor is actor):
                continue
            for _s, e in actor.mentions:
                if e <= tok.idx and (best is None or e > best[0]):
                    best = (e, actor)
        return Participant(best[1].name, best[1], tok) if best else None

    def _neuter(self, tok: Token) -> Participant | None:
        """"it"/"they": the organization subject of the clause it continues, else the nearest one before it."""
        clause = tok.head
        if tok.dep_ in SUBJECT_DEPS and clause.dep_ in ("conj", "advcl") and clause.head.i != clause.i:
            subject = self._own(clause.head, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS)
            if subject is not None and subject.pos_ != "PRON":
                p = self._resolve(subject)
                if p and p.actor and p.actor.type != "PERSON":
                    return Participant(p.name, p.actor, tok)
        start = tok.sent.start_char
        best: tuple[int, Actor] | None = None
        for actor in self.actors.actors:
            if actor.type == "PERSON":
                continue
            for s, e in actor.mentions:
                if start <= s and e <= tok.idx and (best is None or e > best[0]):
                    best = (e, actor)
        return Participant(best[1].name, best[1], tok) if best else None

    def _person_before(self, tok: Token) -> bool:
        """Whether a person is named earlier in the pronoun's own sentence."""
        start = tok.sent.start_char
        return any(
            a.type == "PERSON" and any(start <= s and e <= tok.idx for s, e in a.mentions) for a in self.actors.actors
        )

    def _previous_subject(self, tok: Token) -> Actor | None:
        """The person who is the main subject of one of the three sentences before: "He" continues the topic."""
        sents = self.sents
        index = next((i for i, s in enumerate(sents) if s.start <= tok.i < s.end), 0)
        for sent in reversed(sents[max(0, index - 4) : index]):
            root = sent.root
            subjects = [c for c in root.children if c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS]
            if not subjects or (subjects[0].pos_ == "PRON" and subjects[0].lower_ not in PERSONAL):
                continue
            subject = subjects[0]
            p = self._pronoun(subject, None) if subject.pos_ == "PRON" else self._resolve(subject)
            if p and p.actor and p.actor.type == "PERSON":
                return p.actor
        return None

    def _speaker(self, tok: Token) -> Participant | None:
        """Who says the clause a token sits in: the subject of the nearest speech verb above it."""
        t = tok
        while t.head.i != t.i:
            child, t = t, t.head
            if self._lem(t) not in self.p.speech_verbs or child.dep_ in SUBJECT_DEPS:
                continue
            subjects = self._subject_tokens(t)
            if not subjects:
                continue
            subject = subjects[0]
            if subject.lower_ in FIRST_PERSON | {"we", "us"}:
                continue
            if subject.i == tok.i:
                return None
            p = self._resolve(subject)
            if p:
                return p
        return None

    # ---- derived appeals ----------------------------------------------------------------------------
    def _derived_appeals(self) -> list[Candidate]:
        """"X said Y should do Z": an appeal (020) from X to Y."""
        out: list[Candidate] = []
        for tok in self.doc:
            if tok.dep_ != "ccomp" or self._lem(tok.head) not in self.p.speech_verbs:
                continue
            if not any(c.dep_ == "aux" and c.lower_ in DEMAND_AUX for c in tok.children):
                continue
            subjects = [c for c in tok.children if c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS]
            if not subjects or subjects[0].pos_ == "PRON":
                continue
            speaker = self._speaker(subjects[0])
            target = self._resolve(subjects[0], exclude=speaker)
            if not (speaker and speaker.actor and target and target.actor) or speaker.actor is target.actor:
                continue
            out.append(Candidate("020", tok, speaker, target, self._negated(tok.head), ASSERTED))
        return out


# ---- document-level steps ---------------------------------------------------------------------------
def _inherit_targets(candidates: list[Candidate]) -> list[Candidate]:
    """A target-less event about "the verdict"/"the apology" refers back: it takes the target of the latest earlier
    event of its code by the same source ("he did not accept the apology"), or by anyone for ``inherit_target``."""
    for i, c in enumerate(candidates):
        if c.target is not None or not (c.inherit_target or c.definite_object):
            continue
        earlier = [e for e in candidates[:i] if e.code == c.code and e.target is not None]
        same = [e for e in earlier if _name(e.source) == _name(c.source) and c.source is not None]
        chosen = same or (earlier if c.inherit_target else [])
        if chosen and (c.source is None or _name(chosen[-1].target) != _name(c.source)):
            c.target = chosen[-1].target
    return candidates


def _drop_re_mentions(candidates: list[Candidate]) -> list[Candidate]:
    kept: list[Candidate] = []
    for c in candidates:
        if c.nominal and any(
            k.code[:2] == c.code[:2] and (c.source is None or _name(k.source) == _name(c.source))
            and (c.target is None or _name(k.target) == _name(c.target))
            and _unit(k.trigger) != _unit(c.trigger)
            for k in kept
        ):
            continue
        kept.append(c)
    return kept


def _merge(candidates: list[Candidate]) -> list[Candidate]:
    """One event per code, source, target and sentence; also one per root where one trigger governs the other
    ("took to the streets to protest": 141, not 141 and 140)."""
    kept: list[Candidate] = []
    for c in sorted(candidates, key=lambda c: (c.nominal, c.trigger.i)):
        key = (_name(c.source), _name(c.target), _unit(c.trigger))
        same = [
            k for k in kept
            if (_name(k.source), _name(k.target), _unit(k.trigger)) == key
            and (k.code == c.code or (k.code[:2] == c.code[:2] and _linked(k.trigger, c.trigger)))
        ]
        if not same:
            kept.append(c)
    return sorted(kept, key=lambda c: (c.trigger.i, c.code))


def _linked(a: Token, b: Token) -> bool:
    return a.is_ancestor(b) or b.is_ancestor(a) or a.head.i == b.i or b.head.i == a.i


def _unit(tok: Token) -> tuple[int, int]:
    """The trigger's sentence, cut at line breaks (spaCy sometimes runs a sentence across paragraphs), stripped."""
    sent, text = tok.sent, tok.doc.text
    start, end = sent.start_char, sent.end_char
    before = text.rfind("\n", start, tok.idx)
    if before != -1:
        start = before + 1
    after = text.find("\n", tok.idx, end)
    if after != -1:
        end = after
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _name(p: Participant | None) -> str | None:
    return p.name.casefold() if p else None


def _event(number: int, c: Candidate, dates: Sequence[DateMention], places: Sequence[Place],
           published: dt.date | None) -> Event:
    entry = cameo_lookup(c.code)
    start, end = _unit(c.trigger)
    evidence = c.trigger.doc.text[start:end]
    trig_start = c.trigger.idx
    date, date_is_published = _date(c.trigger, (start, end), dates, published)
    return Event(
        id=f"E{number}",
        source=c.source.name if c.source else None,
        source_id=c.source.id if c.source else None,
        target=c.target.name if c.target else None,
        target_id=c.target.id if c.target else None,
        code=entry.code,
        root=entry.root,
        label=entry.label,
        plover=entry.plover,
        quad_class=entry.quad_class,
        goldstein=entry.goldstein,
        negated=c.negated,
        modality=c.modality,
        date=date,
        location=_place((start, end), trig_start, places),
        evidence=evidence,
        span=(start, start + len(evidence)),
        confidence=_confidence(c),
        trigger=c.trigger.text,
        trigger_span=(trig_start, trig_start + len(c.trigger.text)),
        date_is_published=date_is_published,
    )


def _date(trigger: Token, unit: tuple[int, int], dates: Sequence[DateMention],
          published: dt.date | None) -> tuple[str | None, bool]:
    """The date of the trigger's clause closest to it; a date that only dates another noun ("the elections in June
    2022", "the verdict from December") is not the event's. Else the publication date, flagged."""
    position = trigger.idx
    inside = [d for d in dates if unit[0] <= d.span[0] and d.span[1] <= unit[1] and _dates_clause(trigger, d)]
    if inside:
        best = min(inside, key=lambda d: min(abs(d.span[0] - position), abs(d.span[1] - position)))
        return best.value, False
    if published is not None:
        return published.isoformat(), True
    return None, False


def _dates_clause(trigger: Token, date: DateMention) -> bool:
    """Whether a date belongs to the trigger's own clause: it hangs from the trigger (or a verb governing it),
    directly or through one adverbial phrase ("In his letter on February 13, he denied"), not from another verb
    or from a noun the trigger does not head ("the elections in June 2022")."""
    span = trigger.doc.char_span(date.span[0], date.span[1], alignment_mode="expand")
    if span is None:
        return False
    governors = {trigger.i, *(a.i for a in trigger.ancestors)}
    inside = range(span.start, span.end)
    t, noun = span.root, None
    while t.head.i != t.i:
        parent = t.head
        if parent.i in governors:
            return noun is None or (noun.dep_ == "pobj" and noun.head.head.i == parent.i)
        if parent.pos_ in ("VERB", "AUX"):
            return False
        if parent.pos_ in ("NOUN", "PROPN", "PRON") and parent.i not in inside:
            if noun is not None:
                return False
            noun = parent
        t = parent
    return False


def _place(unit: tuple[int, int], position: int, places: Sequence[Place]) -> str | None:
    inside = [p for p in places if unit[0] <= p.span[0] and p.span[1] <= unit[1]]
    if not inside:
        return None
    return min(inside, key=lambda p: abs(p.span[0] - position)).name


def _confidence(c: Candidate) -> float:
    score = 0.45
    for p in (c.source, c.target):
        if p is not None:
            score += 0.22 if p.actor else 0.1
    if c.nominal:
        score -= 0.1
    if c.modality != ASSERTED:
        score -= 0.05
    return round(min(1.0, max(0.05, score)), 2)
