"""C2.2's measures: band-limited log-spectral distance and every candidate perceptual
measure's score (:data:`~dsp_paper.perceptual.PERCEPTUAL_MEASURES`) of every output on each
part of the validation audio, and their yardstick, the same high-pass with its cut-off mis-set
(settings as the registry holds them: :func:`spectrum_settings`)."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from dsp_paper import effects
from dsp_paper.metrics import band_lsd
from dsp_paper.perceptual import PERCEPTUAL_MEASURES, perceptual_measure
from dsp_paper.studies.recurrent_eq.claims import CLAIMS
from dsp_paper.studies.recurrent_eq.data import CLIPS, VOICE
from dsp_paper.windowing import Pair

__all__ = ["spectrum_settings", "spectrum_yardsticks", "perceptual_yardsticks",
           "describe_yardsticks", "part_band_lsd", "band_lsd_by_seed", "perceptual_by_seed",
           "measure_scores", "band_values"]


def spectrum_settings() -> dict:
    """The settings C2.2's rules are measured with (floor, bands, the yardstick's cut-off
    error), as the registry holds them."""
    return dict(next(c for c in CLAIMS if c.id == "C2.2a").settings)


def _part_bands(settings: dict) -> dict[str, tuple]:
    return {VOICE: tuple(settings["voice_band_hz"]), CLIPS: tuple(settings["clips_band_hz"])}


def spectrum_yardsticks(parts: dict[str, Pair], *, sample_rate: int, cutoff_hz: float,
                        settings: dict | None = None) -> dict[str, float]:
    """For each part, the band-limited distance of the same high-pass with its cut-off set
    ``settings["cutoff_error"]`` too high: what "not preserving the spectrum" is judged
    against (C2.2).

    Parameters
    ----------
    parts : dict of str -> Pair
    sample_rate : int
        Hz.
    cutoff_hz : float
        The corpus's cut-off (Hz).
    settings : dict, optional
        Default :func:`spectrum_settings`.

    Returns
    -------
    dict of str -> float
        Part -> band-limited log-spectral distance (dB).
    """
    settings = spectrum_settings() if settings is None else settings
    bands = _part_bands(settings)
    return {part: band_lsd(off, parts[part].target, sample_rate=sample_rate, band=bands[part],
                           floor_db=settings["floor_db"])
            for part, off in _cutoff_off(parts, sample_rate=sample_rate, cutoff_hz=cutoff_hz,
                                         cutoff_error=settings["cutoff_error"]).items()}


def _cutoff_off(parts: dict[str, Pair], *, sample_rate: int, cutoff_hz: float,
                cutoff_error: float) -> dict[str, np.ndarray]:
    """Each part's input through the effect with its cut-off ``cutoff_error`` too high."""
    return {part: effects.highpass_eq(p.input, sample_rate=sample_rate,
                                      cutoff_hz=(1 + cutoff_error) * cutoff_hz)
            for part, p in parts.items()}


def _candidates(measures: Sequence[str] | None) -> tuple[str, ...]:
    keys = tuple(PERCEPTUAL_MEASURES if measures is None else measures)
    for key in keys:
        perceptual_measure(key)  # an unknown key is refused before anything is scored
    return keys


def _scores(prediction: np.ndarray, target: np.ndarray, *, sample_rate: int,
            measures: tuple[str, ...]) -> dict[str, float]:
    # score_or_nan: a part too short for the judges, or a silent output, is NaN in the
    # tables rather than an error that stops the notebook
    return {key: perceptual_measure(key).score_or_nan(prediction, target,
                                                      sample_rate=sample_rate)
            for key in measures}


def perceptual_yardsticks(parts: dict[str, Pair], *, sample_rate: int, cutoff_hz: float,
                          measures: Sequence[str] | None = None) -> dict[str, dict[str, float]]:
    """For each part, every candidate's score of the same high-pass with its cut-off set
    C2.2c's ``cutoff_error`` too high (C2.2a's yardstick, judged by a model of listeners).

    Parameters
    ----------
    parts : dict of str -> Pair
    sample_rate : int
        Hz.
    cutoff_hz : float
        The corpus's cut-off (Hz).
    measures : sequence of str, optional
        Keys of :data:`~dsp_paper.perceptual.PERCEPTUAL_MEASURES`; default all.

    Returns
    -------
    dict of str -> dict of str -> float
        Part -> measure -> score, on each measure's own scale (NaN where it cannot judge).
    """
    error = next(c for c in CLAIMS if c.id == "C2.2c").settings["cutoff_error"]
    keys = _candidates(measures)
    return {part: _scores(off, parts[part].target, sample_rate=sample_rate, measures=keys)
            for part, off in _cutoff_off(parts, sample_rate=sample_rate, cutoff_hz=cutoff_hz,
                                         cutoff_error=error).items()}


