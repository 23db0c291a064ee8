"""The prose of notebook 02: what differs from 004, what the run means, what ``results.json``
keeps."""
from __future__ import annotations

import numpy as np
import pandas as pd

from dsp_paper import spectral
from dsp_paper.study.notebook import backend_description
from dsp_paper.study.prose import spread_text, verdict_phrase
from dsp_paper.studies import scale_config
from dsp_paper.studies.learned_spectrogram.data import FOUR_TONES, TEST_LEVEL, SliceData
from dsp_paper.studies.learned_spectrogram.experiment import (Cost, DftRun, ErrorMap,
                                                              ExactReference, StftRuns)
from dsp_paper.studies.learned_spectrogram.paper import DOCUMENT
from dsp_paper.studies.learned_spectrogram.tables import duration

__all__ = ["differences", "what_it_means", "results"]


def differences(runs: StftRuns, data: SliceData, dft: DftRun, *,
                scale: str | None = None) -> list[tuple[str, str, str]]:
    """What differs from 004: material, sample rate, slice and layer sizes, framing, epochs,
    optimiser, data sizes, the DFT network, toolkit.

    Parameters
    ----------
    runs : StftRuns
    data : SliceData
    dft : DftRun
    scale : {"smoke", "quick", "paper"}, optional

    Returns
    -------
    list of (str, str, str)
        ``(aspect, the document, this run)`` for ``nb.differences``.
    """
    cfg = scale_config("02_learned_spectrogram", scale)
    unstated = "not stated"
    epochs = ", ".join(f"{e} (loss {v:.1e})" for e, v, _ in DOCUMENT.reported())
    hz = ", ".join(f"{f:g}" for f, _ in FOUR_TONES)
    return [
        ("material", DOCUMENT.material,
         f"white Gaussian noise, standard deviation {TEST_LEVEL:g}; unseen tests: more noise "
         f"slices, and one slice of four tones ({hz} Hz)"),
        ("sample rate", f"{DOCUMENT.sample_rate} Hz", f"{data.sample_rate} Hz"),
        ("slice", f"{DOCUMENT.slice_samples} samples ({DOCUMENT.slice_ms:g} ms rounded up)",
         f"{data.n_samples} samples ({data.n_samples / data.sample_rate * 1000:.0f} ms)"
         + (f": smaller than the document's so that every seed's layer trains until its "
            f"validation loss plateaus within this scale's time" if data.n_samples <
            DOCUMENT.slice_samples else "")),
        ("STFT framing", f"Hann {DOCUMENT.window_samples}, FFT {DOCUMENT.n_fft}, stride "
                         f"{DOCUMENT.stated_stride} (stated), {DOCUMENT.frames} x "
                         f"{DOCUMENT.bins} frames x bins",
         f"Hann {data.n_fft}, FFT {data.n_fft}, centred frames every {data.hop} samples "
         f"(scipy.signal.stft, noverlap={data.n_fft - data.hop}), {data.n_frames} x "
         f"{data.n_bins}"),
        ("layer size", f"{DOCUMENT.slice_samples} -> {DOCUMENT.outputs}, {DOCUMENT.weights} "
                       f"weights",
         f"{data.n_samples} -> {data.y_train.shape[1]}, {runs.first.model.count_params():,} "
         f"weights"),
        ("training slices", f"{DOCUMENT.examples:,}", f"{len(data.x_train):,}"),
        ("test slices", unstated, f"{len(data.x_test):,}"),
        ("validation slices (the training stops on them)", unstated, f"{len(data.x_val):,}"),
        ("epochs", epochs,
         f"until the MSE on the validation slices plateaus: stopped after {cfg.patience} epochs without a better "
         f"one, the best epoch's weights kept, at most {cfg.epochs} epochs; stopped after "
         f"{spread_text([r.log.epoch[-1] for r in runs.results.values()], '.0f')} epochs "
         f"({', '.join(sorted(set(runs.stop_reasons())))})" + _steps(runs)
         + f" (weights also kept after epoch {cfg.early_epoch})"),
        ("optimiser", DOCUMENT.optimiser or unstated,
         f"SGD, momentum {cfg.momentum:g}, learning rate {cfg.learning_rate:g}, minibatches "
         f"of {cfg.batch_size}, MSE"),
        ("runs", unstated, f"one per seed: {', '.join(map(str, runs.seeds))}"),
        (f"DFT-{DOCUMENT.dft_size} network",
         f"{DOCUMENT.dft_size}-point, no window, about {DOCUMENT.dft_weights // 1000}k weights",
         f"complex input as [real, imaginary] {2 * dft.size} -> {2 * dft.size}: "
         f"{dft.result.model.count_params():,} weights; {dft.count:,} noise examples, "
         f"{cfg.dft_epochs} epochs, SGD learning rate {cfg.dft_learning_rate:g}"),
        ("toolkit", DOCUMENT.toolkit or unstated, backend_description()),
    ]


