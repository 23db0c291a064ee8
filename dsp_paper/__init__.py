"""dsp_paper: rebuild the early papers on neural audio-effect emulation, and measure them.

A flat toolkit (everything in ``__all__``) over small modules:

* :mod:`~dsp_paper.signals` - band-limited sweeps and tones, coloured noise, envelopes;
* :mod:`~dsp_paper.material` - real audio (piano, voice, drums, guitar) with provenance;
* :mod:`~dsp_paper.effects` - the lowpass, the 440 Hz high-pass EQ, a pedal chain, a hard
  clipper and a compressor;
* :mod:`~dsp_paper.audio_io` - WAV in/out, PCM <-> float, mono/stereo layouts;
* :mod:`~dsp_paper.windowing` - sliding windows, hold-outs, batches, block processing;
* :mod:`~dsp_paper.datasets` - the corpus machinery (pairs in splits, cached);
* :mod:`~dsp_paper.metrics` - MSE and the measures that judge audio better, onsets, tails;
* :mod:`~dsp_paper.listening` - players that work without a kernel, A/B chooser;
* :mod:`~dsp_paper.plotting`, :mod:`~dsp_paper.outputs` - figures, audio, atomically published;
* :mod:`~dsp_paper.models`, :mod:`~dsp_paper.training`, :mod:`~dsp_paper.losses`,
  :mod:`~dsp_paper.recurrent`, :mod:`~dsp_paper.runs` - Keras builders, the training loop
  (finished runs kept and reused), ESR + DC and MR-STFT losses, many-to-one and streaming
  training, snapshots;
* :mod:`~dsp_paper.evaluation`, :mod:`~dsp_paper.benchmark`, :mod:`~dsp_paper.streaming`,
  :mod:`~dsp_paper.fir`, :mod:`~dsp_paper.gruv`, :mod:`~dsp_paper.spectral` - scoring,
  timing, real-time block kernels (LSTM, GRU, wavenet), the least-squares FIR floor,
  frame-sequence generation;
* :mod:`~dsp_paper.capture` - capture an effect from a dry and a wet recording;
* :mod:`~dsp_paper.claims`, :mod:`~dsp_paper.rules` - the claims registry and its rules;
* :mod:`~dsp_paper.scales` - smoke / quick / paper, typed settings;
* :mod:`~dsp_paper.notebook` - what every notebook does at its start and end;
* :mod:`~dsp_paper.report`, :mod:`~dsp_paper.runner` - ``figures/REPORT.md``, papermill.

Each document's experiment is one module, outside the flat API:

========  ==========================================  ================================
document  module                                      notebooks
========  ==========================================  ================================
000       :mod:`~dsp_paper.doc000_lowpass`            03_dense_baselines, 04_conv_tied
001       :mod:`~dsp_paper.doc001_stereo`             04_conv_tied
002       :mod:`~dsp_paper.doc002_recurrent_eq`       05_recurrent_eq
003       :mod:`~dsp_paper.doc003_generation`         06_lstm_generation
004       :mod:`~dsp_paper.doc004_spectrogram`        02_learned_spectrogram
(all)     :mod:`~dsp_paper.critique`                  07_mse_critique
========  ==========================================  ================================
"""
from . import _environment

_environment.quiet_backend()  # before anything imports TensorFlow

from . import (benchmark, capture, claims, critique, datasets, doc000_lowpass, doc001_stereo,
               doc002_recurrent_eq, doc003_generation, doc004_spectrogram, evaluation, fir,
               gruv, losses, metrics, models, plotting, recurrent, report, rules, runs,
               spectral, streaming, training, windowing)
from .audio_io import (float32_to_pcm16, normalise, pcm16_to_float32, read_audio, resample,
                       split_mono, to_layout, write_audio, write_wav)
from .datasets import EffectCorpus
from .effects import (butterworth_sos, compressor, fir_filter, hard_clipper, highpass_eq,
                      lowpass, lowpass_fir_taps, magnitude_response_db, pedal_chain)
from .errors import MaterialMissingError, ParameterError
from .listening import ab_chooser, audio_html, player, players
from .material import (Material, amen_break, choir, guitar, kick_808, piano, provenance_table,
                       voice)
from .notebook import NotebookRun, start_notebook
from .metrics import (accuracy_12bit, all_metrics, dc_error, error_std, esr,
                      log_spectral_distance, mos_lqo, mos_lqo_or_nan, mr_stft_distance, mse,
                      reference_std, rmse, spectral_slope, table_row)
from .outputs import FigureStore, machine_description
from .scales import SCALES, resolve_scale, scale_config, seeds
from .signals import apply_envelope, envelope, fade, noise, sweep, tone
from .windowing import (Pair, WindowBatches, edge_error_db, hop_for_uses, overlap_add,
                        process_blocks_zero_padded, process_overlap_add, sample_uses,
                        sliding_windows, split_holdout)

__version__ = "0.1.0"

__all__ = [
    # audio in and out
    "float32_to_pcm16", "normalise", "pcm16_to_float32", "read_audio", "resample",
    "split_mono", "to_layout", "write_audio", "write_wav",
    # material, signals, effects
    "Material", "amen_break", "choir", "guitar", "kick_808", "piano", "provenance_table",
    "voice", "apply_envelope", "envelope", "fade", "noise", "sweep", "tone",
    "butterworth_sos", "compressor", "fir_filter", "hard_clipper", "highpass_eq", "lowpass",
    "lowpass_fir_taps", "magnitude_response_db", "pedal_chain",
    # windowing and corpora
    "EffectCorpus", "Pair", "WindowBatches", "edge_error_db", "hop_for_uses", "overlap_add",
    "process_blocks_zero_padded", "process_overlap_add", "sample_uses", "sliding_windows",
    "split_holdout",
    # measures
    "accuracy_12bit", "all_metrics", "dc_error", "error_std", "esr", "log_spectral_distance",
    "mos_lqo", "mos_lqo_or_nan", "mr_stft_distance", "mse", "reference_std", "rmse",
    "spectral_slope", "table_row",
    # listening, figures, scales, errors
    "ab_chooser", "audio_html", "player", "players", "FigureStore", "machine_description",
    "NotebookRun", "start_notebook",
    "SCALES", "resolve_scale", "scale_config", "seeds", "MaterialMissingError",
    "ParameterError",
]
