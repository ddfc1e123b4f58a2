# make run   - install into .venv, migrate SQLite, seed the demo, serve on http://127.0.0.1:8000
# make worker - a task worker (RQ) for the demo; needs REDIS_URL, reads the same environment as make run
# make serve - the demo under gunicorn (WEB_CONCURRENCY workers x WEB_THREADS threads), as in production
# make test  - install, run every test
# make bench - install, time the upload pipeline against its peers (writes bench/RESULTS.md)
# make load  - the demo under gunicorn loaded with uploads (writes bench/LOAD.md)
# make frontend - Open Event's own frontend built from its source and driven in Chromium against the demo
# make mutate - mutation testing of the security-critical modules (survivors: docs/mutation-testing.md)
# make matrix - the suite on every supported Python and Django (noxfile.py: CELLS="pinned newest" for some)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
HOST ?= 127.0.0.1:8000

.PHONY: install install-test run serve worker test matrix frontend bench load mutate clean

install: $(STAMP)
install-test: $(TEST_STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# The test tools (pytest, Playwright, moto, ruff...) on top: the demo alone does not need them.
$(TEST_STAMP): $(STAMP) requirements-test.txt
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $(TEST_STAMP)

# Without INSTAGRAM_CLIENT_ID in the environment, Connect Instagram talks to the local stand-in.
STANDIN ?= 127.0.0.1:8765
STANDIN_ENV := INSTAGRAM_CLIENT_ID=standin-app INSTAGRAM_CLIENT_SECRET=standin-secret \
	INSTAGRAM_REDIRECT_URI=http://$(HOST)/instagram/callback/ \
	INSTAGRAM_AUTHORIZE_URL=http://$(STANDIN)/oauth/authorize \
	INSTAGRAM_TOKEN_URL=http://$(STANDIN)/oauth/access_token INSTAGRAM_GRAPH_URL=http://$(STANDIN) \
	INSTAGRAM_MEDIA_HOSTS=127.0.0.1 INSTAGRAM_MEDIA_REQUIRE_HTTPS=0 INSTAGRAM_MEDIA_PRIVATE_NETWORKS=127.0.0.0/8

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@if [ -z "$$INSTAGRAM_CLIENT_ID" ]; then \
	  echo "No INSTAGRAM_CLIENT_ID set: Connect Instagram uses the local stand-in on http://$(STANDIN)"; \
	  $(BIN)/python -m project.instagram_standin --port $(lastword $(subst :, ,$(STANDIN))) \
	    --redirect-uri http://$(HOST)/instagram/callback/ & STANDIN_PID=$$!; \
	  trap 'kill $$STANDIN_PID 2>/dev/null' EXIT INT TERM; \
	  $(STANDIN_ENV) $(BIN)/python manage.py runserver $(HOST); \
	else \
	  $(BIN)/python manage.py runserver $(HOST); \
	fi

# gunicorn with threaded workers; the environment is the same as for `make run` (DATABASE_URL, ...).
# Static files are collected into var/static for the proxy in front to serve. One upload at a time
# per process and two malloc arenas: measured in bench/LOAD.md (throughput scales with workers, and a
# worker's peak RSS stays about a third lower than with glibc's default of 8 arenas a core).
serve: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput -v 0
	WEB_BIND=$${WEB_BIND:-$(HOST)} UPLOADS_PER_PROCESS=$${UPLOADS_PER_PROCESS:-1} \
	  MALLOC_ARENA_MAX=$${MALLOC_ARENA_MAX:-2} $(BIN)/gunicorn -c project/gunicorn.conf.py project.wsgi

# First resumes tasks a dead worker left half done and makes sure the daily Instagram token refresh and
# the hourly expiry of unattached uploads are scheduled, then works the queue (and scheduled tasks).
worker: install
	@test -n "$$REDIS_URL" || { echo "Set REDIS_URL (redis://127.0.0.1:6379/0) for make worker, and for make run/serve"; exit 2; }
	@# Without INSTAGRAM_CLIENT_ID the worker talks to the stand-in that `make run` started, as the site does.
	@if [ -z "$$INSTAGRAM_CLIENT_ID" ]; then export $(STANDIN_ENV); fi; \
	  $(BIN)/python manage.py eventmedia_resume_tasks && \
	  $(BIN)/python manage.py eventmedia_schedule_token_refresh && \
	  $(BIN)/python manage.py eventmedia_schedule_cleanup && \
	  exec $(BIN)/python manage.py rqworker default --job-class django_tasks_rq.Job --with-scheduler

test: install-test
	$(BIN)/ruff check eventmedia project tests bench
	$(BIN)/python -m pytest

# The test matrix (noxfile.py): Python 3.11 + Django 5.2 pinned, 3.12 + Django 6.0, 3.13 + the newest
# Django 6.x, and 3.11 with the lowest versions pyproject.toml allows; each without the browser tests,
# in its own environment under .nox/ (about 4 minutes a cell). Pythons come from PATH or pyenv.
CELLS ?= pinned django60 newest lowest

matrix: install
	$(BIN)/python -m pip install --quiet -r requirements-matrix.txt
	$(BIN)/nox --sessions $(CELLS)

# Open Event's frontend (its source and build script beside this checkout, in ../shared/open-event-frontend,
# or OPEN_EVENT_FRONTEND=<that folder>), built once into .cache/ with the demo's API address baked in
# (about 5 minutes, ~1.6 GB), then driven in Chromium against the demo: screenshots in test-output/.
OPEN_EVENT_FRONTEND ?= $(firstword $(wildcard ../shared/open-event-frontend /work/shared/open-event-frontend))
FRONTEND_API := 127.0.0.1:8411

frontend: install-test
	@test -n "$(OPEN_EVENT_FRONTEND)" -a -x "$(OPEN_EVENT_FRONTEND)/build.sh" || \
	  { echo "open-event-frontend's source not found: set OPEN_EVENT_FRONTEND=<folder with build.sh>"; exit 2; }
	API_HOST=http://$(FRONTEND_API) bash $(OPEN_EVENT_FRONTEND)/build.sh .cache/open-event-frontend
	$(BIN)/python -m pytest -p no:cacheprovider --ds=tests.demo_site.frontend_settings \
	  --liveserver=$(FRONTEND_API) tests/e2e/open_event_frontend_run.py

bench: install
	$(BIN)/python -m pip install --quiet -r bench/requirements.txt
	$(BIN)/python bench/run.py
	$(BIN)/python bench/placeholders.py
	$(BIN)/python bench/formats.py

# gunicorn with 1 and 2 workers loaded with uploads on loopback (about 4 minutes; writes bench/LOAD.md).
load: install
	$(BIN)/python bench/load.py

# The modules and tests are listed under [tool.mutmut] in pyproject.toml. Not part of `make test`:
# it runs the selected tests once per mutant (about 1,500 mutants, 10-15 minutes here).
mutate: install-test
	$(BIN)/python -m pip install --quiet mutmut==3.8.1
	rm -rf mutants
	$(BIN)/mutmut run --max-children 2
	$(BIN)/mutmut results

clean:
	rm -rf $(VENV) .nox db.sqlite3 demo.sqlite3 media var mutants .cache .pytest_cache .hypothesis
