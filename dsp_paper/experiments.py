"""The trainings that more than one notebook runs, each defined once: 000's dense nets
(notebook 03), its tied conv net (04), 002's many-to-one models and the streaming LSTM (05).

Every function takes a notebook's :func:`~dsp_paper.scales.scale_config` settings and names
its checkpoint after the notebook and scale, so notebook 07, calling the same function with
the same settings, gets back the model 03, 04 or 05 finished (:func:`~dsp_paper.training.fit`
keeps finished runs) and trains it afresh only when they have not run at that scale.
"""
from __future__ import annotations

from .errors import ParameterError
from .windowing import WindowBatches, hop_for_uses

__all__ = ["window_arrays", "dense_data", "train_dense", "conv_data", "train_conv",
           "snapshot_outputs", "recurrent_validation", "train_thesis_models", "streaming_data",
           "train_streaming_model", "recurrent_outputs"]

DENSE_ACTIVATIONS = {"linear": None, "nonlinear": "tanh"}


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


def train_dense(label, cfg, data, *, epochs=None, snapshots=None, checkpoint=None,
                progress=True):
    """Train 000's dense net (``label`` "linear" or "nonlinear", hidden ``cfg.hidden``)
    with Adam on MSE.

    Parameters
    ----------
    cfg : Settings
        ``scale_config("03_dense_baselines", scale)``.
    data : tuple
        :func:`dense_data`.
    epochs, snapshots : optional
        Default ``cfg.epochs`` and ``(cfg.early_epoch, cfg.epochs)``.
    checkpoint : str, optional
        Default ``03_<label>_<scale>``.

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
                             name=f"{label}_{cfg.hidden}", seed=cfg.seed)
    model.compile(optimizer=keras.optimizers.Adam(cfg.learning_rate), loss="mse")
    return fit(model, x, y, epochs=epochs, batch_size=cfg.batch_size, validation=(vx, vy),
               snapshot_epochs=snapshots, checkpoint=checkpoint or f"03_{label}_{cfg.scale}",
               seed=cfg.seed, progress=progress)


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


def train_conv(name, cfg, data, *, tied=True, hidden=None, epochs=None, snapshots=(),
               loss="mse", progress=True):
    """Train 000's convolutional net (tied filters unless ``tied=False``) with Adam.

    Parameters
    ----------
    name : str
        The model's name; the checkpoint is ``04_<name>_<scale>``.
    cfg : Settings
        ``scale_config("04_conv_tied", scale)``.
    data : tuple
        :func:`conv_data` (mono or stereo).
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
                                    channels=x.shape[-1], name=name, seed=cfg.seed)
    model.compile(optimizer=keras.optimizers.Adam(cfg.learning_rate), loss=loss)
    return fit(model, x, y, epochs=cfg.epochs if epochs is None else epochs,
               batch_size=cfg.batch_size, validation=(vx, vy), snapshot_epochs=snapshots,
               checkpoint=f"04_{name}_{cfg.scale}", seed=cfg.seed, progress=progress)


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

    epochs = sorted(run.snapshots) if epochs is None else list(epochs)
    missing = [e for e in epochs if e not in run.snapshots]
    if missing:
        raise ParameterError(f"no snapshot at epochs {missing}; have {sorted(run.snapshots)}")
    final = [w.copy() for w in run.model.get_weights()]
    process = frame_processor(run.model, batch_size=batch_size)
    outputs = {}
    try:
        for epoch in epochs:
            run.model.set_weights(run.snapshots[epoch])
            outputs[epoch] = predict_pieces(process, pieces, block=block)
    finally:
        run.model.set_weights(final)
    return outputs


def recurrent_validation(mini, cfg):
    """05's validation audio: the centre ``cfg.eval_seconds`` of the voice (validation 2)
    and of the clips (validation 1), joined end to end.

    Returns
    -------
    parts : dict of str -> Pair
    validation : Pair
    starts : dict of str -> int
        Where each part begins in ``validation``.
    """
    from .recurrent import assemble, centre_excerpt

    excerpt = None if cfg.eval_seconds is None else int(cfg.eval_seconds * mini.sample_rate)
    parts = {"voice (validation 2)": centre_excerpt(mini.split("validation2")[0], samples=excerpt),
             "clips (validation 1)": centre_excerpt(mini.split("validation1")[0], samples=excerpt)}
    validation, starts = assemble(parts)
    return parts, validation, starts


