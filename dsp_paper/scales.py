"""The three scales, defined once: sizes, durations and epochs for every corpus and notebook.

``smoke`` proves a code path in seconds, ``quick`` shows the papers' qualitative findings on a
2-core CPU, ``paper`` uses the documents' own sizes (for a GPU). A scale changes sizes and
epochs, never which code runs.
"""
from __future__ import annotations

import os
from collections.abc import Mapping

from .errors import ParameterError

__all__ = ["SCALES", "DEFAULT_SCALE", "ENV_VAR", "SEEDS", "resolve_scale", "scale_config",
           "sections", "seeds"]

SCALES = ("smoke", "quick", "paper")
DEFAULT_SCALE = "quick"
ENV_VAR = "DSP_PAPER_SCALE"

# Every training a claim rests on runs once per seed (the initial weights and the shuffling);
# the verdicts are judged over them (dsp_paper.claims). Smoke proves the code path with one.
SEEDS = {"smoke": (0,), "quick": (0, 1, 2), "paper": (0, 1, 2)}

# 002's models at the thesis's sizes: (window, hidden) and, for the CNN, (window, filters, kernel)
THESIS_SIZES = dict(lstm=(1024, 384), reduced_lstm=(512, 160), gru=(512, 160),
                    cnn=(1024, 128, 128))

