"""newscoder.evaluate.gold must print the same figures as the reference scorer shared/tools/score_gold.py."""

from __future__ import annotations

import copy
import importlib.util
import json
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from rich.console import Console
from rich.table import Table

from newscoder.errors import GoldFormatError, InputError
from newscoder.evaluate.gold import (
    GoldArticle,
    format_plain,
    format_table,
    load_gold,
    read_predictions,
    score,
)

SHARED = Path(__file__).parents[1] / ".." / "shared"
REFERENCE = SHARED / "tools" / "score_gold.py"
GOLD_DIR = SHARED / "gold"

pytestmark = pytest.mark.skipif(
    not (REFERENCE.is_file() and GOLD_DIR.is_dir()), reason="shared/ (gold set, reference scorer) not present"
)

Prediction = dict[str, Any]


@pytest.fixture(scope="module")
def reference() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_gold_reference", REFERENCE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def golds() -> list[GoldArticle]:
    return load_gold([GOLD_DIR])


def as_prediction(gold: dict[str, Any]) -> Prediction:
    """A gold annotation written as extract output."""
    document = gold["document"]
    return {
        "document": {"id": document["id"], "file": document.get("file"), "published": document.get("published")},
        "actors": [
            {"id": f"a{i}", **{k: copy.deepcopy(a.get(k)) for k in ("name", "type", "aliases", "roles")}}
            for i, a in enumerate(gold["actors"])
        ],
        "quotes": [{"id": f"q{i}", **q} for i, q in enumerate(gold["quotes"])],
        "events": [
            {"id": f"e{i}", **{k: e.get(k) for k in ("source", "target", "code", "evidence", "date")}}
            for i, e in enumerate(gold["events"])
        ],
        "amounts": [dict(a) for a in gold.get("amounts", [])],
        "dates": [dict(d) for d in gold.get("dates", [])],
    }


def gold_predictions(golds: list[GoldArticle]) -> list[Prediction]:
    return [as_prediction(g.data) for g in golds]


# ------------------------------------------------------------------------------- perturbations of one article


def _some(rng: random.Random, records: list[Any], share: float = 0.35) -> list[Any]:
    return [r for r in records if rng.random() < share]


def _names(pred: Prediction) -> list[str]:
    return [a["name"] for a in pred["actors"]] or ["Nobody"]


def wrong_speakers(pred: Prediction, rng: random.Random) -> None:
    for quote in _some(rng, pred["quotes"]):
        speaker = quote.get("speaker") or "x"
        quote["speaker"] = rng.choice(
            [rng.choice(_names(pred)), None, f"The {speaker.upper()}", speaker.split()[-1], "Somebody Else"]
        )


