"""newscoder.evaluate.polnear must give the same figures as the reference scorer shared/tools/score_polnear.py.

Predictions are built from the dev split's gold and then spoiled in the ways extract output differs from it;
no PolNeAR text is copied here. The reference prints its figures as one JSON line, so it runs as a subprocess.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from rich.table import Table

from newscoder.errors import GoldFormatError, InputError
from newscoder.evaluate.polnear import (
    GoldAttribution,
    PolnearArticle,
    format_polnear,
    load_split,
    predict_polnear,
    score_polnear,
)

SHARED = Path(__file__).parents[1] / ".." / "shared"
REFERENCE = SHARED / "tools" / "score_polnear.py"
DEV = SHARED / "data" / "polnear" / "dev"

needs_reference = pytest.mark.skipif(not REFERENCE.is_file(), reason="shared/tools/score_polnear.py not present")
needs_dev = pytest.mark.skipif(not (DEV / "attributions").is_dir(), reason="shared/data/polnear not present")

Prediction = dict[str, Any]


def start_reference(split_dir: Path, predictions: list[Any], path: Path) -> subprocess.Popen[str]:
    """The reference scoring these predictions (written to ``path``), running beside the tests."""
    path.write_text("".join(json.dumps(p) + "\n" for p in predictions), encoding="utf-8")
    command = [sys.executable, str(REFERENCE), str(split_dir), str(path)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def reference_line(run: subprocess.Popen[str]) -> str:
    """The reference's one output line."""
    out, err = run.communicate(timeout=60)
    assert run.returncode == 0, err
    return out.strip()


def assert_agrees(split_dir: Path, predictions: list[Any], tmp_path: Path) -> dict[str, Any]:
    ours = score_polnear(split_dir, predictions)
    assert json.dumps(ours) == reference_line(start_reference(split_dir, predictions, tmp_path / "pred.jsonl"))
    return ours


def as_prediction(article: PolnearArticle) -> Prediction:
    """The gold written as extract output: one quote per attribution, the speaker its first source span."""
    return {
        "document": {"id": article.id, "file": str(article.text_path)},
        "quotes": [
            {
                "content_spans": [list(span) for span in gold.content],
                "speaker_span": list(gold.source[0]) if gold.source else None,
            }
            for gold in article.attributions
        ],
    }


@pytest.fixture(scope="module")
def dev() -> list[PolnearArticle]:
    return load_split(DEV)


# ------------------------------------------------------------------------------- spoiling the gold

Spoil = Callable[[list[Prediction], random.Random], list[Any]]


def shifted(preds: list[Prediction], rng: random.Random) -> list[Any]:
    """Contents moved by a share of their length: moved by half they still match, by 60% they do not."""
    for quote in _quotes(preds):
        fraction = rng.choice([0.0, 0.4, 0.5, -0.5, 0.6, -0.6, 1.0])
        spans = quote["content_spans"]
        quote["content_spans"] = [_moved(span, round((span[1] - span[0]) * fraction)) for span in spans]
    return preds


def _moved(span: list[int], by: int) -> list[int]:
    return [span[0] + by, span[1] + by]


def _quotes(preds: list[Prediction]) -> list[Prediction]:
    return [q for p in preds for q in p["quotes"]]


def no_speakers(preds: list[Prediction], rng: random.Random) -> list[Any]:
    for quote in _quotes(preds):
        quote["speaker_span"] = rng.choice([None, [], [0, 0]])
    return preds


def speakers_elsewhere(preds: list[Prediction], rng: random.Random) -> list[Any]:
    for quote in _quotes(preds):
        if quote["speaker_span"]:
            start, end = quote["speaker_span"]
            quote["speaker_span"] = rng.choice([[end, end + 5], [start - 1, start + 1], [max(0, start - 9), start]])
    return preds


def empty_quotes(preds: list[Prediction], rng: random.Random) -> list[Any]:
    """Two documents in three without quotes: an empty list, or no "quotes" key."""
    out = [{**p, "quotes": []} if i % 3 else p for i, p in enumerate(preds)]
    return [{"document": p["document"]} if not p["quotes"] and rng.random() < 0.5 else p for p in out]


