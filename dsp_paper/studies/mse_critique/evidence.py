"""The results record the claims of notebook ``07_mse_critique`` are judged on
(:data:`~dsp_paper.studies.mse_critique.CLAIMS`). It lives apart from the claims: the
experiments read the claims' settings, and the record reads the experiments' results."""
from __future__ import annotations

import functools

from dsp_paper import metrics
from dsp_paper.studies.mse_critique.claims import claim_settings
from dsp_paper.studies.mse_critique.rejudged import LowpassRejudged
from dsp_paper.studies.mse_critique.settings import STREAM_BASELINE
from dsp_paper.studies.mse_critique.spectral_losses import SpectralStreaming

__all__ = ["record"]


def record(*, lowpass: LowpassRejudged, stream: SpectralStreaming) -> dict:
    """The results record C0.6c, C0.6d and C2.4b are judged on (quantity -> one value per seed).

    Returns
    -------
    dict
        ``seeds``, ``decisive_disputes``
        (:func:`~dsp_paper.studies.mse_critique.decisive_disputes` counts),
        ``perceptual_disputes``
        (:func:`~dsp_paper.studies.mse_critique.perceptual_disputes` counts, by the judge the
        calibration shows), the band-limited LSD (dB) and ESR on the whole voice of the
        streaming LSTM trained on MR-STFT + ESR (``spectral_voice_*``) and of 05's ESR + DC
        model (``baseline_voice_*``), and ``_perceptual``: the calibration's choice
        (:meth:`~dsp_paper.study.calibration.PerceptualChoice.record`), which says whether
        C0.6d's counts come from a calibrated measure.
    """
    spectral = claim_settings("C2.4b")
    voice = stream.pairs["voice"]
    band_lsd = functools.partial(metrics.band_lsd, sample_rate=stream.sample_rate,
                                 band=tuple(spectral["voice_band_hz"]),
                                 floor_db=spectral["floor_db"])

    def per_seed(variant, measure):
        return [float(measure(stream.outputs[variant, s]["voice"], voice.target))
                for s in stream.seeds]

    return {"seeds": list(stream.seeds),
            "decisive_disputes": [len(lowpass.decisive[s]) for s in stream.seeds],
            "perceptual_disputes": [len(lowpass.perceptual[s]) for s in stream.seeds],
            "spectral_voice_band_lsd_db": per_seed("MR-STFT + ESR", band_lsd),
            "baseline_voice_band_lsd_db": per_seed(STREAM_BASELINE, band_lsd),
            "spectral_voice_esr": per_seed("MR-STFT + ESR", metrics.esr),
            "baseline_voice_esr": per_seed(STREAM_BASELINE, metrics.esr),
            "_perceptual": lowpass.choice.record()}
