"""Settings of notebook ``07_mse_critique`` and the names of what it compares."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from dsp_paper.study.settings import Settings, by_scale

__all__ = ["CritiqueSettings", "CRITIQUE", "SETTINGS", "CLIP_SECONDS", "PIANO", "VOICE", "CLIPS",
           "CONV_BASELINE", "STREAM_BASELINE", "SPECTRAL_LOSSES", "SPECTRAL_VARIANTS",
           "STREAM_LOSSES", "FIR"]


# The MSE-trained conv net 07 compares with is 04's snapshot after ``conv_epochs`` (one of 04's
# snapshots at every scale). The streaming LSTM (05's model, on 05's segments, FFTs up to what
# a segment holds after its warm-up) is trained on each loss C2.4b compares under 05's budget
# for it (05's settings: the same optimiser, clipping, patience and caps), so that the model
# on 05's loss, ESR + DC, is 05's own; both stop on the clips (validation 1), never on the
# voice they are judged on.
@dataclass(frozen=True, kw_only=True)
class CritiqueSettings(Settings):
    """Settings of notebook ``07_mse_critique`` at one scale."""

    section: ClassVar[str] = "07_mse_critique"
    seed: int
    conv_fft_sizes: tuple
    stream_fft_sizes: tuple
    esr_weight: float
    fir_taps: int
    disputed_shown: int
    piano_seconds: float
    voice_seconds: float | None
    conv_epochs: int
    time_limits: dict


# At paper every training also stops at a cap on its training time (``time_limits``, seconds
# per run), as 03-05's do, so that it fits in minutes on one GPU; the streaming LSTMs C2.4b
# compares get 05's cap for that network, and a run that it stops has not plateaued (the
# verdict says so).
CRITIQUE = by_scale(
    CritiqueSettings,
    common=dict(seed=0, conv_fft_sizes=(256, 512, 1024), stream_fft_sizes=(128, 256, 512),
                esr_weight=1.0, fir_taps=1000, disputed_shown=3, time_limits={}),
    smoke=dict(piano_seconds=2.0, voice_seconds=1.0, conv_epochs=1),
    quick=dict(piano_seconds=8.0, voice_seconds=None, conv_epochs=10),
    paper=dict(piano_seconds=8.0, voice_seconds=None, conv_epochs=200,
               time_limits={"conv_tied_mrstft": 40.0, "conv_tied_mrstft_esr": 40.0}),
)
SETTINGS = {"07_mse_critique": CRITIQUE}

#: Seconds of each published clip: the voice's controlled cases (the target and seven faults)
#: and the disputed outputs (the target and the outputs of at most ``disputed_shown`` pairs),
#: under 3 MB of FLAC in all at quick.
CLIP_SECONDS = 3.0
PIANO = "piano"
#: The parts of 05's validation audio (:func:`dsp_paper.studies.recurrent_eq.recurrent_validation`).
VOICE, CLIPS = "voice (validation 2)", "clips (validation 1)"
#: The baselines the spectral-loss variants are compared with: 04's MSE-trained conv net and
#: 05's streaming LSTM on 05's loss, ESR + DC (05's own model, under its variants' budget).
CONV_BASELINE, STREAM_BASELINE = "MSE (04)", "ESR + DC"
#: The spectral losses 07 retrains with: alone, and with ESR.
SPECTRAL_LOSSES = ("MR-STFT", "MR-STFT + ESR")
SPECTRAL_VARIANTS = ("MR-STFT", "MR-STFT + ESR")
#: The losses the streaming LSTM is trained on here, each to a plateau under the same budget.
STREAM_LOSSES = (STREAM_BASELINE, *SPECTRAL_LOSSES)
#: The name of the closed-form filter every learned model is compared with.
FIR = "least-squares FIR"
