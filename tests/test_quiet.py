import pytest
"""No TensorFlow start-up logging and no tf.function retracing warnings when the package
trains and runs several small models one after the other, as the notebooks do."""
import os
import re
import subprocess
import sys
import textwrap

import nbformat

from dsp_paper.runner import FORBIDDEN_OUTPUT, forbidden_lines, run_notebooks

# Trains and runs tiny models through the package's own functions, the way the notebooks
# do at smoke scale: several models in turn, one epoch each, a shorter last batch, dense
# and convolutional nets over pieces in blocks and overlap-added, many-to-one nets at every
# sample.
SCRIPT = textwrap.dedent("""
    import dsp_paper
    from dsp_paper._environment import quiet_backend

    quiet_backend()  # what dsp_paper/__init__.py does first

    import keras
    import numpy as np

    from dsp_paper.nn import evaluation, models, training
    from dsp_paper.windowing import Pair

    rng = np.random.default_rng(0)
    noise = lambda *shape: (0.3 * rng.standard_normal(shape)).astype(np.float32)
    pieces = [Pair(noise(n), noise(n)) for n in (700, 1100)]


    def trained(model, x, y, batch_size):
        model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse")
        return training.fit(model, x, y, epochs=1, batch_size=batch_size,
                            validation=(x[:20], y[:20]), snapshot_epochs=(0, 1),
                            progress=False).model


    for seed in range(3):
        for activation in (None, "tanh"):
            x = noise(90, 50)
            model = trained(models.dense_net(50, hidden=8, activation=activation, seed=seed),
                            x, x, batch_size=32)
            process = evaluation.frame_processor(model, batch_size=16)
            for split in range(3):
                evaluation.predict_pieces(process, pieces, block=50)
    for seed in range(2):
        for hidden, tied in ((4, True), (0, True), (4, False)):
            x = noise(30, 100, 1)
            model = trained(models.conv_autoencoder(filters=2, kernel_size=20, strides=5,
                                                    hidden=hidden, tied=tied, seed=seed),
                            x, x, batch_size=16)
            process = evaluation.frame_processor(model, batch_size=4)
            process(np.pad(pieces[0].input, (0, 5 - 700 % 5))[None])  # the whole piece
            evaluation.predict_pieces(process, pieces, block=100)
            evaluation.predict_pieces(process, pieces, block=100, overlap_add_hop=50)
    for seed in range(2):
        for model in (models.many_to_one_rnn(16, hidden=4, seed=seed),
                      models.many_to_one_rnn(8, hidden=4, cell="gru", seed=seed),
                      models.dilated_cnn(64, filters=8, kernel_size=8, seed=seed)):
            window = model.input_shape[1]
            x = noise(40, window, 1)
            model = trained(model, x, x[:, -1], batch_size=16)
            evaluation.predict_many_to_one(model, pieces[1].input, window=window,
                                           batch_size=256, chunk=512)
    print("done")
""")


def _forbidden(text):
    patterns = [re.compile(p) for p in FORBIDDEN_OUTPUT]
    return [line for line in text.splitlines() if any(p.search(line) for p in patterns)]


@pytest.mark.slow
def test_training_and_predicting_many_small_models_prints_no_backend_noise(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("TF_CPP_MIN_LOG_LEVEL",
                                                           "TF_ENABLE_ONEDNN_OPTS")}
    env["DSP_PAPER_ROOT"] = str(tmp_path)
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "done" in done.stdout
    assert _forbidden(done.stdout + "\n" + done.stderr) == []


@pytest.mark.slow
def test_a_notebook_importing_keras_first_runs_quietly(tmp_path):
    """The notebooks import Keras before dsp_paper: the runner's kernels are quiet anyway."""
    folder = tmp_path / "nbs"
    folder.mkdir()
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('scale = "quick"')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(textwrap.dedent("""
        import keras
        import numpy as np

        import dsp_paper
        from dsp_paper.nn import evaluation, models

        for seed in range(6):
            process = evaluation.frame_processor(models.dense_net(20, hidden=4, seed=seed),
                                                 batch_size=16)
            process(np.zeros((50, 20), np.float32))
        print("Keras", keras.__version__)
    """))]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, folder / "01_keras.ipynb")
    ((executed, _),) = run_notebooks(scale="smoke", folder=folder, output=tmp_path / "out",
                                     progress=False)
    outputs = nbformat.read(executed, as_version=4).cells[-1].outputs
    assert any("Keras 3" in o.get("text", "") for o in outputs)
    assert forbidden_lines(executed) == []
