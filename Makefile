# Two commands do all the set-up on a fresh machine (only Python 3.11+ and make needed):
#   make run    install into .venv, then run the main job on raw/ (writes output/)
#   make test   install into .venv, then lint, check the lock and run the test suite
# Both install the exact versions of requirements.lock (hash-checked), then Kronika itself.
#   make lock   re-compile requirements.lock after editing pyproject.toml's dependencies
#               (keeps the locked versions that still fit; `make lock UPGRADE=1` takes the newest)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
LOCK := requirements.lock
TOOLS := build/lock-tools
UV_VERSION := 0.13.8

.PHONY: setup run test lint lock-check lock format bench eval clean

setup: $(VENV)/.installed

# The pip that ships with the interpreter is enough: a hash-checked, fully pinned install does
# no dependency resolution, so pip's version cannot change what gets installed.
$(VENV)/.installed: $(LOCK) pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	touch $@

run: setup
	$(BIN)/kronika run raw --out output

test: setup lint lock-check
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

lock-check: setup
	$(BIN)/python .ci/lockfile.py check

# uv compiles the lock (universal: every platform's wheels are hashed); installing it needs
# only pip. The existing lock is the preference, so unchanged requirements keep their versions.
lock:
	test -x $(TOOLS)/bin/uv || ($(PYTHON) -m venv $(TOOLS) && \
		$(TOOLS)/bin/python -m pip install --quiet uv==$(UV_VERSION))
	$(TOOLS)/bin/uv pip compile pyproject.toml --all-extras --universal --python-version 3.11 \
		--generate-hashes --quiet $(if $(UPGRADE),--upgrade) -o $(LOCK)
	$(PYTHON) .ci/lockfile.py stamp

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf output