def _speed(runs: StftRuns, epochs: int) -> str:
    """The sentence on how soon the seeds reached the loss 004 reports first."""
    _, first_loss, first_seconds = DOCUMENT.reported()[0]
    hits = [r.log.first_below(first_loss) for r in runs.results.values()]
    if all(hits):
        return (f"Our layer reached 004's {first_loss:.1e} after "
                f"{spread_text([h[1] for h in hits], '.0f')} s (epoch "
                f"{spread_text([h[0] for h in hits], '.0f')}), against 004's about "
                f"{duration(first_seconds)}.")
    return (f"{sum(map(bool, hits))} of {len(hits)} seeds reached 004's {first_loss:.1e} "
            f"within the {epochs} epochs run.")


def _steps(runs: StftRuns) -> str:
    """", N optimiser steps" over the seeds, where the logs count them."""
    steps = runs.column("steps")
    return "" if np.isnan(steps).any() else f", {spread_text(steps, '.0f')} optimiser steps"


def _stops(runs: StftRuns) -> str:
    """What ended the seeds' trainings, in words."""
    reasons = runs.stop_reasons()
    words = {"plateau": "a plateau of the validation loss",
             "jump": "a jump of the validation loss", "epochs": "the epoch cap",
             "budget": "the time cap", "target": "a target loss"}
    parts = [f"{words.get(r, r)} ({reasons.count(r)} of {len(reasons)})"
             for r in sorted(set(reasons))]
    return ", ".join(parts)


def _headline(exact: ExactReference, last_loss: float) -> str:
    """Where 004's last loss lies against the two float32 floors."""
    if last_loss < exact.floor_scaled:
        return (f"below both float32 floors ({exact.floor:.1e} unscaled, "
                f"{exact.floor_scaled:.1e} with targets divided by the window sum): a "
                f"float32 layer cannot report it on these data, so 004 must have measured "
                f"it another way (smaller targets or higher precision)")
    if last_loss < exact.floor:
        return (f"below the float32 floor of unscaled targets ({exact.floor:.1e}) but above "
                f"that of targets divided by the window sum ({exact.floor_scaled:.1e}): "
                f"consistent with scaled targets, although the post says it did not scale")
    return (f"above the float32 floor of these targets ({exact.floor:.1e}), so a "
            f"float32 layer can report it")


def _memory(cost: Cost) -> str:
    """The layer's peak memory per slice against the FFT's, and on the whole batch."""
    t = cost.table
    mem_l, mem_f = cost.measured["layer_peak_bytes"], cost.measured["fft_peak_bytes"]
    layer, fft = "learned layer (NumPy matmul)", "FFT STFT (scipy.fft.rfft)"
    mem = (f"needs {mem_l / mem_f:.3g} times the FFT's peak memory per slice "
           f"({mem_l / 2**20:.2f} against {mem_f / 2**20:.3f} MiB, parameters included)")
    if mem_l <= mem_f:
        mem += (": the FFT's working arrays for one slice outweigh the layer's "
                f"{t.loc[layer, 'parameter_bytes'] / 2**20:.1f} MiB of weights")
    return (mem + f"; on the whole batch at once {t.loc[layer, 'batch_peak_bytes'] / 2**20:.1f} "
            f"against {t.loc[fft, 'batch_peak_bytes'] / 2**20:.1f} MiB, where NumPy's FFT path "
            "holds three batch-sized arrays (frames, spectra, output) and the matmul only its "
            "output")


def _locality(error: ErrorMap) -> str:
    """The sentence on the error outside a frame's window against inside it."""
    locality = ("as large as" if 0.5 <= error.outside_share <= 2 else
                "smaller than" if error.outside_share < 0.5 else "larger than")
    return (f"Outside "
            f"a frame's window, where the exact weight is 0, the error is {locality} inside it "
            f"({error.outside_share:.2g} times): gradient descent "
            + ("learns no locality, it drives every weight to its value one by one, the zeros "
               "included; a convolution or the FFT has that structure built in (004's own "
               "suggestion of weight sharing)." if locality != "smaller than" else
               "has brought the weights outside the window nearer their exact zeros than those "
               "inside it to their sinusoids."))


