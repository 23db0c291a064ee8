"""Document 002, the thesis "Audio Effects Emulation with Neural Networks" (2017): the numbers
it reports, typed once (``THESIS_*``), and the arithmetic on them that the notebook sets beside
this run's (:func:`less_error`, :func:`rating_means`).

Model names, everywhere: ``"LSTM"``, ``"reduced LSTM"``, ``"GRU"``, ``"dilated CNN"`` (the
thesis's, :data:`THESIS_MODELS`) and ``"streaming LSTM"`` (this run's,
:data:`~dsp_paper.studies.recurrent_eq.STREAMING`).
"""
from __future__ import annotations

from dsp_paper.study.references import Reference

from dsp_paper.errors import ParameterError

__all__ = ["REFERENCE", "THESIS_MODELS", "THESIS_SIZES", "THESIS_SAMPLE_RATE", "THESIS_CUTOFF_HZ",
           "THESIS_SAMPLES", "THESIS_PATIENCE", "THESIS_VALIDATION_ERROR",
           "THESIS_LESS_ERROR_PERCENT", "THESIS_EPOCHS", "THESIS_CNN_HOURS",
           "THESIS_MS_PER_SAMPLE", "THESIS_SECONDS_PER_SECOND", "THESIS_LATENCY_LIMITS_MS",
           "THESIS_ACCURACY_12BIT", "THESIS_RATING_SCALE", "THESIS_RATINGS",
           "THESIS_RATING_MEAN", "THESIS_HARDWARE", "less_error", "rating_means"]

#: The thesis's four networks, in its order.
THESIS_MODELS = ("LSTM", "reduced LSTM", "GRU", "dilated CNN")

#: Sizes (4.1.1, 4.1.3, 3.1.3): ``(input window, hidden units)`` of the recurrent nets and
#: ``(input window, filters, kernel size)`` of the CNN. The CNN's window is not given: the
#: LSTM's is used.
THESIS_SIZES = {"lstm": (1024, 384), "reduced_lstm": (512, 160), "gru": (512, 160),
                "cnn": (1024, 128, 128)}
#: Sample rate of all the thesis's audio (Hz, 3.3) and the high-pass's cut-off (Hz, 3.4).
THESIS_SAMPLE_RATE = 44100
THESIS_CUTOFF_HZ = 440.0
#: Training samples of the full set and of "miniaudio" (3.3).
THESIS_SAMPLES = {"full": 7_813_000, "mini": 882_000}
#: Early stopping: "when the validation error increased ... 100 epochs in a row" (3.4).
THESIS_PATIENCE = 100
#: Final validation error (MSE) of each network (4.1.1, 4.1.3, 4.2, 4.3).
THESIS_VALIDATION_ERROR = {"LSTM": 7.9e-5, "reduced LSTM": 3.03e-3, "GRU": 7.823e-3,
                           "dilated CNN": 1.905e-2}
#: "% less error" of the reduced LSTM than each other network (5).
THESIS_LESS_ERROR_PERCENT = {"GRU": 61.3, "dilated CNN": 84.09}
#: Epochs as the thesis gives them: the LSTM's are not stated; the GRU's figure shows "the last
#: 3000 epochs", so it ran more.
THESIS_EPOCHS = {"LSTM": None, "reduced LSTM": 450, "GRU": "over 3000", "dilated CNN": 3}
#: The CNN trained "for over 18 hours" (4.3).
THESIS_CNN_HOURS = 18
#: One forward pass of the LSTM for one output sample (ms), and so seconds per second of
#: 44.1 kHz audio (4.1.1).
THESIS_MS_PER_SAMPLE = 0.8
THESIS_SECONDS_PER_SECOND = 35.0
#: The latencies the thesis calls optimal (ms, 5, after its ref. [16]).
THESIS_LATENCY_LIMITS_MS = {"guitar": 13.0, "voice": 3.0}
#: The 12-bit "accuracy" (share of samples within 0.000244 of the target, 3.5.1): used for
#: the CNN only, and reported only in words (4.3); None: not reported.
THESIS_ACCURACY_12BIT = {"LSTM": None, "reduced LSTM": None, "GRU": None,
                         "dilated CNN": "decreased drastically during training (Fig. 18); "
                                        "no value given"}
#: The listeners' scale (3.5.2) and how many of the 9 listeners gave each rating to the LSTM's
#: voice output (4.1.2); and the mean the thesis states ("2'25").
THESIS_RATING_SCALE = {1: "not similar at all", 2: "some similarities", 3: "almost the same",
                       4: "the same"}
THESIS_RATINGS = {1: 3, 2: 4, 3: 2, 4: 0}
THESIS_RATING_MEAN = 2.25
#: Where the thesis trained and timed (3.6).
THESIS_HARDWARE = "NVIDIA GeForce GTX 960M (2 GB) and a 10 GB FloydHub GPU"


def less_error(better: float, worse: float) -> float:
    """The thesis's "% less error": ``100 * (1 - better / worse)`` (negative: more error)."""
    if worse <= 0:
        raise ParameterError(f"the worse error must be positive, got {worse}")
    return 100.0 * (1.0 - better / worse)


def rating_means(counts: dict[int, int] | None = None) -> dict:
    """Two means of the thesis's listener ratings (4.1.2).

    Parameters
    ----------
    counts : dict of int -> int, optional
        Rating -> listeners; default :data:`THESIS_RATINGS`.

    Returns
    -------
    dict
        ``listeners``; ``of_ratings``: the mean rating; ``of_counts``: the mean of the counts
        over the scale's steps (what the thesis's stated 2.25 equals).
    """
    counts = THESIS_RATINGS if counts is None else counts
    listeners = sum(counts.values())
    if listeners <= 0:
        raise ParameterError(f"need at least one listener, got {counts}")
    return dict(listeners=listeners,
                of_ratings=sum(r * n for r, n in counts.items()) / listeners,
                of_counts=listeners / len(counts))

#: Document 002 as its title page names it.
REFERENCE = Reference(
    key="002", title="Audio Effects Emulation with Neural Networks",
    author="Omar del Tejo Catalá",
    kind="bachelor's thesis (Trabajo Fin de Grado, Grado en Ingeniería Informática; tutor "
         "Carlos Carrascosa Casamayor)",
    date="2016/2017",
    venue="Escola Tècnica Superior d'Enginyeria Informàtica, Universitat Politècnica de "
          "València",
    link=None)