def some_twice_reversed(preds: list[Prediction], rng: random.Random) -> list[Any]:
    """Quotes in reverse order, some predicted twice: greedy matching takes the first fit."""
    for pred in preds:
        pred["quotes"] = [dict(q) for q in reversed(pred["quotes"]) for _ in range(rng.choice([1, 1, 2]))]
    return preds


def merged_and_split(preds: list[Prediction], rng: random.Random) -> list[Any]:
    """Some contents joined with the next one into one quote, some cut in two halves (half is just enough)."""
    for pred in preds:
        quotes, out = pred["quotes"], []
        for i, quote in enumerate(quotes):
            (start, end), rest = quote["content_spans"][0], quote["content_spans"][1:]
            if i % 3 == 1 and i + 1 < len(quotes):
                out.append({**quote, "content_spans": [[start, quotes[i + 1]["content_spans"][-1][1]]]})
            elif i % 3 == 2:
                middle = (start + end) // 2
                out += [{**quote, "content_spans": [[start, middle], *rest]}, {"content_spans": [[middle, end]]}]
            else:
                out.append(quote)
        pred["quotes"] = out
    return preds


def keyed_otherwise(preds: list[Prediction], rng: random.Random) -> list[Any]:
    """Documents named by file only, given twice (the later wins), unknown, or not at all."""
    out: list[Any] = []
    for i, pred in enumerate(preds):
        document = pred["document"]
        if i % 4 == 0:
            out.append({**pred, "document": {"id": None, "file": document["file"] + ".gz"}})
        elif i % 4 == 1:
            out += [{**pred, "quotes": []}, pred]
        elif i % 4 == 2:
            out += [pred, {**pred, "quotes": pred["quotes"][:1]}]
    out += [{"document": {"id": "not-in-polnear"}, "quotes": [{"content_spans": [[0, 10]]}]}, {"quotes": []}]
    return out


def at_random(preds: list[Prediction], rng: random.Random) -> list[Any]:
    """Each quote dropped, kept, or its content and speaker spans changed; spurious quotes added."""
    for pred in preds:
        quotes = []
        for quote in pred["quotes"]:
            if rng.random() < 0.2:
                continue
            quote["content_spans"] = [_jittered(span, rng) for span in quote["content_spans"]]
            if quote["speaker_span"] and rng.random() < 0.5:
                quote["speaker_span"] = _jittered(quote["speaker_span"], rng)
            quotes.append(quote)
        for _ in range(rng.randrange(3)):
            start = rng.randrange(3000)
            quotes.insert(rng.randrange(len(quotes) + 1), {"content_spans": [[start, start + rng.randrange(1, 300)]]})
        pred["quotes"] = quotes
    return preds


def _jittered(span: list[int], rng: random.Random) -> list[int]:
    start, end = span
    length = max(1, end - start)
    start += rng.randint(-length, length) // rng.choice([1, 2, 4, 8])
    end += rng.randint(-length, length) // rng.choice([1, 2, 4, 8])
    return [max(0, start), max(0, end)]


def on_some(spoil: Spoil, share: float = 0.4) -> Spoil:
    """The spoil applied to some documents only, the others left as gold (the reference is slow on misses)."""

    def partly(preds: list[Prediction], rng: random.Random) -> list[Any]:
        chosen = [i for i in range(len(preds)) if rng.random() < share]
        out: list[Any] = list(preds)
        for i, pred in zip(chosen, spoil([preds[i] for i in chosen], rng), strict=True):
            out[i] = pred
        return out

    return partly


SPOILS: dict[str, Spoil] = {
    "gold": lambda preds, rng: preds,
    "no predictions": lambda preds, rng: [],
    "shifted": on_some(shifted),
    "no speaker spans": no_speakers,
    "speakers elsewhere": speakers_elsewhere,
    "empty quotes": empty_quotes,
    "reversed, some twice": on_some(some_twice_reversed),
    "merged and split": on_some(merged_and_split),
    "keyed otherwise": keyed_otherwise,
    **{f"random {seed}": on_some(at_random, 0.5) for seed in range(2)},
}


