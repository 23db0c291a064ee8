"""The one experiment notebook ``01_data`` runs: 000's half-second tick rebuilt on the test
piano, and its overlap-add fix."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dsp_paper import effects, metrics, windowing
from dsp_paper.studies.data.data import TourData

__all__ = ["TickDemo", "tick_outputs", "tick_demo"]


@dataclass(frozen=True)
class TickDemo:
    """000's tick and its fix on one piece of audio.

    Attributes
    ----------
    sample_rate, block, radius : int
        Hz; the block length and half the filter length, in samples.
    reference, ticked, fixed : np.ndarray, shape (n,)
        The filter over the whole track; in back-to-back zero-padded blocks; overlap-added.
    table : pandas.DataFrame
        RMS error, and the error level at and between the block edges (dB re the music).
    """

    sample_rate: int
    block: int
    radius: int
    reference: np.ndarray
    ticked: np.ndarray
    fixed: np.ndarray
    table: pd.DataFrame


def tick_outputs(audio: np.ndarray, *, taps: np.ndarray, block: int,
                 hop: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One FIR filter run three ways: over the whole track, on back-to-back zero-padded
    blocks of ``block`` samples (000's test time), and on overlapping windows of ``block``
    overlap-added with a Hann taper every ``hop`` samples.

    Returns
    -------
    tuple of np.ndarray, each the shape of ``audio``
        ``reference, ticked, fixed``.
    """
    def zero_padded(frames):
        return effects.fir_filter(frames, taps)

    return (effects.fir_filter(audio, taps),
            windowing.process_blocks_zero_padded(audio, zero_padded, block=block),
            windowing.process_overlap_add(audio, zero_padded, window=block, hop=hop))


def tick_demo(data: TourData, *, hop_fraction: int = 8) -> TickDemo:
    """000's tick rebuilt on the test piano with an FIR lowpass of ``cfg.tick_fir_taps``,
    and its overlap-add fix (hop = block / ``hop_fraction``).

    Returns
    -------
    TickDemo
    """
    cfg, sr = data.cfg, data.sample_rate
    block = int(cfg.tick_block_seconds * sr)
    test = data.lowpass.joined("test").input
    x = test[:max(4 * block, min(test.size, int(cfg.tick_seconds * sr)))]
    taps = effects.lowpass_fir_taps(cfg.tick_fir_taps, cutoff_hz=data.lowpass_cfg.cutoff_hz,
                                    sample_rate=sr)
    reference, ticked, fixed = tick_outputs(x, taps=taps, block=block, hop=block // hop_fraction)
    radius = cfg.tick_fir_taps // 2
    table = pd.DataFrame([
        dict(processing=name, rms_error=metrics.rmse(out, reference),
             edge_error_db=windowing.edge_error_db(out, reference, block=block, radius=radius),
             between_edges_error_db=windowing.edge_error_db(out, reference, block=block,
                                                            radius=radius, region="between"))
        for name, out in ((f"back-to-back {cfg.tick_block_seconds:g} s blocks (000)", ticked),
                          (f"overlap-add, hop = block/{hop_fraction}", fixed))
    ]).set_index("processing")
    return TickDemo(sr, block, radius, reference, ticked, fixed, table)
