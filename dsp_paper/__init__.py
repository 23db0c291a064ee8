"""dsp_paper: rebuild the early papers on neural audio-effect emulation, and measure them.

A flat toolkit (every public name of the modules below is in ``__all__``) over small modules,
loaded on first use, so ``import dsp_paper`` imports neither Keras nor any study:

* :mod:`~dsp_paper.audio_io` - audio in and out, PCM <-> float, mono/stereo layouts;
* :mod:`~dsp_paper.signals` - band-limited sweeps and tones, coloured noise, envelopes;
* :mod:`~dsp_paper.material` - real audio (piano, voice, drums, guitar) with provenance;
* :mod:`~dsp_paper.effects` - the lowpass, the 440 Hz high-pass EQ, a pedal chain, a hard
  clipper and a compressor;
* :mod:`~dsp_paper.faults` - families of the faults effect models make (noise, distortion,
  aliasing, a mis-set filter, dynamics, pre-echo, ...), each at a severity;
* :mod:`~dsp_paper.windowing` - sliding windows, hold-outs, batches, block processing;
* :mod:`~dsp_paper.spectral`, :mod:`~dsp_paper.fir` - spectra, phase and dispersion, the
  least-squares FIR;
* :mod:`~dsp_paper.datasets` - the corpus machinery (pairs in splits, cached);
* :mod:`~dsp_paper.metrics` - MSE and the measures that judge audio better, onsets, tails;
* :mod:`~dsp_paper.perceptual` - perceptual judges beside ViSQOL (Zimtohrli, the 2f-model, a
  loudness error) and a catalogue of the four;
* :mod:`~dsp_paper.listening`, :mod:`~dsp_paper.plotting` - players, figures.

The layers built on it are imported by name (see ``ARCHITECTURE.md``): :mod:`dsp_paper.nn`
(Keras models, losses, training, streaming kernels), :mod:`dsp_paper.capture` (capture an
effect), :mod:`dsp_paper.study` (scales, rules, verdicts, notebook helpers, estimate, report),
:mod:`dsp_paper.studies` (one package per notebook), :mod:`dsp_paper.runner` and the command
line.
"""
import lazy_loader

from dsp_paper import _environment

_environment.quiet_backend()  # before anything imports TensorFlow

__version__ = "0.1.0"

__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__,
    submodules=["audio_io", "checks", "datasets", "effects", "errors", "faults", "fir",
                "listening", "material", "metrics", "perceptual", "plotting", "signals",
                "spectral", "windowing"],
    submod_attrs={
        "audio_io": ["read_audio", "write_wav", "write_audio", "pcm16_to_float32",
                     "float32_to_pcm16", "normalise", "split_mono", "to_layout", "resample",
                     "LAYOUTS"],
        "signals": ["SHAPES", "NOISE_COLORS", "ENVELOPES", "sweep", "sweep_frequency", "tone",
                    "noise", "envelope", "apply_envelope", "fade"],
        "material": ["Material", "piano", "voice", "amen_break", "kick_808", "choir", "guitar",
                     "GUITAR_TAKES", "brahms_lullaby_midi", "render_midi", "find_soundfont",
                     "sonic_pi_samples_dir", "provenance_table"],
        "effects": ["lowpass", "highpass_eq", "pedal_chain", "hard_clipper", "compressor",
                    "butterworth_sos", "magnitude_response_db", "lowpass_fir_taps", "fir_filter",
                    "dispersive_allpass", "cubic_distortion"],
        "faults": ["FaultFamily", "FAULT_FAMILIES", "empty_band_edge_hz", "clean_copy",
                   "apply_fault", "fault_cases"],
        "windowing": ["Pair", "sliding_windows", "hop_for_uses", "sample_uses", "holdout_ranges",
                      "take_ranges", "split_holdout", "WindowBatches", "overlap_add",
                      "process_overlap_add", "process_blocks_zero_padded", "edge_error_db",
                      "many_to_one_windows", "sequence_segments"],
        "spectral": ["stft_frames", "stft_matrix", "stft_target", "unpack_stft", "dft_matrix",
                     "least_squares_weights", "fft_stft", "split_weights", "frame_span",
                     "relative_error", "float32_floor", "phase_scrambled"],
        "fir": ["least_squares_fir", "apply_fir"],
        "datasets": ["EffectCorpus", "effect_corpus", "pairs_to_arrays", "arrays_to_splits"],
        "metrics": ["mse", "rmse", "error_std", "reference_std", "table_row", "accuracy_12bit",
                    "esr", "pre_emphasis", "dc_error", "log_spectral_distance",
                    "long_term_spectrum_distance", "mr_stft_distance", "mos_lqo",
                    "visqol_can_judge", "visqol_started", "mos_lqo_or_nan",
                    "VISQOL_SAMPLE_RATE", "VISQOL_MIN_SECONDS", "VISQOL_IDENTICAL",
                    "all_metrics", "spectral_slope", "spectral_flatness", "band_level_db",
                    "TWELVE_BIT_STEP"],
        "perceptual": ["zimtohrli_mos", "mushra_2f", "mushra_2f_started", "loudness_error",
                       "PerceptualMeasure", "PERCEPTUAL_MEASURES", "perceptual_measure",
                       "CAPTURE_MEASURE", "SEABASS_CACHE_ENV"],
        "listening": ["audio_html", "player", "players", "players_html", "clip_scores",
                      "ab_chooser", "channels_word"],
        "listening_pages": ["listening_page_html", "manifest_groups", "html_page",
                            "write_listening_index", "audio_bytes", "AUDIO_BUDGET_BYTES"],
        "plotting": ["waveform", "spectrum", "spectrogram", "spectrogram_panel",
                     "time_and_frequency", "spectra_over_time", "sampled_points",
                     "batching_picture", "compare_waveforms", "welch_db", "seed_curves",
                     "subplots"],
        "errors": ["MaterialMissingError", "ParameterError"],
    },
)
