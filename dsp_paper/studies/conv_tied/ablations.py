"""000's two ablations of the tied conv net: no hidden layer, untied filters."""
from __future__ import annotations

from dataclasses import dataclass

from dsp_paper.studies.conv_tied.experiment import ConvExperiment, train_conv
from dsp_paper.studies.dense_baselines import END, evaluate_run, stop_summary, with_nmse

__all__ = ["ABLATIONS", "ABLATION_MODELS", "AblationExperiment", "ablation_experiment"]

ABLATIONS = {"no hidden layer": dict(hidden=0), "untied filters": dict(tied=False)}
#: The ablations' model names (their checkpoints are ``04_<name>_plateau_<scale>_s<seed>``).
ABLATION_MODELS = {"no hidden layer": "conv_tied_nohidden", "untied filters": "conv_untied"}


@dataclass
class AblationExperiment:
    """000's two ablations of the tied conv net, every seed, trained as the baseline: to a
    plateau under the same patience and epoch cap.

    Attributes
    ----------
    epochs : int
        The epoch cap (the baseline's).
    runs, rows, outputs : dict of (name, seed) -> ...
        Names are those of :data:`ABLATIONS`; rows and outputs at the trainings' end.
    """

    epochs: int
    runs: dict
    rows: dict
    outputs: dict

    def stopped(self, name: str) -> str:
        """How one ablation's trainings ended
        (:func:`~dsp_paper.studies.dense_baselines.stop_summary`)."""
        return stop_summary([r for (n, _), r in self.runs.items() if n == name])


def ablation_experiment(conv: ConvExperiment, *, progress: bool = True) -> AblationExperiment:
    """Train (or load) the ablations (no hidden layer; untied filters) once per seed of
    ``conv`` with the baseline's budget (``cfg.patience``, ``cfg.epoch_cap``, the best weights
    restored), and score them at their end like the baseline.

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
                             epochs=cfg.epoch_cap, patience=cfg.patience, progress=progress,
                             **change)
            runs[name, seed] = run
            row, outputs[name, seed] = evaluate_run(run, conv.corpus, window=conv.block,
                                                    hop=conv.hop, batch_size=16)[END]
            rows[name, seed] = with_nmse(row, conv.variances)
    return AblationExperiment(cfg.epoch_cap, runs, rows, outputs)
