"""Criticism, accusation and praise said without a trigger verb.

"Yang Peou said Chhay's apology was late", "He claimed that court cases indicated a shrinking of the freedom of
expression", "'Samdech Hun Sen is a clever and pragmatic person,' he said", "Human Rights Watch called the vote a
sham", "the election was seen as not free and fair by COMFREL": the one who says it disapproves of (111), accuses
(112) or praises (051) whoever the evaluated thing belongs to, or no one in particular.

Who evaluates: the speaker of the quote the words are in, else the subject of a calling verb ("called X a sham"),
the agent of a passive one ("seen as ... by X"), or the source of "according to X". What evaluates comes from
data/event_patterns.yaml: ``negative_words`` (adjectives and nouns), ``accusing_words``, ``positive_words``,
``fairness_words`` (criticism only when denied: "neither free nor fair") and ``negative_verbs`` ("said the party had
undermined the courts"). A negation turns praise into criticism and criticism into nothing. One such event per
evaluator and sentence, and none where the evaluator already has an event with a trigger word in that sentence.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from .events_document import Candidate
from .events_patterns import Patterns
from .events_resolve import EVENT_NOUNS, INSTITUTIONS, Participant, Resolver
from .events_syntax import ANY_SUBJECT, ASSERTED, FUTURE, MENTAL_VERBS, OBJECT_DEPS, SUBJECT_DEPS, Syntax

PREDICATE_DEPS = {"acomp", "attr", "oprd", "ROOT", "ccomp", "conj", "xcomp", "pobj"}
NOMINAL_DEPS = {"dobj", "attr", "pobj", "nsubj", "conj", "appos", "oprd"}
CLAUSE_DEPS = {"ROOT", "ccomp", "conj", "relcl", "advcl", "xcomp"}


def evaluative_candidates(syntax: Syntax, resolver: Resolver, pats: Patterns,
                          existing: Sequence[Candidate]) -> list[Candidate]:
    """Evaluation events of the article, beside the ``existing`` trigger events."""
    out: list[Candidate] = []
    taken: set[tuple[str, tuple[int, int]]] = set()
    triggers = {c.trigger.i for c in existing}
    for c in existing:
        if c.source is not None:
            taken.add((c.source.name, syntax.unit(c.trigger)))
    for tok in syntax.doc:
        if tok.i in triggers:
            continue
        found = _evaluation(tok, syntax, pats)
        if found is None:
            continue
        code, negated = found
        evaluators = _evaluators(tok, syntax, resolver, pats)
        if not evaluators:
            continue
        unit = syntax.unit(tok)
        evaluators = [e for e in evaluators if (e.name, unit) not in taken]
        if not evaluators:
            continue
        if code == "051" and negated:
            code = "111"
        elif code == "fair":
            if not negated:
                continue
            code = "111"
        elif negated:
            continue
        clause = _clause(tok)
        modality = syntax.modality(clause)
        if modality == FUTURE and not syntax.reported(clause):
            continue  # "it will not be a fair election" is a forecast; "said it would not be" reports a judgment
        if modality not in (ASSERTED, FUTURE) or syntax.embedded(clause) == "negated":
            continue
        for evaluator in evaluators:
            target = _target(tok, syntax, resolver, evaluator)
            if target is not None and (target.name == evaluator.name or (
                target.actor is not None and target.actor is evaluator.actor
            )):
                continue
            if code == "051" and (target is None or target.actor is None):
                continue
            taken.add((evaluator.name, unit))
            out.append(Candidate(code, tok, evaluator, target, False, ASSERTED))
    return out


def _evaluation(tok: Token, syntax: Syntax, pats: Patterns) -> tuple[str, bool] | None:
    """(code, negated) when the token evaluates something: a predicate adjective, an evaluative noun, or a verb of
    wrongdoing. The code "fair" marks a quality that only its denial makes a criticism."""
    lemma = syntax.lem(tok)
    low = tok.lower_
    if tok.pos_ == "ADJ" and tok.dep_ in PREDICATE_DEPS | {"amod"}:
        if tok.dep_ == "amod" and tok.head.dep_ not in ("attr", "oprd") and tok.head.pos_ != "ADP":
            return None  # "a clever person" as a predicate noun counts, "the fake news" does not
        if lemma == "motivated" and any(c.lower_ == "politically" for c in tok.children):
            return "111", _negated(tok, syntax)  # "his arrest was politically motivated"
        for words, code in ((pats.negative_words, "111"), (pats.positive_words, "051"), (pats.fairness_words, "fair")):
            if lemma in words or low in words:
                return code, _negated(tok, syntax)
        return None
    progressive = tok.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_ == "be" for c in tok.children)
    if (tok.pos_ == "VERB" and (tok.tag_ != "VBG" or progressive) and lemma in pats.negative_verbs
            and tok.dep_ in CLAUSE_DEPS):  # "had undermined", "was destroying"; not "a crippling blow"
        if syntax.passive(tok) and not any(c.dep_ == "agent" for c in tok.children):
            return None  # "the country would be destroyed": by whom, the text does not say
        return "111", syntax.negated(tok)
    if tok.pos_ in ("NOUN", "VERB") and tok.dep_ in NOMINAL_DEPS | {"ROOT"}:
        if tok.pos_ == "VERB" and tok.tag_ != "VBG":
            return None
        if low in pats.accusing_words or lemma in pats.accusing_words:
            return "112", False
        if tok.pos_ == "NOUN" and (low in pats.negative_words or lemma in pats.negative_words):
            if any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
                return None
            return "111", False
    return None


def _evaluators(tok: Token, syntax: Syntax, resolver: Resolver, pats: Patterns) -> list[Participant]:
    """Who makes the evaluation: a quote's speakers, a calling verb's subject, a passive's agent, "according to X"."""
    said = _said_by(tok, syntax, resolver, pats)  # the nearest speech verb above it: "which said ... was not credible"
    if said:
        return said
    quote = resolver.quote_at(tok.idx)
    if quote is not None:
        if quote.actor is None or not quote.name or syntax.lemma_of(quote.cue) in MENTAL_VERBS:
            return []  # no named speaker, or a fear or hope rather than a statement
        return [Participant(name, actor, tok) for name, actor in quote.speakers]
    found = _evaluator(tok, syntax, resolver, pats)
    return [found] if found is not None else []


