"""Sliding windows, hold-out splits, shuffled batches, and block processing.

Training audio is cut into overlapping windows (hop < window) and the windows are shuffled
again every epoch from a seed; validation and test audio are taken out *before* windowing so
no window straddles them. At inference, :func:`process_blocks_zero_padded` rebuilds 000's
half-second "tick" and :func:`process_overlap_add` removes it.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.signal

from dsp_paper.checks import check_audio, check_mono, check_same_length
from dsp_paper.errors import ParameterError

__all__ = ["Pair", "sliding_windows", "hop_for_uses", "sample_uses", "holdout_ranges",
           "take_ranges", "split_holdout", "WindowBatches", "overlap_add",
           "process_overlap_add", "process_blocks_zero_padded", "edge_error_db",
           "many_to_one_windows", "sequence_segments"]


@dataclass(frozen=True)
class Pair:
    """A dry/wet pair of equal shape: ``input`` through the effect gives ``target``."""

    input: np.ndarray
    target: np.ndarray

    def __post_init__(self) -> None:
        check_audio(self.input, name="input")
        check_audio(self.target, name="target")
        check_same_length(self.input, self.target)

    @property
    def n_samples(self) -> int:
        return self.input.shape[-1]


def _check_window_hop(window: int, hop: int) -> None:
    for name, v in (("window", window), ("hop", hop)):
        if not isinstance(v, (int, np.integer)) or v < 1:
            raise ParameterError(f"{name} must be a positive integer, got {v!r}")
    if hop > window:
        raise ParameterError(f"hop ({hop}) larger than window ({window}) would skip samples")


def hop_for_uses(window: int, uses: int) -> int:
    """The hop at which every sample (away from the ends) falls in ``uses`` windows.

    001 uses every sample 10 times: ``hop_for_uses(1000, 10) == 100``.
    """
    if not isinstance(uses, (int, np.integer)) or uses < 1:
        raise ParameterError(f"uses must be a positive integer, got {uses!r}")
    if window % uses:
        raise ParameterError(f"window {window} is not divisible by uses {uses}")
    return window // uses


def sliding_windows(audio: np.ndarray, *, window: int, hop: int) -> np.ndarray:
    """Overlapping windows along the last axis (a trailing partial window is dropped).

    Parameters
    ----------
    audio : np.ndarray, shape (n,) or (channels, n)
    window, hop : int
        Samples per window and between window starts.

    Returns
    -------
    np.ndarray, shape (n_windows, window) or (n_windows, window, channels)
        A read-only view; channels last, as Keras layers expect.
    """
    audio = check_audio(audio)
    _check_window_hop(window, hop)
    if audio.ndim > 2:
        raise ParameterError(f"expected audio of shape (n,) or (channels, n), got {audio.shape}")
    if audio.shape[-1] < window:
        raise ParameterError(f"audio of {audio.shape[-1]} samples is shorter than one window "
                             f"({window})")
    view = np.lib.stride_tricks.sliding_window_view(audio, window, axis=-1)[..., ::hop, :]
    if audio.ndim == 1:
        return view
    return np.moveaxis(view, 0, -1)


def sample_uses(n_samples: int, *, window: int, hop: int) -> np.ndarray:
    """How many windows cover each sample, shape ``(n_samples,)``."""
    _check_window_hop(window, hop)
    counts = np.zeros(n_samples, dtype=np.int64)
    for start in range(0, n_samples - window + 1, hop):
        counts[start:start + window] += 1
    return counts


def holdout_ranges(n_samples: int, *, fraction: float, block: int, seed: int = 0
                   ) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Pick contiguous blocks to hold out, spread over the whole signal.

    Returns
    -------
    keep, held_out : list of (start, stop)
        Sample ranges; together they tile ``[0, n_samples)``.
    """
    if not 0 <= fraction < 1:
        raise ParameterError(f"fraction must be in [0, 1), got {fraction!r}")
    if not isinstance(block, (int, np.integer)) or block < 1:
        raise ParameterError(f"block must be a positive integer, got {block!r}")
    n_blocks = n_samples // block
    n_held = int(round(fraction * n_blocks))
    if fraction > 0 and n_held == 0:
        raise ParameterError(f"{n_samples} samples hold no block of {block} for a {fraction} "
                             "hold-out: use a shorter block or more audio")
    # One block from each of n_held equal strata, so the hold-out covers the whole sweep.
    rng = np.random.default_rng(seed)
    edges = np.linspace(0, n_blocks, n_held + 1).astype(int)
    chosen = sorted(int(rng.integers(lo, hi)) for lo, hi in zip(edges[:-1], edges[1:])
                    if hi > lo)
    held = [(b * block, (b + 1) * block) for b in chosen]
    keep, cursor = [], 0
    for start, stop in held:
        if start > cursor:
            keep.append((cursor, start))
        cursor = stop
    if cursor < n_samples:
        keep.append((cursor, n_samples))
    return keep, held


