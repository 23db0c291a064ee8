"""The trainings the notebooks run, each defined once, once per seed: 000's dense nets
(notebook 03), its tied conv net and ablations (04), 002's many-to-one models, the streaming
LSTM, its knob and the models trained at single cut-offs (05), and what their claims measure.

Every training function takes a notebook's :func:`~dsp_paper.scales.scale_config` settings and
a seed, and names its checkpoint after the notebook, scale and seed, so a notebook that needs
another notebook's models (04 needs 03's, 07 needs 03-05's) gets back the finished run
(:func:`~dsp_paper.training.fit` keeps finished runs) and trains it afresh only where it has
not run at that scale. The seed sets the initial weights and the shuffling; the data stay the
same.
"""
from __future__ import annotations

import math

import numpy as np

from .errors import ParameterError
from .windowing import WindowBatches, hop_for_uses

__all__ = ["window_arrays", "dense_data", "train_dense", "conv_data", "train_conv",
           "snapshot_outputs", "evaluate_snapshots", "first_reaching", "validation_power",
           "recurrent_validation", "train_thesis_models", "streaming_data",
           "train_streaming_model", "train_knob_model", "recurrent_outputs", "tick_levels"]

DENSE_ACTIVATIONS = {"linear": None, "nonlinear": "tanh"}


def _checkpoint(prefix, name, cfg, seed):
    return f"{prefix}_{name}_{cfg.scale}_s{seed}"


def window_arrays(pieces, *, window, hop, channels_last=False):
    """Every window of ``window`` samples at ``hop`` over ``pieces`` (in order).

    Returns
    -------
    x, y : np.ndarray
        ``(windows, window)``, or ``(windows, window, 1)`` for mono pieces with
        ``channels_last`` (the conv net's layout; stereo pieces are ``(windows, window, 2)``).
    """
    x, y = WindowBatches(pieces, window=window, hop=hop, batch_size=1).arrays()
    return (x[..., None], y[..., None]) if channels_last and x.ndim == 2 else (x, y)


def validation_power(data):
    """Mean power of the validation targets of ``(x, y, val_x, val_y)``: divides a
    validation MSE into a validation ESR."""
    return float(np.mean(np.asarray(data[3], np.float64) ** 2))


def first_reaching(log, level):
    """``(epoch, training seconds)`` after which the validation loss first fell to
    ``level``; ``(inf, inf)`` if it never did within the epochs run.

    Examples
    --------
    >>> from dsp_paper.training import TrainingLog
    >>> log = TrainingLog(epoch=[1, 2, 3], loss=[3, 2, 1], val_loss=[0.5, 0.2, 0.1],
    ...                   seconds=[1.0, 2.0, 3.0])
    >>> first_reaching(log, 0.2), first_reaching(log, 0.01)
    ((2, 2.0), (inf, inf))
    """
    hit = log.first_below(level)
    return (hit[0], hit[1]) if hit else (math.inf, math.inf)


def dense_data(corpus, cfg):
    """03's training windows (hop so every sample is used ``cfg.sample_uses`` times) and
    back-to-back validation windows.

    Returns
    -------
    tuple of np.ndarray
        ``x, y`` of shape ``(windows, cfg.window)`` and ``val_x, val_y``.
    """
    hop = hop_for_uses(cfg.window, cfg.sample_uses)
    x, y = window_arrays(corpus.split("train"), window=cfg.window, hop=hop)
    vx, vy = window_arrays(corpus.split("validation"), window=cfg.window, hop=cfg.window)
    return x, y, vx, vy


def train_dense(label, cfg, data, *, seed=0, epochs=None, snapshots=None, checkpoint=None,
                progress=True):
    """Train 000's dense net (``label`` "linear" or "nonlinear", hidden ``cfg.hidden``)
    with Adam on MSE.

    Parameters
    ----------
    cfg : Settings
        ``scale_config("03_dense_baselines", scale)``.
    data : tuple
        :func:`dense_data`.
    seed : int
        Initial weights and shuffling.
    epochs, snapshots : optional
        Default ``cfg.epochs`` and ``(cfg.early_epoch, cfg.epochs)``.
    checkpoint : str, optional
        Default ``03_<label>_<scale>_s<seed>``.

    Returns
    -------
    TrainingResult
    """
    import keras

    from . import models
    from .training import fit

    if label not in DENSE_ACTIVATIONS:
        raise ParameterError(f"label must be one of {sorted(DENSE_ACTIVATIONS)}, got {label!r}")
    epochs = cfg.epochs if epochs is None else epochs
    snapshots = (cfg.early_epoch, epochs) if snapshots is None else snapshots
    x, y, vx, vy = data
    model = models.dense_net(x.shape[1], hidden=cfg.hidden, activation=DENSE_ACTIVATIONS[label],
                             name=f"{label}_{cfg.hidden}", seed=seed)
    model.compile(optimizer=keras.optimizers.Adam(cfg.learning_rate), loss="mse")
    return fit(model, x, y, epochs=epochs, batch_size=cfg.batch_size, validation=(vx, vy),
               snapshot_epochs=snapshots,
               checkpoint=checkpoint or _checkpoint("03", label, cfg, seed), seed=seed,
               progress=progress)


