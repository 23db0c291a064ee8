"""What a capture folder says about its capture: the words for its scores
(:func:`quality_label`, :func:`mos_words`, :func:`perceptual_words`,
:func:`perceptual_paragraph`), ``report.md`` (:func:`report_text`), the scores
as JSON (:func:`json_scores`) and the two figures (:func:`write_figures`)."""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from dsp_paper.metrics import VISQOL_MIN_SECONDS
from dsp_paper.perceptual import CAPTURE_MEASURE, perceptual_measure

if TYPE_CHECKING:
    from dsp_paper.capture.training import Capture

__all__ = ["quality_label", "mos_words", "perceptual_words", "perceptual_paragraph",
           "OBJECTIVE", "CALIBRATION_MISSES", "json_scores", "report_text", "write_figures",
           "linear_warning", "still_improving", "stop_text", "IMPROVING_TAIL", "IMPROVING_GAIN"]

# A run the budget stopped was still improving when the best validation loss of its last
# IMPROVING_TAIL of epochs is at least IMPROVING_GAIN below the best of all the epochs
# before them. On a plateau the last tenth of a run rarely beats the earlier best by more
# than a percent or two; a loss still falling by 5 % over a tenth of the time would very
# likely fall further with more of it.
IMPROVING_TAIL = 0.10
IMPROVING_GAIN = 0.05
# The capture measure in a sentence and what it is (the catalogue gives its label and scale);
# another measure is called by its label.
_ABOUT = {
    "2f": ("the 2f-model", "the 2f-model, an estimated MUSHRA score from two of PEAQ's model "
                           "output variables"),
}
# The families of faults of the package's perceptual calibration (notebook 07, quick scale)
# that the capture measure fails, and that in words. tests/test_capture.py checks the
# families against the published calibration (figures/07_mse_critique/results.json); a
# measure not here is said to fail "not every family".
CALIBRATION_MISSES = {
    "2f": (("pre-echo", "delay"),
           "it misses faint pre-echo and counts a small delay as a fault"),
}
# The sentence the project requires beside every objective score of a capture.
OBJECTIVE = "Both are objective estimates, not a listening test"
STILL_IMPROVING = ("the budget stopped a training that was still improving: more --minutes "
                   "would likely help")


def quality_label(esr: float) -> str:
    """Neural Amp Modeler's words for a validation ESR: below 0.01 "great", 0.035 "good",
    0.1 "may sound acceptable", else "poor"; an objective estimate, not a listening test.

    Parameters
    ----------
    esr : float

    Returns
    -------
    str
    """
    if esr < 0.01:
        return "great"
    if esr < 0.035:
        return "good"
    if esr < 0.1:
        return "may sound acceptable"
    return "poor"


def mos_words(mos: float) -> str:
    """MOS-LQO as the capture report and the command print it: the score, or why there is
    none.

    Parameters
    ----------
    mos : float
        ViSQOL's MOS-LQO, NaN where it judged nothing.

    Returns
    -------
    str
    """
    if np.isnan(mos):
        return (f"not judged (ViSQOL needs a test part of at least {VISQOL_MIN_SECONDS:g} s "
                "and an output that is not silent)")
    return f"{mos:.2f}"


def perceptual_words(score: float, key: str = CAPTURE_MEASURE) -> str:
    """The score of a perceptual measure (by default :data:`~dsp_paper.perceptual.
    CAPTURE_MEASURE`) as the capture report and the command print it: the score, or why
    there is none.

    Parameters
    ----------
    score : float
        NaN where the measure judged nothing.
    key : str
        The measure's key in :data:`~dsp_paper.perceptual.PERCEPTUAL_MEASURES`.

    Returns
    -------
    str

    Examples
    --------
    >>> perceptual_words(71.34)
    '71.3'
    """
    m = perceptual_measure(key)
    if np.isnan(score):
        why = (f"a test part of at least {VISQOL_MIN_SECONDS:g} s and an output that is not "
               "silent")
        if key == "2f":
            why += (", and a wet recording loud enough for PEAQ to find where the sound starts, "
                    "some 5-sample window above about -58 dBFS")
        return f"not judged ({m.label} needs {why})"
    return f"{score:.3g}"


def perceptual_paragraph(score: float, key: str = CAPTURE_MEASURE) -> str:
    """The report's paragraph on a perceptual measure's test score (Markdown): the score, the
    measure and its scale (from its catalogue entry), and what the package's perceptual
    calibration found of it.

    Parameters
    ----------
    score : float
        NaN where the measure judged nothing.
    key : str
        The measure's key in :data:`~dsp_paper.perceptual.PERCEPTUAL_MEASURES`.

    Returns
    -------
    str
    """
    m = perceptual_measure(key)
    better = "higher" if m.higher_is_better else "lower"
    misses = CALIBRATION_MISSES.get(key)
    found = (f"it does not pass every family of faults there ({misses[1]})" if misses
             else "it does not pass every family of faults there (see notebook 07)")
    about = _ABOUT[key][1] if key in _ABOUT else m.label
    return (f"Test {m.label} **{perceptual_words(score, key)}** ({about}; "
            f"in {m.unit}, {better} is better, {m.identical:g} = identical to the wet "
            "recording). "
            "It is the measure the package's perceptual calibration ranks first (notebook 07), "
            f"but {found}, so read it as a second opinion, not a verdict.")


