"""Capture an effect from a dry and a wet recording, as Neural Amp Modeler and its kin do:
check the pair, find and compensate the wet's latency, split by time (test last), train a
streaming model with ESR on pre-emphasised audio plus DC, and write the model (Keras and
plain JSON weights), a report and the test clips.

``python -m dsp_paper capture DRY WET`` and ``python -m dsp_paper apply MODEL IN OUT`` are
this module's :func:`capture_files` and :func:`apply_files`.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np

from .errors import ParameterError

__all__ = ["CaptureInputError", "CaptureRecipe", "RECIPES", "Take", "CheckedPair", "Capture",
           "check_pair", "find_latency", "align", "time_split", "train_capture", "test_take",
           "test_scores", "mos_words", "fir_baseline", "block_benchmark", "realtime_factor", "capture",
           "capture_files", "write_capture", "apply_files", "load_capture", "quality_label",
           "example_dry", "example_pair", "MIN_SECONDS"]

# Shortest parts of the time split (s): the test and validation parts must hold a few
# notes, the training part more than one phrase.
MIN_SECONDS = dict(train=4.0, validation=0.5, test=1.0)
CLIP_LEVEL = 0.999          # |sample| at or above this is full scale
CLIP_RUN = 4                # consecutive full-scale samples that mean the recording clipped
SILENCE_DBFS = -60.0        # a file whose RMS is below this is silent
DC_LIMIT = 0.01             # |mean| above this (-40 dBFS) and above DC_SHARE of the RMS is DC
DC_SHARE = 0.1
SAME_AS_DRY = 1e-4          # residual power share below which the wet is a gain of the dry
WET_LONGER_SECONDS = 1.0    # a wet this much longer than the dry is trimmed (a tail); more fails
MAX_LATENCY_SECONDS = 0.25
TEST_SHARE, VALIDATION_SHARE = 0.15, 0.10   # the time split's last and second-last parts


class CaptureInputError(ParameterError):
    """The dry/wet pair cannot be captured as it is; the message lists every problem found."""


@dataclass(frozen=True)
class CaptureRecipe:
    """How one kind of capture model is built and trained.

    Attributes
    ----------
    kind : {"wavenet", "lstm", "gru"}
    size : int
        Channels of every wavenet layer, or units of the recurrent layer.
    gated : bool
        Gated wavenet activations.
    segment : int
        Output samples per training segment (a wavenet's segments also carry its receptive
        field of context before them; a recurrent model's carry ``warmup`` samples). NAM
        trains on 8192; on a CPU budget of minutes, 2048 gives four times the gradient steps
        and ends far lower (on the pedal chain, ESR 0.006 against 0.033 after 2 minutes).
    warmup : int
        Samples at the start of a recurrent model's segment left out of the loss.
    batch_size : int
    learning_rate : float
        Adam's initial rate, multiplied by ``decay`` after every epoch.
    decay : float
    pre_emphasis : float
        Coefficient of the loss's first-order pre-emphasis.
    mr_stft_weight : float
        Weight of an added multi-resolution STFT term (0: ESR + DC only).
    patience : int
        Early stopping: epochs without a better validation loss.
    head_scale : float
        A wavenet's fixed output gain (Neural Amp Modeler's ``head_scale``, 0.02): the
        summed activations of ten layers start some 50 times too loud, so without it the
        first epochs only learn to be quieter (on the pedal chain's guitar harmonics, test
        ESR 0.0066 after 25 epochs without it, 0.0003 after 10 with it).
    """

    kind: str
    size: int
    gated: bool = False
    segment: int = 2048
    warmup: int = 0
    batch_size: int = 16
    learning_rate: float = 4e-3
    decay: float = 0.993
    pre_emphasis: float = 0.85
    mr_stft_weight: float = 0.0
    patience: int = 40
    head_scale: float = 0.02

    def build(self, *, controls=0, seed=0, input_rms=None):
        from . import models

        gain = 1.0 / input_rms if input_rms else 1.0
        if self.kind == "wavenet":
            return models.wavenet(channels=self.size, gated=self.gated, controls=controls,
                                  input_gain=gain, head_scale=self.head_scale, seed=seed)
        return models.streaming_rnn(hidden=self.size, cell=self.kind, controls=controls,
                                    input_gain=gain, seed=seed)


RECIPES = {
    "wavenet": CaptureRecipe("wavenet", 8),
    # 5 channels: a gated layer computes twice its channels, so 5 gated cost about what 8
    # plain channels do
    "wavenet-gated": CaptureRecipe("wavenet", 5, gated=True),
    "lstm": CaptureRecipe("lstm", 32, segment=2048, warmup=512, learning_rate=5e-3),
    "gru": CaptureRecipe("gru", 32, segment=2048, warmup=512, learning_rate=5e-3),
}


@dataclass(frozen=True)
class Take:
    """One aligned dry/wet recording at one setting of the controls."""

    dry: np.ndarray
    wet: np.ndarray
    controls: tuple = ()


@dataclass
class CheckedPair:
    """A dry/wet pair that passed :func:`check_pair`, aligned."""

    dry: np.ndarray
    wet: np.ndarray
    sample_rate: int
    latency: int
    notes: list = field(default_factory=list)


def _dbfs(value):
    return 20 * np.log10(max(float(value), 1e-12))


def _clipped_samples(audio):
    """Samples in runs of at least CLIP_RUN at full scale."""
    hot = np.abs(audio) >= CLIP_LEVEL
    if not hot.any():
        return 0
    edges = np.diff(np.concatenate([[0], hot.astype(np.int8), [0]]))
    runs = np.flatnonzero(edges == -1) - np.flatnonzero(edges == 1)
    return int(runs[runs >= CLIP_RUN].sum())


def _signal_problems(audio, name, sample_rate):
    """What is wrong with one file on its own."""
    bad = int(np.count_nonzero(~np.isfinite(audio)))
    if bad:
        return [f"the {name} holds {bad} NaN or infinite samples"]
    problems = []
    rms = float(np.sqrt(np.mean(np.square(audio, dtype=np.float64))))
    if _dbfs(rms) < SILENCE_DBFS:
        problems.append(f"the {name} is silent (RMS {_dbfs(rms):.0f} dBFS, below "
                        f"{SILENCE_DBFS:g} dBFS)")
        return problems
    clipped = _clipped_samples(audio)
    if clipped:
        problems.append(f"the {name} clips: {clipped} samples in runs of {CLIP_RUN} or more at "
                        f"full scale; record it a few dB quieter")
    mean = float(np.mean(audio, dtype=np.float64))
    if abs(mean) > DC_LIMIT and abs(mean) > DC_SHARE * rms:
        problems.append(f"the {name} has a DC offset of {mean:+.4f} ({_dbfs(abs(mean)):.0f} dBFS, "
                        f"{abs(mean) / rms:.0%} of its RMS); high-pass it (e.g. at 10 Hz) first")
    return problems


def find_latency(dry, wet, *, sample_rate, max_latency=None):
    """The wet's delay against the dry, in samples (positive: the wet is late).

    The linear part of the effect is estimated as an impulse response over lags
    ``-max_latency .. max_latency`` (cross-spectrum over the dry's power spectrum, lightly
    regularised). A pure delay peaks at the delay, but a band-limited dry smears the peak
    over a few samples on both sides, and a lowpass's response peaks some samples after it
    begins; so the latency is where the peak's lobe begins (the first lag before the peak
    whose neighbours stay above a fifth of it), not before lag 0 unless the peak itself is
    before it. On band-limited material it may come out a few samples short of a pure
    delay: harmless, a causal model learns a delay; one too long would not be (the model
    would have to see the future).

    Returns
    -------
    latency : int
    clarity : float
        The response's peak over its median magnitude; below 8 the effect has too little
        linear part for the estimate to mean much.
    """
    dry = np.asarray(dry, np.float64)
    wet = np.asarray(wet, np.float64)
    if max_latency is None:
        max_latency = int(MAX_LATENCY_SECONDS * sample_rate)
    n = min(dry.size, wet.size)
    n_fft = 1 << int(np.ceil(np.log2(n + max_latency)))
    d, w = np.fft.rfft(dry[:n], n_fft), np.fft.rfft(wet[:n], n_fft)
    power = np.abs(d) ** 2
    response = np.fft.irfft(w * np.conj(d) / (power + 1e-3 * power.mean()), n_fft)
    lags = np.arange(-max_latency, max_latency + 1)
    h = np.abs(response[lags % n_fft])
    peak = int(np.argmax(h))
    clarity = float(h[peak] / max(np.median(h), 1e-30))
    onset = peak
    while onset > 0 and h[onset - 1] >= 0.2 * h[peak] and (lags[onset] > 0 or lags[peak] < 0):
        onset -= 1
    return int(lags[onset]), clarity


def align(dry, wet, latency):
    """Shift the pair so the wet's sample ``t`` answers the dry's sample ``t``; both cut to
    the part they share."""
    if latency >= 0:
        wet = wet[latency:]
    else:
        dry = dry[-latency:]
    n = min(dry.size, wet.size)
    return dry[:n], wet[:n]


def _to_mono(audio, name, notes):
    if audio.ndim == 1:
        return audio
    if audio.shape[0] > 2:
        raise CaptureInputError(f"the {name} has {audio.shape[0]} channels: give mono or stereo")
    if np.array_equal(audio[0], audio[1]):
        notes.append(f"the {name} is stereo with identical channels: used one")
        return audio[0]
    notes.append(f"the {name} is stereo: its two channels were averaged to mono")
    return audio.mean(axis=0)


def check_pair(dry, wet, *, sample_rate, wet_sample_rate=None, resample=False, latency=None,
               names=("dry", "wet")):
    """Check a dry/wet pair before any training and align it.

    Parameters
    ----------
    dry, wet : np.ndarray, shape (n,) or (2, n)
        The signal sent into the effect and the effect's output; stereo is mixed to mono.
    sample_rate : int
        The dry's rate.
    wet_sample_rate : int, optional
        The wet's rate when it differs; then ``resample=True`` resamples the wet to the dry's
        rate (polyphase), otherwise the pair is refused.
    latency : int, optional
        The wet's delay in samples, when known (e.g. from NAM's reamp file); found by
        :func:`find_latency` otherwise.

    Returns
    -------
    CheckedPair
        Aligned mono float32 audio; ``notes`` says what was done (mixing, trimming, latency).

    Raises
    ------
    CaptureInputError
        Listing every problem: rates or lengths that differ, NaN, silence, clipping, DC, a
        wet that is the dry (or a gain of it), too little audio for the split.
    """
    from .audio_io import resample as resample_audio

    notes = []
    dry = _to_mono(np.asarray(dry, np.float32), names[0], notes)
    wet = _to_mono(np.asarray(wet, np.float32), names[1], notes)
    wet_rate = sample_rate if wet_sample_rate is None else int(wet_sample_rate)
    if wet_rate != sample_rate:
        if not resample:
            raise CaptureInputError(
                f"sample rates differ: the {names[0]} is at {sample_rate} Hz, the {names[1]} "
                f"at {wet_rate} Hz; record both at one rate, or resample the {names[1]} to "
                f"{sample_rate} Hz (--resample / resample=True)")
        wet = resample_audio(wet, orig_sr=wet_rate, target_sr=sample_rate)
        notes.append(f"the {names[1]} was resampled from {wet_rate} Hz to {sample_rate} Hz")
    problems = _signal_problems(dry, names[0], sample_rate) + \
        _signal_problems(wet, names[1], sample_rate)
    extra = wet.size - dry.size
    if extra < 0 or extra > WET_LONGER_SECONDS * sample_rate:
        longer = "longer" if extra > 0 else "shorter"
        problems.append(
            f"lengths differ: the {names[0]} has {dry.size} samples ({dry.size / sample_rate:.3f} s), "
            f"the {names[1]} {wet.size} ({wet.size / sample_rate:.3f} s): the {names[1]} is "
            f"{longer} by {abs(extra)} samples ({abs(extra) / sample_rate:.3f} s); it may be up "
            f"to {WET_LONGER_SECONDS:g} s longer (a tail), never shorter")
    if problems:
        raise CaptureInputError("; ".join(problems))
    if extra:
        notes.append(f"the {names[1]}'s last {extra} samples (past the {names[0]}'s end) "
                     "were dropped")
        wet = wet[:dry.size]
    if latency is None:
        latency, clarity = find_latency(dry, wet, sample_rate=sample_rate)
        if clarity < 8:
            notes.append(f"the latency estimate is unsure (the effect has little linear part: "
                         f"peak/median {clarity:.1f}); found {latency} samples, pass latency= "
                         "if known")
    latency = int(latency)
    dry, wet = align(dry, wet, latency)
    notes.append(f"latency: the {names[1]} is {'late' if latency >= 0 else 'early'} by "
                 f"{abs(latency)} samples ({1e3 * abs(latency) / sample_rate:.2f} ms); compensated")
    d64, w64 = dry.astype(np.float64), wet.astype(np.float64)
    gain = float(d64 @ w64 / max(d64 @ d64, 1e-30))
    residual = float(np.sum((w64 - gain * d64) ** 2) / max(w64 @ w64, 1e-30))
    if residual < SAME_AS_DRY:
        problems.append(f"the {names[1]} is the {names[0]} times {gain:.4g} "
                        f"({_dbfs(abs(gain)):+.1f} dB, residual {10 * np.log10(max(residual, 1e-30)):.0f} dB): "
                        "no effect was recorded")
    needed = sum(MIN_SECONDS.values()) / (1 - TEST_SHARE - VALIDATION_SHARE)
    if dry.size < needed * sample_rate:
        problems.append(f"too little audio: {dry.size / sample_rate:.2f} s after alignment; the "
                        f"time split needs at least {needed:.1f} s (at least "
                        f"{MIN_SECONDS['train']:g} s to train, {MIN_SECONDS['validation']:g} s "
                        f"to validate, {MIN_SECONDS['test']:g} s to test)")
    if problems:
        raise CaptureInputError("; ".join(problems))
    return CheckedPair(dry.astype(np.float32), wet.astype(np.float32), int(sample_rate),
                       latency, notes)


def time_split(n, *, sample_rate):
    """Sample ranges ``{"train", "validation", "test"}`` of a take: training first, then
    validation, the test last (``TEST_SHARE`` and ``VALIDATION_SHARE`` of it, each at least
    ``MIN_SECONDS``)."""
    test = max(int(TEST_SHARE * n), int(MIN_SECONDS["test"] * sample_rate))
    validation = max(int(VALIDATION_SHARE * n), int(MIN_SECONDS["validation"] * sample_rate))
    train = n - test - validation
    if train < MIN_SECONDS["train"] * sample_rate:
        raise CaptureInputError(f"too little audio: {n / sample_rate:.2f} s leaves "
                                f"{max(train, 0) / sample_rate:.2f} s to train")
    return dict(train=(0, train), validation=(train, train + validation),
                test=(train + validation, n))


def _segments(take, span, *, context, segment, hop):
    """Training segments of one take's span: ``context`` samples before each ``segment``
    (the model's receptive field or warm-up) taken from the audio before it where there is
    some, zeros at the start."""
    start, stop = span
    dry = np.concatenate([np.zeros(context, np.float32), take.dry])
    wet = np.concatenate([np.zeros(context, np.float32), take.wet])
    xs, ys = [], []
    length = context + segment
    for s in range(start, max(stop - segment, start) + 1, hop):
        e = min(s + segment, stop)
        x = dry[s:e + context]
        y = wet[s:e + context]
        if x.size < length:
            x = np.pad(x, (0, length - x.size))
            y = np.pad(y, (0, length - y.size))
        xs.append(x)
        ys.append(y)
    x = np.stack(xs)[..., None]
    if take.controls:
        knobs = np.broadcast_to(np.asarray(take.controls, np.float32),
                                (*x.shape[:2], len(take.controls)))
        x = np.concatenate([x, knobs], axis=-1)
    return x.astype(np.float32), np.stack(ys)[..., None].astype(np.float32)


@dataclass
class Capture:
    """A trained capture: the Keras model, its training and what it scored on each take's
    test part."""

    model: object
    recipe: CaptureRecipe
    sample_rate: int
    log: object
    seconds: float
    receptive_field: int | None
    tests: list            # one dict per take: controls, dry, wet, output, scores
    notes: list = field(default_factory=list)
    latency: int = 0

    @property
    def scores(self):
        """The first take's test scores (the only take of a plain capture)."""
        return self.tests[0]["scores"]


def quality_label(esr):
    """Neural Amp Modeler's words for a validation ESR: below 0.01 "great", 0.035 "good",
    0.1 "may sound acceptable", else "poor"; an objective estimate, not a listening test."""
    if esr < 0.01:
        return "great"
    if esr < 0.035:
        return "good"
    if esr < 0.1:
        return "may sound acceptable"
    return "poor"


def _context(recipe, model):
    from .models import receptive_field

    rf = receptive_field(model)
    return (rf - 1) if rf is not None else recipe.warmup


def test_scores(output, target, *, sample_rate):
    """ESR, ESR with pre-emphasis (0.85), the band-limited log-spectral distance (dB, 20 Hz
    to 16 kHz or 0.45 of the rate, floor -80 dB), the DC error and ViSQOL's MOS-LQO
    (:func:`~dsp_paper.metrics.mos_lqo_or_nan`: NaN where the test part is shorter than
    :data:`~dsp_paper.metrics.VISQOL_MIN_SECONDS` or the output is silent) of a test output."""
    from . import metrics

    band = (20.0, min(16000.0, 0.45 * sample_rate))
    return dict(esr=metrics.esr(output, target),
                esr_pre_emphasis=metrics.esr(output, target, pre_emphasis_coefficient=0.85),
                band_lsd_db=metrics.band_lsd(output, target, sample_rate=sample_rate,
                                             band=band, floor_db=-80.0),
                dc=metrics.dc_error(output, target),
                mos_lqo=metrics.mos_lqo_or_nan(output, target, sample_rate=sample_rate))


def mos_words(mos):
    """MOS-LQO as the capture report and the command print it: the score, or why there is
    none."""
    from .metrics import VISQOL_MIN_SECONDS

    if np.isnan(mos):
        return (f"not judged (ViSQOL needs a test part of at least {VISQOL_MIN_SECONDS:g} s "
                "and an output that is not silent)")
    return f"{mos:.2f}"


def _json_scores(scores):
    """Scores for JSON: NaN (a measure with nothing to judge) as null."""
    return {k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in scores.items()}


def train_capture(takes, *, sample_rate, recipe="wavenet", epochs=2000, minutes=None, seed=0,
                  progress=True, checkpoint=None, knob_names=()):
    """Train one capture model on one or more aligned takes.

    Parameters
    ----------
    takes : list of Take
        Aligned dry/wet pairs; each take's ``controls`` (the same count in all) become the
        model's control inputs, so several takes at several settings train one model with a
        knob.
    recipe : str or CaptureRecipe
        A key of :data:`RECIPES` or a recipe.
    epochs : int
        At most this many passes over the training segments.
    minutes : float, optional
        Stop once training has taken this long on this machine (not repeatable to the epoch).
    checkpoint : str, optional
        A name under ``build/checkpoints/`` to resume from and keep the result in.

    Returns
    -------
    Capture
        Weights of the epoch with the best validation loss; every take's test part run
        through the streaming kernel (with its preceding context) and scored.
    """
    import keras

    from . import estimate, losses
    from .training import fit

    recipe = RECIPES[recipe] if isinstance(recipe, str) else recipe
    if not takes:
        raise ParameterError("no takes to train on")
    n_controls = {len(t.controls) for t in takes}
    if len(n_controls) != 1:
        raise ParameterError("every take needs the same number of control values")
    controls = n_controls.pop()
    splits = [time_split(t.dry.size, sample_rate=sample_rate) for t in takes]
    train_audio = np.concatenate([t.dry[slice(*s["train"])] for t, s in zip(takes, splits)])
    input_rms = float(np.sqrt(np.mean(np.square(train_audio, dtype=np.float64))))
    model = recipe.build(controls=controls, seed=seed, input_rms=input_rms)
    context = _context(recipe, model)
    parts = {}
    for part, hop in (("train", recipe.segment // 2), ("validation", recipe.segment)):
        arrays = [_segments(t, s[part], context=context, segment=recipe.segment, hop=hop)
                  for t, s in zip(takes, splits)]
        parts[part] = tuple(np.concatenate(a) for a in zip(*arrays))
    x, y = _full_batches(*parts["train"], recipe.batch_size)
    steps = len(x) // recipe.batch_size
    schedule = keras.optimizers.schedules.ExponentialDecay(
        recipe.learning_rate, decay_steps=steps, decay_rate=recipe.decay)
    loss = losses.esr_dc_loss(warmup=context, pre_emphasis=recipe.pre_emphasis) \
        if not recipe.mr_stft_weight else losses.mr_stft_loss(
            fft_sizes=_stft_sizes(recipe.segment), warmup=context,
            esr_weight=1.0 / recipe.mr_stft_weight, pre_emphasis=recipe.pre_emphasis)
    model.compile(optimizer=keras.optimizers.Adam(schedule), loss=loss)
    t0 = time.perf_counter()
    result = fit(model, x, y, epochs=epochs, batch_size=recipe.batch_size,
                 validation=parts["validation"], patience=recipe.patience, seed=seed,
                 time_limit=None if minutes is None else 60.0 * minutes, restore_best=True,
                 checkpoint=checkpoint, progress=progress, extra=dict(recipe=asdict(recipe)))
    seconds = result.log.seconds[-1] if result.log.seconds else time.perf_counter() - t0
    from .models import receptive_field

    trained = Capture(result.model, recipe, sample_rate, result.log, seconds,
                      receptive_field(result.model), [])
    if estimate.probing():  # only timed: nothing to test
        return trained
    trained.tests = [test_take(trained, take, knob_names=knob_names) for take in takes]
    return trained


def _stft_sizes(segment):
    """The MR-STFT loss's FFT sizes (512, 1024, 2048) that fit in one training segment."""
    sizes = tuple(n for n in (512, 1024, 2048) if n <= segment)
    if not sizes:
        raise ParameterError(f"an MR-STFT term needs segments of at least 512 samples, the "
                             f"recipe has {segment}")
    return sizes


def _full_batches(x, y, batch_size):
    """The segments with the first few repeated so that every batch is full: a shorter last
    batch would trace the training step a second time (seconds per model)."""
    short = -len(x) % batch_size
    return (np.concatenate([x, x[:short]]), np.concatenate([y, y[:short]])) if short \
        else (x, y)


def test_take(trained, take, *, knob_names=()):
    """Run a trained capture over the test part of ``take`` (its :func:`time_split`) through
    the streaming kernel, with the audio before the test part as lead-in, and score it.

    Parameters
    ----------
    trained : Capture
    take : Take
        At the model's sample rate; its ``controls`` set the model's control inputs (a take
        at a setting the model never saw tests the knob).
    knob_names : tuple of str
        Names for the controls in the returned ``controls``.

    Returns
    -------
    dict
        ``controls``, ``dry``, ``wet`` and ``output`` of the test part, and its
        :func:`test_scores` as ``scores``.
    """
    from .streaming import streamer

    sample_rate = trained.sample_rate
    start, stop = time_split(take.dry.size, sample_rate=sample_rate)["test"]
    context = _context(trained.recipe, trained.model)
    lead = min(start, max(context, trained.recipe.warmup, sample_rate // 2))
    kwargs = dict(controls=list(take.controls)) if take.controls else {}
    output = streamer(trained.model).process_file(take.dry[start - lead:stop], **kwargs)[lead:]
    wet = take.wet[start:stop]
    return dict(controls=dict(zip(knob_names, take.controls)) if knob_names
                else list(take.controls), dry=take.dry[start:stop], wet=wet, output=output,
                scores=test_scores(output, wet, sample_rate=sample_rate))


def fir_baseline(takes, *, sample_rate, taps=256):
    """A linear least-squares FIR of ``taps`` fitted on the takes' training parts, scored on
    their test parts: the floor every nonlinear capture must beat."""
    from .fir import apply_fir, least_squares_fir
    from .windowing import Pair

    splits = [time_split(t.dry.size, sample_rate=sample_rate) for t in takes]
    pairs = [Pair(t.dry[slice(*s["train"])], t.wet[slice(*s["train"])])
             for t, s in zip(takes, splits)]
    h = least_squares_fir(pairs, taps=taps)
    scores = []
    for take, split in zip(takes, splits):
        start, stop = split["test"]
        lead = min(start, taps)
        out = apply_fir(take.dry[start - lead:stop], h)[lead:]
        scores.append(test_scores(out, take.wet[start:stop], sample_rate=sample_rate))
    return h, scores


def block_benchmark(capture_or_stream, *, sample_rate, block=64, seconds=5.0, repeats=3):
    """Time a capture's streaming kernel on one core in ``block``-sample blocks (noise in,
    the kernel compiled before timing).

    Returns
    -------
    dict
        :func:`dsp_paper.benchmark.block_timings`: ``realtime_factor`` (the fastest pass),
        ``realtime_factor_by_pass``, ``latency_ms`` and the per-block times.
    """
    from .benchmark import block_timings, one_core
    from .streaming import streamer

    stream = capture_or_stream if hasattr(capture_or_stream, "process") \
        else streamer(capture_or_stream.model)
    audio = np.random.default_rng(0).uniform(-0.5, 0.5, int(seconds * sample_rate)) \
        .astype(np.float32)
    controls = [0.0] * (stream.inputs - 1) or None
    process = (lambda b: stream.process(b, controls)) if controls else stream.process
    stream.reset()
    with one_core():
        process(audio[:block])  # compile before timing
        return block_timings(process, audio, block=block, sample_rate=sample_rate,
                             repeats=repeats)


def realtime_factor(capture_or_stream, *, sample_rate, block=64, seconds=5.0, repeats=3):
    """Seconds of audio processed per second on one core in ``block``-sample blocks (the
    fastest of the passes of :func:`block_benchmark`)."""
    return block_benchmark(capture_or_stream, sample_rate=sample_rate, block=block,
                           seconds=seconds, repeats=repeats)["realtime_factor"]


def capture(dry, wet, *, sample_rate, wet_sample_rate=None, resample=False, latency=None,
            model="wavenet", minutes=5.0, epochs=2000, mr_stft_weight=None, seed=0, out=None,
            overwrite=False, progress=True):
    """Capture an effect from one dry/wet pair: check, align, train, score, write.

    Parameters
    ----------
    dry, wet : np.ndarray
        The signal into the effect and the effect's output, mono or stereo float.
    sample_rate, wet_sample_rate, resample, latency
        As in :func:`check_pair`.
    model : str
        A key of :data:`RECIPES`: ``"wavenet"`` (the default), ``"wavenet-gated"``,
        ``"lstm"`` or ``"gru"``.
    minutes : float or None
        Training budget on this machine; ``epochs`` caps it too.
    mr_stft_weight : float, optional
        Add a multi-resolution STFT term of this weight to the loss (Neural Amp Modeler uses
        2e-4); the recipe's own (none) otherwise.
    out : str or Path, optional
        Folder to write (see :func:`write_capture`); nothing is written without it.

    Returns
    -------
    Capture

    Examples
    --------
    >>> result = capture(dry, wet, sample_rate=44100, minutes=2, out="my_pedal")  # doctest: +SKIP
    >>> result.scores["esr"]                                                     # doctest: +SKIP
    """
    if model not in RECIPES:
        raise ParameterError(f"unknown model {model!r}: choose one of {', '.join(RECIPES)}")
    recipe = RECIPES[model]
    if mr_stft_weight is not None:
        if not (np.isfinite(mr_stft_weight) and mr_stft_weight >= 0):
            raise ParameterError(f"mr_stft_weight must be a non-negative number, got "
                                 f"{mr_stft_weight!r}")
        recipe = replace(recipe, mr_stft_weight=float(mr_stft_weight))
    if out is not None:
        _check_out(Path(out), overwrite)
    pair = check_pair(dry, wet, sample_rate=sample_rate, wet_sample_rate=wet_sample_rate,
                      resample=resample, latency=latency)
    if progress:
        for note in pair.notes:
            print(note)
    take = Take(pair.dry, pair.wet)
    result = train_capture([take], sample_rate=sample_rate, recipe=recipe, epochs=epochs,
                           minutes=minutes, seed=seed, progress=progress)
    result.notes, result.latency = pair.notes, pair.latency
    _, (fir_scores,) = fir_baseline([take], sample_rate=sample_rate)
    result.tests[0]["fir"] = fir_scores
    result.tests[0]["realtime_factor"] = realtime_factor(result, sample_rate=sample_rate)
    if out is not None:
        write_capture(result, out, overwrite=overwrite)
    return result


def _check_out(out, overwrite):
    if out.exists() and not overwrite:
        raise ParameterError(f"{out} exists: choose another --out or pass --overwrite")
    if out.exists() and not (out / "model.json").is_file():
        raise ParameterError(f"{out} exists and is not a capture folder: not overwriting it")


def _report_text(result, files):
    from .metrics import VISQOL_IDENTICAL

    test = result.tests[0]
    s, fir = test["scores"], test.get("fir")
    lines = [
        f"# Capture: {result.recipe.kind} ({_size_words(result)})",
        "",
        f"Test ESR **{s['esr']:.4g}**: {quality_label(s['esr'])} (Neural Amp Modeler's scale: "
        "< 0.01 great, < 0.035 good, < 0.1 may sound acceptable).",
        "",
        f"Test MOS-LQO **{mos_words(s['mos_lqo'])}** (ViSQOL v3, audio mode, at 48 kHz: about 1 "
        f"to {VISQOL_IDENTICAL:.2f}, higher is better).",
        "",
        "Both are objective estimates, not a listening test: ESR counts every difference of the "
        "waveform; ViSQOL models listeners' scores of codec-like faults, ignores level and "
        "barely moves for harmonic distortion (notebook 07 measures where it is blind). "
        "Listen to the test clips.",
        "",
        "| measure (test part, the last of the recording) | capture | linear FIR, 256 taps |",
        "|---|---|---|",
    ]
    for key, label in (("esr", "ESR"), ("esr_pre_emphasis", "ESR, pre-emphasis 0.85"),
                       ("band_lsd_db", "log-spectral distance 20 Hz-16 kHz (dB)"),
                       ("dc", "DC error")):
        lines.append(f"| {label} | {s[key]:.4g} | {fir[key]:.4g} |" if fir
                     else f"| {label} | {s[key]:.4g} | - |")
    mos_cell = lambda scores: "-" if np.isnan(scores["mos_lqo"]) else f"{scores['mos_lqo']:.2f}"
    lines.append(f"| MOS-LQO (ViSQOL, higher is better) | {mos_cell(s)} | "
                 f"{mos_cell(fir) if fir else '-'} |")
    log = result.log
    lines += [
        "",
        f"- Sample rate {result.sample_rate} Hz; test part {test['dry'].size / result.sample_rate:.2f} s.",
        f"- Trained {len(log.epoch)} epochs in {result.seconds:.0f} s on this machine; "
        f"weights of epoch {log.restored_epoch} (best validation loss "
        f"{min(log.val_loss):.4g}).",
        f"- Real-time factor {test.get('realtime_factor', float('nan')):.1f}x on one core in "
        "64-sample blocks.",
        f"- Receptive field: {result.receptive_field} samples." if result.receptive_field
        else "- Receptive field: unbounded (recurrent).",
        *(f"- {n[0].upper()}{n[1:]}." for n in result.notes),
        "",
        "Files: " + ", ".join(f"`{f}`" for f in files),
        "",
        "![training](training.png)",
        "",
        "![test clip](test_clip.png)",
    ]
    return "\n".join(lines) + "\n"


def _size_words(result):
    r = result.recipe
    params = result.model.count_params()
    return (f"{r.size} channels{', gated' if r.gated else ''}, {params} weights"
            if r.kind == "wavenet" else f"{r.size} units, {params} weights")


def _figures(result, folder):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    log = result.log
    fig, ax = plt.subplots(figsize=(6, 3.2))
    ax.semilogy(log.epoch, log.loss, label="training loss")
    ax.semilogy(log.epoch, log.val_loss, label="validation loss")
    if log.restored_epoch:
        ax.axvline(log.restored_epoch, color="0.5", ls=":", label="kept epoch")
    ax.set(xlabel="epoch", ylabel="ESR (pre-emphasis) + DC", title="training")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
    fig.tight_layout()
    fig.savefig(folder / "training.png", dpi=110)
    plt.close(fig)

    test, sr = result.tests[0], result.sample_rate
    wet, out = test["wet"], test["output"]
    # 30 ms around the loudest moment of the test part
    n = int(0.03 * sr)
    centre = int(np.argmax(np.abs(wet)))
    start = max(0, min(centre - n // 2, wet.size - n))
    t = 1e3 * np.arange(start, start + n) / sr
    fig, (a, b) = plt.subplots(2, 1, figsize=(7, 4.2), sharex=True,
                               gridspec_kw=dict(height_ratios=(2, 1)))
    a.plot(t, wet[start:start + n], label="wet (the effect)")
    a.plot(t, out[start:start + n], "--", label="capture")
    a.set(ylabel="amplitude", title="test clip, loudest 30 ms")
    a.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
    b.plot(t, out[start:start + n] - wet[start:start + n], color="C3")
    b.set(xlabel="time in the test part (ms)", ylabel="error")
    fig.tight_layout()
    fig.savefig(folder / "test_clip.png", dpi=110)
    plt.close(fig)


def write_capture(result, out, *, overwrite=False, clip_seconds=10.0):
    """Write a capture folder, atomically (it appears complete or not at all).

    Files: ``model.keras`` (the Keras model), ``model.json`` (plain weights, see
    :func:`dsp_paper.streaming.weights_to_json`, with ``sample_rate``, ``latency`` and the
    test scores), ``report.md`` and ``report.json``, ``training.png``, ``test_clip.png``, and
    ``test_dry.flac``, ``test_wet.flac``, ``test_capture.flac`` (the first ``clip_seconds``
    of the test part, one common gain so that none exceeds full scale).
    """
    import soundfile

    from .streaming import weights_to_json

    out = Path(out)
    _check_out(out, overwrite)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}."))
    try:
        test = result.tests[0]
        summary = dict(recipe=asdict(result.recipe), weights=int(result.model.count_params()),
                       sample_rate=result.sample_rate, latency=result.latency,
                       receptive_field=result.receptive_field, epochs=len(result.log.epoch),
                       kept_epoch=result.log.restored_epoch, training_seconds=result.seconds,
                       scores=_json_scores(test["scores"]),
                       fir_scores=_json_scores(test["fir"]) if test.get("fir") else None,
                       realtime_factor=test.get("realtime_factor"),
                       quality=quality_label(test["scores"]["esr"]), notes=result.notes,
                       log=dict(epoch=result.log.epoch, loss=result.log.loss,
                                val_loss=result.log.val_loss, seconds=result.log.seconds))
        (tmp / "model.json").write_text(weights_to_json(
            result.model, sample_rate=result.sample_rate, latency=result.latency,
            scores=_json_scores(test["scores"])))
        result.model.save(tmp / "model.keras")
        n = min(test["dry"].size, int(clip_seconds * result.sample_rate))
        clips = {"test_dry": test["dry"][:n], "test_wet": test["wet"][:n],
                 "test_capture": test["output"][:n]}
        peak = max(float(np.max(np.abs(c))) for c in clips.values())
        gain = min(1.0, 0.999 / peak) if peak > 0 else 1.0
        for name, audio in clips.items():
            soundfile.write(tmp / f"{name}.flac", np.clip(audio * gain, -1, 1),
                            result.sample_rate, subtype="PCM_24")
        summary["clip_gain"] = gain
        _figures(result, tmp)
        (tmp / "report.json").write_text(json.dumps(summary, indent=1, default=float))
        files = sorted(p.name for p in tmp.iterdir()) + ["report.md"]
        (tmp / "report.md").write_text(_report_text(result, sorted(files)))
        os.chmod(tmp, 0o755)
        if out.exists():
            old = out.with_name(f".{out.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(out, old)
            os.replace(tmp, out)
            shutil.rmtree(old)
        else:
            os.replace(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def _read(path, name):
    """The file's samples as they are: unlike :func:`dsp_paper.audio_io.read_audio`, NaN and
    silence are not refused here, so that :func:`check_pair` can list every problem at once."""
    import soundfile

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no such {name} file: {path}")
    try:
        data, rate = soundfile.read(str(path), dtype="float32", always_2d=True)
    except RuntimeError as exc:
        raise CaptureInputError(f"cannot read the {name} file {path}: {exc}") from None
    return (data.T if data.shape[1] > 1 else data[:, 0]), int(rate)


def capture_files(dry_path, wet_path, **options):
    """:func:`capture` on two sound files (WAV, FLAC, ... at any rate and bit depth)."""
    dry, rate = _read(dry_path, "dry")
    wet, wet_rate = _read(wet_path, "wet")
    return capture(dry, wet, sample_rate=rate, wet_sample_rate=wet_rate, **options)


def load_capture(path):
    """The streaming kernel and the JSON document of a capture folder or ``model.json``."""
    from .streaming import streamer_from_json

    path = Path(path)
    if path.is_dir():
        path = path / "model.json"
    if not path.is_file():
        raise FileNotFoundError(f"no capture model at {path} (expected a capture folder or "
                                "its model.json)")
    return streamer_from_json(path.read_text())


def apply_files(model_path, in_path, out_path, *, controls=None, block=4096, overwrite=False):
    """Run a captured model over a sound file, in blocks, faster than real time.

    The input must be at the model's sample rate (a capture is only valid at its rate);
    stereo is processed channel by channel. The output is written as 24-bit audio of the
    input's format (by its extension), atomically.

    Returns
    -------
    dict
        ``seconds`` of audio, ``compute_seconds`` and ``realtime_factor``.
    """
    from .audio_io import write_audio

    stream, document = load_capture(model_path)
    audio, rate = _read(in_path, "input")
    if rate != document["sample_rate"]:
        raise CaptureInputError(f"the input is at {rate} Hz but the model was captured at "
                                f"{document['sample_rate']} Hz: resample the input first")
    out_path = Path(out_path)
    if out_path.exists() and not overwrite:
        raise ParameterError(f"{out_path} exists: choose another name or pass --overwrite")
    n_controls = stream.inputs - 1
    if n_controls and (controls is None or len(controls) != n_controls):
        raise ParameterError(f"this model takes {n_controls} control value(s) (--controls)")
    channels = np.atleast_2d(audio)
    t0 = time.perf_counter()
    outputs = []
    for channel in channels:
        stream.reset()
        outputs.append(np.concatenate([stream.process(channel[i:i + block], controls)
                                       for i in range(0, channel.size, block)]))
    compute = time.perf_counter() - t0
    result = np.stack(outputs) if audio.ndim == 2 else outputs[0]
    write_audio(out_path, np.clip(result, -1, 1), rate, subtype="PCM_24")
    seconds = channels.shape[-1] / rate
    return dict(seconds=seconds, compute_seconds=compute,
                realtime_factor=seconds * len(channels) / max(compute, 1e-9),
                clipped=int(np.count_nonzero(np.abs(result) > 1)))


def example_dry(*, sample_rate=44100):
    """The package's four recorded guitar takes (:data:`dsp_paper.material.GUITAR_TAKES`,
    first channel, each peaking at 0.5) one after the other: about 24 s of a guitar DI to
    capture an effect with."""
    from . import material
    from .audio_io import normalise, to_layout

    return np.concatenate([normalise(to_layout(material.guitar(t, sample_rate=sample_rate)
                                               .audio, "mono")[0], peak=0.5)
                           for t in material.GUITAR_TAKES])


def example_pair(folder, *, sample_rate=44100, drive_db=24.0):
    """Write a dry/wet pair of the package's own material to try :func:`capture_files` on:
    :func:`example_dry` as ``guitar_dry.wav`` and the same through
    :func:`dsp_paper.effects.pedal_chain` as ``guitar_pedal.wav`` (24-bit WAV).

    Returns
    -------
    (Path, Path)
        The dry and the wet file.
    """
    from . import effects
    from .audio_io import write_audio

    dry = example_dry(sample_rate=sample_rate)
    wet = effects.pedal_chain(dry, sample_rate=sample_rate, drive_db=drive_db)
    paths = Path(folder) / "guitar_dry.wav", Path(folder) / "guitar_pedal.wav"
    for path, audio in zip(paths, (dry, wet)):
        write_audio(path, audio, sample_rate, subtype="PCM_24")
    return paths