def _said_by(tok: Token, syntax: Syntax, resolver: Resolver, pats: Patterns) -> list[Participant]:
    """The named subjects (coordinated ones included) of the speech verb whose complement the token is in."""
    t = tok
    for _ in range(8):
        if t.head.i == t.i:
            return []
        child, t = t, t.head
        if child.dep_ in ANY_SUBJECT:
            return []
        lemma = syntax.lem(t)
        if lemma in MENTAL_VERBS:
            return []
        if lemma in pats.speech_verbs and child.dep_ in ("ccomp", "xcomp", "dobj", "advcl", "parataxis"):
            found = resolver.resolve_all(syntax.subject_tokens(t))
            return [p for p in found if p.actor is not None or p.group]
    return []


def _evaluator(tok: Token, syntax: Syntax, resolver: Resolver, pats: Patterns) -> Participant | None:
    t = _clause(tok)
    for _ in range(3):
        if t.pos_ in ("VERB", "AUX"):
            agents = [o for c in t.children if c.dep_ == "agent" for o in syntax.pobjs(c)]
            if not agents and syntax.lem(t) in pats.calling_verbs and not syntax.passive(t):
                agents = [c for c in t.children if c.dep_ in SUBJECT_DEPS]
            for a in agents:
                p = resolver.resolve(a)
                if p is not None and (p.actor is not None or p.group):
                    return p
        if t.head.i == t.i or t.dep_ not in ("xcomp", "ccomp", "oprd", "acomp", "advcl", "conj", "prep", "pobj"):
            break
        t = t.head
    span = syntax.unit_span(tok)
    for according in (x for x in span or () if x.lower_ == "according"):
        for to in (c for c in according.children if c.lower_ == "to"):
            for o in syntax.pobjs(to):
                p = resolver.resolve(o)
                if p is not None and p.actor is not None:
                    return p
    return None


