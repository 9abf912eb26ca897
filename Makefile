# mcsurvey — the two commands of README.md:
#   make run    install what is missing, build, serve the study on http://127.0.0.1:8080 (SQLite)
#   make test   install what is missing, build, run every test (and the sanitizer build of the unit tests)
JOBS ?= 2
BUILD ?= build
ASAN_BUILD ?= build-asan
DB ?= sqlite:data/mcsurvey.db
LISTEN ?= 127.0.0.1:8080

.PHONY: all deps-run deps-test deps-test-build build build-asan build-both test-prepare run test bench fuzz clean format lint

all: build

deps-run:
	@scripts/install-deps.sh run

deps-test:
	@scripts/install-deps.sh test

deps-test-build:
	@scripts/install-deps.sh test-build

# Configuring every time is cheap and picks up packages installed since the last run (make run
# installs fewer packages than make test).
build:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD) -j$(JOBS)

build-asan:
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DMCS_SANITIZE=ON -DMCS_ONLY_UNIT=ON >/dev/null
	cmake --build $(ASAN_BUILD) -j$(JOBS) --target unit_tests

run: deps-run build
	@mkdir -p data
	$(BUILD)/mcsurvey serve --db $(DB) --listen $(LISTEN)

# The tests' temporary files (SQLite databases, the servers' folders, browser profiles) go to a folder
# of their own on tmpfs when there is one (TEST_TMPDIR=/tmp for the disk): a commit's fsync there
# costs nothing instead of milliseconds of a test waiting with its core idle. What the tests prove
# does not depend on it: a SIGKILLed server's writes survive in the page cache either way, and
# crash.powercut keeps its own fsync images (syncshim); the full-disk tests mount their own tmpfs.
# Mode 755 as under /tmp: dovecot (http.test_bounces) reads a Maildir in it as another user.
# Only a tmpfs with 4 GB free (a container's /dev/shm is often 64 MB).
TEST_TMPDIR ?= $(shell [ -w /dev/shm ] && [ "$$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 {print $$4}')" -ge 4194304 ] 2>/dev/null \
                  && echo /dev/shm || echo /tmp)

# make test installs the packages it compiles against (and the ones its configure looks for) first, then
# the programs only the tests run (Chromium, PostgreSQL, R, PSPP, ...: minutes of apt-get on a new
# machine, mostly downloading and unpacking) in the background while both builds compile; the tests
# start once both are done (test-prepare). sudo asks for its password, if it wants one, before that.
build-both: build build-asan

test-prepare: deps-test-build
	@scripts/install-deps.sh test-runtime --sudo-first
	@mkdir -p $(BUILD) && log=$(BUILD)/install-deps.log && \
	  { scripts/install-deps.sh test-runtime >$$log 2>&1 & } && pid=$$! && \
	  { $(MAKE) --no-print-directory build-both; built=$$?; } ; \
	  wait $$pid; deps=$$?; cat $$log; \
	  [ $$deps -eq 0 ] || echo "make test: scripts/install-deps.sh test-runtime failed (exit $$deps)" >&2; \
	  [ $$built -eq 0 ] && [ $$deps -eq 0 ]

test: test-prepare
	tmp=$$(mktemp -d $(TEST_TMPDIR)/mcsurvey-test.XXXXXX) && trap 'rm -rf "$$tmp"' EXIT && chmod 755 "$$tmp" && \
	  export TMPDIR=$$tmp && \
	  (cd $(BUILD) && ctest --output-on-failure -j$(JOBS)) && \
	  (cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j$(JOBS))

bench: deps-test build
	cmake --build $(BUILD) -j$(JOBS) --target bench_tools
	bench/run.sh

# libFuzzer targets (tests/fuzz/), clang + ASan + UBSan in build-fuzz/; MCS_FUZZ_SECONDS per target
# (default 20). About 2.5 minutes with a warm build-fuzz/, plus about 10 for the first build.
fuzz:
	tests/fuzz/run.sh

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz

lint: build
	clang-tidy -p $(BUILD) --quiet $$(git ls-files 'src/*.cpp')

format:
	clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.h' 'tests/*.cpp')
