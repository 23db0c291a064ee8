"""C2.2's measures: band-limited log-spectral distance and ViSQOL's MOS-LQO of every output
on each part of the validation audio, and their yardstick, the same high-pass with its cut-off
mis-set (settings as the registry holds them: :func:`spectrum_settings`)."""
from __future__ import annotations

import numpy as np

from dsp_paper import effects
from dsp_paper.metrics import band_lsd, mos_lqo
from dsp_paper.studies.recurrent_eq.claims import CLAIMS
from dsp_paper.studies.recurrent_eq.data import CLIPS, VOICE
from dsp_paper.windowing import Pair

__all__ = ["spectrum_settings", "spectrum_yardsticks", "mos_yardsticks", "describe_yardsticks",
           "part_band_lsd", "band_lsd_by_seed", "part_mos", "mos_by_seed", "band_values"]


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


def mos_yardsticks(parts: dict[str, Pair], *, sample_rate: int,
                   cutoff_hz: float) -> dict[str, float]:
    """For each part, ViSQOL's MOS-LQO of the same high-pass with its cut-off set C2.2c's
    ``cutoff_error`` too high (C2.2a's yardstick, heard instead of measured).

    Returns
    -------
    dict of str -> float
        Part -> MOS-LQO (about 1 to 4.73).
    """
    error = next(c for c in CLAIMS if c.id == "C2.2c").settings["cutoff_error"]
    return {part: mos_lqo(off, parts[part].target, sample_rate=sample_rate)
            for part, off in _cutoff_off(parts, sample_rate=sample_rate, cutoff_hz=cutoff_hz,
                                         cutoff_error=error).items()}


def describe_yardsticks(yardsticks: dict[str, float], *, mos: dict[str, float] | None = None,
                        settings: dict | None = None) -> str:
    """One line naming the yardstick of C2.2 and its value on each part; with ``mos``
    (:func:`mos_yardsticks`), its MOS-LQO too (C2.2c)."""
    settings = spectrum_settings() if settings is None else settings
    line = (f"band-limited LSD of the same high-pass with its cut-off set "
            f"{settings['cutoff_error']:.0%} too high (the yardstick of C2.2): "
            + ", ".join(f"{part} {v:.2f} dB" for part, v in yardsticks.items()))
    if mos is not None:
        line += "; its MOS-LQO (C2.2c): " + ", ".join(f"{part} {v:.2f}"
                                                      for part, v in mos.items())
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


def part_mos(outputs: dict[str, np.ndarray], parts: dict[str, Pair], starts: dict[str, int], *,
             sample_rate: int) -> dict[tuple[str, str], float]:
    """Every output's MOS-LQO (:func:`~dsp_paper.metrics.mos_lqo`) on each part of the
    assembled validation audio.

    Returns
    -------
    dict of (model, part) -> float
    """
    return {(name, part): mos_lqo(out[starts[part]:starts[part] + p.n_samples], p.target,
                                  sample_rate=sample_rate)
            for name, out in outputs.items() for part, p in parts.items()}


def mos_by_seed(outputs: dict[int, dict[str, np.ndarray]], parts: dict[str, Pair],
                starts: dict[str, int], *,
                sample_rate: int) -> dict[int, dict[tuple[str, str], float]]:
    """:func:`part_mos` for every seed of
    :func:`~dsp_paper.studies.recurrent_eq.outputs_by_seed`.

    Returns
    -------
    dict of int -> dict of (model, part) -> float
    """
    return {seed: part_mos(by, parts, starts, sample_rate=sample_rate)
            for seed, by in outputs.items()}


def band_values(band: dict[int, dict[tuple[str, str], float]], name: str, part: str) -> list[float]:
    """The values of ``(name, part)`` in every seed of ``band`` that has it (a
    :func:`band_lsd_by_seed` or :func:`mos_by_seed`)."""
    return [b[name, part] for b in band.values() if (name, part) in b]