def take_ranges(audio: np.ndarray, ranges: Iterable[tuple[int, int]]) -> list[np.ndarray]:
    """The pieces of ``audio`` (last axis) at each ``(start, stop)``, as a list."""
    return [audio[..., start:stop] for start, stop in ranges]


def split_holdout(pair: Pair, *, fraction: float, block: int,
                  seed: int = 0) -> tuple[list[Pair], list[Pair]]:
    """Split a :class:`Pair` into kept and held-out lists of contiguous pieces."""
    keep, held = holdout_ranges(pair.n_samples, fraction=fraction, block=block, seed=seed)

    def pieces(ranges: Iterable[tuple[int, int]]) -> list[Pair]:
        return [Pair(i, t) for i, t in zip(take_ranges(pair.input, ranges),
                                           take_ranges(pair.target, ranges))]

    return pieces(keep), pieces(held)


class WindowBatches:
    """Shuffled batches of aligned input/target windows, reshuffled every epoch.

    Windows are cut from each :class:`Pair` separately, so none crosses a gap left by a
    hold-out. Epoch ``e`` is shuffled by a generator seeded with ``[seed, e]``: the same seed
    gives the same batches, and every epoch a different order.

    Parameters
    ----------
    pairs : list of Pair
    window, hop : int
    batch_size : int
    seed : int

    Examples
    --------
    >>> import numpy as np
    >>> x = np.arange(100, dtype=np.float32) / 100
    >>> batches = WindowBatches([Pair(x, 2 * x)], window=10, hop=5, batch_size=4)
    >>> xb, yb = next(iter(batches.epoch(0)))
    >>> xb.shape, bool(np.allclose(yb, 2 * xb))
    ((4, 10), True)
    """

    def __init__(self, pairs: Iterable[Pair], *, window: int, hop: int, batch_size: int,
                 seed: int = 0) -> None:
        _check_window_hop(window, hop)
        if not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
            raise ParameterError(f"batch_size must be a positive integer, got {batch_size!r}")
        pairs = [p for p in pairs if p.n_samples >= window]
        if not pairs:
            raise ParameterError(f"no piece of audio is as long as one window ({window})")
        self.pairs, self.window, self.hop = pairs, window, hop
        self.batch_size, self.seed = batch_size, seed
        self._inputs = [sliding_windows(p.input, window=window, hop=hop) for p in pairs]
        self._targets = [sliding_windows(p.target, window=window, hop=hop) for p in pairs]
        self._index = np.concatenate([np.stack([np.full(len(w), i), np.arange(len(w))], 1)
                                      for i, w in enumerate(self._inputs)])

    @property
    def n_windows(self) -> int:
        return len(self._index)

    def __len__(self) -> int:
        return -(-self.n_windows // self.batch_size)

    def order(self, epoch: int) -> np.ndarray:
        """The window order of one epoch, shape ``(n_windows, 2)`` of (piece, window)."""
        rng = np.random.default_rng([self.seed, epoch])
        return self._index[rng.permutation(self.n_windows)]

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """Every window in order as ``(inputs, targets)`` float32 arrays, for a trainer that
        shuffles by itself each epoch (Keras's ``fit`` does, from the global seed)."""
        return (np.concatenate(self._inputs).astype(np.float32),
                np.concatenate(self._targets).astype(np.float32))

    def epoch(self, epoch: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Yield ``(inputs, targets)`` batches for one epoch, float32 copies."""
        order = self.order(epoch)
        for start in range(0, self.n_windows, self.batch_size):
            chunk = order[start:start + self.batch_size]
            yield (np.stack([self._inputs[p][w] for p, w in chunk]).astype(np.float32),
                   np.stack([self._targets[p][w] for p, w in chunk]).astype(np.float32))


def overlap_add(frames: np.ndarray, *, hop: int, length: int,
                taper: str = "hann") -> np.ndarray:
    """Weighted overlap-add of frames back into a signal.

    Each frame is weighted by ``taper`` and the sum divided by the summed weights, so
    frames that agree reconstruct the signal exactly, and frame edges (where a zero-padded
    process goes wrong) count least.

    Parameters
    ----------
    frames : np.ndarray, shape (n_frames, window)
    hop : int
    length : int
        Samples of the output.
    taper : str
        A ``scipy.signal.get_window`` name.

    Returns
    -------
    np.ndarray, shape (length,), float32
    """
    frames = check_audio(frames, name="frames")
    if frames.ndim != 2:
        raise ParameterError(f"frames must have shape (n_frames, window), got {frames.shape}")
    n_frames, window = frames.shape
    _check_window_hop(window, hop)
    if not isinstance(length, (int, np.integer)) or length < 1:
        raise ParameterError(f"length must be a positive integer, got {length!r}")
    weights = scipy.signal.get_window(taper, window, fftbins=False) if taper else np.ones(window)
    weights = np.maximum(weights, 1e-3)  # keep the ends of the signal covered
    total = (n_frames - 1) * hop + window
    out, norm = np.zeros(total), np.zeros(total)
    for i in range(n_frames):
        out[i * hop:i * hop + window] += weights * frames[i]
        norm[i * hop:i * hop + window] += weights
    out = out / np.where(norm > 0, norm, 1.0)
    if length > total:
        raise ParameterError(f"{n_frames} frames of {window} at hop {hop} cover {total} samples, "
                             f"fewer than length={length}")
    return out[:length].astype(np.float32)


def _pad_to_frames(audio: np.ndarray, window: int, hop: int) -> np.ndarray:
    n = audio.shape[-1]
    n_frames = max(1, -(-(n - window) // hop) + 1)
    return np.pad(audio, (0, (n_frames - 1) * hop + window - n))


def process_overlap_add(audio: np.ndarray, process: Callable[[np.ndarray], np.ndarray], *,
                        window: int, hop: int, taper: str = "hann") -> np.ndarray:
    """Run ``process`` on overlapping windows and overlap-add the results.

    Parameters
    ----------
    audio : np.ndarray, shape (n,)
    process : callable
        Maps frames ``(n_frames, window)`` to frames of the same shape (a model's predict).
    window, hop : int

    Returns
    -------
    np.ndarray, shape (n,), float32
    """
    audio = check_mono(audio)
    _check_window_hop(window, hop)
    padded = _pad_to_frames(audio, window, hop)
    frames = np.ascontiguousarray(sliding_windows(padded, window=window, hop=hop))
    out = np.asarray(process(frames))
    if out.shape != frames.shape:
        raise ParameterError(f"process returned shape {out.shape} for frames {frames.shape}")
    return overlap_add(out, hop=hop, length=audio.shape[-1], taper=taper)


def process_blocks_zero_padded(audio: np.ndarray,
                               process: Callable[[np.ndarray], np.ndarray], *,
                               block: int) -> np.ndarray:
    """000's test-time batching: cut into back-to-back blocks, process each on its own.

    Each block is processed as if the audio outside it were silence, so the output snaps
    towards zero at every block edge: with 0.5 s blocks, a tick every half second.

    Parameters
    ----------
    audio : np.ndarray, shape (n,) or (channels, n)
    process : callable
        Maps blocks ``(n_blocks, block)`` (mono) or ``(n_blocks, block, channels)`` to the
        same shape.

    Returns
    -------
    np.ndarray, the shape of ``audio``, float32
    """
    audio = check_audio(audio)
    if audio.ndim > 2:
        raise ParameterError(f"expected audio of shape (n,) or (channels, n), got {audio.shape}")
    if not isinstance(block, (int, np.integer)) or block < 1:
        raise ParameterError(f"block must be a positive integer, got {block!r}")
    n = audio.shape[-1]
    padded = np.pad(audio, [(0, 0)] * (audio.ndim - 1) + [(0, -n % block)])
    if audio.ndim == 1:
        blocks = padded.reshape(-1, block)
    else:
        blocks = np.ascontiguousarray(padded.reshape(audio.shape[0], -1, block).transpose(1, 2, 0))
    out = np.asarray(process(blocks))
    if out.shape != blocks.shape:
        raise ParameterError(f"process returned shape {out.shape} for blocks {blocks.shape}")
    if audio.ndim == 1:
        return out.reshape(-1)[:n].astype(np.float32)
    return out.transpose(2, 0, 1).reshape(audio.shape[0], -1)[:, :n].astype(np.float32)


def edge_error_db(output: np.ndarray, reference: np.ndarray, *, block: int, radius: int,
                  region: str = "edges") -> float:
    """Level of the error of ``output`` against ``reference`` near block edges, in dB
    relative to the reference's level there: a bounded measure of 000's tick.

    Both signals are taken within ``radius`` samples of every multiple of ``block`` (the
    track's own start and end are not block edges); the result is
    ``10 log10(sum((output - reference)^2) / sum(reference^2))`` over those samples; -inf
    means no error at all. ``region="between"`` measures the samples between the edges
    instead (leaving out ``radius`` samples at the track's ends), so the two levels say
    whether the error stands out at the edges.

    Examples
    --------
    >>> import numpy as np
    >>> ref = np.ones(1000, np.float32)
    >>> out = ref.copy(); out[495:505] = 0.0   # a dropout at the edge at 500
    >>> round(edge_error_db(out, ref, block=500, radius=5), 1)
    0.0
    """
    output = check_audio(output, name="output")
    reference = check_audio(reference, name="reference", allow_silent=False)
    check_same_length(output, reference, names=("output", "reference"))
    for name, v in (("block", block), ("radius", radius)):
        if not isinstance(v, (int, np.integer)) or v < 1:
            raise ParameterError(f"{name} must be a positive integer, got {v!r}")
    if region not in ("edges", "between"):
        raise ParameterError(f"region must be 'edges' or 'between', got {region!r}")
    n = output.shape[-1]
    near = np.zeros(n, dtype=bool)
    for edge in range(block, n, block):
        near[max(0, edge - radius):edge + radius] = True
    if not near.any():
        raise ParameterError(f"{n} samples hold no block edge at multiples of {block}")
    if region == "between":
        near[radius:n - radius] = ~near[radius:n - radius]
        near[:radius] = near[n - radius:] = False
        if not near.any():
            raise ParameterError(f"no samples lie between the edges of blocks of {block} "
                                 f"with radius {radius}")
    error = np.sum((np.asarray(output, np.float64) - reference)[..., near] ** 2)
    signal = np.sum(np.asarray(reference, np.float64)[..., near] ** 2)
    if signal == 0:
        raise ParameterError(f"the reference is silent in the region {region!r}: no level to "
                             "compare the error with")
    return float(10 * np.log10(error / signal)) if error > 0 else float("-inf")


def many_to_one_windows(pair: Pair, *, window: int, count: int | None = None,
                        seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """002's training examples: ``window`` input samples and the target at the window's
    last sample.

    Parameters
    ----------
    pair : Pair
        Mono dry/wet audio.
    window : int
    count : int, optional
        How many windows, at end positions drawn without replacement from ``seed``
        (all ``n - window + 1`` positions if None).

    Returns
    -------
    x : np.ndarray, shape (count, window, 1), float32
    y : np.ndarray, shape (count, 1), float32
    """
    check_mono(pair.input, name="pair.input")
    view = sliding_windows(pair.input, window=window, hop=1)
    total = view.shape[0]
    if count is None:
        starts = np.arange(total)
    else:
        if not isinstance(count, (int, np.integer)) or not 1 <= count <= total:
            raise ParameterError(f"count must be an integer in 1..{total}, got {count!r}")
        starts = np.sort(np.random.default_rng(seed).choice(total, size=count, replace=False))
    x = np.ascontiguousarray(view[starts], dtype=np.float32)[..., None]
    y = np.asarray(pair.target[starts + window - 1], np.float32)[:, None]
    return x, y


def sequence_segments(pair: Pair, *, length: int, hop: int,
                      controls: Sequence[float] | None = None
                      ) -> tuple[np.ndarray, np.ndarray]:
    """Overlapping segments of a mono pair for sequence-to-sequence training.

    Parameters
    ----------
    pair : Pair
        Mono dry/wet audio.
    length, hop : int
        Samples per segment and between segment starts.
    controls : sequence of float, optional
        Constant control values appended to every input sample as extra channels.

    Returns
    -------
    x : np.ndarray, shape (n_segments, length, 1 + len(controls)), float32
    y : np.ndarray, shape (n_segments, length, 1), float32
    """
    check_mono(pair.input, name="pair.input")
    x = np.asarray(sliding_windows(pair.input, window=length, hop=hop), np.float32)[..., None]
    y = np.asarray(sliding_windows(pair.target, window=length, hop=hop), np.float32)[..., None]
    if controls is not None and len(controls):
        knobs = np.broadcast_to(np.asarray(controls, np.float32), (*x.shape[:2], len(controls)))
        x = np.concatenate([x, knobs], axis=-1)
    return x, y


def window_arrays(pieces: Iterable[Pair], *, window: int, hop: int,
                  channels_last: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Every window of ``window`` samples at ``hop`` over ``pieces`` (in order).

    Returns
    -------
    x, y : np.ndarray
        ``(windows, window)``, or ``(windows, window, 1)`` for mono pieces with
        ``channels_last`` (the conv net's layout; stereo pieces are ``(windows, window, 2)``).
    """
    x, y = WindowBatches(pieces, window=window, hop=hop, batch_size=1).arrays()
    return (x[..., None], y[..., None]) if channels_last and x.ndim == 2 else (x, y)
