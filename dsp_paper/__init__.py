"""dsp_paper: rebuild the early papers on neural audio-effect emulation, and measure them.

A flat toolkit (everything in ``__all__``) over small modules, loaded on first use, so
``import dsp_paper`` imports neither Keras nor any study:

* :mod:`~dsp_paper.audio_io` - audio in and out, PCM <-> float, mono/stereo layouts;
* :mod:`~dsp_paper.signals` - band-limited sweeps and tones, coloured noise, envelopes;
* :mod:`~dsp_paper.material` - real audio (piano, voice, drums, guitar) with provenance;
* :mod:`~dsp_paper.effects` - the lowpass, the 440 Hz high-pass EQ, a pedal chain, a hard
  clipper and a compressor;
* :mod:`~dsp_paper.windowing` - sliding windows, hold-outs, batches, block processing;
* :mod:`~dsp_paper.spectral`, :mod:`~dsp_paper.fir` - spectra, phase and dispersion, the
  least-squares FIR;
* :mod:`~dsp_paper.datasets` - the corpus machinery (pairs in splits, cached);
* :mod:`~dsp_paper.metrics` - MSE and the measures that judge audio better, onsets, tails;
* :mod:`~dsp_paper.listening`, :mod:`~dsp_paper.plotting` - players, figures.

Below it all (see ``ARCHITECTURE.md``): :mod:`dsp_paper.nn` (Keras models, losses, training,
streaming kernels), :mod:`dsp_paper.study` (scales, rules, verdicts, notebook helpers,
estimate, report), :mod:`dsp_paper.studies` (one package per notebook), and the applications
:mod:`dsp_paper.capture`, :mod:`dsp_paper.runner` and the command line.
"""
import lazy_loader

from dsp_paper import _environment

_environment.quiet_backend()  # before anything imports TensorFlow

__version__ = "0.1.0"

__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__,
    submodules=["audio_io", "capture", "checks", "datasets", "effects", "errors", "fir",
                "listening", "material", "metrics", "nn", "plotting", "runner", "signals",
                "spectral", "studies", "study", "windowing"],
    submod_attrs={
        "audio_io": ["float32_to_pcm16", "normalise", "pcm16_to_float32", "read_audio",
                     "resample", "split_mono", "to_layout", "write_audio", "write_wav"],
        "material": ["Material", "amen_break", "choir", "guitar", "kick_808", "piano",
                     "provenance_table", "voice"],
        "signals": ["apply_envelope", "envelope", "fade", "noise", "sweep", "tone"],
        "effects": ["butterworth_sos", "compressor", "fir_filter", "hard_clipper", "highpass_eq",
                    "lowpass", "lowpass_fir_taps", "magnitude_response_db", "pedal_chain"],
        "windowing": ["Pair", "WindowBatches", "edge_error_db", "hop_for_uses", "overlap_add",
                      "process_blocks_zero_padded", "process_overlap_add", "sample_uses",
                      "sliding_windows", "split_holdout"],
        "datasets": ["EffectCorpus"],
        "metrics": ["accuracy_12bit", "all_metrics", "dc_error", "error_std", "esr",
                    "log_spectral_distance", "mos_lqo", "mos_lqo_or_nan", "mr_stft_distance",
                    "mse", "reference_std", "rmse", "spectral_slope", "table_row"],
        "listening": ["ab_chooser", "audio_html", "player", "players"],
        "errors": ["MaterialMissingError", "ParameterError"],
    },
)
__all__ = [name for name in __all__ if name not in
           {"capture", "nn", "runner", "studies", "study"}]
