"""Perceptual judges beside ViSQOL: Zimtohrli's MOS (:func:`zimtohrli_mos`), the 2f-model's
estimated MUSHRA score (:func:`mushra_2f`) and a momentary-loudness error
(:func:`loudness_error`), and a catalogue of the four (:data:`PERCEPTUAL_MEASURES`) that says
for each which way is better, what an identical copy scores and how big a gap counts.

Every judge takes ``prediction`` and ``target`` (the reference) of one shape, time on the last
axis, and refuses what :func:`~dsp_paper.metrics.mos_lqo` refuses, clips shorter than
:data:`~dsp_paper.metrics.VISQOL_MIN_SECONDS` included, so that all four judge the same clips.
"""
from __future__ import annotations

import contextlib
import os
import sys
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from dsp_paper import metrics
from dsp_paper.audio_io import resample
from dsp_paper.checks import check_audio, check_same_length, check_sample_rate
from dsp_paper.errors import ParameterError

__all__ = ["zimtohrli_mos", "mushra_2f", "mushra_2f_started", "loudness_error",
           "PerceptualMeasure", "PERCEPTUAL_MEASURES", "perceptual_measure", "CAPTURE_MEASURE",
           "SEABASS_CACHE_ENV"]

_RATE = metrics.VISQOL_SAMPLE_RATE  # Zimtohrli and the 2f-model, like ViSQOL, work at 48 kHz
# BS.1770-4: 400 ms blocks overlapping by 75 % (one every 100 ms); the absolute gate
_BLOCK_SECONDS, _OVERLAP, _GATE_LUFS = 0.4, 0.75, -70.0

# The candidate the package's perceptual calibration ranks first (notebook 07,
# ``choose_measure(...).shown``: it passes the most families of faults, not all of them at
# quick scale), which the capture report shows beside ESR. tests/test_capture.py ties it to
# the published calibration (figures/07_mse_critique/perceptual_calibration.csv).
CAPTURE_MEASURE = "2f"

_zimtohrli = None
_seabass_ready = False
_seabass_called = False  # its kernels compiled or loaded in this process
# A folder for the 2f-model's numba kernels alone, shared by processes whose numba caches
# differ (make test's two backends): the first to call compiles them there, the rest load.
SEABASS_CACHE_ENV = "DSP_PAPER_2F_CACHE"


def _checked(prediction: np.ndarray, target: np.ndarray, sample_rate: int,
             judge: str) -> tuple[np.ndarray, np.ndarray, int]:
    """The refusals of :func:`~dsp_paper.metrics.mos_lqo`, for every judge here."""
    prediction = check_audio(prediction, name="prediction", allow_silent=False)
    target = check_audio(target, name="target", allow_silent=False)
    check_same_length(prediction, target, names=("prediction", "target"))
    sample_rate = check_sample_rate(sample_rate)
    n = target.shape[-1]
    if not metrics.visqol_can_judge(n, sample_rate=sample_rate):
        raise ParameterError(f"{judge} judges clips of at least {metrics.VISQOL_MIN_SECONDS:g} s "
                             f"(as ViSQOL); got {n / sample_rate:.3g} s ({n} samples at "
                             f"{sample_rate} Hz)")
    for name, audio in (("prediction", prediction), ("target", target)):
        silent = ~np.any(audio.reshape(-1, n), axis=-1)
        if silent.any():
            raise ParameterError(f"channel {int(np.argmax(silent))} of {name} is silent: "
                                 f"{judge} cannot judge silence")
    return prediction, target, sample_rate


def _per_channel(score: Callable[[np.ndarray, np.ndarray], float], prediction: np.ndarray,
                 target: np.ndarray) -> float | np.ndarray:
    n = target.shape[-1]
    scores = np.array([score(p, t) for p, t in zip(prediction.reshape(-1, n),
                                                    target.reshape(-1, n))], dtype=float)
    if prediction.ndim == 1:
        return float(scores[0])
    return scores.reshape(prediction.shape[:-1])


def _at_48k(audio: np.ndarray, sample_rate: int) -> np.ndarray:
    return resample(audio, orig_sr=sample_rate, target_sr=_RATE)  # a fresh float32 copy


