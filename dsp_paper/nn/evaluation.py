"""Running a trained model over whole signals and scoring it in 000's table format."""
from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from dsp_paper import metrics
from dsp_paper.checks import check_mono
from dsp_paper.errors import ParameterError
from dsp_paper.fir import apply_fir, least_squares_fir
from dsp_paper.windowing import process_blocks_zero_padded, process_overlap_add

if TYPE_CHECKING:
    import keras
    import pandas

    from dsp_paper.datasets import EffectCorpus
    from dsp_paper.windowing import Pair

__all__ = ["predict", "frame_processor", "predict_pieces", "score", "document_row",
           "document_table", "evaluate_corpus", "evaluate_fir", "predict_many_to_one", "pieces_mos",
           "DOCUMENT_COLUMNS"]

DOCUMENT_COLUMNS = ["train mse", "val mse", "train rmse", "val rmse", "train std", "val std",
                    "reference", "test mse", "test rmse", "test std"]
EXTRA_COLUMNS = ["test esr", "test esr pre-emph", "test lsd dB", "test MOS-LQO"]


class _InferenceStep:
    """A model's ``predict_step`` on one batch, as Keras's ``predict`` runs it.

    An object rather than a closure: TensorFlow counts a tf.function's traces by the code
    of the Python function it wraps, so closures made for many models would all count as
    one function, retraced for every model. It holds its model weakly, so a model it was
    made for can still be freed.
    """

    def __init__(self, model: keras.Model) -> None:
        self._model = weakref.ref(model)

    def __call__(self, x: Any) -> Any:
        model = self._model()
        return model.distribute_strategy.run(model.predict_step, args=((x,),))


_STEPS = weakref.WeakKeyDictionary()  # model -> its compiled inference step


def _inference_step(model: keras.Model) -> Callable[[np.ndarray], Any]:
    """One tf.function per model, traced once for every batch size (and, where the model
    takes any length, every length): its input signature leaves those dimensions open."""
    step = _STEPS.get(model)
    if step is None:
        import tensorflow as tf  # heavy: TensorFlow

        (spec,) = model.inputs
        step = tf.function(_InferenceStep(model), autograph=False,
                           input_signature=[tf.TensorSpec(spec.shape, spec.dtype)])
        _STEPS[model] = step
    return step


def predict(model: keras.Model, x: np.ndarray, *, batch_size: int = 256) -> np.ndarray:
    """``model.predict(x, batch_size=batch_size, verbose=0)``, the same numbers, without
    what ``predict`` costs on every call.

    ``predict`` builds a ``tf.data`` pipeline per call and traces its step again for the
    last, shorter batch; every model it is called on adds traces of the same function,
    which TensorFlow reports as retracing. Here each model has one compiled step (traced
    once, on its first call, for inputs of any batch size) reused by every later call;
    the batches are those ``predict`` makes (``batch_size`` rows, in order, the last one
    shorter).

    Parameters
    ----------
    model : keras.Model
        With one input and one output (others go through ``model.predict``).
    x : np.ndarray
        Cast to the model's input dtype.

    Returns
    -------
    np.ndarray
    """
    import keras  # heavy: Keras

    if keras.backend.backend() != "tensorflow" or len(model.inputs) != 1 or \
            len(model.outputs) != 1:
        return model.predict(x, batch_size=batch_size, verbose=0)
    step = _inference_step(model)
    x = np.asarray(x, dtype=model.inputs[0].dtype)
    if len(x) <= batch_size:
        return np.asarray(step(x))
    return np.concatenate([np.asarray(step(x[lo:lo + batch_size]))
                           for lo in range(0, len(x), batch_size)])


def frame_processor(model: keras.Model, *,
                    batch_size: int = 64) -> Callable[[np.ndarray], np.ndarray]:
    """A ``process(frames)`` callable for the windowing functions from a Keras model.

    Dense models take ``(batch, window)``; convolutional ones ``(batch, n, channels)``: mono
    frames get a channel axis added and removed.
    """
    rank = len(model.input_shape)

    def process(frames: np.ndarray) -> np.ndarray:
        frames = np.asarray(frames, np.float32)
        if rank == 3 and frames.ndim == 2:
            return predict(model, frames[..., None], batch_size=batch_size)[..., 0]
        return predict(model, frames, batch_size=batch_size)

    return process