def noisy(text: str, rng: random.Random) -> str:
    """The text changed the ways extract output differs from the gold: cut, padded, re-spaced, re-cased."""
    ws = text.split()
    cut = max(1, round(len(ws) * rng.choice([0.3, 0.45, 0.55, 0.6, 0.8])))
    variants = [
        " ".join(ws[:cut]),
        " ".join(ws[-cut:]),
        "  \n ".join(ws[:cut]),
        f"the the {' '.join(ws[1:])}",
        f"The {text}",
        f"He said “{text}” and left.",
        text.replace("'", "\u2019").replace('"', "\u201c").upper(),
        text[len(text) // 3 :],
        " ".join(reversed(ws)),
        " ".join(w if i % 2 == 0 else "so" for i, w in enumerate(ws)),
        "",
    ]
    return rng.choice(variants)


def quote_texts(pred: Prediction, rng: random.Random) -> None:
    for quote in _some(rng, pred["quotes"]):
        quote["text"] = noisy(quote["text"], rng)
        if rng.random() < 0.3:
            quote["kind"] = rng.choice(["direct", "partial", "indirect", None])


def wrong_roots(pred: Prediction, rng: random.Random) -> None:
    for event in _some(rng, pred["events"]):
        code = str(event["code"])
        event["code"] = rng.choice(
            [
                "190" if code[:2] != "19" else "043",
                code[:2] + "1",
                code[:2],
                int(code) if code.isdigit() else code,
                None,
                "x12",
            ]
        )


def event_actors(pred: Prediction, rng: random.Random) -> None:
    for event in _some(rng, pred["events"]):
        choice = rng.randrange(6)
        if choice == 0:
            event["source"], event["target"] = event.get("target"), event.get("source")
        elif choice == 1:
            event["source"] = None
        elif choice == 2:
            event["target"] = rng.choice(_names(pred))
        elif choice == 3:
            event["evidence"] = " ".join(str(event.get("evidence")).split()[:3])
        elif choice == 4:
            event["evidence"] = noisy(str(event.get("evidence")), rng)
        else:
            event["evidence"] = None
    pred["events"] += [
        {"source": rng.choice(_names(pred)), "target": None, "code": "010", "evidence": "an extra event"},
        dict(rng.choice(pred["events"])) if pred["events"] else {"code": "01"},
    ]


def duplicate_dates(pred: Prediction, rng: random.Random) -> None:
    extra = []
    for date in pred["dates"]:
        if rng.random() < 0.4:
            date["text"] = noisy(date["text"], rng)
        elif rng.random() < 0.1:
            date["text"] = rng.choice([None, ""])
        if rng.random() < 0.5:
            extra.append(dict(date))  # the same expression once per mention
        if rng.random() < 0.4:
            extra.append({**date, "text": f"  the {str(date['text']).upper()} "})
        if rng.random() < 0.3:
            extra.append({**date, "value": rng.choice([date["value"] + "-01", date["value"][:4], None])})
    pred["dates"] += extra
    rng.shuffle(pred["dates"])


def wrong_amounts(pred: Prediction, rng: random.Random) -> None:
    extra = []
    for amount in pred["amounts"]:
        usd = amount.get("usd")
        if usd is not None:
            extra.append({"text": f"${usd:,}", "value": usd, "currency": "USD", "usd": usd})
        choice = rng.randrange(7)
        if choice == 0 and usd is not None:
            amount["usd"] = usd * rng.choice([1.5, 1.005, 0.98, 1.015])
        elif choice == 1:
            amount["usd"] = None
        elif choice == 2:
            amount["currency"] = str(amount["currency"]).lower()
        elif choice == 3:
            amount["currency"] = None
        elif choice == 4:
            amount["value"] = rng.choice(["abc", str(amount["value"]), None, True])
        elif choice == 5:
            del amount["value"]
        extra.append(dict(amount))
    pred["amounts"] += extra
    if rng.random() < 0.5:
        pred["amounts"].append({"text": "5 riel", "value": 5, "currency": "KHR", "usd": None})


def split_people(pred: Prediction, rng: random.Random) -> None:
    people = [a for a in pred["actors"] if a["type"] == "PERSON"]
    for person in _some(rng, people, 0.5):
        name = person["name"]
        pred["actors"].append(
            {"name": rng.choice([name, name.split()[-1], *person.get("aliases", []), name.lower()]), "type": "PERSON"}
        )
    for person in _some(rng, people, 0.2):
        person["name"] = person["name"].split()[0]


def extra_people(pred: Prediction, rng: random.Random) -> None:
    for actor in _some(rng, pred["actors"], 0.3):
        actor["type"] = "PERSON" if actor["type"] != "PERSON" else rng.choice(["ORG", None])
    pred["actors"] += [{"name": f"Invented Person {i}", "type": "PERSON", "roles": []} for i in range(3)]
    pred["actors"].append({"name": None, "type": "PERSON"})


def wrong_roles(pred: Prediction, rng: random.Random) -> None:
    aliases = {a["name"]: a.get("aliases") for a in pred["actors"] if a.get("aliases")}
    for actor in pred["actors"]:
        for role in _some(rng, actor.get("roles") or [], 0.5):
            if role.get("organization") in aliases and rng.random() < 0.5:
                role["organization"] = rng.choice(aliases[role["organization"]])
                continue
            choice = rng.randrange(6)
            if choice == 0:
                role["title"] = rng.choice([f"former deputy {role['title']} of the national assembly", "deputy"])
            elif choice == 1:
                role["organization"] = None
            elif choice == 2:
                role["organization"] = "Some Other Organization"
            elif choice == 3:
                role["organization"] = f"the {str(role['organization']).lower()}"
            elif choice == 4:
                role["title"] = None
            else:
                role.clear()
        if rng.random() < 0.2:
            actor["roles"] = None


def documents(pred: Prediction, rng: random.Random) -> None:
    """Match by file stem (through any extension) instead of id, or by nothing."""
    document = pred["document"]
    stem = Path(str(document.get("file"))).stem
    document.update(
        rng.choice(
            [
                {"id": "not-a-gold-id", "file": f"elsewhere/{stem}.txt.gz"},
                {"id": None, "file": f"{stem}.html"},
                {"id": stem, "file": None},
                {"id": "unknown", "file": "unknown.txt"},
            ]
        )
    )


PERTURBATIONS: dict[str, Callable[[Prediction, random.Random], None]] = {
    f.__name__: f
    for f in (
        wrong_speakers,
        quote_texts,
        wrong_roots,
        event_actors,
        duplicate_dates,
        wrong_amounts,
        split_people,
        extra_people,
        wrong_roles,
        documents,
    )
}


def perturbed(golds: list[GoldArticle], seed: int, names: list[str]) -> list[Prediction]:
    """The gold as predictions with some articles changed, some missing, some predicted twice."""
    rng = random.Random(seed)
    preds = gold_predictions(golds)
    for pred in preds:
        for name in names:
            if rng.random() < 0.8:
                PERTURBATIONS[name](pred, rng)
    preds = [p for p in preds if rng.random() > 0.2]  # missing articles
    preds += [copy.deepcopy(p) for p in _some(rng, preds, 0.3)]  # a second prediction for an article
    rng.shuffle(preds)
    return preds


# ------------------------------------------------------------------------------- comparing with the reference


def write_jsonl(path: Path, preds: list[Prediction]) -> Path:
    path.write_text("".join(json.dumps(p) + "\n" for p in preds), encoding="utf-8")
    return path


def assert_agrees(
    reference: ModuleType, golds: list[GoldArticle], path: Path, gold_dir: Path = GOLD_DIR
) -> dict[str, Any]:
    expected = reference.score_dir(str(gold_dir), str(path))
    ours = score(golds, read_predictions(path))
    assert json.dumps(ours) == json.dumps(expected)  # the same figures, in the same order
    return ours


def test_gold_as_predictions_scores_near_perfect(reference, golds, tmp_path):
    result = assert_agrees(reference, golds, write_jsonl(tmp_path / "p.jsonl", gold_predictions(golds)))
    assert result["articles"] == f"{len(golds)}/{len(golds)}"
    for task, metrics in result.items():
        if task != "articles":
            assert metrics["r"] >= 0.95, task
            assert metrics["p"] is None or metrics["p"] >= 0.95, task


def test_empty_predictions(reference, golds, tmp_path):
    result = assert_agrees(reference, golds, write_jsonl(tmp_path / "p.jsonl", []))
    assert result["articles"] == f"0/{len(golds)}"
    assert result["quotes_direct"]["gold"] > 0 and result["quotes_direct"]["tp"] == 0
    empty = [{"document": {"id": g.id, "file": g.file}} for g in golds]
    assert_agrees(reference, golds, write_jsonl(tmp_path / "q.jsonl", empty))


@pytest.mark.parametrize("name", sorted(PERTURBATIONS))
def test_each_perturbation(reference, golds, tmp_path, name):
    assert_agrees(reference, golds, write_jsonl(tmp_path / "p.jsonl", perturbed(golds, 7, [name])))


@pytest.mark.parametrize("seed", range(4))
def test_all_perturbations(reference, golds, tmp_path, seed):
    preds = perturbed(golds, seed, list(PERTURBATIONS))
    result = assert_agrees(reference, golds, write_jsonl(tmp_path / "p.jsonl", preds))
    assert 0 < result["quotes_direct"]["f1"] < 1


@pytest.mark.parametrize("factor", [0.98, 0.98995, 0.99, 1.0, 1.0099, 1.01, 1.01005, 1.5])
@pytest.mark.parametrize(("field", "scale"), [("usd", 1), ("value", 1e-4)])
def test_amount_tolerances(reference, golds, tmp_path, factor, field, scale):
    """usd within 1% of the gold's, value within a millionth."""
    preds = gold_predictions(golds)
    for pred in preds:
        for amount in pred["amounts"]:
            amount[field] *= 1 + (factor - 1) * scale
    assert_agrees(reference, golds, write_jsonl(tmp_path / "p.jsonl", preds))


def test_gold_dirs_with_clashing_ids(reference, tmp_path):
    """Two gold files with one id, and a file stem equal to another article's id: the same choices."""
    seed = json.loads((GOLD_DIR / "seed.gold.json").read_text(encoding="utf-8"))
    dev = json.loads((GOLD_DIR / "dev" / "voa-001.gold.json").read_text(encoding="utf-8"))
    variants = {
        "a/seed.gold.json": seed,
        "b/seed-copy.gold.json": {**seed, "quotes": seed["quotes"][:3]},
        "a-b/dev.gold.json": {**dev, "document": {**dev["document"], "file": "corpus/seed/voa-002.txt"}},
        "c/voa-002.gold.json": {**dev, "document": {**dev["document"], "id": "voa-002"}},
    }
    for name, data in variants.items():
        (tmp_path / "gold" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "gold" / name).write_text(json.dumps(data), encoding="utf-8")
    golds = load_gold([tmp_path / "gold"])
    preds = [as_prediction(g) for g in variants.values()]
    for i, path in enumerate([write_jsonl(tmp_path / "p.jsonl", preds), write_jsonl(tmp_path / "q.jsonl", [])]):
        assert_agrees(reference, golds, path, tmp_path / "gold")
        assert_agrees(reference, golds, write_jsonl(tmp_path / f"r{i}.jsonl", preds[::-1]), tmp_path / "gold")


def test_no_gold_at_all(reference, golds, tmp_path):
    (tmp_path / "gold").mkdir()
    path = write_jsonl(tmp_path / "p.jsonl", gold_predictions(golds))
    assert assert_agrees(reference, [], path, tmp_path / "gold") == {"articles": "0/0"}


def test_format_plain_is_the_reference_output(golds, tmp_path):
    path = write_jsonl(tmp_path / "p.jsonl", perturbed(golds, 3, list(PERTURBATIONS)))
    run = subprocess.run(
        [sys.executable, str(REFERENCE), str(GOLD_DIR), str(path)], capture_output=True, text=True, check=True
    )
    assert format_plain(score(golds, read_predictions(path))) == run.stdout


def test_format_table_has_a_row_per_task(golds):
    result = score(golds, gold_predictions(golds))
    table = format_table(result)
    assert isinstance(table, Table)
    assert table.row_count == len(result) - 1
    tasks = list(table.columns[0].cells)
    roles = tasks.index("roles")
    p, r, f1 = (list(table.columns[i].cells)[roles] for i in (1, 2, 3))
    assert (p, f1) == ("", "") and r == f"{result['roles']['r']:.3f}"
    console = Console(width=120, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(table)
    assert "quotes_direct" in console.export_text()


# ------------------------------------------------------------------------------- loading


def test_load_gold_from_files_and_directories(golds):
    assert len(golds) == len(list(GOLD_DIR.rglob("*.gold.json")))
    seed = load_gold([GOLD_DIR / "seed.gold.json"])[0]
    assert seed.id == "hun-sen-rejects-apology" and seed.published == "2023-02-27"
    assert seed.text_path is not None and seed.text_path.is_file()
    assert seed.text_path.resolve() == (SHARED / "corpus" / "seed" / "hun-sen-rejects-apology.txt").resolve()
    assert seed.data["document"]["file"] == "corpus/seed/hun-sen-rejects-apology.txt"
    assert all(g.text_path is not None for g in golds)
    assert load_gold(GOLD_DIR / "seed.gold.json")[0].id == seed.id


def test_text_path_is_none_when_the_article_is_missing(tmp_path):
    data = json.loads((GOLD_DIR / "seed.gold.json").read_text(encoding="utf-8"))
    (tmp_path / "x.gold.json").write_text(json.dumps(data), encoding="utf-8")
    assert load_gold([tmp_path])[0].text_path is None
    (tmp_path / "corpus" / "seed").mkdir(parents=True)
    (tmp_path / "corpus" / "seed" / "hun-sen-rejects-apology.txt").write_text("text", encoding="utf-8")
    nested = tmp_path / "gold" / "deep"
    nested.mkdir(parents=True)
    (nested / "y.gold.json").write_text(json.dumps(data), encoding="utf-8")
    found = load_gold([nested / "y.gold.json"])[0].text_path
    assert found == (tmp_path / "corpus" / "seed" / "hun-sen-rejects-apology.txt").resolve()


def _gold_with(**changes: Any) -> str:
    data = json.loads((GOLD_DIR / "seed.gold.json").read_text(encoding="utf-8"))
    data.update(changes)
    return json.dumps(data)


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("{not json", "not valid JSON"),
        ("[]", "expected a JSON object"),
        ('{"actors": []}', "document"),
        (_gold_with(document={"file": "x.txt"}), "no 'id'"),
        (_gold_with(quotes=None), "'quotes' must be a list"),
        (_gold_with(quotes=[{"kind": "direct", "text": "x"}]), "quotes[0] has no 'speaker'"),
        (_gold_with(events=[{"code": 12, "evidence": "x"}]), "events[0].code must be str"),
        (_gold_with(amounts=[{"value": "1", "currency": "USD"}]), "amounts[0].value must be int or float"),
        (_gold_with(actors=[{"name": "A", "type": "PERSON", "roles": [{"title": "x"}]}]), "roles[0] has no"),
        (b"\xff\xfe", "cannot read"),
    ],
)
def test_invalid_gold_files_name_the_file(tmp_path, content, says):
    path = tmp_path / "bad.gold.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(GoldFormatError) as error:
        load_gold([tmp_path])
    assert str(path) in str(error.value) and says in str(error.value)


def test_missing_gold_file(tmp_path):
    with pytest.raises(GoldFormatError, match="missing.gold.json"):
        load_gold([tmp_path / "missing.gold.json"])


def test_read_predictions_accepts_jsonl_and_one_object(tmp_path):
    one = {"document": {"id": "a"}, "quotes": [{"text": "x\u2028y"}]}
    (tmp_path / "a.jsonl").write_text(json.dumps(one, ensure_ascii=False) + "\n\n" + json.dumps(one) + "\n")
    assert read_predictions(tmp_path / "a.jsonl") == [one, one]
    (tmp_path / "b.json").write_text(json.dumps(one, indent=1))
    assert read_predictions(tmp_path / "b.json") == [one]
    (tmp_path / "c.jsonl").write_text(json.dumps(one) + "\n{broken\n")
    with pytest.raises(InputError, match=r"c\.jsonl:2"):
        read_predictions(tmp_path / "c.jsonl")
    (tmp_path / "d.jsonl").write_text("[1, 2]\n")
    with pytest.raises(InputError, match=r"d\.jsonl:1"):
        read_predictions(tmp_path / "d.jsonl")
