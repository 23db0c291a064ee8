"""Train a capture model on aligned takes (:func:`train_capture`: segments of each take's
training part, ESR on pre-emphasised audio plus DC, early stopping on the validation part),
run it over each take's test part through the streaming kernel (:func:`test_take`) and score
it (:func:`test_scores`), beside the linear floor (:func:`fir_baseline`)."""
from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field

import numpy as np

from dsp_paper import metrics
from dsp_paper.capture.checks import time_split
from dsp_paper.capture.recipes import RECIPES, CaptureRecipe
from dsp_paper.errors import ParameterError
from dsp_paper.fir import apply_fir, least_squares_fir
from dsp_paper.nn import losses
from dsp_paper.nn.models import receptive_field
from dsp_paper.nn.probe import Probe
from dsp_paper.nn.streaming import streamer
from dsp_paper.nn.training import fit
from dsp_paper.perceptual import CAPTURE_MEASURE, perceptual_measure
from dsp_paper.windowing import Pair

__all__ = ["Take", "Capture", "train_capture", "test_take", "test_scores", "fir_baseline"]


@dataclass(frozen=True)
class Take:
    """One aligned dry/wet recording at one setting of the controls."""

    dry: np.ndarray
    wet: np.ndarray
    controls: tuple = ()


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
    # a knob capture's controls: name and the range of the training takes' values, which the
    # model sees mapped onto [-1, 1] (see dsp_paper.capture.manifest.control_inputs)
    controls: list = field(default_factory=list)

    @property
    def scores(self) -> dict:
        """The first take's test scores (the only take of a plain capture)."""
        return self.tests[0]["scores"]


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


def _context(recipe, model):
    rf = receptive_field(model)
    return (rf - 1) if rf is not None else recipe.warmup


def test_scores(output: np.ndarray, target: np.ndarray, *, sample_rate: int) -> dict[str, float]:
    """ESR, ESR with pre-emphasis (0.85), the band-limited log-spectral distance (dB, 20 Hz
    to 16 kHz or 0.45 of the rate, floor -80 dB), the DC error, ViSQOL's MOS-LQO
    (:func:`~dsp_paper.metrics.mos_lqo_or_nan`: NaN where the test part is shorter than
    :data:`~dsp_paper.metrics.VISQOL_MIN_SECONDS` or the output is silent) and the score of
    :data:`~dsp_paper.perceptual.CAPTURE_MEASURE` (the 2f-model's estimated MUSHRA score: NaN
    where MOS-LQO is, and where the 2f-model refuses the target as too quiet) of a test output.

    The 2f-model costs about 0.1-0.2 s per second of audio, and its first call in a process
    whose numba cache is empty compiles its kernels (about 80 s; about 1 s once cached).

    Returns
    -------
    dict of str -> float
        ``esr``, ``esr_pre_emphasis``, ``band_lsd_db``, ``dc``, ``mos_lqo`` and
        ``perceptual``.
    """
    band = (20.0, min(16000.0, 0.45 * sample_rate))
    scores = dict(esr=metrics.esr(output, target),
                  esr_pre_emphasis=metrics.esr(output, target, pre_emphasis_coefficient=0.85),
                  band_lsd_db=metrics.band_lsd(output, target, sample_rate=sample_rate,
                                               band=band, floor_db=-80.0),
                  dc=metrics.dc_error(output, target),
                  mos_lqo=metrics.mos_lqo_or_nan(output, target, sample_rate=sample_rate))
    # every bad input has raised above: the measure's own refusal (the 2f-model's of a
    # target with no 5-sample window above about -58 dBFS) is a score it could not give
    try:
        scores["perceptual"] = perceptual_measure(CAPTURE_MEASURE).score_or_nan(
            output, target, sample_rate=sample_rate)
    except ParameterError:
        scores["perceptual"] = float("nan")
    return scores


def _control_count(takes):
    """The number of control values every take has, or why there is none."""
    if not takes:
        raise ParameterError("no takes to train on")
    n_controls = {len(t.controls) for t in takes}
    if len(n_controls) != 1:
        raise ParameterError("every take needs the same number of control values")
    return n_controls.pop()