# Each section: "all" holds what every scale shares; a scale's own entry overrides it.
_SETTINGS = {
    # 000 "TensorFlow Signal Processing": sweeps through a lowpass, Brahms piano as test.
    "lowpass_000": {
        "all": dict(sample_rate=44100, shapes=("sine", "square", "saw"), f_start=50.0,
                    f_end=5000.0, cutoff_hz=1000.0, order=2, layout="mono",
                    validation_fraction=0.1, level=0.5),
        "smoke": dict(sweep_seconds=0.5, piano_seconds=2.0, validation_block_seconds=0.05),
        "quick": dict(sweep_seconds=3.0, piano_seconds=8.0, validation_block_seconds=0.25),
        "paper": dict(sweep_seconds=30.0, piano_seconds=None, validation_block_seconds=0.25),
    },
    # 001 "Deep Signal Processing": sine and triangle sweeps, stereo kept, piano and voice tests.
    "stereo_001": {
        "all": dict(sample_rate=44100, shapes=("sine", "triangle"), f_start=50.0, f_end=5000.0,
                    cutoff_hz=1000.0, order=2, layout="stereo", sample_uses=10,
                    validation_fraction=0.1, level=0.5),
        "smoke": dict(sweep_seconds=0.5, piano_seconds=2.0, validation_block_seconds=0.05),
        "quick": dict(sweep_seconds=5.0, piano_seconds=12.0, validation_block_seconds=0.25),
        "paper": dict(sweep_seconds=30.0, piano_seconds=None, validation_block_seconds=0.25),
    },
    # The extension 000 named but never evaluated: recorded guitar through a pedal chain.
    "pedal_ext": {
        "all": dict(sample_rate=44100, layout="mono", drive_db=24.0, tone_hz=2500.0,
                    level_db=-12.0, level=0.5, validation_fraction=0.1,
                    validation_block_seconds=0.25,
                    test_takes=("guit_e_slide", "guit_harmonics")),
        "smoke": dict(train_takes=("guit_e_fifths",)),
        "quick": dict(train_takes=("guit_em9", "guit_e_fifths")),
        "paper": dict(train_takes=("guit_em9", "guit_e_fifths")),
    },
    # 002 thesis: noises and sweeps with envelopes through a 440 Hz high-pass; voice validation.
    "highpass_002": {
        "all": dict(sample_rate=44100, cutoff_hz=440.0, order=2, clip_seconds=1.0,
                    fade_seconds=0.05),
        "smoke": dict(full_samples=88_200, mini_samples=44_100, validation1_samples=44_100),
        "quick": dict(full_samples=2_646_000, mini_samples=882_000, validation1_samples=264_600),
        "paper": dict(full_samples=7_813_000, mini_samples=882_000, validation1_samples=529_200),
    },
    # 003 GRUV-style generation: variations of a real 808 kick, and the amen break.
    "drums_003": {
        "all": dict(sample_rate=44100, frame_samples=2048, amen_frames=60, kick_frames=16,
                    pitch_range=(0.8, 1.25), decay_range=(0.15, 1.0), level_range=(0.3, 1.0)),
        "smoke": dict(kick_count=12),
        "quick": dict(kick_count=250),
        "paper": dict(kick_count=250),
    },
    # 004 learned spectrogram: random 2048-sample slices at 8 kHz.
    # 004's slices are 2048 samples (33 x 129 STFT frames x bins); quick halves them (17 x
    # 129, a layer a quarter the size) so that three seeds of the layer fit a 2-core CPU.
    "slices_004": {
        "all": dict(sample_rate=8000, slice_samples=2048),
        "smoke": dict(count=256),
        "quick": dict(count=4000, slice_samples=1024),
        "paper": dict(count=15_000),
    },
    # 000's dense baselines: a window in, the same window out, one hidden layer of 1000.
    "03_dense_baselines": {
        "all": dict(window=1000, hidden=1000, batch_size=64, learning_rate=1e-3, seed=0,
                    fir_taps=1000),
        "smoke": dict(sample_uses=2, early_epoch=1, epochs=2),
        "quick": dict(sample_uses=2, early_epoch=20, epochs=30),
        "paper": dict(sample_uses=10, early_epoch=20, epochs=4000),
    },
    # 000's convolutional net with tied filters, its ablations, the tick, pedal and stereo.
    "04_conv_tied": {
        "all": dict(window=4000, filters=16, kernel_size=1000, strides=10, hidden=50,
                    batch_size=32, learning_rate=1e-3, seed=0, test_block_seconds=0.5,
                    fir_taps=1000),
        "smoke": dict(sample_uses=2, epochs=1, snapshots=(0, 1), ablation_epochs=1,
                      pedal_epochs=1, stereo_epochs=1),
        "quick": dict(sample_uses=2, batch_size=16, epochs=15, snapshots=(0, 5, 10, 15),
                      ablation_epochs=10, pedal_epochs=5, stereo_epochs=5),
        "paper": dict(sample_uses=10, epochs=200,
                      snapshots=(0, 5, 10, 15, 20, 30, 40, 50, 200), ablation_epochs=200,
                      pedal_epochs=200, stereo_epochs=200),
    },
    # 002's many-to-one LSTM / GRU / dilated CNN, and the streaming LSTM with a cut-off knob.
    # C2.3's latency is measured at latency_sizes: the thesis's own sizes from quick up. The
    # streaming LSTM's segments leave 512 samples after the warm-up, room for the 512-point
    # FFT of 07's spectral loss (bins 86 Hz apart: five below the 440 Hz cut-off), so 07's
    # spectral variant and 05's model learn from the same segments. The knob model is judged
    # at the registry's unseen cut-offs (dsp_paper.claims.KNOB_UNSEEN_CUTOFFS), the streaming
    # LSTM's real time in the registry's block sizes (STREAM_BLOCKS).
    "05_recurrent_eq": {
        "all": dict(batch_size=256, learning_rate=1e-3, patience=100, seed=0,
                    stream_hidden=32, stream_segment=640,
                    stream_warmup=128, stream_hop=640, stream_batch=64,
                    stream_learning_rate=0.01, pre_emphasis=0.85, dc_weight=1.0,
                    knob_range=(200.0, 2000.0),
                    knob_train_cutoffs=(200.0, 316.0, 500.0, 791.0, 1250.0, 2000.0)),
        # smoke times its own small models; quick and paper the thesis's sizes
        "smoke": dict(lstm=(64, 16), reduced_lstm=(32, 8), cnn=(64, 8, 8), windows=512,
                      latency_sizes=dict(lstm=(64, 16), reduced_lstm=(32, 8), gru=(32, 8),
                                         cnn=(64, 8, 8)), latency_repeats=2,
                      validation_windows=256, lstm_epochs=1, reduced_epochs=1, cnn_epochs=1,
                      voice_seconds=0.5, clips_seconds=0.25, stream_epochs=1, knob_epochs=1,
                      benchmark_seconds=1.0),
        "quick": dict(lstm=(128, 32), reduced_lstm=(64, 16), cnn=(128, 8, 8), windows=8192,
                      latency_sizes=THESIS_SIZES, latency_repeats=5,
                      validation_windows=2048, lstm_epochs=6, reduced_epochs=6, cnn_epochs=4,
                      voice_seconds=None, clips_seconds=2.0, stream_epochs=4, knob_epochs=8,
                      benchmark_seconds=5.0),
        "paper": dict(lstm=(1024, 384), reduced_lstm=(512, 160), cnn=(1024, 128, 128),
                      latency_sizes=THESIS_SIZES, latency_repeats=5,
                      windows=65_536, validation_windows=8192, lstm_epochs=1000,
                      reduced_epochs=450, cnn_epochs=3, voice_seconds=None, clips_seconds=None,
                      stream_epochs=100, knob_epochs=100, benchmark_seconds=10.0),
    },
    # 003's GRUV-style generation: LSTM width N (= frame values) at paper, narrower below.
    "06_lstm_generation": {
        # Adam at 3e-3 reaches the break's MSE of 0.05 in half the epochs it takes at 1e-3;
        # on the kicks (32 per batch) 1e-3 gets to 0.15 faster.
        "all": dict(layers=2, learning_rate=1e-3, amen_learning_rate=3e-3, seed=0,
                    kick_batch=32, kick_target_mse=0.15,
                    amen_target_mse=0.05, kick_extra_frames=16, kicks_shown=3,
                    onset_tolerance=0.05),
        "smoke": dict(hidden=32, vowel_epochs=2, kick_max_epochs=2, amen_max_epochs=3,
                      vowel_frames=20, amen_generate_frames=70),
        "quick": dict(hidden=256, vowel_epochs=100, kick_max_epochs=40, amen_max_epochs=400,
                      vowel_frames=60, amen_generate_frames=120),
        "paper": dict(hidden=2048, vowel_epochs=500, kick_max_epochs=500, amen_max_epochs=2000,
                      vowel_frames=60, amen_generate_frames=120),
    },
    # 07: the controlled cases, the outputs of 03-05 re-judged, spectral-loss retraining and
    # the least-squares FIR floor. The MSE-trained conv net it compares with is 04's snapshot
    # after conv_epochs (one of 04's snapshots at every scale); the streaming LSTM's spectral
    # variants train on 05's segments for 05's epochs, with FFTs up to what a segment holds
    # after its warm-up.
    "07_mse_critique": {
        "all": dict(seed=0, conv_fft_sizes=(256, 512, 1024), stream_fft_sizes=(128, 256, 512),
                    esr_weight=1.0, fir_taps=1000, disputed_shown=3),
        "smoke": dict(piano_seconds=2.0, voice_seconds=1.0, conv_epochs=1),
        "quick": dict(piano_seconds=8.0, voice_seconds=None, conv_epochs=10),
        "paper": dict(piano_seconds=8.0, voice_seconds=None, conv_epochs=200),
    },
    "02_learned_spectrogram": {
        # SGD with momentum: the loss is a mean over 8514 outputs, so each weight's gradient
        # is small; a large step is stable because the problem is exactly linear.
        "all": dict(n_fft=256, hop=64, batch_size=64, learning_rate=250.0, momentum=0.9,
                    early_epoch=1, dft_size=128, dft_batch_size=64, dft_learning_rate=30.0,
                    target_loss=1e-7, seed=0),
        "smoke": dict(epochs=2, test_count=100, dft_count=512, dft_epochs=2, bench_batch=64,
                      bench_repeats=2),
        "quick": dict(epochs=14, test_count=500, dft_count=4000, dft_epochs=10,
                      bench_batch=1000, bench_repeats=5),
        "paper": dict(epochs=10, test_count=1000, dft_count=15_000, dft_epochs=10,
                      bench_batch=15_000, bench_repeats=5),
    },
    "01_data": {
        "all": dict(batch_window=1000, batch_uses=10, tick_block_seconds=0.5,
                    tick_fir_taps=255),
        "smoke": dict(player_seconds=1.0, example_seconds=1.0),
        "quick": dict(player_seconds=5.0, example_seconds=4.0),
        "paper": dict(player_seconds=5.0, example_seconds=6.0),
    },
}