def json_scores(scores: dict) -> dict:
    """Scores for JSON: NaN (a measure with nothing to judge) as null.

    Parameters
    ----------
    scores : dict of str -> float

    Returns
    -------
    dict
        The same keys; NaN values as None.
    """
    return {k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in scores.items()}


def linear_warning(result: Capture) -> str | None:
    """Words for a capture that a linear filter beats: the 256-tap FIR's test ESR below the
    model's. None otherwise (or where no FIR was scored).

    Parameters
    ----------
    result : Capture
        A scored capture whose first test carries ``fir`` scores.

    Returns
    -------
    str or None
    """
    test = result.tests[0]
    fir = test.get("fir")
    if not fir or not fir["esr"] < test["scores"]["esr"]:
        return None
    return (f"a linear filter does better: the 256-tap FIR's test ESR is "
            f"{fir['esr']:.3g}, the capture's {test['scores']['esr']:.3g}; the model learned "
            "its training audio's quirks more than the effect, or the effect is nearly linear "
            "at these levels: record more (the reamp signal's 3 minutes: python -m dsp_paper "
            "reamp-signal) or try another --model")


def takes_table(result: Capture) -> list[str]:
    """A knob capture's takes as Markdown table lines: each take's settings, whether the
    model trained on it, its test ESR and the linear FIR's (empty for a one-pair capture).

    Returns
    -------
    list of str
    """
    tests = [t for t in result.tests if "take" in t]
    if not tests:
        return []
    names = [c["name"] for c in result.controls]
    lines = ["| take | " + " | ".join(names) + " | trained on | test ESR | FIR ESR |",
             "|---|" + "---:|" * len(names) + "---|---:|---:|"]
    for t in tests:
        lines.append(f"| {t['take']} | " + " | ".join(f"{t['controls'][n]:g}" for n in names)
                     + f" | {'yes' if t['use'] == 'train' else 'no (held out)'} | "
                     f"{t['scores']['esr']:.4g} | {t['fir']['esr']:.4g} |")
    return lines


