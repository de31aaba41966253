#!/usr/bin/env python3
"""Learns the quotes stage's cue lexicon (src/newscoder/data/attribution_cues.tsv) from PolNeAR's training split.

usage: learn_cues.py POLNEAR_TRAIN_DIR [--out PATH] [--limit N] [--model NAME] [--show N]

POLNEAR_TRAIN_DIR holds text/*.txt and attributions/*.ann (brat standoff), as PolNeAR's data/train does. Each
article is parsed and its actors found as `newscoder extract` does; then every frame of every possible cue word
(newscoder.stages.quotes.attribution_candidates: a clause, an infinitive, an object, a preposition's object,
"according to", ...) is compared with the hand annotation. A frame counts as a hit when its word is (part of)
an annotated cue and its content overlaps that attribution's content by at least half both ways, as PolNeAR's
scorer matches contents. Frames inside a speech verb's reported clause are left out: the quotes stage takes
the outer attribution there.

The output has one row per lemma, word class and frame seen at least 3 times with at least one hit:
lemma, class (V verb, N noun, A adjective, P preposition), frame, seen, cue (hits), attributed (hits whose
speaker mention also overlaps the annotated source). It holds counts only, no text of the corpus. The articles
of an annotation file are taken once (the first annotator's file, as the scorer does).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

from newscoder.nlp import load_pipeline
from newscoder.records import ActorLookup
from newscoder.stages.actors import find_actors
from newscoder.stages.codes import assign_codes
from newscoder.stages.pipeline import main_country
from newscoder.stages.places import find_places
from newscoder.stages.quotes import attribution_candidates

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "src" / "newscoder" / "data" / "attribution_cues.tsv"
MIN_SEEN = 3

HEADER = """\
# Cue lexicon of the quotes stage: how often a word, in a frame, was the cue of an attribution in PolNeAR's
# training articles (Newell, Margolin & Ruths 2018, political news of 2015-2016; counts only, no text).
# Regenerate with: scripts/learn_cues.py PATH/TO/polnear/train
# class: V verb, N noun, A adjective, P preposition. frame: ccomp (said that ...), to (wants to ...),
# obj (criticized the plan), obj_as / obj_of / ... (saw it as ..., accused him of ...), obj_oprd (called it
# a sham), prep_about / prep_for / ... (talked about ..., called for ...), that (the claim that ...),
# inverted (..., he said), according (according to X), in (in a poll, ...).
# seen: frames found outside a speech verb's reported clause; cue: those that were an annotated cue with the
# same content; attributed: of those, the ones whose speaker mention is the annotated source.
# lemma\tclass\tframe\tseen\tcue\tattributed
"""


Span = tuple[int, int]


def read_ann(path: Path) -> list[tuple[list[Span], list[Span], list[Span]]]:
    """(content, cue, source) spans of each attribution in a brat .ann file."""
    spans: dict[str, list[Span]] = {}
    relations = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T") and line.count("\t") >= 2:
            tid, middle, _ = line.split("\t", 2)
            offsets = middle.split(" ", 1)[1]
            spans[tid] = [(int(a), int(b)) for a, b in (p.split() for p in offsets.split(";"))]
        elif line.startswith("E") and "\t" in line:
            relations.append(dict(p.split(":", 1) for p in line.split("\t")[1].split()))
    out = []
    for r in relations:
        content = spans.get(r.get("Content", ""), [])
        if content:
            out.append((content, spans.get(r.get("Cue", ""), []), spans.get(r.get("Source", ""), [])))
    return out


def chars(spans: list[Span]) -> set[int]:
    return {i for a, b in spans for i in range(a, b)}


def articles(train: Path) -> list[tuple[Path, Path]]:
    """(text, annotation) pairs, one annotation file per article."""
    seen, out = set(), []
    for ann in sorted((train / "attributions").glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        text = train / "text" / f"{stem}.txt"
        if stem not in seen and text.is_file():
            seen.add(stem)
            out.append((text, ann))
    return out


def count(train: Path, limit: int | None, model: str | None) -> dict[tuple[str, str, str], list[int]]:
    nlp = load_pipeline(model)
    pairs = articles(train)[:limit]
    texts = [t.read_text(encoding="utf-8") for t, _ in pairs]
    stats: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for n, ((text_path, ann), doc) in enumerate(zip(pairs, nlp.pipe(texts, batch_size=16), strict=True), start=1):
        try:
            actors = find_actors(doc)
            actors = assign_codes(actors, country=main_country(find_places(doc)), date=None)
        except Exception as exc:  # noqa: BLE001 - one article's failure must not stop the count
            print(f"{text_path.name}: actors failed ({exc!r}); counted without actors", file=sys.stderr)
            actors = []
        gold = [(chars(c), chars(cue), chars(src)) for c, cue, src in read_ann(ann)]
        for cand in attribution_candidates(doc, ActorLookup(actors)):
            if cand.nested:
                continue
            found = chars(cand.content_spans)
            hit = attributed = 0
            for content, cue, source in gold:
                overlap = len(content & found)
                if cand.cue_at in cue and found and overlap >= 0.5 * len(content) and overlap >= 0.5 * len(found):
                    hit = 1
                    speaker = chars([cand.speaker_span]) if cand.speaker_span else set()
                    attributed = int(bool(speaker & source))
                    break
            row = stats[(cand.lemma, cand.word_class, cand.frame)]
            row[0] += 1
            row[1] += hit
            row[2] += attributed
        if n % 100 == 0:
            print(f"{n}/{len(pairs)} articles", file=sys.stderr)
    return stats


def write(stats: dict[tuple[str, str, str], list[int]], out: Path) -> int:
    rows = [(key, value) for key, value in sorted(stats.items()) if value[0] >= MIN_SEEN and value[1] > 0]
    with out.open("w", encoding="utf-8") as f:
        f.write(HEADER)
        for (lemma, word_class, frame), (seen, cue, attributed) in rows:
            f.write(f"{lemma}\t{word_class}\t{frame}\t{seen}\t{cue}\t{attributed}\n")
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("train", type=Path, help="PolNeAR's train directory (text/, attributions/)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the lexicon")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--model", default=None, help="spaCy model (as newscoder extract --model)")
    parser.add_argument("--show", type=int, default=0, help="print the N most frequent cues")
    args = parser.parse_args(argv)
    if not (args.train / "text").is_dir() or not (args.train / "attributions").is_dir():
        parser.error(f"{args.train} has no text/ and attributions/ directories")
    stats = count(args.train, args.limit, args.model)
    n = write(stats, args.out)
    print(f"{n} rows written to {args.out}", file=sys.stderr)
    for (lemma, word_class, frame), (seen, cue, _) in sorted(stats.items(), key=lambda kv: -kv[1][1])[: args.show]:
        print(f"{lemma}\t{word_class}\t{frame}\tseen {seen}\tcue {cue}\t{cue / seen:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