def _zimtohrli_judge() -> Any:
    """One Zimtohrli per process: building it sets up its filterbank."""
    global _zimtohrli
    if _zimtohrli is None:
        try:
            import zimtohrli  # heavy: Zimtohrli
        except ImportError as error:
            raise ImportError("zimtohrli_mos needs Zimtohrli: pip install zimtohrli (it is in "
                              "dsp_paper's dependencies)") from error
        _zimtohrli = zimtohrli.Pyohrli()
    return _zimtohrli


def zimtohrli_mos(prediction: np.ndarray, target: np.ndarray, *,
                  sample_rate: int) -> float | np.ndarray:
    """Zimtohrli's approximate MOS of ``prediction`` judged against ``target``: 1 (bad) to 5
    (identical).

    Google's Zimtohrli compares the two through a model of the cochlea's filterbank and of
    loudness at 48 kHz (amplitude 1 is an 80 dB SPL sine), with a distance near 0 for
    differences near the threshold of hearing; ``zimtohrli.mos_from_zimtohrli`` maps it onto
    a mean opinion score fitted to listening tests. Unlike ViSQOL it does not scale the
    estimate to the reference's level: a -6 dB copy of speech scores about 4.9.

    Parameters
    ----------
    prediction, target : np.ndarray, shape (n,) or (channels, n)
        Float audio at ``sample_rate``, of one shape, at least
        :data:`~dsp_paper.metrics.VISQOL_MIN_SECONDS` long; ``target`` is the reference.
        Resampled to 48 kHz by polyphase filtering when ``sample_rate`` is another rate.
    sample_rate : int
        Hz.

    Returns
    -------
    float or np.ndarray, shape (channels,)
        The MOS of a mono pair; one per channel of a multichannel pair.

    Raises
    ------
    ParameterError
        As :func:`~dsp_paper.metrics.mos_lqo`: empty, NaN or inf, a silent channel, shorter
        than ViSQOL can judge, shapes that differ.

    Examples
    --------
    >>> import numpy as np
    >>> target = np.random.default_rng(0).standard_normal(48000) * 0.1
    >>> round(zimtohrli_mos(target, target, sample_rate=48000), 2)  # doctest: +SKIP
    5.0
    """
    prediction, target, sample_rate = _checked(prediction, target, sample_rate, "Zimtohrli")
    judge = _zimtohrli_judge()
    import zimtohrli  # heavy: Zimtohrli (loaded by the judge above)

    return _per_channel(lambda p, t: zimtohrli.mos_from_zimtohrli(judge.distance(t, p)),
                        _at_48k(prediction, sample_rate), _at_48k(target, sample_rate))


def mushra_2f_started() -> bool:
    """Whether this process has readied the 2f-model (the first :func:`mushra_2f` call
    compiles seabass's numba kernels, or loads them from numba's cache)."""
    return _seabass_ready


def _seabass_score() -> Callable[..., Any]:
    """seabass's scorer, with numba's on-disk cache on for every kernel of seabass.

    seabass marks its kernels ``@njit`` without ``cache=True``, so each process would compile
    them again (about 80 s); with the cache on, a later process loads them in about a second
    (from ``$NUMBA_CACHE_DIR`` when set, or from ``$DSP_PAPER_2F_CACHE``, a folder for these
    kernels alone that processes with different numba caches can share). Importing the scorer
    imports every seabass module it uses, so its kernels are all in ``sys.modules``: nothing
    is imported by a made-up name.
    """
    global _seabass_ready
    try:
        from numba.core import config  # heavy: numba
        from numba.core.caching import NullCache
        from numba.core.registry import CPUDispatcher
        from seabass.core.models.mms import estimated_mean_mushra_score  # heavy: the 2f-model
    except ImportError as error:
        raise ImportError("mushra_2f needs the 2f-model: pip install seabass-2f (it is in "
                          "dsp_paper's dependencies)") from error
    if not _seabass_ready:
        kernels = {id(v): v for name, module in list(sys.modules.items())
                   if name.split(".")[0] == "seabass" for v in list(vars(module).values())
                   if isinstance(v, CPUDispatcher)}  # one kernel may be in several modules
        shared, default = os.environ.get(SEABASS_CACHE_ENV), config.CACHE_DIR
        if shared:  # numba reads the folder when a kernel's cache is made, so set it only then
            os.makedirs(shared, exist_ok=True)
            config.CACHE_DIR = shared
        try:
            for kernel in kernels.values():
                if isinstance(kernel._cache, NullCache):
                    kernel.enable_caching()
        finally:
            config.CACHE_DIR = default
        _seabass_ready = True
    return estimated_mean_mushra_score


