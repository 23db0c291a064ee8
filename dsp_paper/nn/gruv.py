"""003's GRUV-style audio generation: audio as a sequence of frames (raw samples, or the FFT
of each chunk with real and imaginary parts side by side), normalised per value, a stacked
LSTM that predicts the next frame, generation by feeding its own predictions back, and the
measures that judge the result (onsets, noisiness, the tail after the sound ends).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from dsp_paper.checks import check_mono
from dsp_paper.errors import ParameterError
from dsp_paper.nn.probe import Probe
from dsp_paper.nn.training import fit

if TYPE_CHECKING:
    import keras

    from dsp_paper.nn.training import TrainingResult

__all__ = ["REPRESENTATIONS", "to_chunks", "fft_pack", "fft_unpack", "encode", "decode",
           "Normaliser", "next_frame_pairs", "prepare", "train_next_frame", "render", "generate",
           "frame_change"]

REPRESENTATIONS = ("fft", "raw")


def _check_frame(frame: int) -> None:
    if isinstance(frame, bool) or not isinstance(frame, (int, np.integer)) or frame < 2 \
            or frame % 2:
        raise ParameterError(f"frame must be an even integer >= 2, got {frame!r}")


def to_chunks(audio: np.ndarray, *, frame: int, frames: int | None = None) -> np.ndarray:
    """Cut mono audio into ``frames`` chunks of ``frame`` samples (zero-padding the end).

    Returns
    -------
    np.ndarray, shape (frames, frame), float32
    """
    audio = check_mono(audio)
    _check_frame(frame)
    frames = frames or -(-audio.shape[0] // frame)
    out = np.zeros(frames * frame, np.float32)
    n = min(audio.shape[0], out.size)
    out[:n] = audio[:n]
    return out.reshape(frames, frame)


def fft_pack(chunks: np.ndarray) -> np.ndarray:
    """The FFT of each chunk as ``frame`` real values: the real parts of bins 0..frame/2 and
    the imaginary parts of bins 1..frame/2-1 (the other imaginary parts of a real signal's
    FFT are zero, and the negative frequencies mirror the positive ones), so the frame is
    as long as the chunk and nothing is lost.

    Parameters
    ----------
    chunks : np.ndarray, shape (frames, frame)

    Returns
    -------
    np.ndarray, shape (frames, frame), float32
    """
    chunks = np.asarray(chunks, np.float64)
    _check_frame(chunks.shape[-1])
    spec = np.fft.rfft(chunks, axis=-1)
    return np.concatenate([spec.real, spec.imag[..., 1:-1]], axis=-1).astype(np.float32)


def fft_unpack(frames: np.ndarray) -> np.ndarray:
    """Inverse of :func:`fft_pack`: chunks of audio, shape ``(frames, frame)``."""
    frames = np.asarray(frames, np.float64)
    frame = frames.shape[-1]
    _check_frame(frame)
    half = frame // 2
    imag = np.zeros(frames.shape[:-1] + (half + 1,))
    imag[..., 1:half] = frames[..., half + 1:]
    return np.fft.irfft(frames[..., :half + 1] + 1j * imag, n=frame, axis=-1).astype(np.float32)


def encode(audio: np.ndarray, *, frame: int, representation: str,
           frames: int | None = None) -> np.ndarray:
    """Mono audio as a sequence of frames, shape ``(frames, frame)``: raw chunks, or their
    packed FFT (:func:`fft_pack`)."""
    if representation not in REPRESENTATIONS:
        raise ParameterError(f"representation must be one of {REPRESENTATIONS}, "
                             f"got {representation!r}")
    chunks = to_chunks(audio, frame=frame, frames=frames)
    return fft_pack(chunks) if representation == "fft" else chunks


def decode(frames: np.ndarray, *, representation: str) -> np.ndarray:
    """Frames back to mono audio, shape ``(frames * frame,)``."""
    if representation not in REPRESENTATIONS:
        raise ParameterError(f"representation must be one of {REPRESENTATIONS}, "
                             f"got {representation!r}")
    frames = np.asarray(frames, np.float32)
    chunks = fft_unpack(frames) if representation == "fft" else frames
    return chunks.reshape(-1)


@dataclass
class Normaliser:
    """Per-value mean and standard deviation over every frame of every training sequence
    (GRUV's normalisation, after Nayebi and Vitelli), removed before training and added
    back after generation.

    ``std`` is floored at ``floor`` so values that never change are not blown up.
    """

    mean: np.ndarray
    std: np.ndarray

    @classmethod
    def fit(cls, sequences: np.ndarray, *, floor: float = 1e-2) -> Normaliser:
        """``sequences`` of shape ``(examples, frames, values)`` or ``(frames, values)``."""
        x = np.asarray(sequences, np.float64)
        x = x.reshape(-1, x.shape[-1])
        return cls(x.mean(axis=0).astype(np.float32),
                   np.maximum(x.std(axis=0), floor).astype(np.float32))

    def apply(self, frames: np.ndarray) -> np.ndarray:
        return ((np.asarray(frames, np.float32) - self.mean) / self.std).astype(np.float32)

    def invert(self, frames: np.ndarray) -> np.ndarray:
        return (np.asarray(frames, np.float32) * self.std + self.mean).astype(np.float32)


def next_frame_pairs(sequences: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Inputs and targets for next-frame prediction: ``x = s[:, :-1]``, ``y = s[:, 1:]``."""
    s = np.asarray(sequences, np.float32)
    if s.ndim == 2:
        s = s[None]
    if s.ndim != 3 or s.shape[1] < 2:
        raise ParameterError(f"need sequences of shape (examples, frames >= 2, values), "
                             f"got {s.shape}")
    return s[:, :-1], s[:, 1:]


def prepare(clips: Iterable[np.ndarray], *, frame: int, representation: str,
            frames: int | None = None) -> tuple[np.ndarray, Normaliser, np.ndarray]:
    """Encode mono clips as frame sequences and normalise them.

    Returns
    -------
    sequences : np.ndarray, shape (clips, frames, frame)
    normaliser : Normaliser
    normalised : np.ndarray, same shape as ``sequences``
    """
    sequences = np.stack([encode(c, frame=frame, representation=representation, frames=frames)
                          for c in clips])
    normaliser = Normaliser.fit(sequences)
    return sequences, normaliser, normaliser.apply(sequences)


def train_next_frame(model: keras.Model, normalised: np.ndarray, *, epochs: int,
                     batch_size: int, learning_rate: float, stop_below: float | None = None,
                     seed: int = 0, checkpoint: str | None = None,
                     time_limit: float | None = None, progress: bool = True,
                     probe: Probe | None = None) -> TrainingResult:
    """Train ``model`` to predict every next frame (MSE, Adam), at most ``epochs`` epochs,
    stopping once the training MSE reaches ``stop_below`` (003 trained "until the MSE fell
    below" a value) or the training time reaches ``time_limit`` seconds."""
    import keras  # heavy: Keras

    x, y = next_frame_pairs(normalised)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="mse")
    return fit(model, x, y, epochs=epochs, batch_size=batch_size, stop_below=stop_below,
               seed=seed, checkpoint=checkpoint, time_limit=time_limit, progress=progress,
               probe=probe)


