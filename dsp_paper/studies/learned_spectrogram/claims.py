"""The sub-claims of 004 that notebook 02 judges (C4.*), and the record they are judged on."""
from __future__ import annotations

from dsp_paper import spectral
from dsp_paper.study.rules import All, Compare, SubClaim
from dsp_paper.studies.learned_spectrogram.experiment import Cost, ExactReference, StftRuns

__all__ = ["CLAIMS", "record"]


def record(runs: StftRuns, exact: ExactReference, cost: Cost) -> dict:
    """The numbers C4.1-C4.3 are judged on.

    Parameters
    ----------
    runs : StftRuns
    exact : ExactReference
    cost : Cost

    Returns
    -------
    dict
        ``seeds``, ``test_mse_over_float32_floor`` (on the test slices, with the weights kept:
        the best epoch's on the validation slices) and
        ``weights_relative_error`` and ``training_seconds`` (the whole training, each seed),
        and
        :attr:`~dsp_paper.studies.learned_spectrogram.experiment.Cost.measured`.
    """
    return {"seeds": list(runs.seeds),
            "test_mse_over_float32_floor": [v / exact.floor for v in runs.test_mses()],
            "weights_relative_error": [spectral.relative_error(runs.weights(s), exact.weights)
                                       for s in runs.seeds],
            "training_seconds": runs.column("seconds"),
            **cost.measured, "_repeats": {"layer_seconds": "cost", "fft_seconds": "cost"}}


CLAIMS = [
    # ---------------------------------------------------------------- 004, notebook 02
    SubClaim(
        "C4.1", "004", "02_learned_spectrogram",
        quote="In 4 epochs (about 80 seconds), the loss drops to 3.0e-08, which is sufficient "
              "for our experiments, and in 10 epochs (about 7 minutes), we can drop it all the "
              "way to 2.0e-15.",
        claim="A single bias-free linear layer learns the STFT to near machine precision.",
        measured="test MSE on unseen slices (not those the training stopped on) at the end of training over the float32 floor "
                 "(the exact STFT matrix's own rounding error on the same targets; "
                 "test_mse_over_float32_floor), each seed",
        rule=Compare("test_mse_over_float32_floor", "<=", 100.0),
        decides_at=("quick", "paper"),
        trained=("02_stft_*",), capability=True,
        why=("Near machine precision: within two orders of magnitude of the lowest loss float32 "
             "can represent for these targets.",)),
    SubClaim(
        "C4.2", "004", "02_learned_spectrogram",
        quote="each of the graphs below is a Hanning-Windowed sine wave of an integer frequency "
              "along each of the vertical bands.",
        claim="The learned weights are Hann-windowed sinusoids: the STFT matrix.",
        measured="relative Frobenius distance of the learned weights from the closed-form STFT "
                 "matrix (weights_relative_error), each seed",
        rule=Compare("weights_relative_error", "<=", 0.01),
        decides_at=("quick", "paper"),
        trained=("02_stft_*",), capability=True,
        why=("1 %: weight maps that match the closed form to the eye, as the post judged them, "
             "with every band's sinusoid in place.",)),
    SubClaim(
        "C4.3", "004", "02_learned_spectrogram",
        quote="using Neural Networks to perform FFTs or generate spectrograms is completely "
              "impractical ... Really, don't do it!",
        claim="The learned layer costs more than an FFT: slower, more memory, and training "
              "besides.",
        measured="on one batch of slices: seconds to apply the learned layer (NumPy matmul, "
                 "layer_seconds) and an FFT STFT (fft_seconds), each timing repeat; peak "
                 "memory each needs per slice, measured the same way for both: its "
                 "parameters plus the peak of what producing one slice's spectrogram "
                 "allocates (layer_peak_bytes, fft_peak_bytes); the layer's training seconds "
                 "(training_seconds, each seed) against the FFT's time for the whole training "
                 "set (fft_training_set_seconds)",
        rule=All(Compare("layer_seconds", ">", "fft_seconds", label="applying it is slower"),
                 Compare("layer_peak_bytes", ">", "fft_peak_bytes", label="it needs more memory"),
                 Compare("training_seconds", ">", "fft_training_set_seconds",
                         label="training it costs more than transforming its training set")),
        decides_at=("quick", "paper"),
        trained=("02_stft_*",),
        why=("Impractical means costlier on every count measured; no margin beyond the timing "
             "repeats' spread, since any excess cost is a reason not to do it.",)),
]
