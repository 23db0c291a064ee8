"""The same claim-bearing training run twice, each in a process of its own, gives the same
numbers to the last bit (on one machine: across machines, see the report's list of verdicts
that another machine may change)."""
import json
import os
import subprocess
import sys

import pytest

# 03's dense nets at a tiny size: a training C0.1 and C0.2 rest on, with its shuffling, initial
# weights and early stopping, on the real material of 03's corpus.
SCRIPT = """
import json, hashlib
import numpy as np
from dsp_paper.studies import dense_baselines, scale_config
corpus = dense_baselines.lowpass_corpus("smoke")
cfg = scale_config("03_dense_baselines", "smoke", window=64, hidden=16, batch_size=32,
                   sample_uses=2, early_epoch=1, epochs=3, fir_taps=16)
run = dense_baselines.run(corpus, cfg, (3,), progress=False)
logs = {name: log.loss + log.val_loss for name, log in __import__("dsp_paper.nn.training",
        fromlist=["fitted"]).fitted()}
print(json.dumps(logs))
"""


@pytest.mark.slow
@pytest.mark.backend
def test_a_training_twice_gives_the_same_numbers(tmp_path):
    outputs = []
    for attempt in range(2):
        env = dict(os.environ, DSP_PAPER_ROOT=str(tmp_path / f"root{attempt}"))
        done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        outputs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    assert outputs[0] and outputs[0] == outputs[1]