def report_text(result: Capture, files: list[str]) -> str:
    """``report.md`` of a capture folder: the test scores against the linear FIR's, what the
    scores mean, the training, and the folder's ``files``.

    Parameters
    ----------
    result : Capture
        A scored capture whose first test carries ``fir`` scores and ``realtime_factor``
        (as :func:`~dsp_paper.capture.capture` leaves it).
    files : list of str
        The folder's file names.

    Returns
    -------
    str
        Markdown.
    """
    test = result.tests[0]
    s, fir = test["scores"], test.get("fir")
    lines = [
        f"# Capture: {result.recipe.kind} ({_size_words(result)})",
        "",
        f"Test ESR **{s['esr']:.4g}**: {quality_label(s['esr'])} (Neural Amp Modeler's scale: "
        "< 0.01 great, < 0.035 good, < 0.1 may sound acceptable).",
        "",
        perceptual_paragraph(s["perceptual"]),
        "",
        f"{OBJECTIVE}: ESR counts every difference of the waveform, heard or not; "
        f"{_name(CAPTURE_MEASURE)} weighs the differences through a model of hearing. The "
        "table's MOS-LQO (ViSQOL) ignores level and barely moves for harmonic distortion "
        "(notebook 07 measures where each is blind). Listen to the test clips.",
        "",
        *_score_table(s, fir),
    ]
    if takes_table(result):
        ranges = ", ".join(f"{c['name']} {c['min']:g} to {c['max']:g}" for c in result.controls)
        lines += ["", f"A knob capture: one model for every setting (trained over {ranges}; "
                      f"the scores above are those of the first take, {result.tests[0]['take']}). "
                      "Every take's test part (its last 15 %):", "", *takes_table(result), "",
                  "A held-out take's score is how the capture plays at a setting it never "
                  "heard; `apply` takes the settings by name: `--controls "
                  + " ".join(f"{c['name']}=..." for c in result.controls) + "`."]
    log, stopped = result.log, stop_text(result)
    lines += [
        "",
        f"- Sample rate {result.sample_rate} Hz; test part {test['dry'].size / result.sample_rate:.2f} s.",
        f"- Trained {len(log.epoch)} epochs in {result.seconds:.0f} s on this machine; "
        f"weights of epoch {log.restored_epoch} (best validation loss "
        f"{min(log.val_loss):.4g}).",
        f"- {stopped[:1].upper()}{stopped[1:]}.",
        *([f"- {linear_warning(result)[:1].upper()}{linear_warning(result)[1:]}."]
          if linear_warning(result) else []),
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


def still_improving(log) -> bool:
    """Whether the validation loss was still improving at the end of a run: the best of its
    last ``IMPROVING_TAIL`` of epochs (at least one) at least ``IMPROVING_GAIN`` below the
    best before them; a run of one epoch counts as improving (it had hardly begun).

    Parameters
    ----------
    log : dsp_paper.nn.training.TrainingLog

    Returns
    -------
    bool
        False for a run without validation losses.
    """
    values = log.val_loss
    if not values or any(v is None for v in values):
        return False
    if len(values) < 2:
        return True
    tail = min(len(values) - 1, max(1, int(np.ceil(IMPROVING_TAIL * len(values)))))
    before, last = min(values[:-tail]), min(values[-tail:])
    return last <= (1 - IMPROVING_GAIN) * before


def stop_text(result: Capture) -> str:
    """What stopped a capture's training, in words, with :data:`STILL_IMPROVING` where the
    budget stopped a training that was still improving (:func:`still_improving`).

    Parameters
    ----------
    result : Capture

    Returns
    -------
    str
        E.g. ``"training stopped: the budget of 5 minutes ran out after 812 epochs"``.
    """
    log = result.log
    reason, n = log.stop_reason, len(log.epoch)
    epochs = f"{n} epoch{'s' if n != 1 else ''}"
    if reason == "budget":
        minutes = log.time_limit / 60
        text = (f"the budget of {minutes:.3g} minute{'s' if minutes != 1 else ''} ran out "
                f"after {epochs}")
    elif reason == "plateau":
        patience = log.patience or result.recipe.patience
        text = (f"early stopping after {epochs}: the validation loss had not improved for "
                f"{patience} epochs")
    elif reason == "jump":
        patience = log.patience or result.recipe.patience
        text = (f"early stopping after {epochs}: the validation loss had jumped far above its "
                f"best and not come back near it for {patience} epochs")
    elif reason == "target":
        text = f"the training loss reached its target after {epochs}"
    else:
        text = f"all {epochs} asked for ran (--epochs)"
    text = f"training stopped: {text}"
    if reason == "budget" and still_improving(log):
        text += f"; {STILL_IMPROVING}"
    return text


def _score_table(s, fir):
    """The report's table: the capture's test scores beside the linear FIR's (``-`` where
    there are none)."""
    lines = [
        "| measure (test part, the last of the recording) | capture | linear FIR, 256 taps |",
        "|---|---|---|",
    ]
    for key, label in (("esr", "ESR"), ("esr_pre_emphasis", "ESR, pre-emphasis 0.85"),
                       ("band_lsd_db", "log-spectral distance 20 Hz-16 kHz (dB)"),
                       ("dc", "DC error")):
        lines.append(f"| {label} | {s[key]:.4g} | {fir[key]:.4g} |" if fir
                     else f"| {label} | {s[key]:.4g} | - |")
    m = perceptual_measure(CAPTURE_MEASURE)
    better = "higher" if m.higher_is_better else "lower"

    def cell(scores, key, form):
        return "-" if not scores or np.isnan(scores.get(key, np.nan)) else f"{scores[key]:{form}}"

    for key, label, form in (("mos_lqo", "MOS-LQO (ViSQOL, higher is better)", ".2f"),
                             ("perceptual", f"{m.label} ({better} is better, {m.identical:g} = "
                                            "identical)", ".3g")):
        lines.append(f"| {label} | {cell(s, key, form)} | {cell(fir, key, form)} |")
    return lines


def _name(key):
    """A perceptual measure's name in a sentence."""
    return _ABOUT[key][0] if key in _ABOUT else perceptual_measure(key).label


def _size_words(result):
    r = result.recipe
    params = result.model.count_params()
    if r.kind != "wavenet":
        return f"{r.size} units, {params} weights"
    # a tuple of sizes is NAM's layer arrays: "16 then 8 channels"
    size = " then ".join(map(str, r.size)) if isinstance(r.size, tuple) else r.size
    return f"{size} channels{', gated' if r.gated else ''}, {params} weights"


def write_figures(result: Capture, folder: str | os.PathLike) -> None:
    """Write ``training.png`` (the training and validation loss by epoch, the kept epoch
    marked) and ``test_clip.png`` (the loudest 30 ms of the test part: the wet, the capture
    and their difference) into ``folder``.

    Parameters
    ----------
    result : Capture
        A scored capture.
    folder : str or os.PathLike
        An existing folder.
    """
    # matplotlib is heavy and selects its Agg backend here, only when a capture is written
    # (never on importing the package, which would change a notebook's backend)
    import matplotlib  # heavy: matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # heavy: matplotlib

    folder = Path(folder)
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
