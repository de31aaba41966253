"""Who an event's words refer to: names, pronouns, descriptions and speakers, for the events stage.

A token resolves first through ``ActorLookup.at`` on its own span (the actors stage has already resolved subject
pronouns "he"/"she" and role descriptions "the premier" and added them to the actors' mentions), then through:
- first-person pronouns in reported speech: the quote's speaker ("we" of a spokesman: his organization);
- relative pronouns: the noun the clause is about ("X was one of the officials who ...": X);
- appositions, compound and possessive names ("the CPP government" -> CPP), "members of X";
- definite descriptions ("the party", "the premier") and remaining personal pronouns, by recency and salience;
- unnamed actors as their words ("Thai police", "the government") when nothing names them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Token

from ..records import Actor, ActorLookup, Quote
from .events_patterns import Patterns
from .events_syntax import ANY_SUBJECT, PASSIVE_SUBJECT_DEPS, SUBJECT_DEPS, Syntax

INSTITUTIONS = {"government", "regime", "administration", "authority", "authorities", "junta", "police"}
NEUTER = {"it", "its", "they", "them", "their"}
RELATIVE_PRONOUNS = {"who", "whom", "which", "that"}
PERSONAL = {"he", "him", "his", "she", "her", "hers", "himself", "herself"}
FIRST_PERSON = {"i", "me", "my", "mine", "myself"}
FIRST_PLURAL = {"we", "us", "our", "ours", "ourselves"}
ROLE_SYNONYMS = {"premier": "prime minister", "pm": "prime minister"}
# Titles of people who speak for their organization: their "we" is the organization.
SPOKESPEOPLE = ("spokesman", "spokeswoman", "spokesperson", "official", "representative", "secretary")


QUANTITIES = {"thousand", "thousands", "hundred", "hundreds", "dozen", "dozens", "million", "millions", "scores",
              "tens", "group", "groups", "crowd", "crowds", "number", "band", "gang"}


PAIR_NOUNS = {
    "country": ("GPE", "ORG"), "nation": ("GPE", "ORG"), "government": ("GPE", "ORG"), "state": ("GPE", "ORG"),
    "neighbor": ("GPE",), "neighbour": ("GPE",), "side": ("GPE", "ORG", "PERSON"), "party": ("ORG",),
    "leader": ("PERSON",), "man": ("PERSON",), "president": ("PERSON",), "minister": ("PERSON",),
}
COLLECTIVE_NOUNS = {"group": ("ORG",), "organization": ("ORG",), "organisation": ("ORG",), "party": ("ORG",),
                    "country": ("GPE", "ORG"), "nation": ("GPE", "ORG"), "government": ("GPE", "ORG"),
                    "leader": ("PERSON",), "men": ("PERSON",), "lawmaker": ("PERSON",), "activist": ("PERSON",)}
# nouns of events that name their patient with "of" ("the arrest of X"): not X itself
EVENT_NOUNS = frozenset({"arrest", "detention", "killing", "murder", "death", "jailing", "imprisonment", "conviction",
                         "sentencing", "release", "dissolution", "ban", "banning", "closure", "shutdown", "expulsion",
                         "deportation", "extradition", "disappearance", "abduction", "kidnapping", "assassination",
                         "execution", "torture", "beating", "attack", "shooting", "bombing", "removal", "ouster"})
# someone's words: a relative clause on them is about their authors
WORDS_NOUNS = frozenset({"criticism", "statement", "report", "call", "demand", "appeal", "accusation", "allegation",
                         "claim", "warning", "condemnation", "remark", "comment", "letter", "complaint", "concern"})
PAIR_HOLDERS = {"representative", "official", "leader", "delegation", "minister", "envoy", "diplomat", "head"}
# bodies that "the ..." names as one actor ("the union called off the strike", "the court found him guilty")
DEFINITE_BODIES = {"union", "coalition", "alliance", "committee", "commission", "council", "court", "congress",
                   "senate", "assembly", "ministry", "embassy", "agency", "cabinet", "administration"}
# heads of descriptions of a body, never of its leader ("the opposition" is not "opposition leader X")
COLLECTIVE_HEADS = frozenset({"opposition", "party", "government", "regime", "junta", "parliament", "ministry",
                              "court", "committee", "commission", "council", "union", "coalition", "movement"})
SINGULAR_GROUPS = {"police", "army", "military", "government", "opposition", "junta", "regime", "parliament", "militia",
                   "mob", "crowd"}


@dataclass(frozen=True)
class Quoted:
    """A stretch of quoted content and who says it."""

    start: int
    end: int
    actor: Actor | None
    name: str | None
    kind: str
    cue: str
    speakers: tuple[tuple[str, Actor | None], ...] = ()


@dataclass(frozen=True)
class Participant:
    name: str
    actor: Actor | None
    token: Token
    group: bool = False  # an unnamed collective that acts ("protesters", "thousands of workers")
    office: bool = False  # an unnamed holder of one office ("the president", "the opposition leader")

    @property
    def id(self) -> str | None:
        return self.actor.id if self.actor else None


class Resolver:
    def __init__(self, syntax: Syntax, actors: ActorLookup, quotes: Sequence[Quote], pats: Patterns):
        self.s, self.actors, self.p = syntax, actors, pats
        self.doc = syntax.doc
        self.people = [a for a in actors.actors if a.type == "PERSON"]
        self.quoted: list[Quoted] = []
        for q in quotes:
            actor = actors.named(q.speaker) if q.speaker else None
            speakers = self._coordinated(q, actor)
            for s, e in q.content_spans:
                self.quoted.append(Quoted(s, e, actor, q.speaker, q.kind, (q.cue or "").lower(), speakers))
        self._cache: dict[tuple[int, str | None], Participant | None] = {}

    # ---- entry points --------------------------------------------------------------------------------
    def resolve_all(self, tokens: Iterable[Token], exclude: Participant | None = None) -> list[Participant]:
        out: list[Participant] = []
        for tok in tokens:
            found = self._pair(tok) or self._authors(tok) or [self.resolve(tok, exclude)]
            for p in found:
                if p and not (exclude and exclude.name == p.name) and not any(p.name == q.name for q in out):
                    out.append(p)
        return out

    def _pair(self, tok: Token) -> list[Participant]:
        """ "the two countries", "both sides", "representatives of the two governments": the last two actors of
        that kind the text named before; "the groups", "the organizations": the ones named together last."""
        head = tok
        if self.s.lem(tok) in PAIR_HOLDERS:
            head = next(iter(self.s.prep_objects(tok, "of")), tok)
        lemma = self.s.lem(head)
        if lemma in COLLECTIVE_NOUNS and head.tag_ == "NNS" and any(
            c.dep_ == "det" and c.lower_ in ("the", "both", "these") for c in head.children
        ):
            together = self._named_together(head, COLLECTIVE_NOUNS[lemma])
            if together:
                return together
        if lemma in COLLECTIVE_NOUNS and head.tag_ == "NNS" and not any(c.dep_ == "det" for c in head.children) and any(
            c.dep_ == "nummod" and c.lower_ in ("two", "three", "four") for c in head.children
        ):  # "Two rights groups have criticized ... Human Rights Watch and FIDH said": named just after
            return self._named_together(head, COLLECTIVE_NOUNS[lemma], forward=True)
        if lemma not in PAIR_NOUNS or not any(
            (c.dep_ == "nummod" and c.lower_ == "two") or (c.dep_ in ("det", "predet") and c.lower_ == "both")
            for c in head.children
        ):
            return []
        kinds = PAIR_NOUNS[lemma]
        seen: list[Actor] = []
        for _s, _e, actor in sorted(((s, e, a) for a in self.actors.actors if a.type in kinds for s, e in a.mentions
                                     if e <= head.idx), key=lambda m: -m[1]):
            if actor not in seen:
                seen.append(actor)
            if len(seen) == 2:
                return [Participant(a.name, a, tok) for a in reversed(seen)]
        return []

    def resolve(self, tok: Token, exclude: Participant | None = None, depth: int = 0) -> Participant | None:
        key = (tok.i, exclude.name if exclude else None)
        if depth == 0 and key in self._cache:
            return self._cache[key]
        found = self._resolve(tok, exclude, depth)
        if depth == 0:
            self._cache[key] = found
        return found

    def actor_at(self, tok: Token) -> Actor | None:
        return self.actors.at(tok.idx, tok.idx + len(tok.text))

    def _authors(self, tok: Token) -> list[Participant]:
        """ "criticism from X and Y, which said ...": a relative pronoun about someone's words stands for their
        authors."""
        if tok.lower_ not in RELATIVE_PRONOUNS or tok.head.dep_ != "relcl":
            return []
        noun = tok.head.head
        if self.s.lem(noun) not in WORDS_NOUNS or self.actor_at(noun) is not None:
            return []
        authors = [o for p in self.s.preps(noun) if p.lower_ in ("from", "by") for o in self.s.pobjs(p)]
        authors += [c for c in noun.children if c.dep_ in ("poss", "compound") and c.pos_ == "PROPN"]
        return [p for p in (self.resolve(a) for a in authors) if p is not None and p.actor is not None]

    def _named_together(self, tok: Token, kinds: tuple[str, ...], forward: bool = False) -> list[Participant]:
        """The actors of the given kinds coordinated in one phrase ("HRW and Amnesty International") most recently
        before the token, within the two sentences before its own (or first after it, in the next sentence)."""
        index = self.s.sent_index(tok)
        if forward:
            ceiling = self.s.sents[min(len(self.s.sents) - 1, index + 1)].end
            tokens = list(self.doc[tok.i + 1 : ceiling])
        else:
            floor = self.s.sents[max(0, index - 2)].start
            tokens = list(reversed(self.doc[floor : tok.i]))
        for t in tokens:
            if t.dep_ == "conj" or not t.conjuncts:
                continue
            group = [a for x in (t, *t.conjuncts) if (a := self.actor_at(x)) is not None and a.type in kinds]
            if len(group) >= 2 and len(group) == len(t.conjuncts) + 1:
                return [Participant(a.name, a, tok) for a in dict.fromkeys(group)]
        return []

    def _coordinated(self, quote: Quote, actor: Actor | None) -> tuple[tuple[str, Actor | None], ...]:
        """The quote's speaker and those coordinated with it ("HRW and FIDH said ...")."""
        out: list[tuple[str, Actor | None]] = [(quote.speaker, actor)] if quote.speaker else []
        if quote.speaker_span is None or actor is None:
            return tuple(out)
        span = self.doc.char_span(*quote.speaker_span, alignment_mode="expand")
        if span is None:
            return tuple(out)
        for other in span.root.conjuncts:
            found = self.actor_at(other)
            if found is not None and all(found is not a for _, a in out):
                out.append((found.name, found))
        return tuple(out)

    def quote_at(self, position: int) -> Quoted | None:
        """The innermost quote content around a position."""
        best = None
        for q in self.quoted:
            if q.start <= position < q.end and (best is None or q.end - q.start < best.end - best.start):
                best = q
        return best

    def speaker(self, tok: Token) -> Participant | None:
        """Who says the words a token sits in: the quote's speaker, else the subject of the speech verb above."""
        q = self.quote_at(tok.idx)
        if q is not None and q.name:
            return Participant(q.name, q.actor, tok)
        return self._speech_subject(tok)

    # ---- resolution ----------------------------------------------------------------------------------
    def _resolve(self, tok: Token, exclude: Participant | None, depth: int) -> Participant | None:
        if depth > 3:
            return None
        low = tok.lower_
        if tok.pos_ == "PRON" or tok.tag_ in ("PRP", "PRP$", "WP", "WDT"):
            if low in RELATIVE_PRONOUNS and tok.head.dep_ in ("relcl", "acl"):
                return self._resolve(self._antecedent(tok.head.head), exclude, depth + 1)
            return self.pronoun(tok, exclude)
        lemma = self.s.lem(tok)
        if lemma in INSTITUTIONS:  # "the CPP government" is the CPP; "the Thai government" stays itself
            for c in tok.children:
                if c.dep_ in ("compound", "nmod", "poss") and c.i < tok.i:
                    actor = self.actor_at(c)
                    if actor is not None and actor.type == "ORG" and not self._spans_head(actor, tok):
                        return Participant(actor.name, actor, tok)
        actor = self.actor_at(tok)
        if actor:
            return Participant(actor.name, actor, tok)
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
            if (c.dep_ == "poss" and lemma not in self.p.actor_nouns and low not in self.p.actor_nouns
                    and lemma not in EVENT_NOUNS):  # "his arrest" is not his
                p = self._resolve(c, exclude, depth + 1)
                if p and p.actor:
                    return p
        event_noun = lemma in EVENT_NOUNS or lemma in self.p.nouns
        for c in tok.children:  # "forces loyal to X", "members of X" (not "a shooting in California", "arrest of X")
            if c.dep_ in ("prep", "amod", "acl") and c.i > tok.i and not event_noun:
                adps = [x for x in [c, *c.children] if x.pos_ == "ADP" and x.lower_ in ("of", "to")]
                for o in (o for x in adps for o in self.s.pobjs(x)):
                    p = self._resolve(o, exclude, depth + 1)
                    if p and p.actor:
                        return p
        if lemma in QUANTITIES or low in QUANTITIES:  # "thousands of workers": the workers, as a group
            for o in self.s.prep_objects(tok, "of"):
                p = self._resolve(o, exclude, depth + 1)
                if p is not None:
                    return p
                if o.lower_ in self.p.group_nouns:
                    return Participant(f"{tok.text} of {o.text}", None, tok, group=True)
        if tok.pos_ == "PROPN" or lemma in self.p.actor_nouns or low in self.p.actor_nouns:
            return self._text_participant(tok)
        return None

    def _spans_head(self, actor: Actor, tok: Token) -> bool:
        return any(s <= tok.idx < e for s, e in actor.mentions)

    @staticmethod
    def _antecedent(noun: Token) -> Token:
        """The noun a relative clause is about; "X was one of the officials who ..." is about X."""
        of = noun.head
        if noun.dep_ == "pobj" and of.lower_ == "of" and of.head.lower_ in ("one", "among") and of.head.dep_ in (
            "attr", "nsubj", "appos"
        ):
            one = of.head
            if one.dep_ == "appos":
                return one.head
            copula = one.head
            subjects = [c for c in copula.children if c.dep_ in SUBJECT_DEPS]
            if subjects:
                return subjects[0]
        return noun

    def _text_participant(self, tok: Token) -> Participant | None:
        """An unnamed actor as its words: "Thai authorities", "the government" -> "government"."""
        left = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod", "poss", "nummod", "quantmod", "det")
                and not any(t.pos_ == "ADP" for t in c.subtree)]
        line_start = self.s.text.rfind("\n", 0, tok.idx) + 1
        skip = {t.i for c in left if c.dep_ in ("det", "predet") for t in c.subtree}
        for c in left:  # leading descriptive adjectives: "the long-ruling ...", "many high-ranking ..." (not "Israeli")
            if c.dep_ in ("amod", "nummod", "quantmod") and not any(
                t.pos_ == "PROPN" or t.ent_type_ in ("NORP", "GPE", "ORG")
                or (t.text[:1].isupper() and not t.is_sent_start) for t in c.subtree
            ):
                skip |= {t.i for t in c.subtree}
        begin = min([tok.i, *(c.left_edge.i for c in left)])
        for t in self.doc[begin : tok.i]:  # "in 2017 Hun Sen's government": the name starts after the phrase
            if t.pos_ == "ADP" and t.right_edge.i < tok.i:
                begin = t.right_edge.i + 1
        first = next(
            (t for t in self.doc[begin : tok.i + 1]
             if t.i not in skip and not t.is_punct and t.idx >= line_start),
            tok,
        )
        text = self.s.text[first.idx : tok.idx + len(tok.text)]
        text = " ".join(re.sub(r"\s*\([^()]*\)", "", text).split())
        if not text or first.pos_ == "PRON" and first.i == tok.i:
            return None
        return Participant(text, None, tok, group=self._group(tok), office=self._office(tok))

    def _group(self, tok: Token) -> bool:
        """A collective noun that acts: plural ("protesters", "troops") or one of a kind ("the police", "the army",
        "the opposition party")."""
        low, lemma = tok.lower_, self.s.lem(tok)
        if low in self.p.group_nouns and (tok.tag_ in ("NNS", "NNPS") or low in SINGULAR_GROUPS):
            return True
        if lemma in ("party", "parties") and any(c.lower_ in ("opposition", "ruling", "governing")
                                                 for c in tok.children if c.dep_ in ("amod", "compound")):
            return True
        return low in DEFINITE_BODIES and any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an", "any")
                                              for c in tok.children)

    def _office(self, tok: Token) -> bool:
        """One office: "the president", "Pakistan's foreign minister", "the opposition leader"."""
        return tok.tag_ == "NN" and self.s.lem(tok) in self.p.office_nouns and any(
            (c.dep_ == "det" and c.lower_ in ("the", "this")) or c.dep_ == "poss" for c in tok.children)

    def _described(self, tok: Token) -> Participant | None:
        """A definite description: "the premier" -> the person with that role; "his party" -> his party."""
        if tok.pos_ != "NOUN" or any(c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN" for c in tok.children):
            return None
        dets = [c for c in tok.children if c.dep_ in ("det", "poss")]
        if not dets or (dets[0].dep_ == "det" and dets[0].lower_ not in ("the", "this", "that")):
            return None
        lemma = self.s.lem(tok)
        phrase = " ".join(t.lower_ for t in tok.lefts if t.dep_ in ("amod", "compound")) + " " + lemma
        phrase = ROLE_SYNONYMS.get(lemma, phrase.strip())
        poss = next((c for c in tok.children if c.dep_ == "poss"), None)
        if poss is not None:
            owner = self.resolve(poss) if poss.pos_ == "PRON" else None
            if owner and owner.actor:
                for role in owner.actor.roles:
                    if role.organization and lemma in role.organization.lower():
                        org = self.actors.named(role.organization)
                        if org:
                            return Participant(org.name, org, tok)
        modifiers = {t.lower_ for t in tok.lefts if t.dep_ in ("amod", "compound") and t.is_lower}
        index = self.s.sent_index(tok)
        window = self.s.sents[max(0, index - 3)].start_char
        best: tuple[tuple[int, int, int], Actor] | None = None
        for actor in self.actors.actors:
            if actor.type == "PERSON":
                ok = lemma not in COLLECTIVE_HEADS and any(
                    phrase in r.title.lower() or r.title.lower().endswith(lemma) for r in actor.roles)
            elif lemma == "opposition":  # the party the article calls "the opposition ..."
                ok = actor.type == "ORG" and any("opposition" in self._words_before(s) for s, _ in actor.mentions)
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

    # ---- pronouns ------------------------------------------------------------------------------------
    def pronoun(self, tok: Token, exclude: Participant | None) -> Participant | None:
        low = tok.lower_
        if low in FIRST_PERSON:
            return self._first_person(tok)
        if low in FIRST_PLURAL:
            return self._first_plural(tok)
        actor = self.actor_at(tok)  # the actors stage's own resolution comes first
        if actor is not None and not (exclude and exclude.actor is actor):
            return Participant(actor.name, actor, tok)
        if low in NEUTER:
            return self._neuter(tok) if tok.dep_ in ANY_SUBJECT or low in ("its", "their", "them") else None
        if low not in PERSONAL:
            return None
        q = self.quote_at(tok.idx)
        if q is not None and q.kind != "indirect" and q.actor is not None:  # "he" in someone's own words is not him
            exclude = Participant(q.name or "", q.actor, tok)
        speaker = self._speech_subject(tok) if q is None or q.kind == "indirect" else None
        excluded = exclude.actor if exclude else None
        if speaker and speaker.actor and speaker.actor.type == "PERSON" and speaker.actor is not excluded:
            return Participant(speaker.name, speaker.actor, tok)
        if tok.dep_ in ANY_SUBJECT and not self._person_before(tok):
            salient = self._previous_subject(tok)
            if salient and not (exclude and exclude.actor is salient):
                return Participant(salient.name, salient, tok)
        best: tuple[int, Actor] | None = None
        for actor in self.people:
            if exclude and exclude.actor is actor:
                continue
            for _s, e in actor.mentions:
                if e <= tok.idx and (best is None or e > best[0]):
                    best = (e, actor)
        return Participant(best[1].name, best[1], tok) if best else None

    def _first_person(self, tok: Token) -> Participant | None:
        q = self.quote_at(tok.idx)
        if q is not None:
            return Participant(q.name, q.actor, tok) if q.name else None
        return self._speech_subject(tok)

    def _first_plural(self, tok: Token) -> Participant | None:
        """ "we" in a quote: the speaker's organization when the speaker speaks for one, else the speaker."""
        q = self.quote_at(tok.idx)
        speaker = Participant(q.name, q.actor, tok) if q is not None and q.name else self._speech_subject(tok)
        if speaker is None or speaker.actor is None:
            return speaker
        for role in speaker.actor.roles:
            if role.organization and any(w in role.title.lower() for w in SPOKESPEOPLE):
                org = self.actors.named(role.organization)
                if org is not None:
                    return Participant(org.name, org, tok)
        return speaker

    def _neuter(self, tok: Token) -> Participant | None:
        """ "it"/"they": the organization subject of the clause it continues, else the nearest one before it."""
        clause = tok.head
        if tok.dep_ in SUBJECT_DEPS and clause.dep_ in ("conj", "advcl") and clause.head.i != clause.i:
            subject = self.s.own(clause.head, ANY_SUBJECT)
            if subject is not None and subject.pos_ != "PRON":
                p = self.resolve(subject)
                if p and p.actor and p.actor.type != "PERSON":
                    return Participant(p.name, p.actor, tok)
        index = self.s.sent_index(tok)
        start = self.s.sents[max(0, index - (0 if tok.lower_ in ("it", "its") else 1))].start_char
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
        start = self.s.sent(tok).start_char
        return any(start <= s and e <= tok.idx for a in self.people for s, e in a.mentions)

    def _previous_subject(self, tok: Token) -> Actor | None:
        """The person who is the main subject of one of the sentences before: "He" continues the topic."""
        sents = self.s.sents
        index = self.s.sent_index(tok)
        for sent in reversed(sents[max(0, index - 4) : index]):
            root = sent.root
            subjects = [c for c in root.children if c.dep_ in ANY_SUBJECT]
            if not subjects or (subjects[0].pos_ == "PRON" and subjects[0].lower_ not in PERSONAL):
                continue
            subject = subjects[0]
            p = self.pronoun(subject, None) if subject.pos_ == "PRON" else self.resolve(subject)
            if p and p.actor and p.actor.type == "PERSON":
                return p.actor
        return None

    def _speech_subject(self, tok: Token) -> Participant | None:
        """The subject of the nearest speech verb above a token."""
        t = tok
        while t.head.i != t.i:
            child, t = t, t.head
            if self.s.lem(t) not in self.p.speech_verbs or child.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS:
                continue
            subjects = self.s.subject_tokens(t)
            if not subjects:
                continue
            subject = subjects[0]
            if subject.lower_ in FIRST_PERSON | FIRST_PLURAL:
                q = self.quote_at(subject.idx)
                if q is not None and q.name:
                    return Participant(q.name, q.actor, tok)
                continue
            if subject.i == tok.i:
                return None
            p = self.resolve(subject)
            if p:
                return p
        return None
