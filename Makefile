# Hulpwijzer: two commands do everything.
#   make run    set up, train if needed, start the bot and the demo page (Ctrl-C stops all)
#   make test   set up, then run every check
#   make unit   the unit tests alone: under a minute, no training, no running bot
# PYTHON=/path/to/python3.10 chooses the interpreter (Rasa 3.6 needs Python 3.8-3.10).

SHELL := /bin/bash
VENV := .venv
VPY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONPATH := $(CURDIR)

DOMAIN := bot/domain
TRAINING_DATA := data/nlu data/rules  # as TRAINING_DATA in hulpwijzer/config.py

.PHONY: beheer-user run test unit setup train validate pytest rasa-test eval eval-safety nlu-places clean help check report reload rollback retention bench soak

help:
	@echo "make run    start the bot and the demo page"
	@echo "make test   run every check"
	@echo "make unit   the unit tests alone (under a minute; no training, no running bot)"
	@echo "make train  train the model if the data changed"
	@echo "make eval   safety net + NLU pipelines on held-out sets: docs/safety-evaluation.md, docs/nlu-evaluation.md"
	@echo "make eval-safety  the safety net alone (about a minute)"
	@echo "make check  check the files staff edit (directory, answers, example questions), in Dutch"
	@echo "make reload train if needed and load the new model into the running bot (no restart)"
	@echo "make rollback  put the previous model back into the running bot"
	@echo "make beheer-user GEBRUIKER=anna NAAM=\"Anna Jansen\" GEMEENTEN=oss [LANDELIJK=1] [BEHEERDER=1]  account for the browser beheer"
	@echo "make report anonymous counts per gemeente and week (topics, fallback, crisis net)"
	@echo "make retention DAYS=30  delete stored conversations older than DAYS days"
	@echo "make bench  latency, throughput and memory against the stock rasa init bot (docs/performance.md)"
	@echo "make soak   30 minutes at 5 messages per second: errors, p95 per 5 minutes, memory (docs/performance.md)"

run: setup train
	@$(VPY) -m tools.run

test: setup train validate pytest rasa-test

# tests/unit only: no model, no processes; for the edit-test loop. make test runs them too.
unit: setup
	$(VPY) -m pytest tests/unit -q

setup: $(VENV)/.installed models/spacy/nl/meta.json web/vendor/socket.io.min.js

# The venv is rebuilt when the dependency pins change.
$(VENV)/.installed: pyproject.toml constraints.txt
	@PY=$$(PYTHON="$(PYTHON)" bash tools/find_python.sh) || exit 1; \
	echo "Using $$PY ($$($$PY --version))"; \
	[ -x $(VPY) ] && $(VPY) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' || { rm -rf $(VENV); $$PY -m venv $(VENV); }
	@echo "Installing the pinned packages into $(VENV) (a few minutes the first time)..."
	@set -o pipefail; $(VPY) -m pip install --quiet --disable-pip-version-check \
	  -c constraints.txt -e ".[setup,dev]" 2>&1 | { grep -v "it is neither a file nor a directory" || true; }
	@touch $@

models/spacy/nl/meta.json: $(VENV)/.installed tools/model/setup_spacy.py
	@$(VPY) tools/model/setup_spacy.py
	@touch $@

# The web chat's socket.io client, from the npm registry (pinned in web/package-lock.json).
web/vendor/socket.io.min.js: web/package.json web/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  (cd web && npm ci --no-audit --no-fund --loglevel=error >/dev/null) && mkdir -p web/vendor && \
	  cp web/node_modules/socket.io-client/dist/socket.io.min.js web/vendor/ && \
	  cp web/node_modules/axe-core/axe.min.js web/vendor/; \
	else echo "npm not found: the demo chat page cannot load its socket.io client (the REST API still works)."; fi

train: setup
	@$(VPY) -m hulpwijzer.ops.train_if_changed

validate: setup
	$(VPY) -m hulpwijzer.known_warnings data validate --domain $(DOMAIN) --data $(TRAINING_DATA) --config bot/config.yml

pytest: setup train
	$(VPY) -m pytest

# Test stories (tests/stories/) against the trained model; any wrong prediction fails.
rasa-test: setup train
	$(VPY) -m hulpwijzer.known_warnings test core --model models/hulpwijzer.tar.gz --stories tests/stories \
	  --fail-on-prediction-errors --out var/results/core

nlu-places: setup
	@$(VPY) -m tools.model.generate_nlu_places

eval: setup train eval-safety
	@nice -n 5 $(VPY) -m tools.model.evaluate_nlu $(ARGS)

# The safety net on held-out crisis and harmless messages (about a minute): docs/safety-evaluation.md.
eval-safety: setup train
	@nice -n 5 $(VPY) -m tools.model.evaluate_safety

# Staff workflow (docs/beheer.md). ARGS passes options, e.g. make check ARGS="--gemeente Oss".
check: setup
	@$(VPY) -m hulpwijzer.staff.check $(ARGS)

report: setup
	@$(VPY) -m hulpwijzer.staff.report $(ARGS)

reload: setup
	@$(VPY) -m hulpwijzer.staff.reload_model

rollback: setup
	@$(VPY) -m hulpwijzer.staff.reload_model --rollback

# Privacy (AVG): delete stored conversations older than DAYS days (default RETENTION_DAYS or 30).
retention: setup
	@$(VPY) -m hulpwijzer.ops.retention $(if $(DAYS),--days $(DAYS))

# Speed and memory against the stock `rasa init` bot, in one run (about 10 minutes).
# ARGS="--write-docs" puts the table into docs/performance.md.
bench: setup
	@$(VPY) -m tools.measure.bench $(ARGS)

# A long run at a steady rate of mixed conversations (default 30 minutes at 5 messages per
# second); it stops by itself. ARGS="--minutes 5", "--write-docs".
soak: setup train
	@$(VPY) -m tools.measure.bench.soak $(ARGS)

clean:
	rm -rf $(VENV) models/*.tar.gz models/*.fingerprint models/spacy var .rasa results

# Beheer in de browser (hulpwijzer/beheer, docs/beheer.md): create or change a staff account.
# The password is asked twice (or read from BEHEER_WACHTWOORD); there is no default password.
beheer-user: setup
	@$(VPY) -m hulpwijzer.beheer.manage beheer_user "$(GEBRUIKER)" --naam "$(NAAM)" --email "$(EMAIL)" \
	  --gemeenten "$(GEMEENTEN)" $(if $(LANDELIJK),--landelijk) $(if $(BEHEERDER),--beheerder)
