"""dsp_paper: rebuild the early papers on neural audio-effect emulation, and measure them.

A flat public API over small modules:

* :mod:`~dsp_paper.signals` - band-limited sweeps and tones, coloured noise, envelopes;
* :mod:`~dsp_paper.material` - real audio (piano, voice, drums, guitar) with provenance;
* :mod:`~dsp_paper.effects` - the lowpass, the 440 Hz high-pass EQ, a pedal chain;
* :mod:`~dsp_paper.audio_io` - WAV in/out, PCM <-> float, mono/stereo layouts;
* :mod:`~dsp_paper.windowing` - sliding windows, hold-outs, batches, block processing;
* :mod:`~dsp_paper.datasets` - each document's corpus, cached;
* :mod:`~dsp_paper.metrics` - MSE and the measures that judge audio better;
* :mod:`~dsp_paper.listening` - players that work without a kernel, A/B chooser;
* :mod:`~dsp_paper.plotting`, :mod:`~dsp_paper.outputs` - figures, atomically published;
* :mod:`~dsp_paper.models`, :mod:`~dsp_paper.training`, :mod:`~dsp_paper.losses` - Keras
  builders, the training loop (finished runs kept and reused), ESR + DC and MR-STFT losses;
* :mod:`~dsp_paper.experiments` - the trainings of 03, 04 and 05, defined once (07 reuses them);
* :mod:`~dsp_paper.fir` - the least-squares FIR floor;
* :mod:`~dsp_paper.critique` - controlled cases where MSE disagrees with the ear;
* :mod:`~dsp_paper.claims`, :mod:`~dsp_paper.rules` - the claims registry: every sub-claim's
  rule, fixed before any run, and the one inconclusive policy;
* :mod:`~dsp_paper.report` - ``figures/REPORT.md``;
* :mod:`~dsp_paper.recurrent`, :mod:`~dsp_paper.streaming` - 002's experiment and a real-time
  LSTM kernel; :mod:`~dsp_paper.gruv` - 003's frame-by-frame generation;
* :mod:`~dsp_paper.scales` - smoke / quick / paper sizes, in one place;
* :mod:`~dsp_paper.runner` - papermill over every notebook.
"""
from .audio_io import (float32_to_pcm16, normalise, pcm16_to_float32, read_audio, resample,
                       split_mono, to_layout, write_wav)
from .datasets import (EffectCorpus, KickSet, amen_clip, highpass_corpus, kick_set,
                       lowpass_corpus, pedal_corpus, stereo_corpus, stft_slices)
from . import (claims, critique, evaluation, experiments, fir, gruv, losses, metrics, models,
               plotting, recurrent, report, rules, spectral, streaming, training, windowing)
from .effects import (butterworth_sos, fir_filter, highpass_eq, lowpass, lowpass_fir_taps,
                      magnitude_response_db, pedal_chain)
from .errors import MaterialMissingError, ParameterError
from .listening import ab_chooser, audio_html, player, players
from .material import (Material, amen_break, choir, guitar, kick_808, piano, provenance_table,
                       voice)
from .metrics import (accuracy_12bit, all_metrics, dc_error, error_std, esr,
                      log_spectral_distance, mr_stft_distance, mse, reference_std, rmse,
                      spectral_slope, table_row)
from .outputs import FigureStore, machine_description
from .scales import SCALES, resolve_scale, scale_config, seeds
from .signals import apply_envelope, envelope, fade, noise, sweep, tone
from .windowing import (Pair, WindowBatches, edge_error_db, hop_for_uses, overlap_add,
                        process_blocks_zero_padded, process_overlap_add, sample_uses,
                        sliding_windows, split_holdout)

__version__ = "0.1.0"
