# The README's two commands are `make run` and `make test`; each installs what it needs first.
UV := UV_PYTHON_DOWNLOADS=never $(shell command -v uv 2>/dev/null || echo $(CURDIR)/.tools/bin/uv) --quiet
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint bench setup setup-test format translations

setup:
	@sh scripts/bootstrap.sh run

setup-test:
	@sh scripts/bootstrap.sh test

## run: migrate the SQLite database in instance/, load the demo data on first run, serve on $(HOST):$(PORT)
## with a job worker beside it (its queue in instance/jobs.sqlite3: no other service to install)
run: setup
	TIBAO_ENV=development $(UV) run flask --app procurement seed-demo
	TIBAO_ENV=development $(UV) run flask --app procurement jobs worker & worker=$$!; \
	trap 'kill -INT $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	TIBAO_ENV=development $(UV) run flask --app procurement run --host $(HOST) --port $(PORT)

## test: the whole suite (SQLite, and PostgreSQL too when TEST_DATABASE_URL is set; browser tests in Chromium),
## in one process by default; TEST_WORKERS=auto spreads the files over one pytest-xdist worker per core
TEST_WORKERS ?= 0
test: setup-test
	$(UV) run pytest -n $(TEST_WORKERS) --dist loadfile --durations=25 $(PYTEST_ARGS)

## lint: ruff, ruff format, mypy (strict on scoring/)
lint: setup
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run mypy

format: setup
	$(UV) run ruff format .
	$(UV) run ruff check --fix .

## bench: the benchmark scripts of bench/, printing figures and ratios against their anchors;
## bench/jobs.py (issue 19: worker, results PDF, BLAS, load) on $(BENCH_POSTGRES), in a schema it drops
BENCH_POSTGRES ?= postgresql://postgres@127.0.0.1:5432/test
bench:
	@sh scripts/bootstrap.sh bench
	$(UV) run python bench/scoring.py
	$(UV) run python bench/web.py
	$(UV) run python bench/evaluation.py
	$(UV) run python bench/maintenance.py
	$(UV) run python bench/register.py
	$(UV) run python bench/jobs.py --postgres $(BENCH_POSTGRES)

## translations: extract the strings and merge them into the Chinese catalogue (then fill the empty msgstr)
translations: setup
	$(UV) run pybabel extract -F babel.cfg -k _l -k lazy_gettext -k pgettext:1c,2 -k lazy_pgettext:1c,2 --no-location --sort-output \
		-o procurement/translations/messages.pot .
	$(UV) run pybabel update -i procurement/translations/messages.pot -d procurement/translations \
		--no-fuzzy-matching --ignore-obsolete