def what_it_means(runs: StftRuns, exact: ExactReference, error: ErrorMap, dft: DftRun,
                  cost: Cost, claims: pd.DataFrame, *, scale: str | None = None) -> str:
    """The closing text, written from the run's numbers and the verdicts.

    Parameters
    ----------
    runs : StftRuns
    exact : ExactReference
    error : ErrorMap
    dft : DftRun
    cost : Cost
    claims : pandas.DataFrame
        ``nb.judge(record)``: indexed by sub-claim id, with ``verdict`` and ``why this
        verdict``.
    scale : {"smoke", "quick", "paper"}, optional

    Returns
    -------
    str
        Markdown.
    """
    cfg = scale_config("02_learned_spectrogram", scale)
    verdict = {i: verdict_phrase(v) for i, v in claims["verdict"].items()}
    why = claims["why this verdict"].to_dict()
    final = runs.test_mses()
    ratio = [v / exact.floor for v in final]
    rel = [spectral.relative_error(runs.weights(s), exact.weights) for s in runs.seeds]
    last_epoch, last_loss, _ = DOCUMENT.reported()[-1]
    layer_s = float(np.median(cost.measured["layer_seconds"]))
    fft_s = float(np.median(cost.measured["fft_seconds"]))
    seeds = ", ".join(map(str, runs.seeds))
    lines = [
        "## What it means",
        "",
        f"*Scale {cfg.scale}, seeds {seeds}; numbers are mean [min–max] over the seeds.*",
        "",
        f"- **Near machine precision (C4.1)** — {verdict['C4.1']}: {why['C4.1']}. The final "
        f"test MSE (on slices the training neither saw nor stopped on) is {spread_text(final, '.2e')}, {spread_text(ratio, '.3g')} times the "
        f"float32 floor of {exact.floor:.1e}, at the best epoch of trainings that "
        f"stopped by {_stops(runs)}. {_speed(runs, cfg.epochs)}",
        f"- **The headline loss.** 004's {last_loss:.1e} after {last_epoch} epochs is "
        f"{_headline(exact, last_loss)}. A loss says little without the floor beside it.",
        f"- **Hann-windowed sinusoids (C4.2)** — {verdict['C4.2']}: {why['C4.2']}. The learned "
        f"weights sit {spread_text(rel, '.3g')} (relative Frobenius distance) from the "
        f"closed-form STFT matrix; in the bins 004 drew "
        f"({', '.join(map(str, DOCUMENT.band_cycles))} cycles) the largest difference is "
        f"{error.band_error:.2g}. " + _locality(error),
        f"- **The {dft.size}-point DFT.** {dft.result.model.count_params():,} weights for a "
        f"complex input laid out as [real, imaginary] (004's \"about "
        f"{DOCUMENT.dft_weights // 1000}k\"); test loss {dft.test_loss:.2e}, largest weight "
        f"error {dft.max_error:.2g}.",
        f"- **Impractical (C4.3)** — {verdict['C4.3']}: {why['C4.3']}. On a batch of "
        f"{cost.batch} slices the layer takes {layer_s / fft_s:.3g} times the FFT's time "
        f"({layer_s * 1000:.3g} against {fft_s * 1000:.3g} ms) and {_memory(cost)}. Training "
        f"it took {spread_text(cost.training_seconds, '.0f')} s, against "
        f"{cost.measured['fft_training_set_seconds']:.3g} s for the FFT to transform all "
        f"{cost.train_count:,} training slices.",
    ]
    return "\n".join(lines) + "\n"


def results(runs: StftRuns, exact: ExactReference, dft: DftRun, cost: Cost,
            record: dict) -> dict:
    """What ``results.json`` keeps: losses, floors, timings, the DFT's loss, the record.

    Returns
    -------
    dict
    """
    log = runs.log
    return dict(final_test_loss={str(s): v for s, v in zip(runs.seeds, runs.test_mses())},
                final_validation_loss={str(s): v for s, v in zip(runs.seeds,
                                                                  runs.column("val_loss"))},
                stop_reason={str(s): r.log.stop_reason for s, r in runs.results.items()},
                **{f"loss_after_{e}": log.at(e) for e in DOCUMENT.reported_epochs},
                float32_floor=exact.floor, float32_floor_scaled=exact.floor_scaled,
                float64_lstsq=exact.float64_mse,
                train_seconds={str(s): r.log.seconds[-1] for s, r in runs.results.items()},
                dft_test_loss=dft.test_loss, dft_max_error=dft.max_error,
                cost=cost.table.to_dict(orient="index"), record=record)
