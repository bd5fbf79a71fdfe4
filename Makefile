# One place for every task. README.md names the two a newcomer needs: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DB := build/content.sqlite
PO := $(wildcard i18n/*/LC_MESSAGES/kiosk.po)
MO := $(PO:.po=.mo)

.PHONY: venv db i18n run test quick lint screenshots display-shots system-deps extract-messages bench \
	bundle bundle-check clean template studio

venv: $(VENV)/.installed
$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

db: $(DB)
$(DB): $(wildcard db/*.csv) $(wildcard kiosk/data/*.py) $(VENV)/.installed
	$(BIN)/python main.py --build-db $(DB)

i18n: $(MO)
i18n/%/LC_MESSAGES/kiosk.mo: i18n/%/LC_MESSAGES/kiosk.po $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -D kiosk -d i18n -l $* >/dev/null

run: venv db i18n
	$(BIN)/python main.py $(ARGS)

template: venv db   ## the staff workbook (.xlsx) with the current content -> build/template.xlsx
	$(BIN)/python -m kiosk.admin.template build/template.xlsx --db $(DB)

studio: venv db i18n   ## the staff content studio (office PC)
	$(BIN)/python main.py --studio

lint: venv
	$(BIN)/ruff check kiosk tests tools main.py
	$(BIN)/lint-imports

system-deps:  ## apt-installs (as root) what the X11 window and the display tests need, or says what is missing
	@sh tools/system_deps.sh

test: system-deps venv db i18n lint bundle-check
	QT_QPA_PLATFORM=offscreen KIOSK_BUNDLE=dist/jinshan-kiosk $(BIN)/python -m pytest $(PYTEST_ARGS)

quick: system-deps venv db i18n lint   ## the suite without building the bundle (its tests are skipped)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

BUNDLE := dist/jinshan-kiosk/jinshan-kiosk
bundle: $(BUNDLE)
$(BUNDLE): build.spec main.py $(shell find kiosk assets tools/bundle -type f -not -name '*.pyc') $(DB) $(MO) i18n/messages.pot $(VENV)/.installed
	$(BIN)/pyinstaller --noconfirm --clean --log-level ERROR --distpath dist --workpath build/pyinstaller build.spec
	# strip symbols from shared libraries (not numpy's OpenBLAS, which breaks when stripped)
	find dist/jinshan-kiosk/_internal -name '*.so*' -type f -not -path '*numpy.libs*' -exec strip --strip-unneeded {} + 2>/dev/null || true
	@du -sh dist/jinshan-kiosk | sed 's/^/bundle size: /'
	touch $@

bundle-check: bundle
	QT_QPA_PLATFORM=offscreen KIOSK_DATA_DIR=$$(mktemp -d) $(BUNDLE) --self-test

screenshots: venv db i18n
	rm -rf shots && QT_QPA_PLATFORM=offscreen $(BIN)/python main.py --screenshots shots
	QT_QPA_PLATFORM=offscreen $(BIN)/python main.py --studio --screenshots shots --db $(DB)

display-shots: venv db i18n   ## the kiosk on a real X server (Xvfb): 1024x768, 1920x1080, 1080x1920 -> display-shots/
	rm -rf display-shots && $(BIN)/python tools/display_shots.py display-shots

extract-messages: venv
	$(BIN)/pybabel extract -F i18n/babel.cfg -k tr -k trn:1,2 --no-location --sort-output \
		-o i18n/messages.pot kiosk
	$(BIN)/pybabel update -i i18n/messages.pot -d i18n -D kiosk --no-fuzzy-matching

bench: venv db i18n   ## every benchmark -> bench/REPORT.md + bench/results.json (~10 min; make bundle first to include it)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench

clean:
	rm -rf build dist shots display-shots $(MO)
