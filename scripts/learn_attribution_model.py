#!/usr/bin/env python3
"""Learns the quotes stage's attribution model (src/newscoder/data/attribution_model.json) from PolNeAR's training
split.

usage: learn_attribution_model.py POLNEAR_TRAIN_DIR [--dev POLNEAR_DEV_DIR] [--out PATH] [--threshold P]
                                  [--threshold-unnamed P] [--limit N] [--workers N] [--model NAME]

Needs scikit-learn (pip install -e '.[learn]'); newscoder itself does not.

Each training article is parsed and its actors found as `newscoder extract` does; every frame of every possible
cue word (newscoder.stages.quotes.attribution_candidates) becomes one example, whether or not the text names
someone to attribute it to (the speaker's kind is one of the features), labelled 1 when its content overlaps an
annotated attribution's content by at least half both ways (PolNeAR's scorer's match). Its features are the
frame's (newscoder.stages.quotes._Finder.frame_features) and the cue
lexicon's figures for its word and frame. Those figures are computed out of fold (5 folds of articles: an
article's frames see the counts of the other four, scaled to the whole), since the shipped lexicon was learned
from these same articles and would otherwise look better here than on new text. A logistic regression is fitted;
its weights (feature names and numbers, no text of the corpus) and the thresholds are written as JSON. With --dev
the script also reports the ranking quality (ROC AUC) on PolNeAR's dev split against the lexicon's alone.

The thresholds (0.6 for frames with a speaker, 0.6 for those whose source the text does not name) were chosen on
PolNeAR dev and the gold dev set together: lower takes more of PolNeAR's broad attributions but more that the gold
sets do not count as reported speech.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

from newscoder.evaluate.polnear import PolnearArticle, load_split
from newscoder.nlp import load_pipeline
from newscoder.records import ActorLookup
from newscoder.stages import quotes
from newscoder.stages.actors import find_actors
from newscoder.stages.attribution_model import lexicon_features
from newscoder.stages.codes import assign_codes
from newscoder.stages.pipeline import main_country
from newscoder.stages.places import find_places

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "src" / "newscoder" / "data" / "attribution_model.json"
FOLDS = 5
# Feature names made of parser labels and common words only: one made of a stray token of some article
# ("frame=prep_tweet_id=...") would carry the corpus's text into the shipped file, and teaches nothing.
SAFE_NAME = re.compile(r"^[a-z_]+(=[\w\-.$:,'`]{1,20})?(\|[a-z_]+(=[\w\-.$:,'`]{1,20})?)?$", re.IGNORECASE)
Example = dict  # article, key, frame, speech, features, label, cue_label, nested


def chars(spans) -> set[int]:
    return {i for a, b in spans for i in range(a, b)}


def examples(articles: list[PolnearArticle], model: str | None, workers: int) -> list[Example]:
    nlp = load_pipeline(model)
    texts = [a.text() for a in articles]
    out: list[Example] = []
    docs = nlp.pipe(texts, batch_size=16, n_process=max(1, workers))
    for n, (article, doc) in enumerate(zip(articles, docs, strict=True), start=1):
        try:
            actors = assign_codes(find_actors(doc), country=main_country(find_places(doc)), date=None)
        except Exception as exc:  # noqa: BLE001 - one article's failure must not stop the learning
            print(f"{article.id}: actors failed ({exc!r}); learned without actors", file=sys.stderr)
            actors = []
        gold = [(chars(g.content), chars(g.cue)) for g in article.attributions]
        for cand in quotes.attribution_candidates(doc, ActorLookup(actors)):
            found = chars(cand.content_spans)
            label = cue_label = 0
            for content, cue in gold:
                overlap = len(content & found)
                if found and overlap >= 0.5 * len(content) and overlap >= 0.5 * len(found):
                    label = 1
                    cue_label = cue_label or int(cand.cue_at in cue)
            out.append({
                "article": article.id, "key": (cand.lemma, cand.word_class, cand.frame), "frame": cand.frame,
                "speech": cand.speech, "features": cand.features, "label": label, "cue_label": cue_label,
                "nested": cand.nested, "has_speaker": cand.has_speaker,
            })
        if n % 100 == 0:
            print(f"{n}/{len(articles)} articles", file=sys.stderr)
    return out


def out_of_fold_lexicon(rows: list[Example]) -> list[tuple[float, float]]:
    """(seen, hits) of each row's (lemma, class, frame), counted as scripts/learn_cues.py does but over the
    other folds' articles only, scaled to the whole."""
    articles = sorted({r["article"] for r in rows})
    random.Random(0).shuffle(articles)
    fold = {a: i % FOLDS for i, a in enumerate(articles)}
    counts: list[dict] = [defaultdict(lambda: [0, 0]) for _ in range(FOLDS)]
    for r in rows:
        if not r["nested"]:
            c = counts[fold[r["article"]]][r["key"]]
            c[0] += 1
            c[1] += r["cue_label"]
    scale = FOLDS / (FOLDS - 1)
    out = []
    for r in rows:
        seen = hits = 0
        for k in range(FOLDS):
            if k != fold[r["article"]] and r["key"] in counts[k]:
                seen += counts[k][r["key"]][0]
                hits += counts[k][r["key"]][1]
        out.append((seen * scale, hits * scale))
    return out


