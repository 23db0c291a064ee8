"""000's two ablations of the tied conv net: no hidden layer, untied filters."""
from __future__ import annotations

from dataclasses import dataclass

from dsp_paper.nn.evaluation import evaluate_corpus, frame_processor
from dsp_paper.studies.conv_tied.experiment import ConvExperiment, train_conv
from dsp_paper.studies.dense_baselines import with_nmse

__all__ = ["ABLATIONS", "ABLATION_MODELS", "AblationExperiment", "ablation_experiment"]

ABLATIONS = {"no hidden layer": dict(hidden=0), "untied filters": dict(tied=False)}
#: The ablations' model names (their checkpoints are ``04_<name>_<scale>_s<seed>``).
ABLATION_MODELS = {"no hidden layer": "conv_tied_nohidden", "untied filters": "conv_untied"}


@dataclass
class AblationExperiment:
    """000's two ablations of the tied conv net, every seed, after ``epochs``.

    Attributes
    ----------
    epochs : int
    runs, rows, outputs : dict of (name, seed) -> ...
        Names are those of :data:`ABLATIONS`.
    """

    epochs: int
    runs: dict
    rows: dict
    outputs: dict


def ablation_experiment(conv: ConvExperiment, *, progress: bool = True) -> AblationExperiment:
    """Train (or load) the ablations (no hidden layer; untied filters) for
    ``cfg.ablation_epochs``, once per seed of ``conv``, and score them like the baseline.

    Parameters
    ----------
    conv : ConvExperiment

    Returns
    -------
    AblationExperiment
    """
    cfg = conv.cfg
    runs, rows, outputs = {}, {}, {}
    for seed in conv.seeds:
        for name, change in ABLATIONS.items():
            run = train_conv(ABLATION_MODELS[name], cfg, conv.data, seed=seed,
                             epochs=cfg.ablation_epochs, progress=progress, **change)
            runs[name, seed] = run
            row, outputs[name, seed] = evaluate_corpus(
                frame_processor(run.model, batch_size=16), conv.corpus, block=conv.block)
            rows[name, seed] = with_nmse(row, conv.variances)
    return AblationExperiment(cfg.ablation_epochs, runs, rows, outputs)