def predict_pieces(process: Callable[[np.ndarray], np.ndarray], pieces: Sequence[Pair], *,
                   block: int, overlap_add_hop: int | None = None) -> list[np.ndarray]:
    """Predict every piece: back-to-back zero-padded blocks (000's test batching) or, with
    ``overlap_add_hop``, overlapping blocks overlap-added (mono only)."""
    if overlap_add_hop:
        return [process_overlap_add(p.input, process, window=block, hop=overlap_add_hop)
                for p in pieces]
    # Every piece's blocks go through ``process`` in one call (a model's predict has a fixed
    # cost per call); each block is still processed on its own, as 000 did.
    gathered, counts = [], []

    def collect(blocks: np.ndarray) -> np.ndarray:
        gathered.append(blocks)
        counts.append(len(blocks))
        return blocks

    for p in pieces:
        process_blocks_zero_padded(p.input, collect, block=block)
    outputs = np.asarray(process(np.concatenate(gathered)))
    starts = np.cumsum([0] + counts)
    results = []
    for p, lo, hi in zip(pieces, starts[:-1], starts[1:]):
        results.append(process_blocks_zero_padded(p.input, lambda _: outputs[lo:hi], block=block))
    return results


def pieces_mos(predictions: Sequence[np.ndarray], pieces: Sequence[Pair], *,
               sample_rate: int) -> float:
    """ViSQOL's MOS-LQO (:func:`~dsp_paper.metrics.mos_lqo`) of the predictions against
    the pieces' targets, the pieces joined end to end (as :func:`score` joins them), averaged
    over the channels of a multichannel corpus.

    NaN (a dash in the tables) where ViSQOL has nothing to judge: the pieces together are
    shorter than :data:`~dsp_paper.metrics.VISQOL_MIN_SECONDS`, or a prediction is silent
    (ViSQOL scales the estimate to the reference's level).
    """
    if len(predictions) != len(pieces) or not pieces:
        raise ParameterError(f"{len(predictions)} predictions for {len(pieces)} pieces")
    target = np.concatenate([np.asarray(p.target, np.float32) for p in pieces], axis=-1)
    prediction = np.concatenate([np.asarray(o, np.float32).reshape(p.target.shape)
                                 for o, p in zip(predictions, pieces)], axis=-1)
    return metrics.mos_lqo_or_nan(prediction, target, sample_rate=sample_rate)


def score(predictions: Sequence[np.ndarray], pieces: Sequence[Pair], *, extra: bool = False,
          sample_rate: int | None = None) -> dict[str, float]:
    """000's columns (mse, rmse, error std, reference = target std) over all pieces joined;
    with ``extra``, also ESR, ESR with pre-emphasis and log-spectral distance, and with a
    ``sample_rate`` (Hz) too, ViSQOL's MOS-LQO (:func:`pieces_mos`)."""
    if len(predictions) != len(pieces) or not pieces:
        raise ParameterError(f"{len(predictions)} predictions for {len(pieces)} pieces")
    pred = np.concatenate([np.ravel(p) for p in predictions])
    target = np.concatenate([np.ravel(p.target) for p in pieces])
    row = metrics.table_row(pred, target)
    if extra:
        row.update(esr=metrics.esr(pred, target),
                   esr_pre=metrics.esr(pred, target, pre_emphasis_coefficient=0.85),
                   lsd=metrics.log_spectral_distance(pred, target))
        if sample_rate is not None:
            row.update(mos=pieces_mos(predictions, pieces, sample_rate=sample_rate))
    return row


