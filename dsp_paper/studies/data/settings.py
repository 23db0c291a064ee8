"""Settings of notebook ``01_data`` at each scale."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from dsp_paper.study.settings import Settings, by_scale

__all__ = ["DataTourSettings", "DATA_TOUR", "SETTINGS"]


@dataclass(frozen=True, kw_only=True)
class DataTourSettings(Settings):
    """Settings of notebook ``01_data`` (the tour of every document's data) at one scale.

    Attributes
    ----------
    batch_window, batch_uses, batch_size : int
        The batching example: window (samples), how many windows use each sample, windows
        per batch.
    tick_block_seconds : float
        000's test-time block length (s) in the tick demo.
    tick_fir_taps : int
        Length of the FIR lowpass the tick demo runs block by block.
    tick_seconds : float
        How much of the test piano the tick demo runs on (at least four blocks).
    player_seconds : float
        Length of each published clip (s).
    example_seconds : float
        Length of the example sweeps and noises (s).
    kicks_shown : int
        How many of 003's kick variations are drawn and played.
    kick_slot_seconds : float
        Each kick's slot in the clip of the kicks played one after another (s).
    sampled_ms : float
        How much of the piano figure [5] shows sample by sample (ms).
    slope_band_hz : tuple of float
        The band (Hz) over which the noises' spectral slopes are measured.
    """

    section: ClassVar[str] = "01_data"
    batch_window: int
    batch_uses: int
    batch_size: int
    tick_block_seconds: float
    tick_fir_taps: int
    tick_seconds: float
    player_seconds: float
    example_seconds: float
    kicks_shown: int
    kick_slot_seconds: float
    sampled_ms: float
    slope_band_hz: tuple


DATA_TOUR = by_scale(
    DataTourSettings,
    common=dict(batch_window=1000, batch_uses=10, batch_size=64, tick_block_seconds=0.5,
                tick_fir_taps=255, tick_seconds=6.0, kicks_shown=6, kick_slot_seconds=0.5,
                sampled_ms=1.5, slope_band_hz=(100.0, 4000.0)),
    smoke=dict(player_seconds=1.0, example_seconds=1.0),
    quick=dict(player_seconds=3.0, example_seconds=4.0),
    paper=dict(player_seconds=3.0, example_seconds=6.0),
)
SETTINGS = {"01_data": DATA_TOUR}
