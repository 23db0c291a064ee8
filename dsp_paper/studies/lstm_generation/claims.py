"""The sub-claims of 003 that notebook 06 judges (C3.*), and the record they are judged on."""
from __future__ import annotations

from collections.abc import Sequence

from dsp_paper.study.rules import All, Compare, SubClaim, between
from dsp_paper.studies.lstm_generation.experiment import PLAIN, AmenRun, KickRun, Representation

__all__ = ["CLAIMS", "record"]


def record(representation: Representation, kicks: KickRun, amen: AmenRun, *,
           seeds: Sequence[int]) -> dict:
    """The quantities the C3.* rules read, one value per seed.

    Parameters
    ----------
    representation : Representation
    kicks : KickRun
    amen : AmenRun
    seeds : sequence of int

    Returns
    -------
    dict
        Each onset F-measure beside what the same generated onsets score by chance, shifted
        together by random times (``*_onset_f_chance``,
        :func:`~dsp_paper.studies.lstm_generation.experiment.onset_f_by_chance`), and the
        F-measure above it (``*_onset_f_above_chance``).
    """
    f = {label: amen.column(label, "onset F-measure") for label in ("raw frames", "FFT frames")}
    chance = {label: amen.column(label, "onset F-measure by chance")
              for label in ("raw frames", "FFT frames", PLAIN)}
    return {"seeds": list(seeds), "fft_round_trip_error": representation.round_trip_error,
            "raw_onset_f": f["raw frames"], "fft_onset_f": f["FFT frames"],
            "raw_onset_f_chance": chance["raw frames"],
            "fft_onset_f_chance": chance["FFT frames"],
            "plain_onset_f_chance": chance[PLAIN],
            # (rounded: a score at exactly its chance level is 0, not a rounding residue)
            **{f"{key}_onset_f_above_chance": [round(a - c, 12)
                                               for a, c in zip(f[label], chance[label])]
               for key, label in (("raw", "raw frames"), ("fft", "FFT frames"))},
            "raw_onset_corr": amen.column("raw frames", "onset-strength correlation"),
            "fft_onset_corr": amen.column("FFT frames", "onset-strength correlation"),
            "kick_tail_rms_ratio": [float(kicks.table.loc[s, "tail RMS / kick RMS"].median())
                                    for s in seeds],
            "plain_onset_f": amen.column(PLAIN, "onset F-measure"),
            "plain_after_over_during_rms": amen.column(PLAIN, "RMS after the break / during"),
            "plain_onsets_after": amen.column(PLAIN, "onsets after the break")}


