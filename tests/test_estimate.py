"""dsp_paper.study.estimate: the arithmetic on made-up step times, the probe inside fit, the
series' reuse of trainings, and each notebook's planned work as a list."""
import numpy as np
import pytest

from dsp_paper import ParameterError
from dsp_paper import studies
from dsp_paper.nn import checkpoints, models, probe, training
from dsp_paper.study import estimate

# its results can differ between Keras backends: `make test` runs it under JAX too
pytestmark = pytest.mark.backend


def _cost(**changes):
    base = dict(name="t", checkpoint="t_s0", weights=10, examples=1000, batch_size=100,
                steps_per_epoch=10, validation_steps=2, epochs=50, time_limit=None,
                compile_s=2.0, step_s=0.1, validation_step_s=0.05, runs=3)
    return probe.TrainingCost(**{**base, **changes})


def _model():
    import keras

    model = models.linear_layer(6, 4, seed=0)
    model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse")
    return model


def test_a_training_without_a_cap_runs_every_epoch():
    cost = _cost()
    assert cost.epoch_training_s == pytest.approx(1.0)
    assert cost.epochs_run == 50
    assert cost.seconds_per_run == pytest.approx(2.0 + 50 * (1.0 + 2 * 0.05))
    assert cost.seconds == pytest.approx(3 * cost.seconds_per_run)


def test_a_cap_ends_the_training_where_it_is_reached():
    # epochs of 1 s of training: fit stops within the epoch in which the time reaches the cap
    assert _cost(time_limit=4.5).epochs_run == pytest.approx(4.5)
    assert _cost(time_limit=0.1).epochs_run == pytest.approx(0.1)
    assert _cost(time_limit=1e6).epochs_run == 50
    # compiling, 4.5 s of training, and a validation (0.1 s) after each of the 5 epochs begun
    assert _cost(time_limit=4.5).seconds_per_run == pytest.approx(2.0 + 4.5 + 5 * 0.1)
    assert _cost(time_limit=5.0).seconds_per_run == pytest.approx(2.0 + 5.0 + 5 * 0.1)


def test_a_pass_costs_its_examples():
    cost = probe.PassCost(name="p", examples=10_000, batch_size=4096, compile_s=1.0,
                             example_s=1e-4, runs=2)
    assert cost.seconds == pytest.approx(2 * (1.0 + 1.0))


def test_fit_under_a_probe_times_a_few_steps_and_keeps_nothing():
    x, y = np.zeros((250, 6), np.float32), np.zeros((250, 4), np.float32)
    measured = probe.Probe(steps=2)
    with measured.runs(3):
        result = training.fit(_model(), x, y, epochs=1000, batch_size=16,
                              validation=(x[:40], y[:40]), checkpoint="probed_s0",
                              time_limit=30.0, progress=False, probe=measured)
    (cost,) = measured.costs
    assert (cost.name, cost.checkpoint, cost.runs, cost.epochs) == ("probed", "probed_s0", 3,
                                                                     1000)
    assert cost.time_limit == 30.0 and cost.steps_per_epoch == 16
    assert cost.validation_steps == 1 and cost.step_s > 0 and cost.validation_step_s > 0
    assert result.log.epoch == [] and not checkpoints.checkpoint_dir("probed_s0").exists()
    assert measured.multiplier == 1


def test_listing_only_times_nothing_and_runs_multiply():
    rows = np.zeros((300, 6), np.float32)
    measured = probe.Probe(steps=0)
    with measured.runs(3), measured.runs(2):
        measured.time_passes("p", _model(), rows, examples=1000, batch_size=100)
    training.fit(_model(), rows, rows[:, :4], epochs=5, batch_size=100, progress=False,
                 probe=measured)
    passes, fits = measured.costs
    assert passes.runs == 6 and passes.example_s == 0 and fits.runs == 1 and fits.step_s == 0
    with pytest.raises(ParameterError):
        with measured.runs(0):
            pass


def test_a_later_notebook_reuses_what_an_earlier_one_trained(monkeypatch):
    shared, own = _cost(name="03_linear"), _cost(name="04_conv", runs=1)
    plans = {"03_dense_baselines": [shared], "04_conv_tied": [shared, own]}
    monkeypatch.setattr(estimate, "planned_costs", lambda _, nb, scale, steps: plans[nb])
    table = estimate.estimate_notebooks(plans, "quick", only=["03", "04"])
    assert [r for _, r in table["04_conv_tied"]] == ["03_dense_baselines", None]
    text = estimate.format_estimate(table, scale="quick")
    assert "reused from 03_dense_baselines" in text
    total = shared.seconds + own.seconds
    assert f"all 2 notebooks: {total / 60:.1f} min" in text
    with pytest.raises(ParameterError):
        estimate.estimate_notebooks(plans, "quick", only=["99"])


@pytest.mark.slow
def test_every_training_notebook_lists_its_work_at_smoke():
    for notebook in ("02_learned_spectrogram", "03_dense_baselines", "06_lstm_generation"):
        costs = estimate.planned_costs(studies.plans(), notebook, "smoke", steps=0)
        names = [c.name for c in costs]
        assert costs and len(names) == len(set(names)), notebook
        assert all(c.checkpoint.startswith(notebook[:2]) and c.epochs >= 1 for c in costs)
    assert estimate.planned_costs(studies.plans(), "01_data", "smoke") == []
    with pytest.raises(ParameterError):
        estimate.planned_costs(studies.plans(), "09_nothing", "smoke")


def test_the_check_names_what_is_missing_and_what_is_unplanned(monkeypatch, tmp_path):
    plans = {"03_dense_baselines": studies.study("03_dense_baselines").planned_work}
    for name in ("03_linear_plateau_smoke_s0", "03_old_smoke_s0", "03_linear_plateau_quick_s0"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "state.json").write_text("{}")
    missing, unplanned = estimate.unmatched_checkpoints(plans, "smoke", folder=tmp_path)
    assert missing == ["03_nonlinear_plateau_smoke_s0"] and unplanned == ["03_old_smoke_s0"]


@pytest.mark.slow
def test_at_paper_every_training_has_a_cap_and_every_cap_a_training(monkeypatch):
    # the paper caps, each made a distinct value, put on the smoke settings (cheap to list)
    caps = {}
    for section in studies.sections():
        table = studies.settings_table(section)
        paper = getattr(table["paper"], "time_limits", None)
        if paper:
            distinct = {name: 1000.0 + len(caps) + i for i, name in enumerate(paper)}
            caps.update({(section, name): v for name, v in distinct.items()})
            monkeypatch.setitem(table, "smoke", table["smoke"].replace(time_limits=distinct))
    used = set()
    plans = studies.plans()
    for notebook in plans:
        for cost in estimate.planned_costs(plans, notebook, "smoke", steps=0):
            if isinstance(cost, probe.TrainingCost):
                assert cost.time_limit is not None, f"{cost.name} has no cap at paper"
                used.add(round(cost.time_limit, 6))
    assert {v: k for k, v in caps.items() if v not in used} == {}