def render(normalised_frames: np.ndarray, normaliser: Normaliser, *, representation: str,
           denormalise: bool = True) -> np.ndarray:
    """Generated (normalised) frames as audio; ``denormalise=False`` skips adding the mean
    and standard deviation back (003's last experiment)."""
    frames = normaliser.invert(normalised_frames) if denormalise else normalised_frames
    return decode(frames, representation=representation)


def _step_model(model: keras.Model) -> keras.Model:
    """A one-frame-at-a-time copy of a :func:`~dsp_paper.nn.models.gruv_lstm`: ``[frame, h1,
    c1, h2, c2, ...] -> [next frame, h1, c1, ...]``, sharing the trained weights, so each
    generated frame costs one step instead of a pass over the whole sequence."""
    import keras  # heavy: Keras

    values = model.input_shape[-1]
    frame = keras.Input((1, values), name="frame")
    h = model.get_layer("dense_in")(frame)
    states_in, states_out = [], []
    for layer in model.layers:
        if not isinstance(layer, keras.layers.LSTM):
            continue
        units = layer.units
        state = [keras.Input((units,), name=f"{layer.name}_{k}") for k in ("h", "c")]
        stepper = keras.layers.LSTM(units, return_sequences=True, return_state=True,
                                    name=f"{layer.name}_step")
        h, h_state, c_state = stepper(h, initial_state=state)
        stepper.set_weights(layer.get_weights())
        states_in += state
        states_out += [h_state, c_state]
    out = model.get_layer("dense_out")(h)
    return keras.Model([frame, *states_in], [out, *states_out])


def generate(model: keras.Model, seed: np.ndarray, steps: int, *,
             take: str = "last") -> np.ndarray:
    """Grow a sequence from ``seed`` frames by appending the model's prediction ``steps``
    times (GRUV's generation). The network is causal, so carrying its state frame by frame
    gives what feeding the whole sequence back in each time gives, at a fraction of the cost.

    Parameters
    ----------
    model : keras.Model
        A :func:`~dsp_paper.nn.models.gruv_lstm`: ``(batch, frames, values) -> (batch, frames,
        values)`` with ``return_sequences``.
    seed : np.ndarray, shape (k, values)
    take : {"last", "first"}
        Which output frame becomes the next frame. "last" is right (the prediction after
        the whole sequence); "first" is 003's pitfall: the prediction after the first frame
        only, the same frame every time.

    Returns
    -------
    np.ndarray, shape (k + steps, values)
    """
    if take not in ("last", "first"):
        raise ParameterError(f"take must be 'last' or 'first', got {take!r}")
    seed = np.asarray(seed, np.float32)
    if seed.ndim != 2 or seed.shape[0] < 1:
        raise ParameterError(f"seed must have shape (frames >= 1, values), got {seed.shape}")
    k = seed.shape[0]
    step = _step_model(model)
    states = [np.zeros((1, int(t.shape[-1])), np.float32) for t in step.inputs[1:]]
    sequence = np.zeros((k + steps, seed.shape[1]), np.float32)
    sequence[:k] = seed
    if take == "first":  # the output after the seed's first frame alone, every time
        out, *_ = step.predict_on_batch([sequence[0][None, None], *states])
        sequence[k:] = np.asarray(out)[0, 0]
        return sequence
    for t in range(k + steps - 1):
        out, *states = step.predict_on_batch([sequence[t][None, None], *states])
        if t + 1 >= k:
            sequence[t + 1] = np.asarray(out)[0, 0]
    return sequence


def frame_change(frames: np.ndarray) -> float:
    """Mean relative change from one frame to the next, ``|f_t - f_{t-1}| / |f_t|``:
    0 for a frame repeated forever."""
    f = np.asarray(frames, np.float64)
    diff = np.linalg.norm(np.diff(f, axis=0), axis=1)
    size = np.maximum(np.linalg.norm(f[1:], axis=1), 1e-12)
    return float(np.mean(diff / size))