def conv_data(corpus, cfg):
    """04's training windows of ``cfg.window`` samples and validation windows of half that,
    channels last.

    Returns
    -------
    tuple of np.ndarray
        ``x, y`` of shape ``(windows, cfg.window, channels)`` and ``val_x, val_y``.
    """
    hop = hop_for_uses(cfg.window, cfg.sample_uses)
    x, y = window_arrays(corpus.split("train"), window=cfg.window, hop=hop, channels_last=True)
    vx, vy = window_arrays(corpus.split("validation"), window=cfg.window // 2,
                           hop=cfg.window // 2, channels_last=True)
    return x, y, vx, vy


def train_conv(name, cfg, data, *, seed=0, tied=True, hidden=None, epochs=None, snapshots=(),
               loss="mse", progress=True):
    """Train 000's convolutional net (tied filters unless ``tied=False``) with Adam.

    Parameters
    ----------
    name : str
        The model's name; the checkpoint is ``04_<name>_<scale>_s<seed>``.
    cfg : Settings
        ``scale_config("04_conv_tied", scale)``.
    data : tuple
        :func:`conv_data` (mono or stereo).
    seed : int
        Initial weights and shuffling.
    hidden, epochs : optional
        Default ``cfg.hidden`` and ``cfg.epochs``.
    loss : str or keras.losses.Loss
        MSE as in 000, or e.g. :func:`~dsp_paper.losses.mr_stft_loss`.

    Returns
    -------
    TrainingResult
    """
    import keras

    from . import models
    from .training import fit

    x, y, vx, vy = data
    model = models.conv_autoencoder(filters=cfg.filters, kernel_size=cfg.kernel_size,
                                    strides=cfg.strides,
                                    hidden=cfg.hidden if hidden is None else hidden, tied=tied,
                                    channels=x.shape[-1], name=name, seed=seed)
    model.compile(optimizer=keras.optimizers.Adam(cfg.learning_rate), loss=loss)
    return fit(model, x, y, epochs=cfg.epochs if epochs is None else epochs,
               batch_size=cfg.batch_size, validation=(vx, vy), snapshot_epochs=snapshots,
               checkpoint=_checkpoint("04", name, cfg, seed), seed=seed, progress=progress)


def _at_snapshots(run, epochs, work):
    """Call ``work()`` with the model at each snapshot in turn; the final weights come back."""
    epochs = sorted(run.snapshots) if epochs is None else list(epochs)
    missing = [e for e in epochs if e not in run.snapshots]
    if missing:
        raise ParameterError(f"no snapshot at epochs {missing}; have {sorted(run.snapshots)}")
    final = [w.copy() for w in run.model.get_weights()]
    results = {}
    try:
        for epoch in epochs:
            run.model.set_weights(run.snapshots[epoch])
            results[epoch] = work()
    finally:
        run.model.set_weights(final)
    return results


def snapshot_outputs(run, pieces, *, block, batch_size, epochs=None):
    """A window-in, window-out net's outputs at some of its snapshots, run over ``pieces``
    in back-to-back blocks of ``block`` samples as 000 ran its test.

    Parameters
    ----------
    run : TrainingResult
    pieces : list of Pair
    epochs : iterable of int, optional
        Snapshot epochs (default: all of them).

    Returns
    -------
    dict of int -> list of np.ndarray
        Epoch -> one output per piece. The model is left at its last epoch's weights.
    """
    from .evaluation import frame_processor, predict_pieces

    process = frame_processor(run.model, batch_size=batch_size)
    return _at_snapshots(run, epochs, lambda: predict_pieces(process, pieces, block=block))


def evaluate_snapshots(run, corpus, *, block, batch_size, epochs=None):
    """000's table row and the test outputs of ``run`` at each snapshot.

    Returns
    -------
    dict of int -> (dict, list of np.ndarray)
        Epoch -> (:func:`~dsp_paper.evaluation.evaluate_corpus` row, test outputs).
    """
    from .evaluation import evaluate_corpus, frame_processor

    process = frame_processor(run.model, batch_size=batch_size)
    return _at_snapshots(run, epochs, lambda: evaluate_corpus(process, corpus, block=block))


def tick_levels(model, piece, *, block, radius, batch_size=16):
    """000's tick and its fix on one test piece, as bounded levels (C0.7).

    The model processes ``piece.input`` three ways: as one whole track (the reference: zero
    padding only at the track's ends), in back-to-back zero-padded blocks of ``block`` (000's
    test batching) and in overlapping windows of ``block`` at a hop of ``block // 8``,
    Hann-tapered and overlap-added.

    Returns
    -------
    outputs : dict of str -> np.ndarray
        ``whole``, ``blocks``, ``overlap-add``.
    levels : dict
        ``blocks_edge_error_db`` and ``overlap_add_edge_error_db`` (error within ``radius``
        of the block edges against the whole-track output, dB relative to it there),
        ``overlap_add_between_error_db`` (the same between the edges),
        ``overlap_add_edge_excess_db`` (edges minus between) and ``edge_error_drop_db``
        (blocks minus overlap-add at the edges).
    """
    from .evaluation import frame_processor
    from .windowing import edge_error_db, process_blocks_zero_padded, process_overlap_add

    process = frame_processor(model, batch_size=batch_size)
    x = piece.input
    strides = getattr(model.layers[-1], "strides", 1)
    pad = -x.size % strides  # the conv net takes lengths that are multiples of its stride
    whole = process(np.pad(x, (0, pad))[None])[0][: x.size]
    outputs = {"whole": whole,
               "blocks": process_blocks_zero_padded(x, process, block=block),
               "overlap-add": process_overlap_add(x, process, window=block, hop=block // 8)}
    level = lambda out, region="edges": edge_error_db(out, whole, block=block, radius=radius,
                                                      region=region)
    levels = {"blocks_edge_error_db": level(outputs["blocks"]),
              "overlap_add_edge_error_db": level(outputs["overlap-add"]),
              "overlap_add_between_error_db": level(outputs["overlap-add"], "between")}
    levels["overlap_add_edge_excess_db"] = (levels["overlap_add_edge_error_db"]
                                            - levels["overlap_add_between_error_db"])
    levels["edge_error_drop_db"] = (levels["blocks_edge_error_db"]
                                    - levels["overlap_add_edge_error_db"])
    return outputs, levels


def recurrent_validation(mini, cfg):
    """05's validation audio: the voice (validation 2; its first ``cfg.voice_seconds``, all
    of it if None) and the centre ``cfg.clips_seconds`` of the clips (validation 1), joined
    end to end.

    Returns
    -------
    parts : dict of str -> Pair
    validation : Pair
    starts : dict of str -> int
        Where each part begins in ``validation``.
    """
    from .recurrent import assemble, centre_excerpt
    from .windowing import Pair

    sr = mini.sample_rate
    voice = mini.split("validation2")[0]
    if cfg.voice_seconds is not None:
        n = int(cfg.voice_seconds * sr)
        voice = Pair(voice.input[:n], voice.target[:n])
    clips = None if cfg.clips_seconds is None else int(cfg.clips_seconds * sr)
    parts = {"voice (validation 2)": voice,
             "clips (validation 1)": centre_excerpt(mini.split("validation1")[0], samples=clips)}
    validation, starts = assemble(parts)
    return parts, validation, starts


def train_thesis_models(cfg, mini, full, validation, *, seed=0, progress=True):
    """002's four many-to-one networks at ``cfg``'s sizes, each on the thesis's data set
    (the LSTM on the full set, the others on "miniaudio"), Adam on MSE, early stopping.

    Returns
    -------
    dict of str -> TrainingResult
        ``LSTM``, ``reduced LSTM``, ``GRU``, ``dilated CNN``.
    """
    from . import models
    from .recurrent import train_many_to_one

    (lw, lh), (rw, rh) = cfg.lstm, cfg.reduced_lstm
    specs = {
        "LSTM": (lambda: models.many_to_one_rnn(lw, hidden=lh, name="lstm", seed=seed),
                 full, cfg.lstm_epochs),
        "reduced LSTM": (lambda: models.many_to_one_rnn(rw, hidden=rh, name="reduced_lstm",
                                                        seed=seed), mini, cfg.reduced_epochs),
        "GRU": (lambda: models.many_to_one_rnn(rw, hidden=rh, cell="gru", name="gru",
                                               seed=seed), mini, cfg.reduced_epochs),
        "dilated CNN": (lambda: models.dilated_cnn(cfg.cnn[0], filters=cfg.cnn[1],
                                                   kernel_size=cfg.cnn[2], name="dilated_cnn",
                                                   seed=seed), mini, cfg.cnn_epochs),
    }
    runs = {}
    for name, (build, corpus, epochs) in specs.items():
        model = build()
        runs[name] = train_many_to_one(
            model, corpus.split("train")[0], validation, windows=cfg.windows,
            validation_windows=cfg.validation_windows, epochs=epochs,
            batch_size=cfg.batch_size, learning_rate=cfg.learning_rate, patience=cfg.patience,
            seed=seed, checkpoint=_checkpoint("05", model.name, cfg, seed), progress=progress)
    return runs


def streaming_data(mini, validation, cfg, *, cutoff_hz=None):
    """Segments for the streaming model: the "miniaudio" training signal in segments of
    ``cfg.stream_segment`` samples at ``cfg.stream_hop``, the validation audio in half
    seconds; with ``cutoff_hz``, both through the high-pass at that cut-off instead of the
    corpus's.

    Returns
    -------
    data, validation : tuple of np.ndarray
        ``(x, y)`` of shapes ``(segments, length, 1)``.
    """
    from .effects import highpass_eq
    from .windowing import Pair, sequence_segments

    sr = mini.sample_rate
    train = mini.split("train")[0]
    if cutoff_hz is not None:
        retarget = lambda p: Pair(p.input, highpass_eq(p.input, sample_rate=sr,
                                                       cutoff_hz=cutoff_hz))
        train, validation = retarget(train), retarget(validation)
    half = min(validation.n_samples, sr // 2)
    data = sequence_segments(train, length=cfg.stream_segment, hop=cfg.stream_hop)
    return data, sequence_segments(validation, length=half, hop=half)


def train_streaming_model(cfg, data, validation, *, seed=0, loss=None, name=None, epochs=None,
                          progress=True):
    """The streaming LSTM of 05 (``cfg.stream_hidden`` units and a linear skip).

    Parameters
    ----------
    cfg : Settings
        ``scale_config("05_recurrent_eq", scale)``.
    data, validation : tuple
        :func:`streaming_data`.
    seed : int
        Initial weights and shuffling.
    loss : keras.losses.Loss, optional
        Default 05's ESR with pre-emphasis plus DC, after the warm-up.
    name : str, optional
        The model's name; the checkpoint is ``05_<name>_<scale>_s<seed>`` (``streaming`` for
        the unnamed model of 05).

    Returns
    -------
    TrainingResult
    """
    from . import models
    from .recurrent import train_streaming

    model = models.streaming_rnn(hidden=cfg.stream_hidden, name=name, seed=seed)
    return train_streaming(model, data, validation, epochs=cfg.stream_epochs if epochs is None
                           else epochs, batch_size=cfg.stream_batch,
                           learning_rate=cfg.stream_learning_rate, warmup=cfg.stream_warmup,
                           pre_emphasis=cfg.pre_emphasis, dc_weight=cfg.dc_weight, loss=loss,
                           seed=seed, checkpoint=_checkpoint("05", name or "streaming", cfg, seed),
                           progress=progress)


def train_knob_model(cfg, mini, validation, *, seed=0, progress=True):
    """The streaming LSTM with the cut-off as a second input, trained on "miniaudio"
    through the high-pass at each of ``cfg.knob_train_cutoffs`` (interleaved, so an epoch
    costs what the plain model's does) for ``cfg.knob_epochs``.

    Returns
    -------
    TrainingResult
    """
    from . import models
    from .recurrent import knob_segments, train_streaming
    from .scales import scale_config

    low, high = cfg.knob_range
    sr = mini.sample_rate
    order = scale_config("highpass_002", cfg.scale).order
    x, y = knob_segments(mini.split("train")[0].input, cfg.knob_train_cutoffs, sample_rate=sr,
                         order=order, low=low, high=high, length=cfg.stream_segment,
                         hop=cfg.stream_hop)
    half = min(validation.n_samples, sr // 2)
    vx, vy = knob_segments(validation.input, cfg.knob_train_cutoffs, sample_rate=sr,
                           order=order, low=low, high=high, length=half, hop=half)
    model = models.streaming_rnn(hidden=cfg.stream_hidden, controls=1, name="streaming_knob",
                                 seed=seed)
    return train_streaming(model, (x, y), (vx, vy), epochs=cfg.knob_epochs,
                           batch_size=cfg.stream_batch, learning_rate=cfg.stream_learning_rate,
                           warmup=cfg.stream_warmup, pre_emphasis=cfg.pre_emphasis,
                           dc_weight=cfg.dc_weight, seed=seed,
                           checkpoint=_checkpoint("05", "knob", cfg, seed), progress=progress)


def _kept_prediction(model, audio):
    """A many-to-one model's output at every sample of ``audio``, kept in the dataset cache
    under a hash of the weights and the audio: 07 re-judges 05's models without running
    them again (a thesis-style LSTM costs seconds per second of audio)."""
    from .cache import cached_arrays
    from .evaluation import predict_many_to_one
    from .training import _digest

    window = model.input_shape[1]
    params = {"weights": _digest(*model.get_weights()), "audio": _digest(audio),
              "window": window, "model": model.name}
    arrays, _ = cached_arrays("many_to_one_output", params, lambda: {
        "output": predict_many_to_one(model, audio, window=window, batch_size=4096)})
    return arrays["output"]


def recurrent_outputs(runs, stream_model, validation, parts):
    """Every 05 model's output over the assembled validation audio.

    The many-to-one models see the window ending at each sample (zeros before the start);
    the streaming model starts from a zero state at the start of each part, as the windows
    do.

    Parameters
    ----------
    runs : dict of str -> TrainingResult
        :func:`train_thesis_models`.
    stream_model : keras.Model or None
        A :func:`~dsp_paper.models.streaming_rnn`, run through the compiled kernel.

    Returns
    -------
    dict of str -> np.ndarray, shape (validation.n_samples,)
    """
    from .streaming import StreamingLSTM

    outputs = {name: _kept_prediction(run.model, validation.input) for name, run in runs.items()}
    if stream_model is not None:
        stream = StreamingLSTM.from_keras(stream_model)
        outputs["streaming LSTM"] = np.concatenate([stream.process_file(p.input)
                                                    for p in parts.values()])
    return outputs


# ------------------------------------------------------------------ what the claims measure

def white_noise_flatness(n_samples, *, sample_rate, seed=3):
    """Spectral flatness of white noise of ``n_samples``: the reference "white noise" is
    judged against (C0.1a, C0.4)."""
    from .signals import noise

    from .metrics import spectral_flatness

    return spectral_flatness(noise("white", seconds=n_samples / sample_rate, sample_rate=sample_rate,
                           seed=seed))


def dense_evaluations(corpus, cfg, data, seeds, *, progress=True):
    """03's two dense nets for every seed, scored at the early and the final epoch.

    Returns
    -------
    runs : dict of (label, seed) -> TrainingResult
    rows : dict of (label, epoch, seed) -> dict
        000's table row (:func:`~dsp_paper.evaluation.evaluate_corpus`).
    outputs : dict of (label, epoch, seed) -> list of np.ndarray
        The test outputs, one per test piece.
    """
    runs, rows, outputs = {}, {}, {}
    for seed in seeds:
        for label in DENSE_ACTIVATIONS:
            run = train_dense(label, cfg, data, seed=seed, progress=progress)
            runs[label, seed] = run
            scored = evaluate_snapshots(run, corpus, block=cfg.window, batch_size=256,
                                        epochs=(cfg.early_epoch, cfg.epochs))
            for epoch, (row, out) in scored.items():
                rows[label, epoch, seed], outputs[label, epoch, seed] = row, out
    return runs, rows, outputs


def dense_record(rows, outputs, cfg, seeds, *, sample_rate):
    """The results record 03's claims are judged on (:func:`dsp_paper.claims.judge`)."""
    from .metrics import spectral_flatness

    early, final = cfg.early_epoch, cfg.epochs
    first_test = outputs["linear", early, seeds[0]][0]
    record = {"seeds": list(seeds),
              "white_noise_flatness": white_noise_flatness(first_test.size,
                                                           sample_rate=sample_rate),
              "linear_early_flatness": [spectral_flatness(outputs["linear", early, s][0])
                                        for s in seeds]}
    for label in DENSE_ACTIVATIONS:
        for name, epoch in (("early", early), ("final", final)):
            record[f"{label}_{name}_test_esr"] = [rows[label, epoch, s]["test esr"]
                                                  for s in seeds]
    return record


def conv_record(*, dense_rows, dense_runs, dense_data_, conv_rows, conv_runs, conv_data_,
                ablation_rows, ablation_runs, no_hidden_outputs, ticks, cfg, dense_cfg, seeds,
                sample_rate):
    """The results record 04's claims are judged on.

    Parameters
    ----------
    dense_rows, dense_runs : dict
        :func:`dense_evaluations` of 03's nets (their final epoch is used).
    conv_rows : dict of (epoch, seed) -> dict
        The tied conv net's table rows at its snapshots.
    conv_runs, ablation_runs : dict
        ``{seed: TrainingResult}`` and ``{(name, seed): TrainingResult}`` with names
        ``no hidden layer`` and ``untied filters``.
    ablation_rows : dict of (name, seed) -> dict
    no_hidden_outputs : dict of seed -> np.ndarray
        The no-hidden-layer net's output on the first test piece.
    ticks : dict of seed -> dict
        :func:`tick_levels`' levels.
    """
    from .claims import REGISTRY
    from .metrics import spectral_flatness

    usable = REGISTRY["C0.3c"].settings["usable_val_esr"]
    final, first = max(cfg.snapshots), min(e for e in cfg.snapshots if e > 0)
    dense_final = {(label, s): dense_rows[label, dense_cfg.epochs, s]
                   for label in DENSE_ACTIVATIONS for s in seeds}
    best_dense = {s: min(dense_final[l, s]["test esr"] for l in DENSE_ACTIVATIONS) for s in seeds}
    best_dense_mse = {s: min(dense_final[l, s]["test mse"] for l in DENSE_ACTIVATIONS)
                      for s in seeds}
    dense_power, conv_power = validation_power(dense_data_), validation_power(conv_data_)
    dense_seconds = {s: min(first_reaching(dense_runs[l, s].log, usable * dense_power)[1]
                            for l in DENSE_ACTIVATIONS) for s in seeds}
    per = lambda f: [f(s) for s in seeds]
    record = {
        "seeds": list(seeds),
        "conv_initial_test_esr": per(lambda s: conv_rows[0, s]["test esr"]),
        "conv_first_test_esr": per(lambda s: conv_rows[first, s]["test esr"]),
        "conv_final_test_esr": per(lambda s: conv_rows[final, s]["test esr"]),
        "dense_best_final_test_esr": per(best_dense.get),
        "conv_seconds_to_usable": per(lambda s: first_reaching(conv_runs[s].log,
                                                               usable * conv_power)[1]),
        "dense_seconds_to_usable": per(dense_seconds.get),
        "no_hidden_test_esr": per(lambda s: ablation_rows["no hidden layer", s]["test esr"]),
        "baseline_test_esr": per(lambda s: conv_rows[cfg.ablation_epochs, s]["test esr"]),
        "no_hidden_flatness": per(lambda s: spectral_flatness(no_hidden_outputs[s])),
        "white_noise_flatness": white_noise_flatness(no_hidden_outputs[seeds[0]].size,
                                                     sample_rate=sample_rate),
        "untied_epochs_to_usable": per(lambda s: first_reaching(
            ablation_runs["untied filters", s].log, usable * conv_power)[0]),
        "tied_epochs_to_usable": per(lambda s: first_reaching(
            _first_epochs(conv_runs[s].log, cfg.ablation_epochs), usable * conv_power)[0]),
        "conv_train_mse": per(lambda s: conv_rows[final, s]["train mse"]),
        "conv_test_mse": per(lambda s: conv_rows[final, s]["test mse"]),
        "dense_over_conv_test_mse": per(lambda s: best_dense_mse[s]
                                        / conv_rows[final, s]["test mse"]),
    }
    for label in DENSE_ACTIVATIONS:
        record[f"{label}_train_mse"] = per(lambda s: dense_final[label, s]["train mse"])
        record[f"{label}_test_mse"] = per(lambda s: dense_final[label, s]["test mse"])
    for key in ("blocks_edge_error_db", "overlap_add_edge_excess_db", "edge_error_drop_db"):
        record[key] = per(lambda s: ticks[s][key])
    return record


def _first_epochs(log, epochs):
    """The first ``epochs`` of a training log (the tied baseline over the ablations' span)."""
    from .training import TrainingLog

    return TrainingLog(epoch=log.epoch[:epochs], loss=log.loss[:epochs],
                       val_loss=log.val_loss[:epochs], seconds=log.seconds[:epochs])


def conv_evaluations(corpus, cfg, data, seeds, *, progress=True):
    """04's tied conv net for every seed, scored at each of ``cfg.snapshots`` on the test
    in back-to-back blocks of ``cfg.test_block_seconds``.

    Returns
    -------
    runs : dict of seed -> TrainingResult
    rows : dict of (epoch, seed) -> dict
    outputs : dict of (epoch, seed) -> list of np.ndarray
    """
    block = int(cfg.test_block_seconds * corpus.sample_rate)
    runs, rows, outputs = {}, {}, {}
    for seed in seeds:
        runs[seed] = train_conv("conv_tied", cfg, data, seed=seed, snapshots=cfg.snapshots,
                                progress=progress)
        for epoch, (row, out) in evaluate_snapshots(runs[seed], corpus, block=block,
                                                    batch_size=16).items():
            rows[epoch, seed], outputs[epoch, seed] = row, out
    return runs, rows, outputs


ABLATIONS = {"no hidden layer": dict(hidden=0), "untied filters": dict(tied=False)}


def conv_ablations(corpus, cfg, data, seeds, *, progress=True):
    """000's two ablations of the tied conv net (no hidden layer; untied filters), each
    trained for ``cfg.ablation_epochs`` once per seed and scored like the baseline.

    Returns
    -------
    runs, rows, outputs : dict of (name, seed) -> ...
    """
    from .evaluation import evaluate_corpus, frame_processor

    block = int(cfg.test_block_seconds * corpus.sample_rate)
    runs, rows, outputs = {}, {}, {}
    for seed in seeds:
        for name, change in ABLATIONS.items():
            model_name = "conv_tied_nohidden" if "hidden" in change else "conv_untied"
            run = train_conv(model_name, cfg, data, seed=seed, epochs=cfg.ablation_epochs,
                             progress=progress, **change)
            runs[name, seed] = run
            rows[name, seed], outputs[name, seed] = evaluate_corpus(
                frame_processor(run.model, batch_size=16), corpus, block=block)
    return runs, rows, outputs


def train_stft_layer(cfg, data, *, seed=0, progress=True):
    """004's network: one bias-free dense layer trained to output the STFT of its input,
    SGD with momentum on MSE, once for ``seed``.

    Parameters
    ----------
    cfg : Settings
        ``scale_config("02_learned_spectrogram", scale)``.
    data : tuple of np.ndarray
        ``x_train, y_train, x_test, y_test`` (:func:`dsp_paper.spectral.stft_target`).

    Returns
    -------
    TrainingResult
        With a snapshot after ``cfg.early_epoch``.
    """
    import keras

    from . import models
    from .training import fit

    x, y, x_test, y_test = data
    model = models.linear_layer(x.shape[1], y.shape[1], name="stft_layer", seed=seed)
    model.compile(optimizer=keras.optimizers.SGD(cfg.learning_rate, momentum=cfg.momentum),
                  loss="mse")
    return fit(model, x, y, epochs=cfg.epochs, batch_size=cfg.batch_size,
               validation=(x_test, y_test), snapshot_epochs=(cfg.early_epoch,),
               checkpoint=_checkpoint("02", "stft", cfg, seed), seed=seed, progress=progress)


def relative_error(weights, exact):
    """Relative Frobenius distance ``||W - W_exact|| / ||W_exact||``."""
    weights, exact = np.asarray(weights, np.float64), np.asarray(exact, np.float64)
    return float(np.linalg.norm(weights - exact) / np.linalg.norm(exact))


def stft_cost(weights, batch, train_inputs, *, n_fft, hop, repeats):
    """C4.3's measurements: the learned layer (a NumPy matmul) against an FFT STFT of the
    same batch, in time (each repeat) and in peak memory (parameters plus the peak of what
    applying it allocates), and the FFT's time over the whole training set.

    Returns
    -------
    dict
        ``layer_seconds`` and ``fft_seconds`` (lists), ``layer_peak_bytes``,
        ``fft_peak_bytes``, ``fft_training_set_seconds``.
    """
    from .benchmark import median_seconds, peak_python_memory, repeat_seconds
    from .spectral import fft_stft

    weights = np.asarray(weights, np.float32)
    fft = lambda x: fft_stft(x, n_fft=n_fft, hop=hop)
    return {
        "layer_seconds": repeat_seconds(lambda: batch @ weights, repeats=repeats),
        "fft_seconds": repeat_seconds(lambda: fft(batch), repeats=repeats),
        "layer_peak_bytes": weights.nbytes + peak_python_memory(lambda: batch @ weights),
        "fft_peak_bytes": 4 * n_fft + peak_python_memory(lambda: fft(batch)),
        "fft_training_set_seconds": median_seconds(lambda: fft(train_inputs), repeats=3),
    }


# ------------------------------------------------------------------ 05's measurements

def band_lsd(output, target, *, sample_rate, band, floor_db):
    """The band-limited log-spectral distance of the claims (dB)."""
    from .metrics import log_spectral_distance

    return log_spectral_distance(output, target, sample_rate=sample_rate, band=band,
                                 floor_db=floor_db)


def spectrum_yardsticks(parts, *, sample_rate, settings, cutoff_hz):
    """For each part, the band-limited distance of the same high-pass with its cut-off set
    ``settings["cutoff_error"]`` too high: what "not preserving the spectrum" is judged
    against (C2.2)."""
    from .effects import highpass_eq

    bands = _part_bands(settings)
    return {part: band_lsd(highpass_eq(p.input, sample_rate=sample_rate,
                                       cutoff_hz=(1 + settings["cutoff_error"]) * cutoff_hz),
                           p.target, sample_rate=sample_rate, band=bands[part],
                           floor_db=settings["floor_db"])
            for part, p in parts.items()}


def _part_bands(settings):
    return {"voice (validation 2)": tuple(settings["voice_band_hz"]),
            "clips (validation 1)": tuple(settings["clips_band_hz"])}


def part_band_lsd(outputs, parts, starts, *, sample_rate, settings):
    """Every output's band-limited distance on each part of the assembled validation audio.

    Returns
    -------
    dict of (model, part) -> float
    """
    bands = _part_bands(settings)
    return {(name, part): band_lsd(out[starts[part]:starts[part] + p.n_samples], p.target,
                                   sample_rate=sample_rate, band=bands[part],
                                   floor_db=settings["floor_db"])
            for name, out in outputs.items() for part, p in parts.items()}


def knob_evaluations(cfg, mini, validation, seeds, stream_runs, *, progress=True):
    """The knob model against models trained at single cut-offs (C2.4a), once per seed.

    For every cut-off the knob saw in training and every unseen cut-off of the registry
    (:data:`dsp_paper.claims.KNOB_UNSEEN_CUTOFFS`), the ESR on the whole voice through the
    high-pass at that cut-off: of the knob model, of 05's 440 Hz model (no knob) and, at the
    unseen cut-offs, of the streaming LSTM trained at that cut-off alone (at 440 Hz, 05's own
    model, ``stream_runs``).

    Returns
    -------
    table : pandas.DataFrame
        One row per (cut-off, seed).
    outputs : dict of (cut-off, seed) -> (knob output, target)
    """
    import pandas as pd

    from .claims import KNOB_UNSEEN_CUTOFFS
    from .effects import highpass_eq
    from .metrics import esr
    from .recurrent import cutoff_control
    from .streaming import StreamingLSTM

    low, high = cfg.knob_range
    sr = mini.sample_rate
    voice = mini.split("validation2")[0]
    rows, outputs = [], {}
    for seed in seeds:
        knob = StreamingLSTM.from_keras(train_knob_model(cfg, mini, validation, seed=seed,
                                                         progress=progress).model)
        fixed = StreamingLSTM.from_keras(stream_runs[seed].model).process_file(voice.input)
        for cutoff in sorted({*cfg.knob_train_cutoffs, *map(float, KNOB_UNSEEN_CUTOFFS)}):
            target = highpass_eq(voice.input, sample_rate=sr, cutoff_hz=cutoff)
            out = knob.process_file(voice.input, controls=[cutoff_control(cutoff, low=low,
                                                                          high=high)])
            row = {"cut-off Hz": cutoff, "seed": seed,
                   "seen in training": cutoff in cfg.knob_train_cutoffs,
                   "knob model": esr(out, target), "440 Hz model (no knob)": esr(fixed, target),
                   "trained at this cut-off": float("nan")}
            if not row["seen in training"]:
                if cutoff == 440.0:
                    dedicated = stream_runs[seed]
                else:
                    data, val = streaming_data(mini, validation, cfg, cutoff_hz=cutoff)
                    dedicated = train_streaming_model(cfg, data, val, seed=seed,
                                                      name=f"streaming_at_{cutoff:g}",
                                                      progress=progress)
                row["trained at this cut-off"] = esr(
                    StreamingLSTM.from_keras(dedicated.model).process_file(voice.input), target)
            rows.append(row)
            outputs[cutoff, seed] = (out, target)
    return pd.DataFrame(rows).set_index(["cut-off Hz", "seed"]), outputs


def recurrent_record(*, runs, band, yardsticks, latency_repeats, stream_voice_esr, knob_table,
                     seeds):
    """The results record 05's claims are judged on.

    Parameters
    ----------
    runs : dict of seed -> dict of name -> TrainingResult
        :func:`train_thesis_models` per seed.
    band : dict of seed -> dict of (model, part) -> float
        :func:`part_band_lsd` per seed.
    yardsticks : dict of part -> float
        :func:`spectrum_yardsticks`.
    latency_repeats : dict
        The repeats of :func:`dsp_paper.recurrent.latency_table`.
    stream_voice_esr : dict of seed -> float
    knob_table : pandas.DataFrame
        :func:`knob_evaluations`.
    """
    from .claims import KNOB_UNSEEN_CUTOFFS, STREAM_BLOCKS

    voice, clips = "voice (validation 2)", "clips (validation 1)"
    per = lambda f: [f(s) for s in seeds]
    val = lambda name: per(lambda s: runs[s][name].log.val_loss[-1])
    record = {"seeds": list(seeds),
              "lstm_val_mse": val("LSTM"), "reduced_lstm_val_mse": val("reduced LSTM"),
              "gru_val_mse": val("GRU"), "cnn_val_mse": val("dilated CNN"),
              "lstm_voice_band_lsd_db": per(lambda s: band[s]["LSTM", voice]),
              "cutoff_off_voice_band_lsd_db": yardsticks[voice],
              "lstm_voice_relative": per(lambda s: band[s]["LSTM", voice] / yardsticks[voice]),
              "lstm_clips_relative": per(lambda s: band[s]["LSTM", clips] / yardsticks[clips]),
              "lstm_seconds_per_second": latency_repeats["many_to_one"]["lstm"],
              "streaming_voice_esr": per(stream_voice_esr.get)}
    record["gru_over_reduced_lstm"] = [g / r for g, r in zip(record["gru_val_mse"],
                                                             record["reduced_lstm_val_mse"])]
    record["cnn_over_reduced_lstm"] = [c / r for c, r in zip(record["cnn_val_mse"],
                                                             record["reduced_lstm_val_mse"])]
    for b in STREAM_BLOCKS:
        record[f"stream_rtf_{b}"] = latency_repeats["blocks"][b]["realtime_factor"]
        record[f"stream_latency_ms_{b}"] = latency_repeats["blocks"][b]["latency_ms"]
    for f in KNOB_UNSEEN_CUTOFFS:
        rows = knob_table.xs(float(f), level="cut-off Hz").loc[list(seeds)]
        record[f"knob_voice_esr_{f}"] = rows["knob model"].tolist()
        record[f"dedicated_voice_esr_{f}"] = rows["trained at this cut-off"].tolist()
    return record
