"""Events: who did what to whom, coded in CAMEO, from verb and noun triggers in the parse.

The triggers and their conditions live in data/event_patterns.yaml (hand-written rules, plus some 870 verbs mined
from PETRARCH2's CAMEO dictionary by scripts/build_event_patterns.py), the codes' labels, Goldstein values and
PLOVER types in data/cameo.tsv. The stage is split in modules: events_patterns (the dictionary), events_syntax
(clauses, voice, negation, modality), events_resolve (names, pronouns, groups, speakers), events_evaluative
(criticism and praise without a trigger word), events_document (steps over the whole article: implicit roles,
re-mentions, the dateline); this one finds the triggers and builds the records.

For a verb trigger the source is its subject (the agent of a passive, the controller of an infinitive, the head of
a relative clause, the decider for "ordered X to ..."; coordinated subjects give one event each, and coordinated
partners of a meeting or an agreement one each way) and the target its object, the object of a preposition the rule
names, or what the object names ("blocked the websites of X and Y"). A noun trigger takes its roles from inside its
phrase ("his allegations of ... by X"), or from a light or participation verb ("filed a complaint against", "took
part in the boycott"). Unnamed collectives ("protesters", "thousands of workers", "the police") may act; an event
needs a named actor or such a group as its source.

What is an event and what is not:
- "did not accept" / "refused to agree" is a rejection (12), "could not comment" a refusal to comment (011); any
  other negated trigger is no event ("never intended to accuse"), nor is a trigger in the content of a denial, a
  claim or an accusation ("denied that he had said", "accused X of plotting to overthrow"), or under a negated verb
  ("would not permit ... people attack").
- ``modality``: "future" (will, going to, intent verbs, "would" in reported speech) events are kept, except the
  action an intent, agreement or threat is about ("agreed to cooperate": the agreement is the event);
  "hypothetical" (if, could, might, "difficult to", "otherwise") and "demanded" (should/must, "urged X to ...")
  ones are kept with that modality, a lower confidence and a named source; what the text reports as happened
  there is the appeal, coded from the appeal verb, or a derived appeal ("X said Y should ..." is 020 X -> Y).
- ``date``: the closest date of the trigger's own clause, else the publication date (``date_is_published``).
  An asserted event dated more than a year before publication is "historical" (an event the article recalls).
  ``location``: the place the sentence names (after in/at/near ...) closest to the trigger, else the dateline's
  place, else None. ``evidence``: the trigger's sentence, cut at line breaks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from ..cameo import lookup as cameo_lookup
from ..records import ActorLookup, DateMention, Event, Place, Quote
from .events_document import (
    Candidate,
    dateline_place,
    drop_re_mentions,
    implicit_roles,
    implicit_targets,
    inherit_targets,
    main_country_actor,
    merge,
)
from .events_evaluative import evaluative_candidates
from .events_patterns import Patterns, Rule, patterns
from .events_resolve import EVENT_NOUNS, INSTITUTIONS, PERSONAL, Participant, Resolver
from .events_syntax import (
    ANY_SUBJECT,
    ASSERTED,
    DEMAND_AUX,
    DEMANDED,
    FUTURE,
    HYPOTHETICAL,
    OBJECT_DEPS,
    PASSIVE_SUBJECT_DEPS,
    SUBJECT_DEPS,
    Syntax,
)

__all__ = ["Candidate", "dateline_place", "find_events", "patterns"]

HISTORICAL = "historical"
HISTORICAL_DAYS = 365
LOCATIVES = frozenset({"in", "at", "near", "inside", "outside", "across", "throughout", "within", "around", "into",
                       "on", "along", "over", "through"})
RECIPROCAL_ROOTS = frozenset({"03", "04", "06"})
# nouns whose "of" names what they are about ("a package of aid", "the state of emergency")
CONTAINER_NOUNS = frozenset({"package", "amount", "sum", "state", "number", "series", "wave", "round", "set"})
PARTICIPATION_VERBS = frozenset({"join", "participate", "engage", "lead", "organize", "organise", "stage"})


def find_events(
    doc: Doc,
    actors: ActorLookup,
    dates: Sequence[DateMention],
    places: Sequence[Place],
    published: dt.date | None,
    quotes: Sequence[Quote] | None = None,
) -> list[Event]:
    """The article's events in text order, ids E1, E2, ...

    ``quotes`` are the quotes stage's records (their speakers are the sources of events in reported speech); when
    not given they are found here.
    """
    pats = patterns()
    syntax = Syntax(doc, pats)
    if quotes is None:
        from .quotes import find_quotes

        quotes = find_quotes(doc, actors)
    resolver = Resolver(syntax, actors, quotes, pats)
    finder = _Finder(syntax, resolver, pats)
    candidates = finder.candidates()
    candidates = [c for c in candidates if _stands(c)]
    dateline = dateline_place(doc.text, places)
    country = main_country_actor(actors, places, dateline)
    candidates = implicit_roles(candidates, actors, country)
    candidates = inherit_targets(candidates)
    candidates = merge(candidates)
    candidates = drop_re_mentions(candidates)
    candidates = implicit_targets(candidates, actors, country, syntax)
    # what may or should happen is worth recording only with someone it is about doing it
    candidates = [c for c in candidates if c.source is not None or c.modality not in (HYPOTHETICAL, DEMANDED)]
    return [_event(i, c, dates, places, published, dateline, syntax) for i, c in enumerate(candidates, start=1)]


def _stands(c: Candidate) -> bool:
    """Whether the text reports the event in any modality: not negated, not the content of a denial or claim."""
    return not (c.negated or c.embedded)


class _Finder:
    def __init__(self, syntax: Syntax, resolver: Resolver, pats: Patterns):
        self.s, self.r, self.p = syntax, resolver, pats
        self.doc = syntax.doc
        self.triggers: set[int] = set()
        self._code = ""  # the code of the verb whose roles are being found

    # ---- candidates -------------------------------------------------------------------------------
    def candidates(self) -> list[Candidate]:
        found: list[Candidate] = []
        lem = self.s.lem
        for tok in self.doc:
            if tok.pos_ in ("VERB", "AUX") and tok.dep_ != "amod" and lem(tok) in self.p.verbs:
                found += self._verb(tok)
            elif tok.pos_ == "ADJ" and lem(tok) in self.p.adjectives:
                found += self._adjective(tok)
        for tok in self.doc:
            if tok.pos_ in ("NOUN", "PROPN") and self._noun_lemma(tok) in self.p.nouns:
                found += self._noun(tok)
        found += self._derived_appeals()
        found += evaluative_candidates(self.s, self.r, self.p, found)
        for c in found:
            c.unit = self.s.unit(c.trigger)
        found.sort(key=lambda c: (c.trigger.i, c.code))
        return found

    def _verb(self, tok: Token) -> list[Candidate]:
        passive = self.s.passive(tok)
        rule = self._match(self.p.verbs[self.s.lem(tok)], tok, passive)
        if rule is None:
            return []
        if rule.mined and any(self._noun_lemma(o) in self.p.nouns for o in self.s.objects(tok, passive)):
            return []  # "raised concerns", "voiced criticism": the noun is the event
        if tok.dep_ == "xcomp" and tok.head.i in self.triggers and self.s.lem(tok.head) in self.p.intent_verbs:
            return []  # "agreed to cooperate", "threatened to attack": the agreement or threat is the event
        negated = self.s.negated(tok)
        code, converted = rule.code, False
        if negated and rule.negated_code:
            code, negated, converted = rule.negated_code, False, True
        if code is None:
            return []
        modality = self.s.modality(tok)
        if rule.intent_code and (modality in (FUTURE, HYPOTHETICAL) or self.s.under(tok, self.p.intent_verbs)):
            code = rule.intent_code
            if modality == HYPOTHETICAL:
                modality = FUTURE
        sources = self._sources(tok, passive)
        self._code = code
        made = self._emit(tok, rule, code, sources, lambda src: self._targets(tok, rule.target, passive, src),
                          negated, modality, converted=converted)
        if made:
            self.triggers.add(tok.i)
        return made

    def _adjective(self, tok: Token) -> list[Candidate]:
        if tok.dep_ not in ("acomp", "oprd", "ROOT"):
            return []
        rule = self._match(self.p.adjectives[self.s.lem(tok)], tok, False)
        if rule is None or rule.code is None:
            return []
        self.triggers.add(tok.i)
        verb = tok.head if tok.dep_ != "ROOT" else tok
        sources = self._sources(verb, self.s.passive(verb))
        return self._emit(tok, rule, rule.code, sources, lambda src: self._prep_targets(tok, rule.target, src),
                          self.s.negated(verb) or self.s.negated(tok), self.s.modality(verb), clause=verb)

    def _noun(self, tok: Token) -> list[Candidate]:
        rule = self._match(self.p.nouns[self._noun_lemma(tok)], tok, False)
        if rule is None or rule.code is None or any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
            return []
        head = tok.head
        if tok.dep_ in OBJECT_DEPS | PASSIVE_SUBJECT_DEPS and head.i in self.triggers:
            return []  # "rejected an apology": the verb is the event, the apology its object
        light = tok.dep_ in OBJECT_DEPS and self.s.lem(head) in self.p.light_verbs and head.pos_ in ("VERB", "AUX")
        carrier = self._participation(tok)
        if carrier is not None:  # "took part in the boycott", "joined the protest": the verb's subject does it
            head, light = carrier, True
        if not light and not rule.standalone:
            return []
        if any(c.dep_ == "amod" and c.lower_ in ("alleged", "possible", "potential", "planned", "rumored",
                                                  "purported", "suspected", "future") for c in tok.children):
            return []
        self.triggers.add(tok.i)
        if light:
            own = next((found for r in rule.source if (found := self._role(tok, r))), [])
            sources = own or self._sources(head, self.s.passive(head))
            negated, modality = self.s.negated(head), self.s.modality(head)
            clause = head

            def targets(src: Participant | None) -> list[Participant]:
                return (self._prep_targets(tok, rule.target, src) or self._prep_targets(head, rule.target, src)
                        or self._prep_targets(head, ("dative",), src))
        else:
            sources = next((found for r in rule.source if (found := self._role(tok, r))), [])
            negated = False
            modality = self.s.modality(tok.head) if tok.head.pos_ == "VERB" else ASSERTED
            clause = tok

            def targets(src: Participant | None) -> list[Participant]:
                return self._prep_targets(tok, rule.target, src)
        made = self._emit(tok, rule, rule.code, sources, targets, negated, modality, clause=clause)
        if not light:
            made = [c for c in made if (c.source and c.source.actor) or (c.target and c.target.actor)]
        for c in made:
            c.nominal = not light
        return made

    def _participation(self, tok: Token) -> Token | None:
        """The verb by which its subject takes part in an event noun: "joined the boycott", "took part in the
        protest", "participated in the strike"."""
        head = tok.head
        if tok.dep_ in OBJECT_DEPS and self.s.lem(head) in PARTICIPATION_VERBS:
            return head
        if tok.dep_ == "pobj" and head.lower_ == "in":
            verb = head.head
            if verb.lower_ == "part" and verb.dep_ in OBJECT_DEPS:
                verb = verb.head
            if self.s.lem(verb) in PARTICIPATION_VERBS | {"take"} and verb.pos_ in ("VERB", "AUX"):
                return verb
        return None

    def _emit(self, tok, rule: Rule, code, sources, targets_of, negated, modality, converted=False,
              clause: Token | None = None) -> list[Candidate]:
        out: list[Candidate] = []
        if rule.unless and rule.unless & self.s.unit_words(tok):
            return []
        words = self.s.words([tok])
        unit = self.s.unit(tok)
        embedded = self.s.embedded(clause if clause is not None else tok)
        sources = [p for p in sources if unit[0] <= p.token.idx < unit[1]]
        if len(sources) > 1 and (code[:2] in RECIPROCAL_ROOTS or code[:3] == "057") and not any(
            targets_of(src) for src in sources
        ):  # "Iraq and Iran agreed", "the two countries met": each with the other
            return [
                Candidate(code, tok, a, b, negated, modality, converted=converted, embedded=embedded, mined=rule.mined)
                for a in sources for b in sources if a.name != b.name and (self._strong(a) or self._strong(b))
            ]
        for src in sources or [None]:
            targets = [p for p in targets_of(src) if unit[0] <= p.token.idx < unit[1]]
            targets = [p for p in targets if not self._place_like(p)] or [None]
            for tgt in targets:
                if rule.need in ("source", "both") and src is None:
                    continue
                if rule.need in ("target", "both") and tgt is None:
                    continue
                if not (self._named(src) or self._named(tgt) or (src is not None and src.group)):
                    continue  # "Police arrested X", "Protesters marched": yes; "activists were killed": no
                if src and tgt and (src.name == tgt.name or (src.actor and src.actor is tgt.actor)):
                    continue
                if code[:2] == "04" and any(self._media(p) for p in (src, tgt) if p is not None):
                    continue  # an interview is reporting, not a consultation
                final = self._refine(code, rule, words | self._name_words(tgt))
                out.append(Candidate(final, tok, src, tgt, negated, modality, inherit_target=rule.inherit_target,
                                     definite_object=self._definite_event_object(tok), converted=converted,
                                     embedded=embedded, mined=rule.mined))
        return out

    def _media(self, p: Participant) -> bool:
        words = {w.strip(".,").lower() for w in p.name.replace("-", " ").split()}
        return bool(words & self.p.media_words) or p.token.lower_ in self.p.media_words

    def _place_like(self, p: Participant) -> bool:
        """A target that is a locality rather than an actor ("Ariksat Commune villages")."""
        words = p.name.lower().split()
        return bool(words) and (words[-1] in self.p.place_words or p.token.lower_ in self.p.place_words)

    # ---- rule conditions ----------------------------------------------------------------------------
    def _match(self, rules, tok: Token, passive: bool) -> Rule | None:
        for rule in rules:
            if all(self._holds(k, v, tok, passive) for k, v in rule.when.items()):
                return rule
        return None

    def _holds(self, key: str, value, tok: Token, passive: bool) -> bool:
        lem = self.s.lem
        if key == "object":  # the object, or what it measures ("$10 million in aid", "a package of sanctions")
            objects = self.s.objects(tok, passive)
            objects += [x for o in objects if o.pos_ in ("NUM", "SYM") or o.lemma_ in CONTAINER_NOUNS
                        or o.tag_ == "$" or any(c.pos_ == "NUM" for c in o.children)
                        for p in self.s.preps(o) if p.lower_ in ("in", "of") for x in self.s.pobjs(p)]
            return any(self._lemma_in(o, value) for o in objects)
        if key == "prep":
            for prep in self.s.preps(tok):
                allowed = value.get(lem(prep))
                if allowed is None:
                    continue
                if "*" in allowed or any(self._lemma_in(o, allowed) for o in self.s.pobjs(prep)):
                    return True
            return False
        if key == "particle":
            after = [c for c in tok.children if c.dep_ in ("prt", "prep", "advmod") and c.i > tok.i]
            return any(lem(c) in value for c in after)
        if key == "complement":
            return any(lem(c) in value for c in tok.children if c.dep_ in ("oprd", "acomp", "attr", "xcomp"))
        if key == "xcomp":
            comps = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX")]
            return any("*" in value or lem(c) in value for c in comps)
        if key == "infinitive":
            comps = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX")]
            has = any(any(x.dep_ == "aux" and x.lower_ == "to" for x in c.children) for c in comps)
            return has == bool(value)
        if key == "sentence":
            return bool(self.s.unit_words(tok) & set(value))
        if key == "clause":
            words = {t.lower_ for c in tok.children if c.dep_ in ("ccomp", "xcomp") for t in c.subtree}
            return bool(words & set(value))
        if key == "intransitive":
            has = bool(self.s.objects(tok, passive)) or any(c.dep_ in ("ccomp", "xcomp") for c in tok.children)
            return has != bool(value)
        if key == "person_object":
            return any(self._is_person(o) for o in self.s.objects(tok, passive)) == bool(value)
        if key == "not_person_object":
            objects = self.s.objects(tok, passive)
            return bool(objects) and not any(self._is_person(o) for o in objects)
        if key == "past":
            past = tok.tag_ in ("VBD", "VBN") or any(c.dep_ == "aux" and c.lower_ in ("has", "have", "had")
                                                     for c in tok.children)
            return past == bool(value)
        if key == "under":  # a governing verb: "continue to support"
            return self._governed_by(tok, set(value))
        raise ValueError(f"event_patterns.yaml: unknown condition {key!r}")

    def _governed_by(self, tok: Token, lemmas: set[str]) -> bool:
        t = tok
        for _ in range(3):
            if t.dep_ not in ("xcomp", "conj") or t.head.i == t.i:
                return False
            t = t.head
            if self.s.lem(t) in lemmas:
                return True
        return False

    @staticmethod
    def _lemma_in(tok: Token, allowed) -> bool:
        allowed = set(allowed)
        return "*" in allowed or tok.lemma_.lower() in allowed or tok.text.lower() in allowed

    def _is_person(self, tok: Token) -> bool:
        if tok.lower_ in PERSONAL | {"they", "them"} or self.s.lem(tok) in self.p.person_nouns:
            return True
        actor = self.r.actor_at(tok)
        if (actor is not None and actor.type == "PERSON") or tok.ent_type_ == "PERSON":
            return True
        # "opposition leader Aung San Suu Kyi": a name under a title
        return tok.pos_ == "PROPN" and any(
            c.dep_ in ("compound", "appos") and (self.s.lem(c) in self.p.person_nouns | self.p.office_nouns
                                                 or (self.r.actor_at(c) is not None
                                                     and self.r.actor_at(c).type == "PERSON"))
            for c in tok.children)

    @classmethod
    def _strong(cls, p: Participant | None) -> bool:
        """An actor an event may be about: a named one, or a group that acts ("protesters", "the police")."""
        return p is not None and (p.group or cls._named(p))

    @staticmethod
    def _named(p: Participant | None) -> bool:
        """A named actor, or words that name one ("Thai police", "the government"), not "many politicians" (nor
        "Officials" capitalized at the start of a sentence)."""
        if p is None:
            return False
        if p.actor is not None or p.office or p.token.lemma_.lower() in INSTITUTIONS:
            return True
        start = p.token.i - len(p.name.split()) + 1
        words = p.token.doc[max(0, start) : p.token.i + 1]
        return any(t.pos_ == "PROPN" or (t.text[:1].isupper() and not _sentence_initial(t)) for t in words)

    @staticmethod
    def _refine(code: str, rule: Rule, words: set[str]) -> str:
        best = code
        for word, specific in rule.keywords.items():
            if word in words and specific[:2] == code[:2] and len(specific) >= len(best):
                best = specific
        return best

    @staticmethod
    def _name_words(p: Participant | None) -> set[str]:
        return {w.lower() for w in p.name.replace("-", " ").split()} if p else set()

    def _noun_lemma(self, tok: Token) -> str:
        lemma = self.s.lem(tok)
        return lemma if lemma in self.p.nouns else tok.lower_

    # ---- roles --------------------------------------------------------------------------------------
    def _sources(self, tok: Token, passive: bool) -> list[Participant]:
        decider = self.s.decider(tok)
        if decider is not None:  # "ordered the ISPs to block", "ruled that the party be dissolved": the decider
            found = self.r.resolve_all(self.s.subject_tokens(decider))
            if any(self._strong(p) for p in found):
                return found
        if passive:
            agents = [o for c in tok.children if c.dep_ == "agent" for o in self.s.pobjs(c)]
            return self.r.resolve_all(agents)
        return self.r.resolve_all(self.s.subject_tokens(tok))

    def _targets(self, tok: Token, roles: Sequence[str], passive: bool, src: Participant | None) -> list[Participant]:
        for role in roles:
            if role == "dobj":
                tokens = self.s.objects(tok, passive)
                lent = self._event_noun_sources(tok, tokens, src)
                if lent:
                    return lent
                if tokens and not passive and not self.r.resolve_all(tokens, exclude=src):
                    # "blocked the websites of X and Y", "condemned the arrest by X"
                    tokens = [t for o in tokens for t in self._object_owner(o, src)] or tokens
            elif role == "dative":
                tokens = [c for c in tok.children if c.dep_ in ("dative", "iobj") and c.pos_ != "ADP"]
                tokens += [o for c in tok.children if c.dep_ == "dative" and c.pos_ == "ADP" for o in self.s.pobjs(c)]
            elif role == "complement":
                tokens = self._complement_targets(tok, src)
            else:
                tokens = self.s.prep_objects(tok, role)
                if not tokens and passive is False and any(c.dep_ == "prt" and c.lemma_ == role for c in tok.children):
                    tokens = self.s.objects(tok, False)
                if not tokens:  # "imposed sanctions on Iran", "launched an attack against X"
                    tokens = [x for o in self.s.objects(tok, passive) if self.r.actor_at(o) is None
                              for x in self.s.prep_objects(o, role)]
            found = self.r.resolve_all(tokens, exclude=src)
            if found:
                return found
        return []

    def _object_owner(self, noun: Token, src: Participant | None) -> list[Token]:
        """Whom an action on a thing is against: for an event noun ("condemned the arrest of X") its agent, not
        its patient; for anything else the actors the phrase names."""
        rules = self.p.nouns.get(self._noun_lemma(noun))
        if rules or self.s.lem(noun) in EVENT_NOUNS:
            roles = rules[0].source if rules else ("poss", "by")
            found = [t for r in roles for t in self._role_tokens(noun, r) if self.r.resolve(t, exclude=src) is not None]
            return found[:1]
        return self._inner_actors(noun, src)

    def _inner_actors(self, noun: Token, src: Participant | None) -> list[Token]:
        """The actors named inside a noun phrase that names none itself: its owner, what it is of, what it
        includes ("the websites of independent outlets, including Voice of America and Radio Free Asia")."""
        out: list[Token] = []
        seen: set[str] = set()
        stack = [c for c in noun.children if c.dep_ in ("poss", "prep", "compound", "nmod", "appos", "acl")]
        while stack:
            t = stack.pop(0)
            including = t.lower_ in ("including", "like", "such")
            if not including and (t.dep_ in ("relcl", "acl", "advcl", "ccomp") or t.pos_ in ("VERB", "AUX")):
                continue
            if t.dep_ == "prep" and t.lower_ not in ("of", "including", "from", "by", "against", "like", "as", "such"):
                continue  # "in Thailand", "at the border": where, not whose
            actor = self.r.actor_at(t)
            if actor is not None:
                if actor.id not in seen and not (src and src.actor is actor):
                    seen.add(actor.id)
                    out.append(t)
                stack.extend(x for x in t.subtree if x.dep_ in ("conj", "appos") and x.i != t.i)
                continue
            stack.extend(t.children)
        return out

    def _definite_event_object(self, tok: Token) -> bool:
        for obj in (c for c in tok.children if c.dep_ in OBJECT_DEPS):
            if self._noun_lemma(obj) in self.p.nouns and any(
                c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in obj.children
            ):
                return True
        return False

    def _event_noun_sources(self, verb: Token, objects: list[Token], src: Participant | None) -> list[Participant]:
        """ "rejected an apology from X", "did not accept X's apology", "rejected Vietnam's proposal": the author of
        what the verb is about is the target."""
        for obj in objects:
            if self.r.actor_at(obj) is not None:
                continue
            rules = self.p.nouns.get(self._noun_lemma(obj))
            if not rules and (obj.pos_ != "NOUN" or self._code[:2] not in ("05", "11", "12")
                              or self.r.resolve(obj, exclude=src) is not None or self._is_person(obj)):
                continue
            roles = rules[0].source if rules else ("poss", "from")
            found = next((f for r in roles if (f := self.r.resolve_all(self._role_tokens(obj, r), exclude=src))), [])
            if not found and "from" in roles:
                found = self.r.resolve_all(self.s.prep_objects(verb, "from"), exclude=src)
            if found:
                return found
        return []

    def _prep_targets(self, tok: Token, roles: Sequence[str], src: Participant | None) -> list[Participant]:
        for role in roles:
            if role == "dative":
                tokens = [c for c in tok.children if c.dep_ in ("dative", "iobj") and c.pos_ != "ADP"]
            else:
                tokens = self._role_tokens(tok, role)
            if src is not None:
                tokens = [t for t in tokens if t.i != src.token.i]
            found = self.r.resolve_all(tokens, exclude=src)
            if found:
                return found
        return []

    def _role_tokens(self, tok: Token, role: str) -> list[Token]:
        if role == "poss":
            return [c for c in tok.children if c.dep_ == "poss"]
        if role == "compound":
            return [c for c in tok.children if c.dep_ in ("compound", "nmod", "amod") and c.pos_ == "PROPN"]
        return self.s.prep_objects(tok, role)

    def _role(self, tok: Token, role: str) -> list[Participant]:
        return self.r.resolve_all(self._role_tokens(tok, role))

    def _complement_targets(self, tok: Token, src: Participant | None) -> list[Token]:
        """Who a that-clause or infinitive is about: its subject, object or "against" object, else the first
        organization or person it names ("claimed to have thwarted a revolution ... to dissolve the CNRP")."""
        comps = [c for c in tok.children if c.dep_ in ("ccomp", "xcomp")]
        for comp in comps:
            for inner in [comp, *(c for c in comp.children if c.dep_ in ("xcomp", "advcl", "conj"))]:
                subj = [c for c in inner.children if c.dep_ in ANY_SUBJECT]
                objs = [c for c in inner.children if c.dep_ in OBJECT_DEPS]
                preps = [o for p in self.s.preps(inner) if self.s.lem(p) == "against" for o in self.s.pobjs(p)]
                for group in (subj, objs, preps):
                    resolved = self.r.resolve_all(group)
                    if resolved and not (src and src.actor and resolved[0].actor is src.actor):
                        return group
        for comp in comps:
            for t in comp.subtree:
                actor = self.r.actor_at(t)
                if actor is not None and actor.type in ("ORG", "PERSON") and not (src and src.actor is actor):
                    return [t]
        return []

    # ---- derived appeals ----------------------------------------------------------------------------
    def _derived_appeals(self) -> list[Candidate]:
        """ "X said Y should do Z": an appeal (020) from X to Y."""
        out: list[Candidate] = []
        for tok in self.doc:
            if tok.dep_ != "ccomp" or self.s.lem(tok.head) not in self.p.speech_verbs:
                continue
            if not any(c.dep_ == "aux" and c.lower_ in DEMAND_AUX for c in tok.children):
                continue
            subjects = [c for c in tok.children if c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS]
            if not subjects or subjects[0].pos_ == "PRON":
                continue
            speaker = self.r.speaker(subjects[0])
            target = self.r.resolve(subjects[0], exclude=speaker)
            if not (speaker and speaker.actor and target and target.actor) or speaker.actor is target.actor:
                continue
            if self.s.negated(tok.head):
                continue
            out.append(Candidate("020", tok, speaker, target, False, ASSERTED))
        return out


