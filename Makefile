# The two commands: `make reproduce` (quick-scale run of every notebook) and `make test`.
# Both set themselves up: a .venv with the package installed editable, the Debian packages
# that ship the real audio, and a Jupyter kernel. A second call skips the set-up.
# `make test` runs the unit tests and the notebooks (nbval, smoke) under both Keras backends
# the package supports, TensorFlow and JAX: every unit test under TensorFlow, and under JAX the
# tests whose result can depend on the backend (marked `backend`); KERAS_BACKEND picks the one
# `make reproduce` uses. `make test-fast` (development) runs the unit tests not marked `slow`,
# under TensorFlow alone.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.dsp_paper-installed
SCALE ?= quick

BACKENDS := tensorflow jax
NBVAL := -p no:cacheprovider --nbval-lax --nbval-current-env --nbval-cell-timeout=600

# (unit-<backend> and nbval-<backend> are pattern rules, which make skips for .PHONY names)
.PHONY: setup system-packages reproduce test test-fast unit nbval report site capture-check clean

setup: system-packages $(STAMP)

system-packages:
	@tools/system-packages.sh

$(PY):
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "dsp_paper needs Python >= 3.11, found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	$(PY) -m ipykernel install --user --name dsp_paper --display-name "Python (dsp_paper)" >/dev/null
	touch $@

reproduce: setup
	$(PY) -m dsp_paper run --scale $(SCALE) --output build/
	$(PY) -m dsp_paper report --scale $(SCALE) --readme
	$(PY) -m dsp_paper site --scale $(SCALE) --executed build/

report: setup
	$(PY) -m dsp_paper report --scale $(SCALE) --readme

# the executed notebooks in build/ as the static site figures/site/ (make reproduce ends with it)
site: setup
	$(PY) -m dsp_paper site --scale $(SCALE) --executed build/

# The capture command on effects nobody here tuned it to (SoX, CAPS, pedalboard), each captured
# with its defaults: every recipe in equal minutes on one core each, two at a time, then the
# default recipe on both cores, one at a time (~70 minutes; CHECK_ARGS="--phases default" runs one
# phase); writes figures/capture_check.json, which notebook 08 shows.
capture-check: setup
	$(PY) -c 'import sys; from dsp_paper.studies.capture_comparison.general_check import main; sys.exit(main(sys.argv[1:]))' $(CHECK_ARGS)

# The two backends run side by side: each unit test has a root of its own, each backend's
# notebooks a build tree of their own (DSP_PAPER_ROOT=build/nbval-<backend>), and each backend
# a numba cache of its own (NUMBA_CACHE_DIR): two processes compiling the same cached
# gufunc at once can leave a half-written cache that segfaults the other (numba issue 10128;
# seen here in librosa's peak_pick). Each backend's kernels also get an IPython directory of
# their own (IPYTHONDIR): the two chains start a kernel at the same moment, and once, in a
# fresh clone, one of the two died before it answered; they share no history database now.
# The 2f-model's kernels (about 80 s to compile, dsp_paper.perceptual) are the exception: both
# chains share one folder for them, which a background process fills while the chains run
# their first notebooks; a chain that needs them sooner waits for it (a file lock) and loads.
TWO_F_CACHE := $(CURDIR)/build/numba-2f
ISOLATED = NUMBA_CACHE_DIR=$(CURDIR)/build/numba-$* IPYTHONDIR=$(CURDIR)/build/ipython-$* \
	DSP_PAPER_2F_CACHE=$(TWO_F_CACHE)
WARM_2F = import numpy as np, dsp_paper as dp; \
	x = np.random.default_rng(0).standard_normal(48000) * 0.1; \
	dp.mushra_2f(x * 0.5, x, sample_rate=48000)
unit: setup
	@$(MAKE) --no-print-directory -j2 --output-sync=target $(addprefix unit-,$(BACKENDS))

# the second backend runs only what can differ between backends (models, losses, training,
# streaming equality, capture, estimate's probe). NeuralAmpModelerCore's round trips
# (tests/test_nam.py, about 90 s, most of it building Core) still run under TensorFlow, but at
# the end of the JAX chain, the shorter of the two.
UNIT_SELECTION_tensorflow := --ignore=tests/test_nam.py
UNIT_SELECTION_jax := -m backend
UNIT_AFTER_jax = KERAS_BACKEND=tensorflow $(ISOLATED) $(PY) -m pytest -q -p no:cacheprovider \
	tests/test_nam.py
unit-%: setup
	@echo "== unit tests, Keras on $*"
	KERAS_BACKEND=$* $(ISOLATED) $(PY) -m pytest -q -p no:cacheprovider --durations=25 $(UNIT_SELECTION_$*) tests
	$(UNIT_AFTER_$*)

test-fast: setup
	KERAS_BACKEND=tensorflow $(PY) -m pytest -q -p no:cacheprovider -m "not slow" tests

nbval: setup
	@$(MAKE) --no-print-directory -j2 --output-sync=target $(addprefix nbval-,$(BACKENDS))

# nbval at smoke, then a check that each notebook's planned_work (what `estimate` times) is
# what the notebook trained.
nbval-%: setup
	@echo "== notebooks at smoke, Keras on $*"
	KERAS_BACKEND=$* $(ISOLATED) DSP_PAPER_ROOT=$(CURDIR)/build/nbval-$* DSP_PAPER_SCALE=smoke \
		$(PY) -m pytest -q $(NBVAL) notebooks/
	KERAS_BACKEND=$* $(ISOLATED) DSP_PAPER_ROOT=$(CURDIR)/build/nbval-$* \
		$(PY) -m dsp_paper estimate --verify --scale smoke

# Each backend's notebooks, then its unit tests, one chain per backend, the two chains side by
# side: the four jobs are uneven (JAX's unit run is the shortest, its notebooks the longest), and
# a backend's jobs never share its numba cache at the same time.
test: setup
	@mkdir -p build && (DSP_PAPER_2F_CACHE=$(TWO_F_CACHE) NUMBA_CACHE_DIR=$(TWO_F_CACHE) \
		$(PY) -c '$(WARM_2F)' > build/warm-2f.log 2>&1 &)
	@$(MAKE) --no-print-directory -j2 --output-sync=target $(addprefix test-,$(BACKENDS))

test-%: setup
	@$(MAKE) --no-print-directory -j1 nbval-$* unit-$*

clean:
	rm -rf build