CLAIMS = [
    # ---------------------------------------------------------------- 003, notebook 06
    SubClaim(
        "C3.1", "003", "06_lstm_generation",
        quote="even though the concatenated complex FFT representation is perfectly lossless, "
              "it may not be as descriptive of what the sound is, or how it changes. Especially "
              "when it comes to percussive rhythmic sequences",
        claim="The packed FFT frames are lossless, yet a model of the amen break built on them "
              "recreates its rhythm less well than one on raw frames.",
        measured="largest round-trip error of the packed FFT (fft_round_trip_error); for the "
                 "break generated from its first frame by the raw-frame and the FFT-frame "
                 "model, onset F-measure against the original (onsets within "
                 "onset_tolerance_s) less what the same generated onsets score by chance, "
                 "shifted together by random times (raw_onset_f_above_chance, "
                 "fft_onset_f_above_chance), and onset-strength correlation (raw_onset_corr, "
                 "fft_onset_corr) against the original, each seed",
        rule=All(Compare("fft_round_trip_error", "<", 1e-5, label="lossless"),
                 Compare("raw_onset_f_above_chance", ">", "fft_onset_f_above_chance",
                         label="raw frames' onsets line up further beyond chance"),
                 Compare("raw_onset_corr", ">", "fft_onset_corr")),
        settings={"onset_tolerance_s": 0.05},
        decides_at=("quick", "paper"),
        trained=("06_amen_fft_*", "06_amen_raw_*"), capability=True,
        why=("Lossless: 1e-5, a hundred times float32's rounding of a 2048-point transform of "
             "audio at full scale.",
             "Onsets within 50 ms, MIREX's tolerance for onset detection; at the amen "
             "break's density onsets placed anywhere match about half the time, so each "
             "model's F-measure counts only above what its own onsets score shifted at "
             "random; the orderings need no margin beyond the paired seeds.")),
    SubClaim(
        "C3.2", "003", "06_lstm_generation",
        quote="notice how the weird interrupted peaks in the upper signal coincide with the "
              "peaks in the amen break? ... the stacked LSTM model can basically recreate the "
              "input sequence, at least when it's overfitting on the one single example",
        claim="The raw-frame model, overfitted on one break, recreates it: its peaks line up "
              "with the original's.",
        measured="onset F-measure (raw_onset_f) of the raw-frame model's generated break "
                 "against the original beside what the same generated onsets score by chance, "
                 "shifted together by random times (raw_onset_f_chance), and onset-strength "
                 "correlation (raw_onset_corr), each seed",
        rule=All(Compare("raw_onset_f", ">", "raw_onset_f_chance",
                         label="its onsets line up beyond chance"),
                 Compare("raw_onset_corr", ">=", 0.3, label="the onset envelopes follow")),
        settings={"onset_tolerance_s": 0.05},
        decides_at=("quick", "paper"),
        trained=("06_amen_raw_*",), capability=True,
        why=("Onsets matched within 50 ms more often than the same onsets shifted at random "
             "(at the break's density random onsets score about 0.5, a steady 16th-note grid "
             "about 0.77, so no fixed F-measure means lining up).",
             "Correlation 0.3: the onset envelopes clearly related, beyond the near-zero of "
             "unrelated drum patterns.")),
    SubClaim(
        "C3.3a", "003", "06_lstm_generation",
        quote="I've zero-padded each sample to uniform length M and left the model to go on for "
              "a few more frames ... the network captures some kind of signal, and repeats it "
              "after the original sound would have ended",
        claim="Generated 808 kicks go on in a tail after the zero-padded end of the sound.",
        measured="RMS of each generated kick over the frames after the original's zero-padded "
                 "end relative to its RMS while the kick sounds; median over the kicks shown "
                 "(kick_tail_rms_ratio), each seed; the original is silent there",
        rule=Compare("kick_tail_rms_ratio", ">=", 0.05),
        decides_at=("quick", "paper"),
        trained=("06_kicks_fft_*",), capability=True,
        why=("5 % of the kick's RMS (26 dB down) is far above the original's silence and "
             "audible after a kick.",)),
    SubClaim(
        "C3.3b", "003", "06_lstm_generation",
        quote="Without compensating for mean & variance, this well-trained model actually "
              "generates an amen break. ... It gracefully dissolves into the typical 'tail' at "
              "the end, but periodically comes back with a bit of the drum beat.",
        claim="Rendered without the mean and variance, the raw-frame model's break is the amen "
              "break, then dissolves into a tail that comes back with drum hits.",
        measured="for the raw-frame model's generation rendered without adding the mean and "
                 "variance back: onset F-measure over the break's length (plain_onset_f) "
                 "beside what the same onsets score shifted at random (plain_onset_f_chance), "
                 "RMS after the break relative to during it (plain_after_over_during_rms), and "
                 "onsets detected after the break (plain_onsets_after), each seed",
        rule=All(Compare("plain_onset_f", ">", "plain_onset_f_chance", label="it is the break"),
                 between("plain_after_over_during_rms", 0.05, 1.0,
                          label="it dissolves into a tail"),
                 Compare("plain_onsets_after", ">=", 2.0, label="hits come back")),
        settings={"onset_tolerance_s": 0.05},
        decides_at=("quick", "paper"),
        trained=("06_amen_raw_*",), capability=True,
        why=("The break: onsets as in C3.2 (within 50 ms, beyond chance).",
             "A tail: after the break at least 5 % of the break's RMS (as in C3.3a) and less "
             "than all of it ('dissolves').",
             "Comes back: two or more onsets after the break, more than one stray hit.")),
]