def _sentence_initial(tok: Token) -> bool:
    """The first word of its sentence, quotation marks and brackets before it aside."""
    t = tok
    while not t.is_sent_start:
        t = t.nbor(-1)
        if not (t.is_punct or t.is_space):
            return False
    return True


def _event(number: int, c: Candidate, dates: Sequence[DateMention], places: Sequence[Place],
           published: dt.date | None, dateline: str | None, syntax: Syntax) -> Event:
    entry = cameo_lookup(c.code)
    start, end = c.unit
    evidence = syntax.text[start:end]
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
        modality=_historical(c.modality, date, date_is_published, published),
        date=date,
        location=_place((start, end), trig_start, places, c) or dateline,
        evidence=evidence,
        span=(start, start + len(evidence)),
        confidence=_confidence(c),
        trigger=c.trigger.text,
        trigger_span=(trig_start, trig_start + len(c.trigger.text)),
        date_is_published=date_is_published,
    )


def _historical(modality: str, date: str | None, date_is_published: bool, published: dt.date | None) -> str:
    """An asserted event the text dates more than a year before publication is one the article recalls."""
    if modality != ASSERTED or date is None or date_is_published or published is None:
        return modality
    parts = [int(p) for p in date.split("-")]
    year, month = parts[0], parts[1] if len(parts) > 1 else 12
    last = dt.date(year, month, 28 if len(parts) < 3 else parts[2])  # the period's end, near enough
    return HISTORICAL if (published - last).days > HISTORICAL_DAYS else modality


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


def _place(unit: tuple[int, int], position: int, places: Sequence[Place], c: Candidate) -> str | None:
    """The place of the sentence closest to the trigger that is where something happens, not one of the event's
    participants or a country acting ("Washington was trying to interfere")."""
    doc = c.trigger.doc
    inside = []
    for p in places:
        if not (unit[0] <= p.span[0] and p.span[1] <= unit[1]):
            continue
        span = doc.char_span(p.span[0], p.span[1], alignment_mode="expand")
        root = span.root if span is not None else None
        if root is None or any(x is not None and span.start <= x.token.i < span.end for x in (c.source, c.target)):
            continue
        if not ((root.dep_ == "pobj" and root.head.lower_ in LOCATIVES) or root.dep_ in ("npadvmod", "advmod")):
            continue  # a place acting ("Washington said"), named as a modifier ("Asia director"), or the like
        inside.append(p)
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
    if c.mined:
        score -= 0.05
    if c.implicit:
        score -= 0.15
    if c.modality in (HYPOTHETICAL, DEMANDED):
        score -= 0.3  # what may or should happen, not what did
    elif c.modality != ASSERTED:
        score -= 0.05
    return round(min(1.0, max(0.05, score)), 2)
