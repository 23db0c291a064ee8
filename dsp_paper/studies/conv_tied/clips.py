"""04's clips: the conv net at the published snapshots, the ablations, the tick and its fix,
the pedal chain."""
from __future__ import annotations

import numpy as np

from dsp_paper.studies.conv_tied.ablations import ABLATIONS, AblationExperiment
from dsp_paper.studies.conv_tied.experiment import ConvExperiment
from dsp_paper.studies.conv_tied.pedal import PedalExperiment
from dsp_paper.studies.conv_tied.tick import TickExperiment
from dsp_paper.studies.dense_baselines import END, PAPER_CONV_AUDIO_EPOCHS, epoch_label
from dsp_paper.study.prose import plural

__all__ = ["conv_published_epochs", "conv_clips", "ablation_clips", "tick_clips", "pedal_clips"]

Clips = dict[str, np.ndarray]
What = dict[str, str]


def conv_published_epochs(conv: ConvExperiment) -> list[int | str]:
    """The snapshots whose audio is published: those 000 published audio at that the first
    seed's training reached, and its end (:data:`~dsp_paper.studies.dense_baselines.END`)."""
    seed = conv.seeds[0]
    return [e for e in sorted(conv.cfg.snapshots)
            if e in PAPER_CONV_AUDIO_EPOCHS and (e, seed) in conv.rows] + [END]


def conv_clips(conv: ConvExperiment) -> tuple[Clips, What]:
    """The piano in and expected, and the first seed's conv net at the published snapshots.

    Returns
    -------
    clips, what : dict of str -> np.ndarray, dict of str -> str
    """
    piece, seed = conv.corpus.split("test")[0], conv.seeds[0]
    clips = {"test input (piano)": piece.input, "expected output (lowpass)": piece.target}
    clips.update({f"conv net, {epoch_label(e)}": conv.outputs[e, seed][0]
                  for e in conv_published_epochs(conv)})
    what = {f"conv net, {epoch_label(e)}": f"seed {seed}, {conv.cfg.test_block_seconds:g} s "
            "windows overlapping by half, overlap-added" for e in conv_published_epochs(conv)}
    return clips, what


def ablation_clips(ablations: AblationExperiment,
                   conv: ConvExperiment) -> tuple[Clips, What, Clips]:
    """The first seed's ablations on the piano (published) and the baseline, all trained to
    the end (``inline``: the baseline's clip is already published).

    Returns
    -------
    clips, what, inline : dict, dict, dict
    """
    seed = conv.seeds[0]
    clips = {name: ablations.outputs[name, seed][0] for name in ABLATIONS}
    what = {name: f"seed {seed}, trained to the end ({ablations.stopped(name)})"
            for name in ABLATIONS}
    inline = {"unmodified baseline, trained to the end": conv.outputs[END, seed][0]}
    return clips, what, inline


def tick_clips(tick: TickExperiment) -> tuple[Clips, What, Clips]:
    """The first seed's blocks and overlap-add outputs (published) and the whole track.

    Returns
    -------
    clips, what, inline : dict, dict, dict
    """
    out = tick.outputs[next(iter(tick.outputs))]
    block = f"{tick.block / tick.sample_rate:g} s blocks"
    clips = {f"{block} (000's test batching)": out["blocks"], "overlap-add": out["overlap-add"]}
    what = {f"{block} (000's test batching)": "each block processed on its own, zero-padded: "
                                              "listen for the tick at every edge",
            "overlap-add": f"overlapping windows, Hann taper, hop {tick.hop} (1/8 block on the "
                           "net's stride grid): the fix 000 proposed"}
    return clips, what, {"whole track (reference)": out["whole"]}


def pedal_clips(pedal: PedalExperiment) -> tuple[Clips, What, Clips]:
    """Guitar in, through the pedal chain, and the best net (published); the others inline.

    Returns
    -------
    clips, what, inline : dict, dict, dict
    """
    piece, best = pedal.corpus.split("test")[0], pedal.best_net()
    clips = {"guitar (unseen take)": piece.input, "through the pedal chain": piece.target,
             best: pedal.outputs[best][0]}
    what = {"through the pedal chain": pedal.corpus.effect,
            best: f"the net with the lowest test ESR, after {plural(pedal.epochs, 'epoch')}"}
    inline = {m: pedal.outputs[m][0] for m in pedal.rows if m != best}
    return clips, what, inline
