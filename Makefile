# The README's two commands: `make run` and `make test`. Each creates or refreshes .venv itself.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: run test lint venv clean i18n i18n-missing

$(STAMP): pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q --upgrade pip
	$(VENV)/bin/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/centralino demo

# the rt and postgres backends' tests start a real Request Tracker and a real PostgreSQL:
# install them first when missing (as root)
test: $(STAMP)
	bash .ci/install-rt.sh
	bash .ci/install-pg.sh
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/python -m pytest -q --durations=25 -n 2 --dist loadfile

# the catalogs: extract the messages, update data/locale/*/centralino.po, compile the .mo files
i18n: $(STAMP)
	$(VENV)/bin/python scripts/i18n.py

# each catalog's messages still to translate (new strings after a merge)
i18n-missing: $(STAMP)
	$(VENV)/bin/python scripts/i18n.py missing

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) build dist *.egg-info
