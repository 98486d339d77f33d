# mujaz - build, test, install.  `make` installs missing Debian packages,
# builds build/mujaz and build/libmujaz.a, and renders data/*.md to out/*.pdf
# (out/briefing.pdf among them).

# Debian packages.  `make deps` installs the missing build packages,
# `make test-deps` the test ones too (`make` and `make test` run them), with
# apt-get as root or through sudo.  On a system without dpkg nothing is
# installed: the build needs the libraries where pkg-config finds them.
BUILD_DEPS = build-essential pkg-config \
       libhpdf-dev libharfbuzz-dev libfreetype-dev libfribidi-dev libunibreak-dev \
       libfontconfig-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libyaml-dev zlib1g-dev libdeflate-dev libpng-dev libcsv-dev \
       fonts-noto-core fonts-dejavu-core fontconfig icc-profiles-free
TEST_DEPS = poppler-utils qpdf libharfbuzz-bin unicode-data mupdf-tools valgrind time python3 hunspell-ar fonts-dejavu-extra \
       python3-pdfminer python3-jsonschema ghostscript \
       python3-pikepdf libpdfbox2-java default-jre-headless libactivation-java libjaxb-api-java \
       libcommons-logging-java
# `make lint` (which CI runs) and `make tsan`, `make fuzz` (clang's sanitizers)
LINT_DEPS = cppcheck clang clang-tools
DEPS = $(BUILD_DEPS) $(TEST_DEPS)
# The PDF readers the text-layer tests run (tests/t_clients.sh) are these
# Debian packages (poppler, mutool, pdfminer, Ghostscript) and, from npm,
# pdf.js and MuPDF.js, pinned by tests/clients/package-lock.json.  Node.js
# is asked for as a command: a machine may have it from elsewhere
# (NodeSource), and Debian's npm package would replace that one.
NODE_DEPS = nodejs npm
CLIENTS = tests/clients/node_modules/.mujaz-installed

PREFIX ?= /usr/local
DESTDIR ?=
CC ?= cc
CFLAGS ?= -O3 -g
PKGS = harfbuzz harfbuzz-subset fribidi libunibreak freetype2 fontconfig libcmark-gfm yaml-0.1 libpng libdeflate
# Everything below is computed lazily so that `make deps` can run first on a
# machine where pkg-config does not yet know these packages.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lhpdf -lcsv -lz -lm
WARN = -Wall -Wextra -Wshadow -Wconversion -Wstrict-prototypes -Wno-unused-parameter
STD = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
FONT_DIR_DEFAULT = $(abspath fonts)
# WERROR=-Werror turns warnings into errors (CI does).  Objects are
# position-independent with hidden symbols: the same ones make libmujaz.a
# and libmujaz.so, which exports only what include/mujaz.h marks MZ_API.
WERROR ?=
ALL_CFLAGS = $(STD) $(WARN) $(WERROR) $(CFLAGS) -fPIC -fvisibility=hidden -Iinclude -Isrc $(PKG_CFLAGS) \
             -DMZ_FONT_DIR='"$(FONT_DIR)"'
FONT_DIR ?= $(FONT_DIR_DEFAULT)

# the shipped themes, as the fonts: where the in-tree or installed binary finds them
THEME_DIR ?= $(abspath themes)
ALL_CFLAGS += -DMZ_THEME_DIR='"$(THEME_DIR)"'

