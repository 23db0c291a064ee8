"""The sub-claims notebook ``07_mse_critique`` judges, texts unchanged: document 000's C0.6c
and C0.6d (MSE against a spectral and a perceptual judge, on 000's trained nets) and document
002's C2.4b (a spectral term in the loss), with the settings fixed with them before any run
(bands, floors, margins), which the experiments read through :func:`claim_settings`."""
from __future__ import annotations

from dsp_paper.study.calibration import CALIBRATION
from dsp_paper.study.rules import All, Compare, SubClaim

__all__ = ["CLAIMS", "claim_settings", "claim_bands", "REJUDGED_TRAININGS",
           "STREAM_TRAININGS", "PERCEPTUAL_FAMILIES"]


def _at_any_scale(*names: str) -> tuple[str, ...]:
    """Patterns for the trainings ``names`` (checkpoint names without scale and seed) at
    whatever scale runs: every pattern a claim names must match a training of the run."""
    return tuple(f"{name}_*" for name in names)


#: The trainings whose outputs C0.6c and C0.6d re-judge: 03's dense nets and 04's tied conv
#: net (not 07's spectral-loss variants of it, ``04_conv_tied_mrstft...``).
REJUDGED_TRAININGS = _at_any_scale("03_linear_plateau", "03_nonlinear_plateau",
                                   "04_conv_tied_plateau")
#: The streaming LSTMs C2.4b compares: 05's own on ESR + DC (not those 05 trains at other
#: cut-offs, ``05_streaming_at_*``) and 07's on MR-STFT + ESR.
STREAM_TRAININGS = ("05_streaming_[!a]*", *_at_any_scale("07_streaming_mrstft_esr"))

#: The perceptual calibration's families C0.6d's measure must pass: every one, since an output
#: of 000's nets can carry any of these faults.
PERCEPTUAL_FAMILIES = tuple(CALIBRATION.severities)

CLAIMS = (
    SubClaim(
        "C0.6c", "000", "07_mse_critique",
        quote="I believe it's possible to have value which provides something very close to the "
              "correct audio but also provides a larger error than some value which will cause "
              "the audio to fall apart.",
        claim="Among 000's trained nets, MSE prefers one output that a spectral measure clearly "
              "judges worse.",
        measured="every pair of outputs of 03's and 04's nets, as 03 and 04 train and score "
                 "them (to a plateau, the best epoch restored; overlapped windows overlap-added), "
                 "on the test piano (dense linear and nonlinear at 03's early snapshot and at the "
                 "end, conv at conv_epochs of 07's settings and at the end): "
                 "pairs that MSE and the band-limited log-spectral distance order oppositely, "
                 "each by at least the margin in settings (decisive_disputes, a count per seed)",
        rule=Compare("decisive_disputes", ">=", 1.0),
        settings={"mse_margin_db": 1.0, "lsd_margin_db": 1.0, "floor_db": -60.0,
                  "band_hz": (20.0, 20000.0)},
        decides_at=("quick", "paper"),
        why=("A preference counts only when each measure holds it by at least 1 dB (an MSE "
             "ratio of 1.26, a spectral distance 1 dB lower), about the smallest level "
             "difference a listener hears; smaller gaps are ties.",),
        trained=REJUDGED_TRAININGS),
    SubClaim(
        "C0.6d", "000", "07_mse_critique",
        quote="I believe it's possible to have value which provides something very close to the "
              "correct audio but also provides a larger error than some value which will cause "
              "the audio to fall apart.",
        claim="Among 000's trained nets, MSE prefers one output that a perceptual judge clearly "
              "hears as worse.",
        measured="the pairs of C0.6c (every pair of outputs of 03's and 04's nets on the test "
                 "piano, as 03 and 04 train and score them) that MSE and the perceptual measure "
                 "the calibration chose (an objective model of listeners, not a listening test) "
                 "order oppositely, MSE by at least mse_margin_db, the perceptual measure by at "
                 "least its clear-preference margin (perceptual_disputes, a count per seed)",
        rule=Compare("perceptual_disputes", ">=", 1.0),
        settings={"mse_margin_db": 1.0},
        decides_at=("quick", "paper"),
        why=("MSE's margin is C0.6c's 1 dB; the perceptual measure's margin is half a category "
             "of its scale (0.5 of a five-point opinion score, 10 of MUSHRA's 100 points, 1 LU "
             "of loudness), the smallest gap counted as a preference; smaller gaps on either "
             "side are ties.",),
        trained=REJUDGED_TRAININGS, perceptual_families=PERCEPTUAL_FAMILIES),
    # ---------------------------------------------------------------- 002, notebook 07
    SubClaim(
        "C2.4b", "002", "07_mse_critique",
        quote="This network could have included that the network also learns from the "
              "difference in the frequency spectrums of the output and the target audio ... "
              "Such a thing would penalize the modification of the frequency spectrum, keeping "
              "the integrity of it when applying the effect.",
        claim="Adding a spectral term to the loss makes the streaming LSTM preserve the voice's "
              "spectrum better without giving up the waveform.",
        measured="05's streaming LSTM trained on MR-STFT + ESR (pre-emphasised, + DC) against "
                 "the same network trained on 05's ESR + DC (same segments, seeds and budget: "
                 "each to a plateau of its validation loss on the clips, under the same cap "
                 "on epochs): band-limited log-spectral distance on the whole voice "
                 "(spectral_voice_band_lsd_db, baseline_voice_band_lsd_db) and ESR "
                 "(spectral_voice_esr, baseline_voice_esr); neither is the loss either model "
                 "was trained on",
        rule=All(Compare("spectral_voice_band_lsd_db", "<", "baseline_voice_band_lsd_db",
                         label="the spectrum is closer"),
                 Compare("spectral_voice_esr", "<=", "baseline_voice_esr", factor=2.0,
                         label="the waveform is kept")),
        settings={"floor_db": -60.0, "voice_band_hz": (20.0, 7600.0)},
        decides_at=("quick", "paper"),
        why=("Closer spectrum: no margin beyond the seeds' spread.",
             "Waveform kept: at most twice the baseline's error energy (3 dB), the same "
             "tolerance as C2.4a."),
        trained=STREAM_TRAININGS, capability=True),
)


def claim_settings(claim_id: str) -> dict:
    """The settings (bands, floors, margins) fixed with the claim ``claim_id`` of :data:`CLAIMS`."""
    return {c.id: c for c in CLAIMS}[claim_id].settings


def claim_bands() -> tuple[tuple[float, float], tuple[float, float]]:
    """The bands (Hz) the claims' spectral measures use: piano (C0.6c) and voice (C2.4b)."""
    dispute, spectral = claim_settings("C0.6c"), claim_settings("C2.4b")
    return tuple(dispute["band_hz"]), tuple(spectral["voice_band_hz"])
