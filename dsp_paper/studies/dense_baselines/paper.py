"""Document 000, "TensorFlow Signal Processing": the numbers it reports, typed once.

Its tables of the dense nets (:data:`PAPER_DENSE_ROWS`) and of the tied conv net
(:data:`PAPER_CONV_ROWS`), the epochs and sizes it names, and its material, model and training
as far as it states them (:data:`PAPER_SETUP`); notebook ``04_conv_tied`` uses the conv net's.

Examples
--------
>>> PAPER_DENSE_ROWS["linear"]["test mse"]
0.00119
>>> round(paper_nmse(PAPER_DENSE_ROWS["linear"])["val nmse"], 3)
0.302
"""
from __future__ import annotations

from dsp_paper.study.references import Reference

from dsp_paper.nn.evaluation import DOCUMENT_COLUMNS

__all__ = ["REFERENCE", "PAPER_COLUMNS", "PAPER_DENSE_EPOCHS", "PAPER_DENSE_HIDDEN", "PAPER_CONV_HIDDEN",
           "PAPER_TEST_BLOCK_SECONDS", "PAPER_CONV_AUDIO_EPOCHS", "PAPER_LINEAR_TRAINING_HOURS",
           "PAPER_DENSE_ROWS", "PAPER_CONV_ROWS", "NMSE_COLUMNS", "PAPER_SETUP", "paper_nmse"]

# 000's table columns, in its order (evaluation.DOCUMENT_COLUMNS): mse, rmse and std for
# training and validation, its "reference", then test mse, rmse and std. Read as: std = the
# error's standard deviation, reference = the target's standard deviation.
PAPER_COLUMNS = tuple(DOCUMENT_COLUMNS)

#: The epochs 000 listened to its dense nets at (its table is at the last).
PAPER_DENSE_EPOCHS = (20, 4000)
#: 000's hidden layers: the dense nets' and the conv net's.
PAPER_DENSE_HIDDEN = 1000
PAPER_CONV_HIDDEN = 50
#: 000's half-second test blocks.
PAPER_TEST_BLOCK_SECONDS = 0.5
#: The epochs 000 published the conv net's audio at.
PAPER_CONV_AUDIO_EPOCHS = (0, 5, 10, 20, 50, 200)
#: "It took almost 5 hours to train this network" (the linear net).
PAPER_LINEAR_TRAINING_HOURS = 5

#: 000's table rows of the dense nets after 4000 epochs, ``{label: {column: value}}``.
PAPER_DENSE_ROWS = {
    label: dict(zip(PAPER_COLUMNS, values)) for label, values in (
        ("linear", (0.00342, 0.00327, 0.05847, 0.05722, 0.05885, 0.05723, 0.10412,
                    0.00119, 0.03446, 0.03447)),
        ("nonlinear", (0.00471, 0.00363, 0.06866, 0.06024, 0.06897, 0.06025, 0.10219,
                       0.00144, 0.03792, 0.03792)))}

#: 000's table of the tied conv net, ``{epoch: {column: value}}``.
PAPER_CONV_ROWS = {
    epoch: dict(zip(PAPER_COLUMNS, values)) for epoch, values in (
        (0, (0.01625, 0.01399, 0.12748, 0.11827, 0.08833, 0.07587, 0.11131,
             0.00829, 0.09110, 0.02744)),
        (5, (0.00202, 0.00542, 0.04490, 0.07361, 0.04497, 0.07355, 0.09906,
             0.00021, 0.01464, 0.01371)),
        (10, (0.00253, 0.00120, 0.05026, 0.03461, 0.05052, 0.03447, 0.10856,
              0.00014, 0.01181, 0.01087)),
        (15, (0.00194, 0.00235, 0.04408, 0.04844, 0.04439, 0.04842, 0.10380,
              0.00010, 0.01023, 0.01024)),
        (20, (0.00168, 0.00280, 0.04100, 0.05291, 0.04124, 0.05290, 0.10097,
              0.00011, 0.01061, 0.00992)),
        (30, (0.00180, 0.00212, 0.04244, 0.04603, 0.04261, 0.04604, 0.10356,
              9.1680e-05, 0.00957, 0.00951)),
        (40, (0.00179, 0.00208, 0.04229, 0.04556, 0.04245, 0.04556, 0.10453,
              8.9273e-05, 0.00945, 0.00945)),
        (50, (0.00153, 0.00280, 0.03918, 0.05287, 0.03933, 0.05289, 0.10946,
              9.0900e-05, 0.00953, 0.00950)))}

#: The columns added beside 000's: MSE over the variance of that split's target.
NMSE_COLUMNS = ("train nmse", "val nmse", "test nmse")

#: 000's material, model and training, as far as it states them.
PAPER_SETUP = {
    "material": "sine, square and saw sweeps through a lowpass (its cut-off and order not "
                "stated); test: a Brahms piano piece from MIDI",
    "sample rate": "not stated ('a uniform sample rate')",
    "optimiser": "not stated",
    "training windows": "not stated (overlapping windows, reshuffled every epoch)",
    "seeds": "one run",
    "conv sizes": "not stated (filters 'large enough to detect full oscillations')",
}


def paper_nmse(row: dict) -> dict:
    """A copy of one of 000's rows with its normalised MSEs: training and validation MSE over
    the square of its "reference" (the target's standard deviation); the test's is unknown
    (NaN), since 000 gives no level for its piano."""
    ref = row["reference"] ** 2
    return {**row, "train nmse": row["train mse"] / ref, "val nmse": row["val mse"] / ref,
            "test nmse": float("nan")}

#: Document 000 as it names itself: a project paper by Julie Shapiro whose README says "The
#: current progress on this project is available at github.com/jshap70/TensorFlow-Signal-
#: Processing"; it gives no year, only an update of 2018/03/31.
REFERENCE = Reference(
    key="000", title="TensorFlow Signal Processing", author="Julie Shapiro",
    kind="project paper (a repository's README)", date="undated, updated 2018-03-31",
    venue="GitHub", link="https://github.com/jshap70/TensorFlow-Signal-Processing")