BUILD ?= build
# One folder per pipeline stage (doc/architecture.md); cli/ is the program.
LIB_SRC = $(wildcard src/*/*.c)
LIB_SRC := $(filter-out src/cli/%,$(LIB_SRC))
LIB_OBJ = $(patsubst src/%.c,$(BUILD)/obj/%.o,$(LIB_SRC))
TEST_SRC = $(wildcard tests/test_*.c)
TEST_BIN = $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRC))

.PHONY: all deps test-deps lint-deps clients build test torture asan tsan lint leakcheck bench fuzz docs install uninstall clean briefing build-asan-tests

VERSION = $(shell sed -n 's/^\#define MZ_VERSION "\(.*\)"/\1/p' include/mujaz.h)
SONAME = libmujaz.so.0

all: deps
	@$(MAKE) --no-print-directory build
	@$(MAKE) --no-print-directory docs

# Installs missing packages; quiet when everything is there.
define install_missing
	@command -v dpkg-query >/dev/null 2>&1 || { echo "not a Debian system: install $(1) or their equivalents by hand"; exit 0; }; \
	missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || missing="$$missing $$p"; \
	done; \
	$(2) \
	if [ -n "$$missing" ]; then \
	  echo "installing missing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null || \
	  { echo "apt-get failed; install these packages by hand:$$missing" >&2; exit 1; }; \
	fi
endef

deps:
	$(call install_missing,$(BUILD_DEPS),)

lint-deps:
	$(call install_missing,$(LINT_DEPS),)

test-deps:
	$(call install_missing,$(BUILD_DEPS) $(TEST_DEPS),{ command -v node && command -v npm; } >/dev/null 2>&1 || missing="$$missing $(NODE_DEPS)";)

build: $(BUILD)/mujaz $(BUILD)/libmujaz.a $(BUILD)/$(SONAME)

# Objects are rebuilt when the flags change (a new CFLAGS, WERROR, FONT_DIR).
$(BUILD)/cflags: FORCE
	@$(shell mkdir -p $(BUILD))$(file >$@.new,$(CC) $(ALL_CFLAGS))cmp -s $@.new $@ && rm -f $@.new || mv -f $@.new $@
FORCE:

# -MMD -MP: each object depends on the headers it includes, no more.
$(BUILD)/obj/%.o: src/%.c $(BUILD)/cflags
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@
-include $(LIB_OBJ:.o=.d) $(BUILD)/obj/cli/main.d $(BUILD)/obj/cli/heap.d

$(BUILD)/libmujaz.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

# The shared library: soname libmujaz.so.0 (the ABI's major version), the
# file named by the full version, and the development link.
$(BUILD)/$(SONAME): $(LIB_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -shared -Wl,-soname,$(SONAME) -Wl,--no-undefined -o $(BUILD)/libmujaz.so.$(VERSION) $^ $(PKG_LIBS) -lpthread
	ln -sf libmujaz.so.$(VERSION) $@
	ln -sf $(SONAME) $(BUILD)/libmujaz.so

$(BUILD)/mujaz: $(BUILD)/obj/cli/main.o $(BUILD)/obj/cli/heap.o $(BUILD)/libmujaz.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

briefing: out/briefing.pdf

$(BUILD)/tests/%: tests/%.c tests/harness.h $(BUILD)/libmujaz.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests -MMD -MP -o $@ $< $(BUILD)/libmujaz.a $(PKG_LIBS)
-include $(TEST_BIN:=.d)

# pdf.js and MuPDF.js for the text-layer tests, exactly as locked.
clients: $(CLIENTS)
$(CLIENTS): tests/clients/package.json tests/clients/package-lock.json
	cd tests/clients && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The runner's last line is "N passed, N failed"; it exits non-zero on failure.
test: test-deps
	@$(MAKE) --no-print-directory build $(TEST_BIN) clients
	@BUILD=$(BUILD) bash tests/run.sh

# The same suite under AddressSanitizer + UndefinedBehaviorSanitizer.
asan: test-deps clients
	@$(MAKE) --no-print-directory BUILD=build-asan \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined" build build-asan-tests
	@BUILD=build-asan ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(abspath tests/lsan.supp):print_suppressions=0 \
	  UBSAN_OPTIONS=print_stacktrace=1 bash tests/run.sh

build-asan-tests: $(TEST_BIN)

# Threads rendering at once under ThreadSanitizer (tests/test_threads.c,
# also part of the plain suite) and a four-worker `mujaz build`.
tsan: deps lint-deps
	@$(MAKE) --no-print-directory BUILD=build-tsan CC=clang \
	  CFLAGS="-O1 -g -fsanitize=thread -fno-omit-frame-pointer" LDFLAGS="-fsanitize=thread" \
	  build-tsan/mujaz build-tsan/tests/test_threads
	@TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
	  BUILD=build-tsan bash tests/tsan.sh

# Static analysis: cppcheck and clang's analyser over every source file.
lint: deps lint-deps
	@bash tests/lint.sh $(STD) -Iinclude -Isrc $(PKG_CFLAGS) -DMZ_FONT_DIR='"$(FONT_DIR)"'

# Every allocation failure of a render, one at a time (curl's idea): each
# must end with exit 6 and the old output intact, or exit 0 and the same
# PDF; then every third of a three-document `mujaz build`, -j 1 and -j 2.
# Reports what does not (tests/torture/torture.py).  Not the Latin mixes:
# FriBidi 1.0.8 crashes when it cannot allocate a bracket pair (README).
TORTURE_DOCS = tests/data/small.md data/briefing.md tests/data/harakat.txt tests/data/ligatures.md tests/data/linked.md \
       tests/data/figures.md
torture: deps build
	@mkdir -p $(BUILD)
	$(CC) -O2 -shared -fPIC -o $(BUILD)/failmalloc.so tests/torture/failmalloc.c -ldl
	@/usr/bin/python3 tests/torture/torture.py $(abspath $(BUILD)/failmalloc.so) $(BUILD)/mujaz $(TORTURE_DOCS)
	@for j in 1 2; do /usr/bin/python3 tests/torture/torture.py $(abspath $(BUILD)/failmalloc.so) $(BUILD)/mujaz \
	  --sample 3 --batch $$j tests/data/small.md data/briefing.md tests/data/ligatures.md || exit 1; done

# The same suite with every mujaz process under valgrind.
leakcheck: test-deps build $(TEST_BIN) clients
	@BUILD=$(BUILD) MZ_VALGRIND="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --suppressions=$(abspath tests/valgrind.supp)" bash tests/run.sh

bench: test-deps build
	@bash bench/run.sh

# libFuzzer targets (clang); FUZZ_SECONDS per target, default 60.
fuzz: deps
	@bash fuzz/run.sh

# Renders every data/*.md next to it in out/, in parallel with make -j.
DOCS = $(patsubst data/%.md,out/%.pdf,$(wildcard data/*.md))
docs: $(DOCS)
# (the CSV files beside them are the data of their ```table and ```chart blocks)
out/%.pdf: data/%.md $(BUILD)/mujaz $(wildcard fonts/*.ttf) $(wildcard themes/*.yaml) $(wildcard data/*.csv)
	@mkdir -p out
	$(BUILD)/mujaz $< -o $@

# The installed binary looks for its fonts under PREFIX, so it is built
# separately from the in-tree one (which uses ./fonts).
install:
	@$(MAKE) --no-print-directory BUILD=build-install FONT_DIR=$(PREFIX)/share/mujaz/fonts THEME_DIR=$(PREFIX)/share/mujaz/themes build
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig \
	  $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/mujaz/fonts \
	  $(DESTDIR)$(PREFIX)/share/mujaz/themes
	install -m 755 build-install/mujaz $(DESTDIR)$(PREFIX)/bin/mujaz
	install -m 644 build-install/libmujaz.a $(DESTDIR)$(PREFIX)/lib/libmujaz.a
	install -m 755 build-install/libmujaz.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/libmujaz.so.$(VERSION)
	ln -sf libmujaz.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(PREFIX)/lib/libmujaz.so
	install -m 644 include/mujaz.h $(DESTDIR)$(PREFIX)/include/mujaz.h
	install -m 644 doc/mujaz.1 $(DESTDIR)$(PREFIX)/share/man/man1/mujaz.1
	install -m 644 themes/*.yaml $(DESTDIR)$(PREFIX)/share/mujaz/themes/
	install -m 644 fonts/*.ttf fonts/OFL.txt $(DESTDIR)$(PREFIX)/share/mujaz/fonts/
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|' \
	  -e 's|@PKGS@|$(PKGS)|' mujaz.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/mujaz.pc

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/mujaz $(DESTDIR)$(PREFIX)/lib/libmujaz.a \
	  $(DESTDIR)$(PREFIX)/lib/libmujaz.so $(DESTDIR)$(PREFIX)/lib/$(SONAME) \
	  $(DESTDIR)$(PREFIX)/lib/libmujaz.so.$(VERSION) \
	  $(DESTDIR)$(PREFIX)/include/mujaz.h $(DESTDIR)$(PREFIX)/share/man/man1/mujaz.1 \
	  $(DESTDIR)$(PREFIX)/lib/pkgconfig/mujaz.pc
	rm -rf $(DESTDIR)$(PREFIX)/share/mujaz

clean:
	rm -rf build build-asan build-tsan build-install out/*.pdf
