"""Clause syntax for the events stage: a trigger's unit of text, voice, subjects, objects, negation and modality.

``Syntax`` wraps one parsed article with the trigger dictionary's word lists and caches what the events stage
asks of every token (its sentence, its line-bounded unit, its repaired lemma), so that a trigger costs a few
dependency hops rather than a sentence scan.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from .events_patterns import Patterns

ASSERTED, HYPOTHETICAL, FUTURE, DEMANDED = "asserted", "hypothetical", "future", "demanded"
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
ANY_SUBJECT = SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS
OBJECT_DEPS = frozenset({"dobj", "obj"})
INHERIT_DEPS = frozenset({"xcomp", "advcl", "conj", "pcomp", "prep", "acl", "relcl", "ccomp", "oprd", "acomp",
                          "advmod"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
HYPOTHETICAL_AUX = frozenset({"would", "could", "might", "may", "'d"})
DEMAND_AUX = frozenset({"should", "must", "ought"})
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})
GENERIC_MARKS = frozenset({"when", "whenever", "once"})  # with a present tense: "when they decide to dissolve"
CAUSATIVES = frozenset({"let", "make", "allow", "permit", "help", "have"})
NEGATING_HEADS = frozenset({"refuse", "decline", "fail"})
DOCUMENT_NOUNS = frozenset({"statement", "report", "letter", "resolution", "communique", "declaration", "message",
                            "post", "tweet", "speech", "memo", "memorandum", "petition", "editorial", "op-ed"})
REFRAINING_VERBS = frozenset({"refrain", "abstain", "desist", "shy", "withdraw", "back", "hold", "keep"})
THREAT_VERBS = frozenset({"threaten", "warn", "vow"})
CLAUSAL_DEPS = frozenset({"ccomp", "xcomp", "pcomp", "pobj", "dobj", "acl", "csubj", "prep", "advcl"})
MENTAL_VERBS = frozenset({"hope", "feel", "fear", "believe", "think", "expect", "want", "wish", "worry"})


class Syntax:
    def __init__(self, doc: Doc, pats: Patterns):
        self.doc, self.p = doc, pats
        self.text = doc.text
        self.sents: list[Span] = list(doc.sents)
        self._sent_index = [0] * len(doc)
        for n, sent in enumerate(self.sents):
            for i in range(sent.start, sent.end):
                self._sent_index[i] = n
        self._units: dict[int, tuple[int, int]] = {}
        self._lemmas: dict[int, str] = {}
        self.known = frozenset(pats.verbs) | pats.light_verbs | pats.speech_verbs | pats.decision_verbs | (
            pats.appeal_verbs | pats.intent_verbs | pats.object_control_verbs | CAUSATIVES | pats.nonfactive_verbs
        )

    # ---- text units ----------------------------------------------------------------------------------
    def sent_index(self, tok: Token) -> int:
        return self._sent_index[tok.i]

    def sent(self, tok: Token) -> Span:
        return self.sents[self._sent_index[tok.i]]

    def unit(self, tok: Token) -> tuple[int, int]:
        """The token's sentence, cut at line breaks (spaCy sometimes runs a sentence across paragraphs), stripped."""
        cached = self._units.get(tok.i)
        if cached is not None:
            return cached
        sent, text = self.sent(tok), self.text
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
        self._units[tok.i] = (start, end)
        return start, end

    def unit_span(self, tok: Token) -> Span | None:
        start, end = self.unit(tok)
        return self.doc.char_span(start, end, alignment_mode="expand")

    def unit_words(self, tok: Token) -> set[str]:
        span = self.unit_span(tok)
        return {t.lower_ for t in span} | {t.lemma_.lower() for t in span} if span is not None else set()

    # ---- words ---------------------------------------------------------------------------------------
    def lem(self, tok: Token) -> str:
        """The lemma, repaired for a verb the lemmatizer gets wrong ("staged" -> "stag")."""
        cached = self._lemmas.get(tok.i)
        if cached is not None:
            return cached
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("VERB", "AUX") and lemma not in self.known:
            low = tok.lower_
            for cut, add in ((1, ""), (2, ""), (3, ""), (3, "e"), (4, "")):
                guess = low[:-cut] + add if len(low) > cut + 2 else ""
                if guess in self.known:
                    lemma = guess
                    break
        self._lemmas[tok.i] = lemma
        return lemma

    def lemma_of(self, word: str) -> str:
        """A cue word's verb lemma, roughly ("fearing" -> "fear", "hopes" -> "hope")."""
        for cut, add in ((0, ""), (3, ""), (3, "e"), (1, ""), (2, ""), (2, "e")):
            guess = word[: len(word) - cut] + add if cut else word
            if guess in self.known or guess in MENTAL_VERBS:
                return guess
        return word

    def words(self, scope: Iterable[Token]) -> set[str]:
        """Words and lemmas of the tokens' subtrees, leaving out their own subjects."""
        out: set[str] = set()
        for tok in scope:
            for t in tok.subtree:
                if t.dep_ in SUBJECT_DEPS and t.head.i == tok.i:
                    continue
                out.add(t.lower_)
                out.add(self.lem(t))
        return out

    # ---- structure -----------------------------------------------------------------------------------
    @staticmethod
    def preps(tok: Token) -> list[Token]:
        return [c for c in tok.children if c.dep_ in ("prep", "agent", "dative") and c.pos_ == "ADP"]

    @staticmethod
    def pobjs(prep: Token) -> list[Token]:
        out = []
        for c in prep.children:
            if c.dep_ in ("pobj", "pcomp"):
                out.append(c)
                out += [x for x in c.conjuncts if x.i > c.i]
        return out

    def prep_objects(self, tok: Token, word: str) -> list[Token]:
        return [o for prep in self.preps(tok) if self.lem(prep) == word and prep.i > tok.i for o in self.pobjs(prep)]

    def passive(self, tok: Token) -> bool:
        if any(c.dep_ in ("auxpass", "nsubjpass", "csubjpass") for c in tok.children):
            return True
        if tok.dep_ in ("acl", "amod") and tok.tag_ == "VBN":
            return not self.misparsed_main(tok)
        if (
            tok.dep_ == "conj" and tok.tag_ in ("VBN", "VBD")
            and not any(c.dep_ in ("aux", "nsubj", "dobj") for c in tok.children)
        ):
            return self.passive(tok.head)
        return False

    @staticmethod
    def misparsed_main(tok: Token) -> bool:
        """A main clause parsed as a modifier of its subject: "Hundreds of villagers protested outside ..." (the
        noun is the root, the verb hangs from it; a bare plural or quantity has no determiner)."""
        head = tok.head
        return (tok.dep_ == "acl" and tok.tag_ in ("VBD", "VBN") and head.dep_ == "ROOT" and head.tag_ == "NNS"
                and tok.i > head.i and not any(c.dep_ == "det" for c in head.children))

    def objects(self, tok: Token, passive: bool) -> list[Token]:
        if passive:
            return self.patients(tok)
        objs = [c for c in tok.children if c.dep_ in OBJECT_DEPS]
        if not objs:  # "criticized and condemned X": X is the object of both
            later = [v for v in tok.conjuncts if v.i > tok.i and not any(c.dep_ in SUBJECT_DEPS for c in v.children)]
            objs = [c for v in later[:1] for c in v.children if c.dep_ in OBJECT_DEPS]
        return [x for o in objs for x in (o, *[c for c in o.conjuncts if c.i > o.i])]

    def patients(self, tok: Token) -> list[Token]:
        """The passive verb's subject: its own, a conjoined verb's, or the noun a participle modifies."""
        subject = self.own(tok, PASSIVE_SUBJECT_DEPS)
        if subject is not None:
            return [subject, *[x for x in subject.conjuncts if x.i > subject.i]]
        if tok.dep_ in ("acl", "amod"):
            return [tok.head]
        if tok.dep_ == "conj":
            return self.patients(tok.head) if self.passive(tok.head) else self.subject_tokens(tok.head)
        if tok.dep_ == "xcomp":  # "it was painful to be accused": the controller
            return self.subject_tokens(tok.head)
        if tok.dep_ == "relcl":
            return [tok.head]
        return []

    def own(self, tok: Token, deps: frozenset[str] | set[str]) -> Token | None:
        """The verb's subject in its own paragraph (a heading glued to the sentence is no subject), nearest first."""
        unit = self.unit(tok)
        found = [c for c in tok.children if c.dep_ in deps and unit[0] <= c.idx < unit[1]]
        before = [c for c in found if c.i < tok.i]
        return before[-1] if before else (found[0] if found else None)

    def subject_tokens(self, tok: Token, depth: int = 0) -> list[Token]:
        """The active subject of a verb: its own, or the one it shares (conjunction, control, purpose)."""
        if depth > 6:
            return []
        deps = SUBJECT_DEPS if depth == 0 else ANY_SUBJECT
        subject = self.own(tok, deps)
        if subject is not None:
            return [subject, *[x for x in subject.conjuncts if x.i > subject.i]]
        if self.misparsed_main(tok):
            return [tok.head]
        if tok.dep_ == "acl" and tok.tag_ == "VBG":  # "a statement condemning": whoever issued the statement
            head = tok.head
            if self.lem(head) in DOCUMENT_NOUNS:
                owner = [c for c in head.children if c.dep_ in ("poss", "compound") and c.pos_ in ("PROPN", "PRON")]
                if owner:
                    return owner
                if head.dep_ in OBJECT_DEPS and head.head.pos_ in ("VERB", "AUX"):
                    return self.subject_tokens(head.head, depth + 1)
            return [head]
        if tok.dep_ == "relcl":
            return [tok.head]
        head = tok.head
        if head.i == tok.i or tok.dep_ not in INHERIT_DEPS - {"ccomp", "relcl"}:
            return []
        if tok.dep_ == "xcomp" and self.lem(head) in self.p.object_control_verbs:
            controller = [c for c in head.children if c.dep_ in OBJECT_DEPS]
            if not controller and self.lem(head) in self.p.appeal_verbs:
                controller = [o for p in self.preps(head) if p.lower_ in ("on", "upon") for o in self.pobjs(p)]
            if controller:
                return controller
        if self.passive(head) and tok.dep_ == "conj":
            return []
        return self.subject_tokens(head, depth + 1)

    def decider(self, tok: Token) -> Token | None:
        """The verb of deciding whose complement this is ("ruled that the party be dissolved", "ordered X to")."""
        t = tok
        for _ in range(3):
            if t.dep_ in ("ccomp", "xcomp", "conj") and t.head.i != t.i:
                if self.lem(t.head) in self.p.decision_verbs:
                    return t.head
                t = t.head
            else:
                return None
        return None

    # ---- negation and modality -----------------------------------------------------------------------
    def negated(self, tok: Token) -> bool:
        for c in tok.children:
            if c.dep_ == "neg":
                return True
            if c.dep_ == "advmod" and c.lower_ == "longer" and any(x.dep_ == "neg" for x in c.children):
                return True
            if c.dep_ in ANY_SUBJECT and any(x.dep_ == "preconj" and x.lower_ == "neither" for x in c.children):
                return True
            if c.dep_ in ANY_SUBJECT and c.lower_ in ("nobody", "none", "no-one"):
                return True
            if c.dep_ in ANY_SUBJECT and any(x.dep_ == "det" and x.lower_ == "no" for x in c.children):
                return True
        head = tok.head
        if head.i == tok.i:
            return False
        if tok.dep_ == "xcomp" or (tok.dep_ == "ccomp" and self.lem(head) in CAUSATIVES):
            return self.negated(head) or self.lem(head) in NEGATING_HEADS
        if tok.dep_ == "pcomp" and head.lower_ == "without":
            return True
        if tok.dep_ == "pcomp" and head.lower_ == "from" and self.lem(head.head) in REFRAINING_VERBS:
            return True  # "refrained from attacking", "abstained from voting"
        if tok.dep_ == "xcomp" and self.lem(head) in ("avoid", "cease", "stop", "quit") and tok.tag_ == "VBG":
            return True  # "avoided criticizing"
        if tok.dep_ == "conj" and not any(c.dep_ in SUBJECT_DEPS | {"aux", "neg"} for c in tok.children):
            between = [c for c in head.children if c.dep_ == "cc" and head.i < c.i < tok.i]
            if between and between[-1].lower_ in ("or", "nor"):
                return self.negated(head)
            if self.negated(head) and not self.passive(tok):
                return any(c.dep_ == "neg" for c in head.children) and head.i < tok.i
        return False

    def reported(self, tok: Token) -> bool:
        """Whether the clause is the complement of a speech verb ("he said he would ...")."""
        t = tok
        for _ in range(4):
            if t.head.i == t.i:
                return False
            if t.dep_ == "ccomp" and self.lem(t.head) in self.p.speech_verbs - MENTAL_VERBS:
                return True
            if t.dep_ not in ("conj", "xcomp"):
                return False
            t = t.head
        return False

    def modality(self, tok: Token) -> str:
        found: set[str] = set()
        t, steps = tok, 0
        decided = self.decider(tok) is not None  # "ruled that the party should be dissolved": what was decided
        while steps < 6:
            auxes = [c.lower_ for c in t.children if c.dep_ in ("aux", "auxpass") and c.lower_ != "to"]
            if any(a in FUTURE_AUX for a in auxes):
                found.add(FUTURE)
            for a in auxes:
                if a in HYPOTHETICAL_AUX:
                    future_in_past = a in ("would", "'d") and self.reported(t)
                    found.add(FUTURE if future_in_past else HYPOTHETICAL)
            if any(a in DEMAND_AUX for a in auxes) and not decided:
                found.add(DEMANDED)
            marks = {c.lower_ for c in t.children if c.dep_ == "mark"}
            if marks & CONDITIONAL_MARKS or any(x.lower_ == "otherwise" for x in t.subtree if x.i < t.i):
                return HYPOTHETICAL
            if marks & GENERIC_MARKS and (
                (t.tag_ in ("VBP", "VBZ") and not auxes) or any(a in ("has", "have", "is", "are") for a in auxes)
            ):
                return HYPOTHETICAL
            if (t.tag_ in ("VB", "VBP", "VBZ") or any(a in FUTURE_AUX | HYPOTHETICAL_AUX for a in auxes)) and any(
                c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
                for c in t.children
            ):
                return HYPOTHETICAL  # the consequent of a condition ("we will be accused if ...")
            if t.lemma_ == "go" and any(c.dep_ == "xcomp" for c in t.children) and t.tag_ == "VBG":
                found.add(FUTURE)
            head = t.head
            infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)
            if t.dep_ in ("xcomp", "ccomp") and head.i != t.i and self.lem(head) in self.p.appeal_verbs:
                found.add(DEMANDED)
            if t.dep_ in ("xcomp", "ccomp") and self.lem(head) in THREAT_VERBS:
                return HYPOTHETICAL  # what is threatened has not happened: the threat is the event
            if t.dep_ == "xcomp" and self.lem(head) in self.p.intent_verbs:
                found.add(FUTURE)
            if t.dep_ == "xcomp" and head.pos_ == "ADJ" and head.lemma_ not in ("able",):
                return HYPOTHETICAL  # "difficult to protest", "eager to assist"
            if t.dep_ == "xcomp" and head.lemma_ == "be" and any(
                c.dep_ == "acomp" and c.pos_ == "ADJ" and c.lemma_ != "able" for c in head.children
            ):
                return HYPOTHETICAL  # "it is difficult to address or protest"
            if infinitive and t.dep_ in ("acl", "relcl", "xcomp") and head.pos_ in ("NOUN", "PRON"):
                return HYPOTHETICAL  # "plenty to gain", "the normal activity of the police to investigate"
            if t.dep_ in ("conj", "xcomp", "acomp") and not auxes and head.i != t.i:
                t, steps = head, steps + 1
                continue
            if t.dep_ == "ccomp" and not auxes and (
                self.lem(head) in CAUSATIVES or self.lem(head) not in self.p.speech_verbs
            ):  # "let people attack", "if he knew he was wrong"
                t, steps = head, steps + 1
                continue
            if t.dep_ == "advcl" and head.i != t.i and t.tag_ != "VBG":  # an if-clause above us
                t, steps = head, steps + 1
                continue
            if t.dep_ == "pcomp" and head.dep_ == "prep" and head.head.i != head.i:  # "gain by cooperating"
                t, steps = head.head, steps + 1
                continue
            break
        for value in (DEMANDED, HYPOTHETICAL, FUTURE):
            if value in found:
                return value
        return ASSERTED

    def under(self, tok: Token, verbs: frozenset[str]) -> bool:
        t = tok
        for _ in range(3):
            if t.dep_ not in ("xcomp", "conj") or t.head.i == t.i:
                return False
            t = t.head
            if self.lem(t) in verbs:
                return True
        return False

    def embedded(self, tok: Token) -> str | None:
        """Why the clause a trigger heads is not asserted by the text: it is the content of a denial, a claim or an
        accusation ("denied that he had said", "accused X of plotting to", "allegations that X attacked"), or of a
        negated verb ("would not permit ... or let people attack"). None when it is asserted."""
        t, steps = tok, 0
        while t.head.i != t.i and steps < 8:
            dep, head = t.dep_, t.head
            steps += 1
            if dep == "conj" and head.pos_ in ("VERB", "AUX"):
                t = head
                continue
            if dep not in CLAUSAL_DEPS:
                return None
            lemma = self.lem(head)
            own_claim = dep == "xcomp" and lemma not in ("deny", "refute")  # "claimed to have thwarted" is his own
            if lemma in self.p.nonfactive_verbs and head.pos_ in ("VERB", "NOUN", "ADJ") and not own_claim:
                return "nonfactive"
            if dep in ("ccomp", "xcomp", "dobj") and head.pos_ in ("VERB", "AUX") and self.negated(head):
                return "negated"
            t = head
        return None