def describe_yardsticks(yardsticks: dict[str, float], *,
                        perceptual: dict[str, dict[str, float]] | None = None,
                        settings: dict | None = None) -> str:
    """One line naming the yardstick of C2.2 and its value on each part; with ``perceptual``
    (:func:`perceptual_yardsticks`), every candidate's score of it on each part too (C2.2c)."""
    settings = spectrum_settings() if settings is None else settings
    line = (f"band-limited LSD of the same high-pass with its cut-off set "
            f"{settings['cutoff_error']:.0%} too high (the yardstick of C2.2): "
            + ", ".join(f"{part} {v:.2f} dB" for part, v in yardsticks.items()))
    if perceptual is not None:
        line += ("; each candidate perceptual measure's score of it (C2.2c; objective "
                 "estimates, not a listening test): ") + "; ".join(
            f"{part}: " + ", ".join(f"{perceptual_measure(k).label} {v:.2f}"
                                    for k, v in scores.items())
            for part, scores in perceptual.items())
    return line


def part_band_lsd(outputs: dict[str, np.ndarray], parts: dict[str, Pair], starts: dict[str, int], *,
                  sample_rate: int, settings: dict | None = None) -> dict[tuple[str, str], float]:
    """Every output's band-limited distance on each part of the assembled validation audio.

    Parameters
    ----------
    outputs : dict of str -> np.ndarray
        :func:`~dsp_paper.studies.recurrent_eq.recurrent_outputs`.
    settings : dict, optional
        Default :func:`spectrum_settings`.

    Returns
    -------
    dict of (model, part) -> float
        dB.
    """
    settings = spectrum_settings() if settings is None else settings
    bands = _part_bands(settings)
    return {(name, part): band_lsd(out[starts[part]:starts[part] + p.n_samples], p.target,
                                   sample_rate=sample_rate, band=bands[part],
                                   floor_db=settings["floor_db"])
            for name, out in outputs.items() for part, p in parts.items()}


def band_lsd_by_seed(outputs: dict[int, dict[str, np.ndarray]], parts: dict[str, Pair],
                     starts: dict[str, int], *, sample_rate: int,
                     settings: dict | None = None) -> dict[int, dict[tuple[str, str], float]]:
    """:func:`part_band_lsd` for every seed of
    :func:`~dsp_paper.studies.recurrent_eq.outputs_by_seed`.

    Returns
    -------
    dict of int -> dict of (model, part) -> float
    """
    return {seed: part_band_lsd(by, parts, starts, sample_rate=sample_rate, settings=settings)
            for seed, by in outputs.items()}


def perceptual_by_seed(outputs: dict[int, dict[str, np.ndarray]], parts: dict[str, Pair],
                       starts: dict[str, int], *, sample_rate: int,
                       measures: Sequence[str] | None = None
                       ) -> dict[int, dict[tuple[str, str], dict[str, float]]]:
    """Every candidate perceptual measure's score of every output (every model, each part of
    the assembled validation audio, each seed), each against its part's target.

    Parameters
    ----------
    outputs : dict of int -> dict of str -> np.ndarray
        :func:`~dsp_paper.studies.recurrent_eq.outputs_by_seed`.
    parts : dict of str -> Pair
    starts : dict of str -> int
        Where each part starts in the assembled audio.
    sample_rate : int
        Hz.
    measures : sequence of str, optional
        Keys of :data:`~dsp_paper.perceptual.PERCEPTUAL_MEASURES`; default all.

    Returns
    -------
    dict of int -> dict of (model, part) -> dict of str -> float
        Seed -> (model, part) -> measure -> score, on each measure's own scale
        (:meth:`~dsp_paper.perceptual.PerceptualMeasure.score_or_nan`).
    """
    keys = _candidates(measures)
    return {seed: {(name, part): _scores(out[starts[part]:starts[part] + p.n_samples], p.target,
                                         sample_rate=sample_rate, measures=keys)
                   for name, out in by.items() for part, p in parts.items()}
            for seed, by in outputs.items()}


def measure_scores(perceptual: dict[int, dict[tuple[str, str], dict[str, float]]],
                   key: str) -> dict[int, dict[tuple[str, str], float]]:
    """One measure's scores out of :func:`perceptual_by_seed`, in :func:`band_lsd_by_seed`'s
    layout (seed -> (model, part) -> score).

    Examples
    --------
    >>> measure_scores({0: {("LSTM", "voice"): {"2f": 40.0, "visqol": 2.0}}}, "2f")
    {0: {('LSTM', 'voice'): 40.0}}
    """
    return {seed: {pair: scores[key] for pair, scores in by.items()}
            for seed, by in perceptual.items()}


def band_values(band: dict[int, dict[tuple[str, str], float]], name: str, part: str) -> list[float]:
    """The values of ``(name, part)`` in every seed of ``band`` that has it (a
    :func:`band_lsd_by_seed` or :func:`measure_scores`)."""
    return [b[name, part] for b in band.values() if (name, part) in b]