def feature_dicts(rows: list[Example], lexicon: list[tuple[float, float]]) -> list[dict[str, float]]:
    out = []
    for r, (seen, hits) in zip(rows, lexicon, strict=True):
        features = {**r["features"], **lexicon_features(seen, hits, r["frame"], r["speech"], quotes._MIN_SEEN)}
        out.append({name: value for name, value in features.items() if SAFE_NAME.match(name)})
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("train", type=Path, help="PolNeAR's train directory (text/, attributions/)")
    parser.add_argument("--dev", type=Path, default=None, help="PolNeAR's dev directory, to report AUC on")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the model")
    parser.add_argument("--threshold", type=float, default=0.6, help="probability from which a frame is taken")
    parser.add_argument("--threshold-unnamed", type=float, default=0.6,
                        help="probability from which a frame without a named source is taken")
    parser.add_argument("--limit", type=int, default=None, help="only the first N training articles")
    parser.add_argument("--workers", type=int, default=1, help="processes to parse with")
    parser.add_argument("--model", default=None, help="spaCy model (as newscoder extract --model)")
    args = parser.parse_args(argv)
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.metrics import roc_auc_score
    except ImportError:
        parser.error("needs scikit-learn: pip install -e '.[learn]'")

    rows = examples(load_split(args.train)[: args.limit], args.model, args.workers)
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform(feature_dicts(rows, out_of_fold_lexicon(rows)))
    y = [r["label"] for r in rows]
    fit = LogisticRegression(C=1.0, max_iter=3000).fit(x, y)
    weights = {name: round(float(w), 4) for name, w in zip(vectorizer.feature_names_, fit.coef_[0], strict=True)}
    weights["bias"] = round(weights.get("bias", 0.0) + float(fit.intercept_[0]), 4)
    weights = {name: w for name, w in sorted(weights.items()) if w != 0.0}
    args.out.write_text(json.dumps({
        "about": "Attribution model of newscoder's quotes stage: logistic regression weights learned by "
                 "scripts/learn_attribution_model.py from PolNeAR's training split (feature names and numbers only).",
        "examples": len(rows),
        "threshold": args.threshold,
        "threshold_unnamed": args.threshold_unnamed,
        "weights": weights,
    }, indent=1) + "\n", encoding="utf-8")
    print(f"{len(rows)} examples ({sum(y)} attributions), {len(weights)} weights: {args.out}", file=sys.stderr)
    if args.dev is not None:
        dev = examples(load_split(args.dev), args.model, args.workers)
        full = [quotes.cue_lexicon().get(r["key"], (0, 0)) for r in dev]
        scores = fit.predict_proba(vectorizer.transform(feature_dicts(dev, full)))[:, 1]
        lexicon_only = [h / (n + 1) if n >= quotes._MIN_SEEN else 0.0 for n, h in full]
        labels = [r["label"] for r in dev]
        print(f"dev ROC AUC: model {roc_auc_score(labels, scores):.3f}, "
              f"lexicon alone {roc_auc_score(labels, lexicon_only):.3f}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