@needs_reference
@needs_dev
@pytest.mark.parametrize("name", list(SPOILS))
def test_agrees_with_reference(name: str, dev: list[PolnearArticle], tmp_path: Path) -> None:
    predictions = SPOILS[name]([as_prediction(a) for a in dev], random.Random(name))
    assert assert_agrees(DEV, predictions, tmp_path)["docs"] == len(dev)


@needs_dev
def test_dev_split(dev: list[PolnearArticle]) -> None:
    assert len(dev) == 84  # 94 .ann files: a few documents have several annotators, the first counts
    assert len({a.id for a in dev}) == len(dev)
    for article in dev:
        assert article.text_path.is_file()
        assert article.ann_path.name.startswith(article.id + "_")
        text_length = len(article.text())
        for gold in article.attributions:
            assert gold.content and all(0 <= s <= e <= text_length for s, e in gold.content + gold.source)
    assert sum(bool(g.source) for a in dev for g in a.attributions) > 0.9 * sum(len(a.attributions) for a in dev)


@needs_dev
def test_gold_scores_perfectly(dev: list[PolnearArticle]) -> None:
    result = score_polnear(DEV, [as_prediction(a) for a in dev])
    assert result["content_p_r_f1"] == (1.0, 1.0, 1.0)
    assert result["gold"] == result["pred"] == sum(len(a.attributions) for a in dev)


# ------------------------------------------------------------------------------- a split made here

FIRST = 'Taxes will rise, the minister said. "We have no choice," she told reporters on Monday.\n'
SECOND = "The mayor believes the bridge is safe. Critics disagree.\n"


