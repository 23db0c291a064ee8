"""000's tick: the test processed in back-to-back zero-padded blocks, and its fix, overlapping
windows overlap-added (C0.7)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from dsp_paper.nn.evaluation import frame_processor
from dsp_paper.studies.conv_tied.experiment import ConvExperiment, stride_hop
from dsp_paper.windowing import (Pair, edge_error_db, process_blocks_zero_padded,
                                 process_overlap_add)

if TYPE_CHECKING:
    import keras

__all__ = ["tick_levels", "TickExperiment", "tick_experiment"]


def tick_levels(model: keras.Model, piece: Pair, *, block: int, radius: int,
                batch_size: int = 16,
                hop: int | None = None) -> tuple[dict[str, np.ndarray], dict[str, float]]:
    """000's tick and its fix on one test piece, as bounded levels (C0.7).

    The model processes ``piece.input`` three ways: as one whole track (the reference: zero
    padding only at the track's ends), in back-to-back zero-padded blocks of ``block`` (000's
    test batching) and in overlapping windows of ``block``, Hann-tapered and overlap-added.
    The windows' hop is ``block // 8`` rounded down to a multiple of the model's stride
    (:func:`~dsp_paper.studies.conv_tied.experiment.stride_hop`): a strided net's output
    depends on where the stride grid falls, so at any other hop each window sees the audio
    on a grid of its own and the overlap-add mixes outputs that differ everywhere, not only
    near the window edges.

    Parameters
    ----------
    model : keras.Model
        Takes audio of any length (the conv net).
    piece : Pair
        Mono.
    block, radius : int
        Samples: the block length, and how far either side of an edge counts as "near".
    hop : int, optional
        The overlap-add's hop (default: aligned to the stride as above).

    Returns
    -------
    outputs : dict of str -> np.ndarray
        ``whole``, ``blocks``, ``overlap-add``.
    levels : dict
        ``blocks_edge_error_db`` and ``overlap_add_edge_error_db`` (error within ``radius``
        of the block edges against the whole-track output, dB relative to it there),
        ``overlap_add_between_error_db`` (the same between the edges),
        ``overlap_add_edge_excess_db`` (edges minus between) and ``edge_error_drop_db``
        (blocks minus overlap-add at the edges).
    """
    process = frame_processor(model, batch_size=batch_size)
    x = piece.input
    strides = getattr(model.layers[-1], "strides", 1)
    strides = int(np.ravel(strides)[0])
    hop = stride_hop(block // 8, strides) if hop is None else hop
    pad = -x.size % strides  # the conv net takes lengths that are multiples of its stride
    whole = process(np.pad(x, (0, pad))[None])[0][: x.size]
    outputs = {"whole": whole,
               "blocks": process_blocks_zero_padded(x, process, block=block),
               "overlap-add": process_overlap_add(x, process, window=block, hop=hop)}
    level = lambda out, region="edges": edge_error_db(out, whole, block=block, radius=radius,
                                                      region=region)
    levels = {"blocks_edge_error_db": level(outputs["blocks"]),
              "overlap_add_edge_error_db": level(outputs["overlap-add"]),
              "overlap_add_between_error_db": level(outputs["overlap-add"], "between")}
    levels["overlap_add_edge_excess_db"] = (levels["overlap_add_edge_error_db"]
                                            - levels["overlap_add_between_error_db"])
    levels["edge_error_drop_db"] = (levels["blocks_edge_error_db"]
                                    - levels["overlap_add_edge_error_db"])
    return outputs, levels


@dataclass
class TickExperiment:
    """The tick and its fix for every seed's trained conv net, on the first test piece.

    Attributes
    ----------
    outputs : dict of seed -> dict of str -> np.ndarray
        :func:`tick_levels`' outputs.
    levels : dict of seed -> dict of str -> float
    block, radius, sample_rate : int
    hop : int
        The overlap-add's hop (a multiple of the net's stride).
    """

    outputs: dict
    levels: dict
    block: int
    radius: int
    sample_rate: int
    hop: int = 0

    def table(self) -> pd.DataFrame:
        """The levels, one row per seed (pandas DataFrame)."""
        return pd.DataFrame(self.levels).T.rename_axis("seed")


def tick_experiment(conv: ConvExperiment) -> TickExperiment:
    """:func:`tick_levels` of each seed's conv net (at its end) on the first piano piece,
    blocks of ``conv.block``, edges within one filter length (``cfg.kernel_size``), the
    overlap-add's hop ``conv.block // 8`` on the stride grid.

    Returns
    -------
    TickExperiment
    """
    piece = conv.corpus.split("test")[0]
    hop = stride_hop(conv.block // 8, conv.cfg.strides)
    outputs, levels = {}, {}
    for seed in conv.seeds:
        outputs[seed], levels[seed] = tick_levels(conv.runs[seed].model, piece, block=conv.block,
                                                  radius=conv.cfg.kernel_size, hop=hop)
    return TickExperiment(outputs, levels, conv.block, conv.cfg.kernel_size, conv.sample_rate,
                          hop)
