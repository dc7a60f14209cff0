# switchguard's front door.
#
#   make demo      build everything and show switchguard catching a blocked
#                  coroutine (installs missing Debian packages first)
#   make check     build and run the whole test suite
#   make bench     run the benchmarks in bench/ and write docs/performance.md
#   make stress    the long reliability runs (SQLite at every -O level,
#                  64 threads x 10,000 coroutines): docs/reliability.md
#   make fuzz      fuzz the profile-file and options parsers, FUZZ_TIME
#                  seconds each (default 600): docs/reliability.md
#   make install   install under PREFIX (default /usr/local)
#   make docs      check the user guide: links and anchors, every C sample
#                  compiles, the manual pages render
#   make timeline-picture   redraw docs/timeline.png (headless Chromium)
#
# LLVM=22 builds against LLVM 22 instead of 19; BUILD names the build
# directory (default build, or build-22 for LLVM=22). TESTS=test/e2e runs
# a part of the suite.
LLVM   ?= 19
BUILD  ?= $(if $(filter 19,$(LLVM)),build,build-$(LLVM))
PREFIX ?= /usr/local
JOBS   ?= $(shell nproc)
CMAKE_TYPE ?= RelWithDebInfo
FUZZ_TIME ?= 600

.PHONY: all deps configure build demo check bench stress fuzz install docs timeline-picture clean

all: build

deps:
	@scripts/install-deps.sh $(LLVM)

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) -DSWITCHGUARD_LLVM=$(LLVM) \
	  -DCMAKE_BUILD_TYPE=$(CMAKE_TYPE) -DCMAKE_INSTALL_PREFIX=$(PREFIX) \
	  -DCMAKE_C_COMPILER=/usr/lib/llvm-$(LLVM)/bin/clang \
	  -DCMAKE_CXX_COMPILER=/usr/lib/llvm-$(LLVM)/bin/clang++

configure: $(BUILD)/CMakeCache.txt

build: deps configure
	@cmake --build $(BUILD) -j$(JOBS)

demo: build
	@examples/run-demo.sh $(BUILD)

check: build
	@LIT_OPTS="-j$(JOBS) $(LIT_OPTS)" scripts/run-lit.sh $(BUILD) $(TESTS)

bench: build
	@scripts/install-deps.sh $(LLVM) valgrind python3-gevent
	@bench/run.sh $(BUILD)

stress: build
	@scripts/stress.sh $(BUILD)

fuzz: build
	@bench/fuzz/run.sh $(BUILD) $(FUZZ_TIME)

# --prefix: a build directory configured with another PREFIX still
# installs where this one says.
install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

docs: build
	@python3 scripts/check-docs.py links
	@python3 scripts/check-docs.py samples $(BUILD)/bin/switchguard-cc $(BUILD)/docs-samples
	@out=$$(for page in docs/man/*.[0-9]; do MANWIDTH=80 man --warnings \
	  -l $$page 2>&1 >/dev/null | sed "s|^|$$page: |"; done); \
	  if [ -n "$$out" ]; then echo "$$out"; exit 1; fi; echo "man pages ok"

timeline-picture: build
	@scripts/timeline-demo.sh $(BUILD) $(BUILD)/timeline-demo --screenshot
	cp $(BUILD)/timeline-demo/timeline.png docs/timeline.png

clean:
	rm -rf build build-*
