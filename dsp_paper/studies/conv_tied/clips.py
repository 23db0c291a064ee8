"""04's clips: the conv net at the published snapshots, the ablations, the tick and its fix,
the pedal chain; and the scores shown beside them where no target plays in the same group
(the test ESR, the tick's level), from the run's own numbers."""
from __future__ import annotations

import numpy as np

from dsp_paper.studies.conv_tied.ablations import ABLATIONS, AblationExperiment
from dsp_paper.studies.conv_tied.experiment import ConvExperiment
from dsp_paper.studies.conv_tied.pedal import PedalExperiment
from dsp_paper.studies.conv_tied.tick import TickExperiment
from dsp_paper.studies.dense_baselines import END, PAPER_CONV_AUDIO_EPOCHS, epoch_label
from dsp_paper.study.prose import plural

__all__ = ["conv_published_epochs", "conv_clips", "ablation_clips", "ablation_scores",
           "tick_clips", "tick_scores", "pedal_clips", "pedal_scores"]

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


def _test_esr(row: dict) -> str:
    return f"test ESR {row['test esr']:.3g}"


def ablation_scores(ablations: AblationExperiment,
                    conv: ConvExperiment) -> tuple[What, What]:
    """The test ESR (the whole test piano) of the clips of :func:`ablation_clips`, which play
    without the target beside them.

    Returns
    -------
    scores, inline : dict of str -> str
        Title -> ``"test ESR <value>"`` for the ablations and for the baseline.
    """
    seed = conv.seeds[0]
    return ({name: _test_esr(ablations.rows[name, seed]) for name in ABLATIONS},
            {"unmodified baseline, trained to the end": _test_esr(conv.rows[END, seed])})


def _blocks_title(tick: TickExperiment) -> str:
    return f"{tick.block / tick.sample_rate:g} s blocks (000's test batching)"


def tick_scores(tick: TickExperiment) -> What:
    """The tick's level beside each clip of :func:`tick_clips`: the first seed's error
    against the whole-track output near the block edges, in dB re the music there (for the
    overlap-add also how it compares with its error between the edges).

    Returns
    -------
    dict of str -> str
    """
    levels = tick.levels[next(iter(tick.outputs))]
    return {_blocks_title(tick): f"error at the edges {levels['blocks_edge_error_db']:.1f} dB "
                                 "re the music",
            "overlap-add": f"error at the edges {levels['overlap_add_edge_error_db']:.1f} dB, "
                           f"{levels['overlap_add_edge_excess_db']:+.1f} dB against between "
                           "them"}


def tick_clips(tick: TickExperiment) -> tuple[Clips, What, Clips]:
    """The first seed's blocks and overlap-add outputs (published) and the whole track.

    Returns
    -------
    clips, what, inline : dict, dict, dict
    """
    out = tick.outputs[next(iter(tick.outputs))]
    block = _blocks_title(tick)
    clips = {block: out["blocks"], "overlap-add": out["overlap-add"]}
    what = {block: "each block processed on its own, zero-padded: listen for the tick at "
                   "every edge",
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


def pedal_scores(pedal: PedalExperiment) -> What:
    """Every model's test ESR on the pedal chain (the whole unseen takes), by the titles of
    :func:`pedal_clips`' clips and its inline ones.

    Returns
    -------
    dict of str -> str
    """
    return {m: _test_esr(row) for m, row in pedal.rows.items()}