def _offsets(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _span(text: str, part: str) -> str:
    return "{} {}".format(*_offsets(text, part))


def _ann(text: str, *, content: str, source: str | None, cue: str, number: int = 1) -> str:
    lines = [f"T{number}\tContent {_span(text, content)}\t{content}", f"T{number + 1}\tCue {_span(text, cue)}\t{cue}"]
    roles = f"Content:T{number} Cue:T{number + 1}"
    if source is not None:
        lines.append(f"T{number + 2}\tSource {_span(text, source)}\t{source}")
        roles += f" Source:T{number + 2}"
    return "\n".join([*lines, f"E{number}\tAttribution:T{number + 1} {roles}"]) + "\n"


@pytest.fixture
def split(tmp_path: Path) -> Path:
    """Two documents; the first annotated twice (the second annotator found nothing), ids with underscores."""
    root = tmp_path / "mini"
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    first, second = "pub_2016-10-02_taxes-will-rise_", "pub_2016-10-03_the-mayor-believes"
    (root / "text" / f"{first}.txt").write_text(FIRST, encoding="utf-8")
    (root / "text" / f"{second}.txt").write_text(SECOND, encoding="utf-8")
    (root / "attributions" / f"{first}_aaaa.ann").write_text(
        _ann(FIRST, content="Taxes will rise", source="the minister", cue="said")
        + _ann(FIRST, content='"We have no choice,"', source="she", cue="told", number=4)
        + "T7\tSource 0 5\tTaxes\nE3\tAttribution:T2 Source:T7\n",  # no content: not an attribution
        encoding="utf-8",
    )
    (root / "attributions" / f"{first}_bbbb.ann").write_text("", encoding="utf-8")
    (root / "attributions" / f"{second}_cccc.ann").write_text(
        _ann(SECOND, content="the bridge is safe", source=None, cue="believes")
        + f"T4\tContent {_span(SECOND, 'Critics')};{_span(SECOND, 'disagree')}\tCritics disagree\n"
        + "E2\tContent:T4 Content2:T1\n",
        encoding="utf-8",
    )
    return root


def test_load_split(split: Path) -> None:
    first, second = load_split(split)
    assert first.id == "pub_2016-10-02_taxes-will-rise_" and first.ann_path.name.endswith("_aaaa.ann")
    assert first.text_path == split / "text" / "pub_2016-10-02_taxes-will-rise_.txt"
    assert [FIRST[slice(*g.content[0])] for g in first.attributions] == ["Taxes will rise", '"We have no choice,"']
    assert [FIRST[slice(*g.source[0])] for g in first.attributions] == ["the minister", "she"]
    assert [FIRST[slice(*g.cue[0])] for g in first.attributions] == ["said", "told"]
    assert second.attributions == (
        GoldAttribution((_offsets(SECOND, "the bridge is safe"),), (), (_offsets(SECOND, "believes"),)),
        GoldAttribution((_offsets(SECOND, "Critics"), _offsets(SECOND, "disagree"))),  # Content2 is passed over
    )


@needs_reference
def test_made_split_agrees(split: Path, tmp_path: Path) -> None:
    a, b = (p.name.removesuffix(".txt") for p in sorted((split / "text").iterdir()))
    said = _offsets(FIRST, "We have no choice,")  # the gold has the quote marks too: most of it is enough
    critics, disagree = _offsets(SECOND, "Critics"), _offsets(SECOND, "disagree")
    predictions = [
        {"document": {"id": a}, "quotes": [{"content_spans": [said], "speaker_span": _offsets(FIRST, "she")}]},
        {"document": {"id": b}, "quotes": [{"content_spans": [critics, disagree], "speaker_span": None}]},
    ]
    result = assert_agrees(split, predictions, tmp_path)
    assert result == {
        "docs": 2,
        "gold": 4,
        "pred": 2,
        "content_p_r_f1": (1.0, 0.5, 0.667),
        "attribution_p_r_f1": (0.5, 0.25, 0.333),
    }
    assert score_polnear(split, predictions, docs={b})["content_p_r_f1"] == (1.0, 0.5, 0.667)


def test_not_a_split(tmp_path: Path) -> None:
    (tmp_path / "dev" / "attributions").mkdir(parents=True)
    with pytest.raises(InputError, match=r"not a PolNeAR split.*pick one split, e\.g\. .*dev"):
        load_split(tmp_path)


def test_malformed_ann(split: Path) -> None:
    bad = split / "attributions" / "pub_2016-10-03_the-mayor-believes_cccc.ann"
    bad.write_text("T1\tContent 3 x\tabc\n", encoding="utf-8")
    with pytest.raises(GoldFormatError, match=r"_cccc\.ann:1: not brat standoff"):
        load_split(split)


def test_format_polnear() -> None:
    result = {"docs": 2, "gold": 4, "pred": 2, "content_p_r_f1": (1.0, 0.5, 0.667)}
    table = format_polnear({**result, "attribution_p_r_f1": (0.5, 0.25, 0.333)})
    assert isinstance(table, Table)
    console = Console(width=100, record=True)
    console.print(table)
    shown = " ".join(console.export_text().split())
    assert "2 documents, 4 gold attributions, 2 quotes" in shown
    assert "content" in shown and "0.667" in shown and "0.333" in shown


def test_predict_polnear(split: Path) -> None:
    """The real extraction on two tiny texts: ids are file stems, offsets index the file's text."""
    (split / "text" / "zz_broken.txt").write_bytes(b"\xff\xfe not UTF-8")
    predictions = list(predict_polnear(split, limit=3))
    assert [p["document"]["id"] for p in predictions] == [
        "pub_2016-10-02_taxes-will-rise_",
        "pub_2016-10-03_the-mayor-believes",
        "zz_broken",
    ]
    assert predictions[0]["document"]["published"] == "2016-10-02"
    assert "not UTF-8" in predictions[2]["error"] or "cannot read" in predictions[2]["error"]
    texts = [FIRST[slice(*span)] for q in predictions[0]["quotes"] for span in q["content_spans"]]
    assert "We have no choice" in texts
    result = score_polnear(split, predictions)
    assert result["docs"] == 2 and result["content_p_r_f1"][1] > 0


def test_workers_use_the_chosen_model(split: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``--model`` reaches the worker processes too (it once fell back to the default model)."""
    import newscoder.extractor as extractor_module

    seen: list[str | None] = []

    def fake_extract_all(items: list[Any], **options: Any) -> list[Any]:
        seen.append(options.get("model"))
        return [InputError("x", "skipped") for _ in items]

    monkeypatch.setattr(extractor_module, "extract_all", fake_extract_all)
    list(predict_polnear(split, workers=2, model="en_core_web_md"))
    assert seen == ["en_core_web_md"]