@contextlib.contextmanager
def _first_2f_call() -> Iterator[None]:
    """Around a process's first 2f call: with a shared folder (``$DSP_PAPER_2F_CACHE``), one
    process at a time compiles or loads its kernels there, so a second waits for the first's
    cache instead of compiling the same kernels into it at once (numba does not guard against
    two writers)."""
    global _seabass_called
    shared = os.environ.get(SEABASS_CACHE_ENV)
    if _seabass_called or not shared:
        yield
        _seabass_called = True
        return
    import fcntl

    os.makedirs(shared, exist_ok=True)
    with open(os.path.join(shared, ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
            _seabass_called = True
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def mushra_2f(prediction: np.ndarray, target: np.ndarray, *,
              sample_rate: int) -> float | np.ndarray:
    """The 2f-model's estimated MUSHRA score of ``prediction`` judged against ``target``:
    0 (bad) to 100 (identical).

    The 2f-model (Kastner and Herre, 2019) predicts the mean score of a MUSHRA listening test
    from two of PEAQ's model output variables, the average modulation difference and the
    average distorted block; this is seabass's implementation (the package ``seabass-2f``),
    at 48 kHz. Its linear fit exceeds 100 for near-identical pairs (an identical copy gives
    about 118.5 before clipping) and falls below 0 for heavily damaged ones; seabass clips it
    to 0-100, so every difference too small to hear scores 100. Like PEAQ, it compares levels
    as they are: a -6 dB copy of speech scores about 40, and it needs a reference loud
    enough for PEAQ to find where the sound starts.

    Parameters
    ----------
    prediction, target : np.ndarray, shape (n,) or (channels, n)
        Float audio at ``sample_rate`` in [-1, 1] (full scale), of one shape, at least
        :data:`~dsp_paper.metrics.VISQOL_MIN_SECONDS` long; ``target`` is the reference.
        Resampled to 48 kHz by polyphase filtering when ``sample_rate`` is another rate;
        neither is changed.
    sample_rate : int
        Hz.

    Returns
    -------
    float or np.ndarray, shape (channels,)
        The score of a mono pair; one per channel of a multichannel pair.

    Raises
    ------
    ParameterError
        As :func:`zimtohrli_mos`, and where the 2f-model cannot judge the pair (a reference
        whose every 5-sample window stays below PEAQ's threshold, about -58 dBFS).

    Examples
    --------
    >>> import numpy as np
    >>> target = np.random.default_rng(0).standard_normal(48000) * 0.1
    >>> mushra_2f(target, target, sample_rate=48000)  # doctest: +SKIP
    100.0
    """
    prediction, target, sample_rate = _checked(prediction, target, sample_rate, "the 2f-model")
    score = _seabass_score()
    from numba.core.errors import NumbaWarning  # heavy: numba

    def one(p: np.ndarray, t: np.ndarray) -> float:
        # seabass scales its inputs to 16-bit full scale in place: give it copies, always
        # float64, so numba compiles (and caches) one specialisation of each kernel.
        test = np.array(p, dtype=np.float64, copy=True)[None]
        ref = np.array(t, dtype=np.float64, copy=True)[None]
        with warnings.catch_warnings():
            # a kernel that reads a global array cannot be cached: numba warns and compiles it
            warnings.simplefilter("ignore", NumbaWarning)
            try:
                return float(score(test, ref))
            except ValueError as error:
                raise ParameterError(f"the 2f-model cannot judge this pair: {error}") from error

    with _first_2f_call():
        return _per_channel(one, _at_48k(prediction, sample_rate),
                            _at_48k(target, sample_rate))


def _momentary_loudness(audio: np.ndarray, sample_rate: int) -> np.ndarray:
    """BS.1770-4 loudness (LUFS) of each whole 400 ms block, a block every 100 ms."""
    import pyloudnorm  # heavy: pyloudnorm

    meter = pyloudnorm.Meter(sample_rate, block_size=_BLOCK_SECONDS, overlap=_OVERLAP)
    # integrated_loudness K-weights the whole clip once (so no block starts its filters
    # from rest) and keeps every block's ungated loudness in blockwise_loudness
    meter.integrated_loudness(np.asarray(audio, np.float64))
    blocks = np.asarray(meter.blockwise_loudness, dtype=float)
    # pyloudnorm rounds the block count up: its last block may run past the end, and
    # it divides that block's energy by a whole block's length
    ends = (_BLOCK_SECONDS * (np.arange(blocks.size) * (1 - _OVERLAP) + 1) * sample_rate)
    return blocks[ends.astype(int) <= audio.shape[-1]]


def loudness_error(prediction: np.ndarray, target: np.ndarray, *,
                   sample_rate: int) -> float | np.ndarray:
    """Mean absolute difference (LU) between the momentary loudness of ``prediction`` and of
    ``target``: 0 for an identical copy; a plain gain of g dB gives ``|g|``.

    Loudness is ITU-R BS.1770-4's: K-weighted (pyloudnorm's filters), mean square over 400 ms
    blocks, a block every 100 ms, ``-0.691 + 10 log10(mean square)`` LUFS. The mean is over
    the blocks where the target is above the absolute gate of -70 LUFS; a block of the
    prediction below the gate counts as at the gate, so a silent stretch gives a finite error.
    Momentary (400 ms) blocks rather than EBU R 128's short-term (3 s) ones, because the clips
    judged are 1-5 s long: a 1 s clip holds no 3 s block, a 5 s clip only a few overlapping
    ones. Each channel is judged on its own (not BS.1770's sum over channels). It works at the
    input rate (BS.1770 is defined at any rate).

    Parameters
    ----------
    prediction, target : np.ndarray, shape (n,) or (channels, n)
        Float audio at ``sample_rate`` (1.0 is digital full scale), of one shape, at least
        :data:`~dsp_paper.metrics.VISQOL_MIN_SECONDS` long; ``target`` is the reference.
    sample_rate : int
        Hz.

    Returns
    -------
    float or np.ndarray, shape (channels,)
        LU, >= 0, for a mono pair; one per channel of a multichannel pair.

    Raises
    ------
    ParameterError
        As :func:`zimtohrli_mos`, and where no block of the target is above -70 LUFS.

    Examples
    --------
    >>> import numpy as np
    >>> target = np.random.default_rng(0).standard_normal(48000) * 0.1
    >>> round(loudness_error(0.5 * target, target, sample_rate=48000), 2)
    6.02
    """
    prediction, target, sample_rate = _checked(prediction, target, sample_rate,
                                               "the loudness error")

    def one(p: np.ndarray, t: np.ndarray) -> float:
        # a silent block is -inf LUFS (pyloudnorm keeps numpy's warning quiet): the target's
        # are gated out, the prediction's raised to the gate
        lp, lt = _momentary_loudness(p, sample_rate), _momentary_loudness(t, sample_rate)
        heard = lt > _GATE_LUFS
        if not heard.any():
            raise ParameterError(f"no 400 ms block of the target is above {_GATE_LUFS:g} LUFS: "
                                 "it is too quiet for a loudness error")
        return float(np.mean(np.abs(np.maximum(lp[heard], _GATE_LUFS) - lt[heard])))

    return _per_channel(one, prediction, target)


@dataclass(frozen=True)
class PerceptualMeasure:
    """One perceptual judge and how to read its scores.

    Attributes
    ----------
    name, label, unit : str
        Its key in :data:`PERCEPTUAL_MEASURES`, a short column label, what its scores count.
    function : callable
        ``function(prediction, target, *, sample_rate) -> float | np.ndarray``.
    higher_is_better : bool
        Which way is better.
    identical, resolution, margin : float
        Its score for an identical copy; the smallest difference of scores counted as a
        difference; the smallest gap counted as a clear preference (half a category).
    licence, package : str
        The judge's licence; its distribution and how it is imported.
    """

    name: str
    label: str
    function: Callable[..., float | np.ndarray]
    unit: str
    higher_is_better: bool
    identical: float
    resolution: float
    margin: float
    licence: str
    package: str

    def score(self, prediction: np.ndarray, target: np.ndarray, *,
              sample_rate: int) -> float | np.ndarray:
        """``function(prediction, target, sample_rate=sample_rate)``."""
        return self.function(prediction, target, sample_rate=sample_rate)

    def badness(self, score: float) -> float:
        """``score`` turned so that larger is always worse (negated where higher is better).

        Examples
        --------
        >>> PERCEPTUAL_MEASURES["2f"].badness(80.0), PERCEPTUAL_MEASURES["loudness"].badness(2.0)
        (-80.0, 2.0)
        """
        return float(-score if self.higher_is_better else score)

    def score_or_nan(self, prediction: np.ndarray, target: np.ndarray, *,
                     sample_rate: int) -> float:
        """The score averaged over channels, or NaN where there is nothing to judge: clips
        shorter than :data:`~dsp_paper.metrics.VISQOL_MIN_SECONDS`, or either silent in a
        channel (as :func:`~dsp_paper.metrics.mos_lqo_or_nan`); other bad input raises.

        Examples
        --------
        >>> import numpy as np
        >>> PERCEPTUAL_MEASURES["loudness"].score_or_nan(np.ones(4800), np.ones(4800),
        ...                                              sample_rate=48000)
        nan
        """
        prediction = check_audio(prediction, name="prediction")
        target = check_audio(target, name="target")
        check_same_length(prediction, target, names=("prediction", "target"))
        sample_rate = check_sample_rate(sample_rate)
        n = target.shape[-1]
        silent = lambda audio: not np.all(np.any(audio.reshape(-1, n), axis=-1))
        if (silent(prediction) or silent(target)
                or not metrics.visqol_can_judge(n, sample_rate=sample_rate)):
            return float("nan")
        return float(np.mean(self.score(prediction, target, sample_rate=sample_rate)))


PERCEPTUAL_MEASURES: dict[str, PerceptualMeasure] = {
    "visqol": PerceptualMeasure(
        name="visqol", label="ViSQOL MOS-LQO", function=metrics.mos_lqo, unit="MOS-LQO (1-5)",
        higher_is_better=True, identical=metrics.VISQOL_IDENTICAL, resolution=0.05,
        margin=0.5, licence="Apache-2.0", package="visqol-python (import visqol)"),
    # identical: zimtohrli.mos_from_zimtohrli(0.0), the MOS of distance 0 (zimtohrli 0.2.1)
    "zimtohrli": PerceptualMeasure(
        name="zimtohrli", label="Zimtohrli MOS", function=zimtohrli_mos, unit="MOS (1-5)",
        higher_is_better=True, identical=5.0, resolution=0.05, margin=0.5,
        licence="Apache-2.0", package="zimtohrli (import zimtohrli)"),
    # margin: half of one of MUSHRA's five 20-point categories
    "2f": PerceptualMeasure(
        name="2f", label="2f MUSHRA", function=mushra_2f, unit="MUSHRA points (0-100)",
        higher_is_better=True, identical=100.0, resolution=1.0, margin=10.0,
        licence="Apache-2.0", package="seabass-2f (import seabass)"),
    # margin: about the smallest change of level a listener notices
    "loudness": PerceptualMeasure(
        name="loudness", label="loudness error LU", function=loudness_error, unit="LU",
        higher_is_better=False, identical=0.0, resolution=0.1, margin=1.0, licence="MIT",
        package="pyloudnorm (import pyloudnorm)"),
}


def perceptual_measure(name: str) -> PerceptualMeasure:
    """The catalogue's entry for ``name`` (a key of :data:`PERCEPTUAL_MEASURES`).

    Examples
    --------
    >>> perceptual_measure("loudness").label
    'loudness error LU'
    """
    if name not in PERCEPTUAL_MEASURES:
        raise ParameterError(f"unknown perceptual measure {name!r}: the known ones are "
                             f"{', '.join(map(repr, PERCEPTUAL_MEASURES))}")
    return PERCEPTUAL_MEASURES[name]