def document_row(train: Mapping[str, float], val: Mapping[str, float],
                 test: Mapping[str, float]) -> dict[str, float]:
    """One row of 000's table from :func:`score` results of the three splits (``test`` with
    ``extra=True``). "reference" is the validation target's standard deviation."""
    row = {"train mse": train["mse"], "val mse": val["mse"], "train rmse": train["rmse"],
           "val rmse": val["rmse"], "train std": train["std"], "val std": val["std"],
           "reference": val["reference"], "test mse": test["mse"], "test rmse": test["rmse"],
           "test std": test["std"]}
    if "esr" in test:
        row.update({"test esr": test["esr"], "test esr pre-emph": test["esr_pre"],
                    "test lsd dB": test["lsd"]})
    if "mos" in test:
        row["test MOS-LQO"] = test["mos"]
    return row


def document_table(rows: Mapping[Any, Mapping[str, float]], *,
                   index_name: str = "epoch") -> pandas.DataFrame:
    """Rows ``{label: document_row}`` as a DataFrame in the document's column order."""
    import pandas as pd  # heavy: pandas

    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = index_name
    columns = DOCUMENT_COLUMNS + [c for c in EXTRA_COLUMNS if c in frame.columns]
    return frame[columns]


def evaluate_corpus(process: Callable[[np.ndarray], np.ndarray], corpus: EffectCorpus, *,
                    block: int, test_split: str = "test", train_split: str = "train",
                    val_split: str = "validation", mos: bool = True
                    ) -> tuple[dict[str, float], list[np.ndarray]]:
    """Score ``process`` on a corpus's training, validation and test splits, each run
    through back-to-back blocks of ``block`` samples as 000 did; ``mos=False`` leaves out
    ViSQOL's MOS-LQO.

    Returns
    -------
    row : dict
        :func:`document_row` (test with ESR, pre-emphasised ESR, LSD and MOS-LQO).
    test_predictions : list of np.ndarray
        One per test piece.
    """
    scores = {}
    for name, split in (("train", train_split), ("val", val_split)):
        pieces = corpus.split(split)
        scores[name] = score(predict_pieces(process, pieces, block=block), pieces)
    test = corpus.split(test_split)
    predictions = predict_pieces(process, test, block=block)
    return document_row(scores["train"], scores["val"],
                        score(predictions, test, extra=True,
                              sample_rate=corpus.sample_rate if mos else None)), \
        predictions


def evaluate_fir(corpus: EffectCorpus, *, taps: int, test_split: str = "test"
                 ) -> tuple[dict[str, float], list[np.ndarray], np.ndarray]:
    """The least-squares FIR floor on a mono corpus: fitted on ``train``, run over whole
    pieces (no blocks), scored like :func:`evaluate_corpus`.

    Returns
    -------
    row : dict
    test_predictions : list of np.ndarray
    h : np.ndarray, shape (taps,)
    """

    h = least_squares_fir(corpus.split("train"), taps=taps)
    scores, predictions = {}, None
    for name, split in (("train", "train"), ("val", "validation"), ("test", test_split)):
        pieces = corpus.split(split)
        out = [apply_fir(p.input, h) for p in pieces]
        scores[name] = score(out, pieces, extra=name == "test",
                             sample_rate=corpus.sample_rate if name == "test" else None)
        if name == "test":
            predictions = out
    return document_row(scores["train"], scores["val"], scores["test"]), predictions, h


def predict_many_to_one(model: keras.Model, audio: np.ndarray, *, window: int,
                        batch_size: int = 1024, chunk: int = 16384) -> np.ndarray:
    """Run a many-to-one model (a window in, its last sample's output out) at every sample.

    The signal is preceded by ``window - 1`` zeros, so output ``i`` sees samples
    ``i - window + 1 .. i``; windows are made ``chunk`` at a time to bound memory.

    Returns
    -------
    np.ndarray, shape (n,), float32
    """
    audio = check_mono(audio)
    padded = np.concatenate([np.zeros(window - 1, np.float32), audio.astype(np.float32)])
    view = np.lib.stride_tricks.sliding_window_view(padded, window)
    out = np.empty(audio.shape[0], np.float32)
    for lo in range(0, audio.shape[0], chunk):
        x = np.ascontiguousarray(view[lo:lo + chunk])[..., None]
        out[lo:lo + len(x)] = predict(model, x, batch_size=batch_size)[:, 0]
    return out