def train_thesis_models(cfg, mini, full, validation, *, progress=True):
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
        "LSTM": (lambda: models.many_to_one_rnn(lw, hidden=lh, name="lstm", seed=cfg.seed),
                 full, cfg.lstm_epochs),
        "reduced LSTM": (lambda: models.many_to_one_rnn(rw, hidden=rh, name="reduced_lstm",
                                                        seed=cfg.seed), mini, cfg.reduced_epochs),
        "GRU": (lambda: models.many_to_one_rnn(rw, hidden=rh, cell="gru", name="gru",
                                               seed=cfg.seed), mini, cfg.reduced_epochs),
        "dilated CNN": (lambda: models.dilated_cnn(cfg.cnn[0], filters=cfg.cnn[1],
                                                   kernel_size=cfg.cnn[2], name="dilated_cnn",
                                                   seed=cfg.seed), mini, cfg.cnn_epochs),
    }
    runs = {}
    for name, (build, corpus, epochs) in specs.items():
        model = build()
        runs[name] = train_many_to_one(
            model, corpus.split("train")[0], validation, windows=cfg.windows,
            validation_windows=cfg.validation_windows, epochs=epochs,
            batch_size=cfg.batch_size, learning_rate=cfg.learning_rate, patience=cfg.patience,
            seed=cfg.seed, checkpoint=f"05_{model.name}_{cfg.scale}", progress=progress)
    return runs


def streaming_data(mini, validation, cfg, *, segment=None, hop=None):
    """Segments for the streaming model: the "miniaudio" training signal in segments of
    ``segment`` samples at ``hop`` (default ``cfg.stream_segment`` and ``cfg.stream_hop``),
    the validation audio in half seconds.

    Returns
    -------
    data, validation : tuple of np.ndarray
        ``(x, y)`` of shapes ``(segments, length, 1)``.
    """
    from .windowing import sequence_segments

    half = min(validation.n_samples, mini.sample_rate // 2)
    data = sequence_segments(mini.split("train")[0], length=segment or cfg.stream_segment,
                             hop=hop or cfg.stream_hop)
    return data, sequence_segments(validation, length=half, hop=half)


def train_streaming_model(cfg, data, validation, *, loss=None, name=None, epochs=None,
                          batch_size=None, progress=True):
    """The streaming LSTM of 05 (``cfg.stream_hidden`` units and a linear skip).

    Parameters
    ----------
    cfg : Settings
        ``scale_config("05_recurrent_eq", scale)``.
    data, validation : tuple
        :func:`streaming_data`.
    loss : keras.losses.Loss, optional
        Default 05's ESR with pre-emphasis plus DC, after the warm-up.
    name : str, optional
        The model's name; the checkpoint is ``05_<name>_<scale>`` (``05_streaming_<scale>``
        for the unnamed model of 05).

    Returns
    -------
    TrainingResult
    """
    from . import models
    from .recurrent import train_streaming

    model = models.streaming_rnn(hidden=cfg.stream_hidden, name=name, seed=cfg.seed)
    checkpoint = f"05_{name or 'streaming'}_{cfg.scale}"
    return train_streaming(model, data, validation, epochs=cfg.stream_epochs if epochs is None
                           else epochs, batch_size=batch_size or cfg.stream_batch,
                           learning_rate=cfg.stream_learning_rate, warmup=cfg.stream_warmup,
                           pre_emphasis=cfg.pre_emphasis, dc_weight=cfg.dc_weight, loss=loss,
                           seed=cfg.seed, checkpoint=checkpoint, progress=progress)


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
    import numpy as np

    from .evaluation import predict_many_to_one
    from .streaming import StreamingLSTM

    outputs = {name: predict_many_to_one(run.model, validation.input,
                                         window=run.model.input_shape[1], batch_size=4096)
               for name, run in runs.items()}
    if stream_model is not None:
        stream = StreamingLSTM.from_keras(stream_model)
        outputs["streaming LSTM"] = np.concatenate([stream.process_file(p.input)
                                                    for p in parts.values()])
    return outputs
