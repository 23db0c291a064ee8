# The two commands: `make reproduce` (quick-scale run of every notebook) and `make test`.
# Both set themselves up: a .venv with the package installed editable, the Debian packages
# that ship the real audio, and a Jupyter kernel. A second call skips the set-up.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.dsp_paper-installed
SCALE ?= quick

.PHONY: setup system-packages reproduce test unit nbval report clean

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

report: setup
	$(PY) -m dsp_paper report --scale $(SCALE) --readme

unit: setup
	$(PY) -m pytest -q tests

nbval: setup
	DSP_PAPER_SCALE=smoke $(PY) -m pytest -q -p no:cacheprovider --nbval-lax --nbval-current-env --nbval-cell-timeout=600 notebooks/

test: unit nbval

clean:
	rm -rf build
