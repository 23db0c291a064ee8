import json

import numpy as np
import pytest

from dsp_paper import ParameterError
from dsp_paper.nn import checkpoints, models, seeding, training
from dsp_paper.studies import scale_config
from dsp_paper.nn.benchmark import median_seconds, peak_python_memory

# its results can differ between Keras backends: `make test` runs it under JAX too
pytestmark = pytest.mark.backend

RNG = np.random.default_rng(0)
TRUE_W = RNG.standard_normal((6, 4)).astype(np.float32)
X = RNG.standard_normal((256, 6)).astype(np.float32)
Y = X @ TRUE_W


@pytest.fixture(autouse=True)
def save_every_epoch(monkeypatch):
    """The interruption tests stop a run at a chosen epoch's save."""
    monkeypatch.setattr(checkpoints, "CHECKPOINT_SECONDS", 0.0)


def _model():
    import keras
    seeding.set_seed(0)
    model = models.linear_layer(6, 4)
    model.compile(optimizer=keras.optimizers.SGD(0.05, momentum=0.5), loss="mse")
    return model


def test_linear_layer_shape_and_no_bias():
    model = models.linear_layer(6, 4)
    assert [w.shape for w in model.get_weights()] == [(6, 4)]
    with pytest.raises(ParameterError):
        models.linear_layer(0, 4)


def test_fit_logs_snapshots_and_converges():
    result = training.fit(_model(), X, Y, epochs=6, batch_size=16, validation=(X[:64], Y[:64]),
                          snapshot_epochs=(0, 3), progress=False)
    log = result.log
    assert log.epoch == [1, 2, 3, 4, 5, 6] and len(log.seconds) == 6
    assert np.all(np.diff(log.seconds) > 0)
    assert log.val_loss[-1] < 1e-3 * log.val_loss[0]
    assert sorted(result.snapshots) == [0, 3]
    assert log.first_below(log.val_loss[2])[0] == 3
    assert log.at(4) == log.val_loss[3] and log.at(99) is None
    np.testing.assert_allclose(result.model.get_weights()[0], TRUE_W, atol=0.05)


def test_same_seed_same_weights():
    a = training.fit(_model(), X, Y, epochs=2, batch_size=16, progress=False)
    b = training.fit(_model(), X, Y, epochs=2, batch_size=16, progress=False)
    np.testing.assert_array_equal(a.model.get_weights()[0], b.model.get_weights()[0])


def test_interrupted_run_resumes(monkeypatch):
    real_save = checkpoints.save
    saves = []

    def save_then_die(folder, model, state, snapshots, **kw):
        real_save(folder, model, state, snapshots, **kw)
        saves.append(state["epoch"])
        if state["epoch"] == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(checkpoints, "save", save_then_die)
    with pytest.raises(KeyboardInterrupt):
        training.fit(_model(), X, Y, epochs=5, batch_size=16, checkpoint="t", progress=False,
                     snapshot_epochs=(0, 1, 4))
    assert checkpoints.checkpoint_dir("t").is_dir()
    monkeypatch.setattr(checkpoints, "save", real_save)
    result = training.fit(_model(), X, Y, epochs=5, batch_size=16, checkpoint="t",
                          progress=False, snapshot_epochs=(0, 1, 4))
    assert result.resumed_from == 2
    assert result.log.epoch == [1, 2, 3, 4, 5]
    assert sorted(result.snapshots) == [0, 1, 4]
    again = training.fit(_model(), X, Y, epochs=5, batch_size=16, checkpoint="t",
                         progress=False, snapshot_epochs=(0, 1, 4))  # finished: kept, reused
    assert again.resumed_from == 5 and again.log.loss == result.log.loss
    np.testing.assert_array_equal(again.model.get_weights()[0], result.model.get_weights()[0])
    assert sorted(again.snapshots) == [0, 1, 4]


