"""03's claims (C0.1a, C0.1b, C0.2: the dense nets) and the results record they are judged on."""
from __future__ import annotations

from dsp_paper import signals
from dsp_paper.metrics import spectral_flatness
from dsp_paper.studies.dense_baselines.experiment import DENSE_ACTIVATIONS, DenseExperiment
from dsp_paper.study.rules import FAILED_ESR, All, Compare, SubClaim

__all__ = ["CLAIMS", "white_noise_flatness", "record"]

CLAIMS = (
    SubClaim(
        "C0.1a", "000", "03_dense_baselines",
        quote="Predicted Output of Linear Network @ 20 epochs ... Strangely it's just white "
              "noise; maybe we just need to train it more.",
        claim="After 20 epochs the linear net (hidden 1000) outputs white noise.",
        measured="spectral flatness of the linear net's output on the test piano after 20 "
                 "epochs (linear_early_flatness, each seed) against that of white noise of the "
                 "same length (white_noise_flatness)",
        rule=Compare("linear_early_flatness", ">=", "white_noise_flatness", factor=0.5),
        decides_at=("quick", "paper"),
        trained=("03_linear_plateau_*",),
        why=("White noise has a flat spectrum (flatness about 0.56 for Gaussian noise) and a "
             "piano a peaked one (near 0); an output at least half as flat as white noise is "
             "noise-like rather than tonal.",)),
    SubClaim(
        "C0.1b", "000", "03_dense_baselines",
        quote="Predicted Output of Linear Network @ 4000 epochs ... it only really sounds like "
              "the training data; nothing from the testing data is really retained at all.",
        claim="Trained to the end, the linear net keeps nothing of the test piano.",
        measured="test ESR on the piano of the linear net trained to the end "
                 "(linear_final_test_esr): until its validation loss stopped improving, the "
                 "best epoch's weights restored, under an epoch cap (000: 4000 epochs); each "
                 "seed",
        rule=Compare("linear_final_test_esr", ">", FAILED_ESR),
        decides_at=("quick", "paper"),
        trained=("03_linear_plateau_*",), capability=True,
        why=("An ESR above 0.3 is what Neural Amp Modeler labels 'something went wrong': the "
             "error carries nearly a third of the target's energy, so the output is mostly "
             "something else.",)),
    SubClaim(
        "C0.2", "000", "03_dense_baselines",
        quote="[nonlinear @ 20 epochs] It's somehow worse than the linear one ... [@ 4000 "
              "epochs] It still sounds just about the same ... The numbers tell a very "
              "similar story as the audio.",
        claim="The nonlinear net is no better than the linear one, at 20 epochs or at the end.",
        measured="test ESR on the piano of the nonlinear (tanh) and the linear net after 20 "
                 "epochs (nonlinear_early_test_esr, linear_early_test_esr) and trained to the "
                 "end, both under the same patience and epoch cap (..._final_test_esr), each "
                 "seed",
        rule=All(Compare("nonlinear_early_test_esr", ">=", "linear_early_test_esr", factor=0.9),
                 Compare("nonlinear_final_test_esr", ">=", "linear_final_test_esr", factor=0.9)),
        decides_at=("quick", "paper"),
        trained=("03_linear_plateau_*", "03_nonlinear_plateau_*"), capability=True,
        why=("'Better' needs at least 10 % less error energy (0.46 dB): a smaller gap is "
             "below what a listener or 000's four-digit table would call better.",)),
)


def white_noise_flatness(n_samples: int, *, sample_rate: int, seed: int = 3) -> float:
    """Spectral flatness of white noise of ``n_samples``: the reference "white noise" is
    judged against (C0.1a, C0.4)."""
    return spectral_flatness(signals.noise("white", seconds=n_samples / sample_rate,
                                           sample_rate=sample_rate, seed=seed))


def record(dense: DenseExperiment) -> dict:
    """The results record 03's claims are judged on (:func:`dsp_paper.study.verdicts.judge`).

    Parameters
    ----------
    dense : DenseExperiment

    Returns
    -------
    dict
        ``seeds``, ``white_noise_flatness``, ``linear_early_flatness`` and
        ``<label>_<early|final>_test_esr`` (one value per seed).
    """
    early, final = dense.epochs  # (final: END, the restored best epoch)
    seeds = dense.seeds
    first_test = dense.outputs["linear", early, seeds[0]][0]
    record = {"seeds": list(seeds),
              "white_noise_flatness": white_noise_flatness(first_test.size,
                                                           sample_rate=dense.sample_rate),
              "linear_early_flatness": [spectral_flatness(dense.outputs["linear", early, s][0])
                                        for s in seeds]}
    for label in DENSE_ACTIVATIONS:
        for name, epoch in (("early", early), ("final", final)):
            record[f"{label}_{name}_test_esr"] = [dense.rows[label, epoch, s]["test esr"]
                                                  for s in seeds]
    return record