def _negated(tok: Token, syntax: Syntax) -> bool:
    if any(c.dep_ in ("neg", "preconj") and c.lower_ in ("not", "n't", "never", "neither") for c in tok.children):
        return True
    head = tok.head
    if tok.dep_ in ("acomp", "attr", "oprd") and syntax.negated(head):
        return True
    if tok.dep_ == "conj" and head.pos_ == "ADJ":
        between = [c for c in head.children if c.dep_ == "cc" and c.lower_ == "nor"]
        return bool(between) or _negated(head, syntax)
    if tok.dep_ == "amod":
        return _negated(head, syntax) if head.dep_ in ("attr", "oprd") else False
    return False



def _clause(tok: Token) -> Token:
    """The verb whose clause the evaluation is: the copula of a predicate, the verb of an object."""
    t = tok
    for _ in range(4):
        if t.pos_ in ("VERB", "AUX") or t.head.i == t.i:
            return t
        t = t.head
    return t


def _target(tok: Token, syntax: Syntax, resolver: Resolver, evaluator: Participant) -> Participant | None:
    """Whose thing is evaluated: the subject of the copula ("Chhay's apology was late": Chhay), of the verb of
    wrongdoing ("the party had undermined"), the object of a calling verb, the owner of an evaluative noun ("the
    government's crackdown"), or a named actor it is of/by/against."""
    gerund = tok.tag_ == "VBG" and not any(c.dep_ == "aux" and c.lemma_ == "be" for c in tok.children)
    if tok.pos_ in ("ADJ", "VERB") and not (tok.pos_ == "VERB" and gerund):
        clause = tok if tok.pos_ == "VERB" else (tok.head if tok.dep_ != "amod" else tok.head.head)
        while clause.dep_ == "prep" or clause.pos_ == "ADP":  # "seen as not free"
            clause = clause.head
        candidates = [c for c in clause.children if c.dep_ in ANY_SUBJECT]
        if tok.pos_ == "ADJ":
            candidates += [c for c in clause.children if c.dep_ in OBJECT_DEPS]
        for subject in candidates:
            found = _owner(subject, syntax, resolver, evaluator)
            if found is not None:
                return found
        return None
    found = _owner(tok, syntax, resolver, evaluator, own=False)
    if found is not None:
        return found
    if tok.dep_ in OBJECT_DEPS | {"attr"}:  # "it was a farce": the subject
        for subject in (c for c in tok.head.children if c.dep_ in ANY_SUBJECT):
            found = _owner(subject, syntax, resolver, evaluator)
            if found is not None and found.actor is not None:
                return found
    return None


def _owner(tok: Token, syntax: Syntax, resolver: Resolver, evaluator: Participant, own: bool = True
           ) -> Participant | None:
    if own:
        if tok.lower_ in ("it", "this", "that"):
            return None  # what "it" is, is not known well enough to blame anyone
        p = resolver.resolve(tok, exclude=evaluator)
        if p is not None and (p.actor is not None or p.group or syntax.lem(p.token) in INSTITUTIONS):
            return p
    for c in tok.children:
        if c.dep_ == "poss" and syntax.lem(tok) not in EVENT_NOUNS:  # "his arrest": he is its patient
            p = resolver.resolve(c, exclude=evaluator)
            if p is not None and p.actor is not None:
                return p
        if c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN":
            actor = resolver.actor_at(c)
            if actor is not None:
                return Participant(actor.name, actor, c)
    for prep in syntax.preps(tok):
        if prep.lower_ in ("by", "against", "of", "from"):
            for o in syntax.pobjs(prep):
                actor = resolver.actor_at(o)
                if actor is not None:
                    return Participant(actor.name, actor, o)
    return None
