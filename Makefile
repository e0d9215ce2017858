# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
.PHONY: venv demo demo-oparl test test-cluster test-fast lint engine-start engine-stop eval clean

VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

venv:
	VENV=$(VENV) scripts/setup_venv.sh

demo: venv
	scripts/demo.sh

demo-oparl: venv
	scripts/demo_oparl.sh

test:
	VENV=$(VENV) scripts/test.sh

# OpenSearch nodes of their own: a 3-node cluster with a node killed under load and during an
# ingest, a rollout, a rolling restart (tests/test_cluster.py); a node with TLS and a login
# (tests/test_security.py).
test-cluster:
	VENV=$(VENV) scripts/test_cluster.sh

# The pure tests only: no Java, Chromium, Tesseract or model needed (well under a minute).
test-fast: venv
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest -m "not engine and not model and not browser and not ocr and not cluster"

lint: venv
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

engine-start:
	scripts/opensearch.sh start

engine-stop:
	scripts/opensearch.sh stop

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