class Settings(Mapping):
    """Read-only settings of one section at one scale; items are also attributes."""

    def __init__(self, section, scale, values):
        self._section, self._scale, self._values = section, scale, dict(values)

    def __getitem__(self, key):
        return self._values[key]

    def __getattr__(self, key):
        try:
            return self._values[key]
        except KeyError:
            raise AttributeError(
                f"section {self._section!r} has no setting {key!r}; it has "
                f"{sorted(self._values)}") from None

    def __iter__(self):
        return iter(self._values)

    def __len__(self):
        return len(self._values)

    @property
    def scale(self):
        return self._scale

    @property
    def section(self):
        return self._section

    def __repr__(self):
        body = ", ".join(f"{k}={v!r}" for k, v in self._values.items())
        return f"Settings({self._section!r}, {self._scale!r}: {body})"


def resolve_scale(scale=None):
    """Return a valid scale name; ``None`` means ``$DSP_PAPER_SCALE``, else ``"quick"``.

    Raises
    ------
    ParameterError
        For any name other than ``smoke``, ``quick`` or ``paper``.
    """
    if scale is None:
        scale = os.environ.get(ENV_VAR) or DEFAULT_SCALE
    if not isinstance(scale, str) or scale.strip().lower() not in SCALES:
        raise ParameterError(f"unknown scale {scale!r}: choose one of {', '.join(SCALES)}")
    return scale.strip().lower()


def sections():
    """Names of every section that has settings."""
    return tuple(_SETTINGS)


def scale_config(section, scale=None):
    """Settings of one corpus or notebook at one scale.

    Parameters
    ----------
    section : str
        A corpus (``"lowpass_000"``, ``"highpass_002"``, ...) or a notebook (``"01_data"``).
    scale : {"smoke", "quick", "paper"}, optional
        Defaults to ``$DSP_PAPER_SCALE`` or ``"quick"``.

    Examples
    --------
    >>> scale_config("slices_004", "paper").count
    15000
    """
    scale = resolve_scale(scale)
    if section not in _SETTINGS:
        raise ParameterError(f"unknown section {section!r}; known: {', '.join(_SETTINGS)}")
    entry = _SETTINGS[section]
    return Settings(section, scale, {**entry.get("all", {}), **entry.get(scale, {})})


def seeds(scale=None):
    """The seeds every claim-bearing training runs with at ``scale`` (:data:`SEEDS`).

    Examples
    --------
    >>> seeds("quick")
    (0, 1, 2)
    """
    return SEEDS[resolve_scale(scale)]