def _training_parts(takes, splits, recipe, context):
    """The takes' training segments (overlapping by half) and validation segments, each as
    one ``(x, y)``."""
    parts = {}
    for part, hop in (("train", recipe.segment // 2), ("validation", recipe.segment)):
        arrays = [_segments(t, s[part], context=context, segment=recipe.segment, hop=hop)
                  for t, s in zip(takes, splits)]
        parts[part] = tuple(np.concatenate(a) for a in zip(*arrays))
    return parts


def _loss(recipe, context):
    """ESR on pre-emphasised audio plus DC, or with the recipe's MR-STFT term."""
    return losses.esr_dc_loss(warmup=context, pre_emphasis=recipe.pre_emphasis) \
        if not recipe.mr_stft_weight else losses.mr_stft_loss(
            fft_sizes=_stft_sizes(recipe.segment), warmup=context,
            esr_weight=1.0 / recipe.mr_stft_weight, pre_emphasis=recipe.pre_emphasis)


def train_capture(takes: list[Take], *, sample_rate: int, recipe: str | CaptureRecipe = "wavenet",
                  epochs: int = 2000, minutes: float | None = None, seed: int = 0,
                  progress: bool = True, checkpoint: str | None = None,
                  knob_names: tuple[str, ...] = (), probe: Probe | None = None,
                  test: bool = True) -> Capture:
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
    probe : dsp_paper.nn.probe.Probe, optional
        Time a few steps for ``estimate`` instead of training (nothing is tested or kept).
    test : bool
        Run and score the test parts (False: a trial, e.g. of a latency, judged by its
        validation loss alone).

    Returns
    -------
    Capture
        Weights of the epoch with the best validation loss; every take's test part run
        through the streaming kernel (with its preceding context) and scored.
    """
    import keras  # heavy: Keras and its backend load only once a model is trained


    recipe = RECIPES[recipe] if isinstance(recipe, str) else recipe
    controls = _control_count(takes)
    splits = [time_split(t.dry.size, sample_rate=sample_rate) for t in takes]
    train_audio = np.concatenate([t.dry[slice(*s["train"])] for t, s in zip(takes, splits)])
    input_rms = float(np.sqrt(np.mean(np.square(train_audio, dtype=np.float64))))
    model = recipe.build(controls=controls, seed=seed, input_rms=input_rms)
    context = _context(recipe, model)
    parts = _training_parts(takes, splits, recipe, context)
    x, y = _full_batches(*parts["train"], recipe.batch_size)
    steps = len(x) // recipe.batch_size
    schedule = keras.optimizers.schedules.ExponentialDecay(
        recipe.learning_rate, decay_steps=steps, decay_rate=recipe.decay)
    model.compile(optimizer=keras.optimizers.Adam(schedule), loss=_loss(recipe, context))
    t0 = time.perf_counter()
    result = fit(model, x, y, epochs=epochs, batch_size=recipe.batch_size,
                 validation=parts["validation"], patience=recipe.patience, seed=seed,
                 time_limit=None if minutes is None else 60.0 * minutes, restore_best=True,
                 checkpoint=checkpoint, progress=progress, extra=dict(recipe=asdict(recipe)),
                 probe=probe)
    seconds = result.log.seconds[-1] if result.log.seconds else time.perf_counter() - t0
    trained = Capture(result.model, recipe, sample_rate, result.log, seconds,
                      receptive_field(result.model), [])
    if probe is not None or not test:  # only timed, or a trial: nothing to test
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


def test_take(trained: Capture, take: Take, *, knob_names: tuple[str, ...] = ()) -> dict:
    """Run a trained capture over the test part of ``take`` (its
    :func:`~dsp_paper.capture.checks.time_split`) through the streaming kernel, with the
    audio before the test part as lead-in, and score it.

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


def fir_baseline(takes: list[Take], *, sample_rate: int, taps: int = 256,
                 scored: list[Take] | None = None) -> tuple[np.ndarray, list[dict[str, float]]]:
    """A linear least-squares FIR of ``taps`` fitted on the takes' training parts, scored on
    their test parts (or on those of ``scored``): the floor every nonlinear capture must beat.

    Returns
    -------
    h : np.ndarray, shape (taps,)
        The FIR.
    scores : list of dict
        Each scored take's :func:`test_scores`.
    """
    splits = [time_split(t.dry.size, sample_rate=sample_rate) for t in takes]
    pairs = [Pair(t.dry[slice(*s["train"])], t.wet[slice(*s["train"])])
             for t, s in zip(takes, splits)]
    h = least_squares_fir(pairs, taps=taps)
    scores = []
    if scored is not None:
        takes = scored
        splits = [time_split(t.dry.size, sample_rate=sample_rate) for t in takes]
    for take, split in zip(takes, splits):
        start, stop = split["test"]
        lead = min(start, taps)
        out = apply_fir(take.dry[start - lead:stop], h)[lead:]
        scores.append(test_scores(out, take.wet[start:stop], sample_rate=sample_rate))
    return h, scores