def test_a_finished_run_is_reused_only_with_the_same_loss(monkeypatch):
    import keras

    first = training.fit(_model(), X, Y, epochs=2, batch_size=16, checkpoint="done",
                         progress=False)
    calls = []
    real_step = training.batch_step

    def counted(model, kind):
        step = real_step(model, kind)
        return lambda x, y: (calls.append(kind), step(x, y))[1] if kind == "train" else step(x, y)

    monkeypatch.setattr(training, "batch_step", counted)
    reused = training.fit(_model(), X, Y, epochs=2, batch_size=16, checkpoint="done",
                          progress=False)
    assert not calls and reused.resumed_from == 2 and reused.log.seconds == first.log.seconds
    other = _model()
    other.compile(optimizer=keras.optimizers.SGD(0.05, momentum=0.5), loss="mae")
    retrained = training.fit(other, X, Y, epochs=2, batch_size=16, checkpoint="done",
                             progress=False)
    assert len(calls) == 2 * -(-len(X) // 16) and retrained.resumed_from == 0


def test_data_changed_in_the_middle_is_not_reused():
    first = training.fit(_model(), X, Y, epochs=1, batch_size=16, checkpoint="mid",
                         progress=False)
    changed = Y.copy()
    changed[len(Y) // 2] += 1.0  # far from the first and last rows
    again = training.fit(_model(), X, changed, epochs=1, batch_size=16, checkpoint="mid",
                         progress=False)
    assert first.resumed_from == 0 and again.resumed_from == 0
    same = training.fit(_model(), X, changed, epochs=1, batch_size=16, checkpoint="mid",
                        progress=False)
    assert same.resumed_from == 1


def test_a_damaged_checkpoint_says_so_and_trains_afresh(capsys):
    training.fit(_model(), X, Y, epochs=1, batch_size=16, checkpoint="bad", progress=False)
    (checkpoints.checkpoint_dir("bad") / "model.keras").write_bytes(b"not a model")
    again = training.fit(_model(), X, Y, epochs=1, batch_size=16, checkpoint="bad",
                         progress=False)
    assert again.resumed_from == 0
    assert "damaged" in capsys.readouterr().out


def test_the_epoch_loss_is_the_batch_weighted_mean():
    seen = []

    def step(xb, yb):
        seen.append(len(xb))
        return float(np.mean(xb))

    x = np.arange(10.0)[:, None]
    assert training._batched_mean(step, x, x, 4) == pytest.approx(np.mean(x))
    assert seen == [4, 4, 2]


def test_a_changed_setting_ignores_the_checkpoint(monkeypatch):
    def die(folder, model, state, snapshots, **kw):
        raise KeyboardInterrupt

    real_save = checkpoints.save
    monkeypatch.setattr(checkpoints, "save",
                        lambda *a, **kw: (real_save(*a, **kw), die(*a, **kw)))
    with pytest.raises(KeyboardInterrupt):
        training.fit(_model(), X, Y, epochs=3, batch_size=16, checkpoint="c", progress=False)
    monkeypatch.setattr(checkpoints, "save", real_save)
    assert checkpoints.checkpoint_dir("c").is_dir()
    result = training.fit(_model(), X, Y, epochs=3, batch_size=32, checkpoint="c",
                          progress=False)
    assert result.resumed_from == 0


def test_bad_arguments():
    with pytest.raises(ParameterError):
        training.fit(_model(), X, Y[:10], epochs=1, batch_size=4, progress=False)
    with pytest.raises(ParameterError):
        training.fit(_model(), X, Y, epochs=-1, batch_size=4, progress=False)


@pytest.mark.slow
def test_benchmark_helpers():
    assert median_seconds(lambda: sum(range(1000)), repeats=3) > 0
    assert peak_python_memory(lambda: np.ones(1_000_000)) >= 8_000_000


def test_resumed_run_equals_an_uninterrupted_one(monkeypatch):
    plain = training.fit(_model(), X, Y, epochs=4, batch_size=16, progress=False,
                         snapshot_epochs=(1, 3))
    real_save = checkpoints.save

    def save_then_die(folder, model, state, snapshots, **kw):
        real_save(folder, model, state, snapshots, **kw)
        if state["epoch"] == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(checkpoints, "save", save_then_die)
    with pytest.raises(KeyboardInterrupt):
        training.fit(_model(), X, Y, epochs=4, batch_size=16, checkpoint="r", progress=False,
                     snapshot_epochs=(1, 3))
    monkeypatch.setattr(checkpoints, "save", real_save)
    resumed = training.fit(_model(), X, Y, epochs=4, batch_size=16, checkpoint="r",
                           progress=False, snapshot_epochs=(1, 3))
    assert resumed.resumed_from == 2
    np.testing.assert_allclose(resumed.log.loss, plain.log.loss, rtol=1e-6)
    for e in (1, 3):
        np.testing.assert_allclose(resumed.snapshots[e][0], plain.snapshots[e][0], atol=1e-6)


def test_changed_snapshots_start_over(monkeypatch):
    real_save = checkpoints.save

    def save_then_die(folder, model, state, snapshots, **kw):
        real_save(folder, model, state, snapshots, **kw)
        raise KeyboardInterrupt

    monkeypatch.setattr(checkpoints, "save", save_then_die)
    with pytest.raises(KeyboardInterrupt):
        training.fit(_model(), X, Y, epochs=3, batch_size=16, checkpoint="s", progress=False)
    monkeypatch.setattr(checkpoints, "save", real_save)
    assert checkpoints.checkpoint_dir("s").is_dir()
    result = training.fit(_model(), X, Y, epochs=3, batch_size=16, checkpoint="s",
                          progress=False, snapshot_epochs=(0, 1))
    assert result.resumed_from == 0 and sorted(result.snapshots) == [0, 1]


def test_early_stopping_after_patience_epochs_without_improvement():
    import keras
    seeding.set_seed(0)
    model = models.linear_layer(6, 4)
    # a learning rate far too large: the validation loss soon grows
    model.compile(optimizer=keras.optimizers.SGD(3.0), loss="mse")
    result = training.fit(model, X, Y, epochs=50, batch_size=16, validation=(X[:64], Y[:64]),
                          patience=3, progress=False)
    log = result.log
    best = int(np.argmin(log.val_loss)) + 1
    assert log.stopped_early == best + 3 == log.epoch[-1] < 50
    assert min(log.val_loss[best:]) > log.val_loss[best - 1]
    with pytest.raises(ParameterError):
        training.fit(model, X, Y, epochs=1, batch_size=16, patience=0, progress=False)


def _reference_fit(model, x, y, *, epochs, batch_size, validation):
    """The loop through Keras's own train_on_batch / test_on_batch."""
    losses, val_losses = [], []
    for epoch in range(1, epochs + 1):
        order = np.random.default_rng([0, epoch]).permutation(len(x))
        losses.append(training._batched_mean(model.train_on_batch, x, y, batch_size, order))
        val_losses.append(training._batched_mean(model.test_on_batch, *validation,
                                                 max(batch_size, 256)))
    return losses, val_losses


@pytest.mark.slow
def test_fit_trains_exactly_as_train_on_batch():
    import keras

    from dsp_paper.nn.losses import esr_dc_loss
    rng = np.random.default_rng(3)
    cases = [  # a shorter last batch in each; the ESR loss sums over the whole batch
        (lambda: models.conv_autoencoder(filters=2, kernel_size=20, strides=5, hidden=3,
                                         seed=0), (40, 100, 1), 16, "mse"),
        (lambda: models.streaming_rnn(hidden=4, seed=0), (20, 120, 1), 8,
         lambda: esr_dc_loss(warmup=20)),
    ]
    for build, shape, batch_size, loss in cases:
        x = (0.3 * rng.standard_normal(shape)).astype(np.float32)
        y, vx = np.tanh(x), x[:5]
        runs = []
        for loop in ("fit", "reference"):
            model = build()
            model.compile(optimizer=keras.optimizers.Adam(1e-3),
                          loss=loss if isinstance(loss, str) else loss())
            if loop == "fit":
                log = training.fit(model, x, y, epochs=2, batch_size=batch_size,
                                   validation=(vx, np.tanh(vx)), progress=False).log
                runs.append((log.loss, log.val_loss, model.get_weights()))
            else:
                runs.append((*_reference_fit(model, x, y, epochs=2, batch_size=batch_size,
                                             validation=(vx, np.tanh(vx))),
                             model.get_weights()))
        (loss_a, val_a, w_a), (loss_b, val_b, w_b) = runs
        assert loss_a == loss_b and val_a == val_b
        for a, b in zip(w_a, w_b):
            np.testing.assert_array_equal(a, b)


def test_restore_best_ends_on_the_best_validation_epoch():
    import keras
    seeding.set_seed(0)
    model = models.linear_layer(6, 4)
    model.compile(optimizer=keras.optimizers.SGD(3.0), loss="mse")
    validation = (X[:64], Y[:64])
    result = training.fit(model, X, Y, epochs=40, batch_size=16, validation=validation,
                          restore_best=True, progress=False)
    log = result.log
    best = log.epoch[int(np.argmin(log.val_loss))]
    assert log.restored_epoch == best < 40
    assert float(model.evaluate(*validation, verbose=0)) == pytest.approx(min(log.val_loss),
                                                                         rel=1e-5)
    with pytest.raises(ParameterError, match="validation"):
        training.fit(model, X, Y, epochs=1, batch_size=16, restore_best=True, progress=False)


def _scripted_validation(monkeypatch, val_losses):
    """fit's steps with the validation loss of each epoch in turn taken from ``val_losses``
    (the training steps still train)."""
    real_step, scripted = training.batch_step, iter(val_losses)

    def step(model, kind):
        if kind == "test":
            return lambda x, y: next(scripted)
        return real_step(model, kind)

    monkeypatch.setattr(training, "batch_step", step)


def _interrupted_then_resumed(monkeypatch, *, die_at, keep_best=True, **kwargs):
    """fit interrupted after its save at epoch ``die_at``, then resumed; ``keep_best=False``
    saves as checkpoints did before they kept the best weights."""
    real_save = checkpoints.save

    def save_then_die(folder, model, state, snapshots, best=None):
        if not keep_best:
            state, best = {k: v for k, v in state.items() if k != "best"}, None
        real_save(folder, model, state, snapshots, best=best)
        if state["epoch"] == die_at:
            raise KeyboardInterrupt

    monkeypatch.setattr(checkpoints, "save", save_then_die)
    with pytest.raises(KeyboardInterrupt):
        training.fit(_model(), X, Y, checkpoint="b", progress=False, **kwargs)
    monkeypatch.setattr(checkpoints, "save", real_save)
    return training.fit(_model(), X, Y, checkpoint="b", progress=False, **kwargs)


# the best validation loss comes before the interruption, after epoch 3
RESUMED_VALIDATION = [1.0, 0.1, 0.5, 0.4, 0.3, 0.2] * 2


def test_restore_best_restores_an_epoch_before_a_resume(monkeypatch):
    settings = dict(epochs=6, batch_size=16, validation=(X[:64], Y[:64]), restore_best=True,
                    snapshot_epochs=range(1, 7))
    _scripted_validation(monkeypatch, RESUMED_VALIDATION)
    plain = training.fit(_model(), X, Y, progress=False, **settings)
    resumed = _interrupted_then_resumed(monkeypatch, die_at=3, **settings)
    assert resumed.resumed_from == 3 and resumed.log.val_loss == RESUMED_VALIDATION[:6]
    assert resumed.log.restored_epoch == plain.log.restored_epoch == 2
    for got, want in zip(resumed.model.get_weights(), resumed.snapshots[2]):
        np.testing.assert_allclose(got, want, atol=1e-6)
    for got, want in zip(resumed.model.get_weights(), plain.model.get_weights()):
        np.testing.assert_allclose(got, want, atol=1e-6)
    state = json.loads((checkpoints.checkpoint_dir("b") / "state.json").read_text())
    assert state["finished"] and state["log"]["restored_epoch"] == 2


def test_a_checkpoint_without_the_best_trains_afresh(monkeypatch, capsys):
    # kept before checkpoints kept the best: resumed, it could restore only the best of the
    # epochs after the resume (none of which beats the best before it), so it is stale
    settings = dict(epochs=6, batch_size=16, validation=(X[:64], Y[:64]), restore_best=True,
                    snapshot_epochs=range(1, 7))
    _scripted_validation(monkeypatch, RESUMED_VALIDATION)
    capsys.readouterr()
    resumed = _interrupted_then_resumed(monkeypatch, die_at=3, keep_best=False, **settings)
    assert "b: the kept run predates keeping the best weights" in capsys.readouterr().out
    log = resumed.log
    assert resumed.resumed_from == 0 and log.epoch == [1, 2, 3, 4, 5, 6]
    assert log.val_loss == RESUMED_VALIDATION[3:9]  # (the interrupted run took the first 3)
    assert log.restored_epoch == log.epoch[int(np.argmin(log.val_loss))] == 5
    for got, want in zip(resumed.model.get_weights(), resumed.snapshots[5]):
        np.testing.assert_allclose(got, want, atol=1e-6)
    state = json.loads((checkpoints.checkpoint_dir("b") / "state.json").read_text())
    assert state["finished"] and state["log"]["restored_epoch"] == 5


def test_a_checkpoint_without_the_best_resumes_where_restore_best_is_off(monkeypatch):
    settings = dict(epochs=6, batch_size=16, validation=(X[:64], Y[:64]))
    _scripted_validation(monkeypatch, RESUMED_VALIDATION)
    resumed = _interrupted_then_resumed(monkeypatch, die_at=3, keep_best=False, **settings)
    assert resumed.resumed_from == 3 and resumed.log.restored_epoch is None


NAN = float("nan")


def test_restore_best_never_keeps_a_nan_epoch(monkeypatch):
    settings = dict(epochs=5, batch_size=16, validation=(X[:64], Y[:64]), restore_best=True,
                    snapshot_epochs=range(1, 6), progress=False)
    _scripted_validation(monkeypatch, [NAN, 0.5, NAN, 0.7, np.inf])
    result = training.fit(_model(), X, Y, **settings)
    assert result.log.restored_epoch == 2
    for got, want in zip(result.model.get_weights(), result.snapshots[2]):
        np.testing.assert_allclose(got, want, atol=1e-6)
    _scripted_validation(monkeypatch, [NAN, NAN])  # no finite loss: nothing to restore
    result = training.fit(_model(), X, Y, **{**settings, "epochs": 2})
    assert result.log.restored_epoch is None


def test_time_limit_stops_within_the_epoch_that_reaches_it(monkeypatch):
    steps = []
    real_step = training.batch_step

    def counted(model, kind):
        step = real_step(model, kind)
        return lambda x, y: (steps.append(kind), step(x, y))[1]

    monkeypatch.setattr(training, "batch_step", counted)
    model = _model()
    result = training.fit(model, X, Y, epochs=1000, batch_size=16, time_limit=1e-9,
                          validation=(X[:32], Y[:32]), progress=False)
    log = result.log
    assert log.epoch == [1] and log.stopped_early == 1 and log.last_epoch_cut
    assert steps.count("train") == 1 and steps.count("test") == 1  # one batch, then validated
    whole = training.fit(_model(), X, Y, epochs=2, batch_size=16, time_limit=1e6,
                         progress=False)
    assert whole.log.epoch == [1, 2] and not whole.log.last_epoch_cut
    with pytest.raises(ParameterError, match="time_limit"):
        training.fit(model, X, Y, epochs=1, batch_size=16, time_limit=0, progress=False)


def test_an_unfinished_run_is_saved_at_most_every_checkpoint_seconds(monkeypatch):
    saved = []
    real_save = checkpoints.save
    monkeypatch.setattr(checkpoints, "save",
                        lambda folder, model, state, snaps, **kw: (
                            saved.append(state.get("finished")),
                            real_save(folder, model, state, snaps, **kw)))
    monkeypatch.setattr(checkpoints, "CHECKPOINT_SECONDS", 1e9)
    training.fit(_model(), X, Y, epochs=4, batch_size=16, checkpoint="slow", progress=False)
    assert saved == [True]  # only the finished run
    saved.clear()
    monkeypatch.setattr(checkpoints, "CHECKPOINT_SECONDS", 0.0)
    training.fit(_model(), X, Y, epochs=4, batch_size=16, checkpoint="every", progress=False)
    assert saved == [None, None, None, True]


def test_a_notebook_names_the_runs_its_time_caps_ended(tmp_path):
    from dsp_paper.study.notebook import NotebookRun

    before = NotebookRun("03_dense_baselines", scale_config("03_dense_baselines", "quick"), root=tmp_path)
    training.fit(_model(), X, Y, epochs=3, batch_size=16, checkpoint="uncapped_s0",
                 progress=False)
    assert "epochs that fit the time caps" not in before.differences([("a", "b", "c")]).index
    nb = NotebookRun("03_dense_baselines", scale_config("03_dense_baselines", "quick"), root=tmp_path)
    for seed in (0, 1):
        training.fit(_model(), X, Y, epochs=1000, batch_size=16, time_limit=1e-9,
                     checkpoint=f"capped_s{seed}", progress=False)
    table = nb.differences([("a", "b", "c")])
    assert table.loc["epochs that fit the time caps"].iloc[1] == \
        "capped: 1 (the last cut short) of 1000 epochs in 1e-09 s (2 runs)"
    reused = training.fit(_model(), X, Y, epochs=1000, batch_size=16, time_limit=1e-9,
                          checkpoint="capped_s0", progress=False)
    assert reused.resumed_from == 1 and training.fitted()[-1][1].capped


def test_the_time_cap_spares_the_first_step_which_compiles(monkeypatch):
    import time

    calls = []

    def slow_first(model, kind):
        def step(x, y):
            calls.append(kind)
            time.sleep(0.3 if len(calls) == 1 else 0.002)  # the first call compiles
            return 0.5
        return step

    monkeypatch.setattr(training, "batch_step", slow_first)
    log = training.fit(_model(), X, Y, epochs=1000, batch_size=16, time_limit=0.05,
                       progress=False).log
    assert calls.count("train") > 1 and log.capped and log.seconds[-1] >= 0.35


def test_stop_reason_says_what_ended_the_run():
    import keras
    validation = (X[:64], Y[:64])
    assert training.fit(_model(), X, Y, epochs=3, batch_size=16, validation=validation,
                        progress=False).log.stop_reason == "epochs"
    assert training.fit(_model(), X, Y, epochs=1000, batch_size=16, time_limit=1e-9,
                        progress=False).log.stop_reason == "budget"
    assert training.fit(_model(), X, Y, epochs=50, batch_size=16, stop_below=0.5,
                        progress=False).log.stop_reason == "target"
    seeding.set_seed(0)
    model = models.linear_layer(6, 4)
    model.compile(optimizer=keras.optimizers.SGD(3.0), loss="mse")  # soon grows: a plateau
    log = training.fit(model, X, Y, epochs=50, batch_size=16, validation=validation,
                       patience=3, time_limit=1e6, progress=False).log
    assert log.stop_reason == "plateau" and not log.capped
    # a log kept before patience and stop_below were logged still has one
    kept = {k: v for k, v in log.__dict__.items() if k not in ("patience", "stop_below")}
    assert training.TrainingLog(**kept).stop_reason == "plateau"
    assert training.TrainingLog().stop_reason == "epochs"


@pytest.mark.parametrize("val_losses, reason", [
    ([1.0, 0.2, 0.3, 0.25, 0.5], "plateau"),     # back near its best: a plateau
    ([1.0, 0.2, 5.0, 0.7, 9.0], "jump"),         # never back within 3 × the best
    ([1.0, 0.2, 5.0, 0.59, 9.0], "plateau")])    # once back within 3 ×: a plateau
def test_a_jump_is_not_a_plateau(monkeypatch, val_losses, reason):
    _scripted_validation(monkeypatch, val_losses)
    log = training.fit(_model(), X, Y, epochs=50, batch_size=16, validation=(X[:64], Y[:64]),
                       patience=3, progress=False).log
    assert log.epoch == [1, 2, 3, 4, 5] and log.stopped_by == reason == log.stop_reason
    assert training.patience_stop(val_losses, 3) == reason
    # a log kept before jumps were told apart says "plateau": told apart from its losses
    assert training.TrainingLog(**{**log.__dict__, "stopped_by": "plateau"}).stop_reason == reason
    summary = training.training_summary([("t_quick_s0", log)])["t_quick"]
    assert summary["stopped_by"] == [reason]
    # a loss that is not a positive error is never called a jump
    assert training.patience_stop([0.0, 1.0, 2.0], 2) == "plateau"
    assert training.patience_stop([-1.0, 5.0, 6.0], 2) == "plateau"


@pytest.mark.parametrize("val_losses, patience, reason", [
    ([1.0, 0.2, NAN, NAN, NAN], 3, "jump"),          # diverged to NaN after its best
    ([1.0, 0.2, np.inf, NAN, np.inf], 3, "jump"),
    ([NAN, 0.2, NAN, NAN, NAN], 3, "jump"),          # a NaN before the best is not the best
    ([1.0, 0.2, NAN, 0.25, NAN], 3, "plateau"),      # back near its best between NaNs
    ([1.0, 0.2, NAN, 5.0, NAN], 3, "jump"),          # the finite tail is far above the best
    ([0.0, NAN, NAN], 2, "jump"),                    # a NaN tail is a jump whatever the best
    ([NAN, NAN, NAN], 3, "jump"),                    # no finite loss at all
    ([NAN, NAN, NAN], 1, "jump")])
def test_a_nan_loss_is_worse_than_any_number(val_losses, patience, reason):
    assert training.patience_stop(val_losses, patience) == reason
    log = training.TrainingLog(epoch=list(range(1, len(val_losses) + 1)),
                               loss=[1.0] * len(val_losses), val_loss=val_losses,
                               seconds=[1.0] * len(val_losses),
                               stopped_early=len(val_losses), stopped_by="plateau")
    assert log.stop_reason == reason  # an old "plateau" told apart again
    old = dict(log.__dict__, stopped_by=None)  # an old log without stopped_by or patience
    assert training.TrainingLog(**old).stop_reason == reason


def test_epochs_since_best_ignore_nan():
    assert training._epochs_since_best([1.0, 0.2, NAN, NAN]) == 2
    assert training._epochs_since_best([NAN, 0.2, 0.3]) == 1
    assert training._epochs_since_best([0.2, np.inf, NAN]) == 2
    assert training._epochs_since_best([NAN, NAN]) == 2  # no best at all
    assert training._epochs_since_best([0.2, 0.1, 0.1]) == 1  # a tie is no improvement


@pytest.mark.parametrize("val_losses, epochs", [
    ([1.0, 0.2, NAN, NAN, NAN], [1, 2, 3, 4, 5]),
    ([NAN, 0.2, NAN, NAN, NAN], [1, 2, 3, 4, 5]),
    ([NAN, NAN, NAN], [1, 2, 3])])
def test_a_run_that_diverges_to_nan_stops_on_a_jump(monkeypatch, val_losses, epochs):
    _scripted_validation(monkeypatch, val_losses)
    log = training.fit(_model(), X, Y, epochs=50, batch_size=16, validation=(X[:64], Y[:64]),
                       patience=3, progress=False).log
    assert log.epoch == epochs and log.stopped_by == "jump" == log.stop_reason
    assert training.TrainingLog(**{**log.__dict__, "stopped_by": "plateau"}).stop_reason == "jump"


def test_a_time_limit_bar_counts_the_budget_s_seconds(capsys):
    training.fit(_model(), X, Y, epochs=1000, batch_size=16, time_limit=0.5,
                 validation=(X[:64], Y[:64]), progress=True)
    bar = capsys.readouterr().err
    assert "/0.5 s of the budget" in bar and "100%" in bar
    assert "1000" not in bar and "epoch=" in bar and "val=" in bar
    training.fit(_model(), X, Y, epochs=2, batch_size=16, progress=True)
    bar = capsys.readouterr().err
    assert "2/2" in bar and "of the budget" not in bar


def test_a_run_fitted_twice_under_one_name_counts_once():
    # a notebook that reuses a finished run (another notebook's) fits it again by name
    first = training.TrainingLog(epoch=[1, 2], loss=[2, 1], val_loss=[2, 1], seconds=[1.0, 2.0],
                        stopped_early=2, stopped_by="plateau")
    other = training.TrainingLog(epoch=[1], loss=[2], val_loss=[2], seconds=[1.0])
    runs = [("05_streaming_quick_s0", first), ("05_streaming_quick_s1", other),
            ("05_streaming_quick_s0", first)]
    summary = training.training_summary(runs)["05_streaming_quick"]
    assert summary["runs"] == 2 and summary["epochs"] == [2, 1]
