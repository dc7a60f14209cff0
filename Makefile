# switchguard's front door.
#
#   make demo      build everything and show switchguard catching a blocked
#                  coroutine (installs missing Debian packages first)
#   make check     build and run the whole test suite
#   make bench     run the benchmarks in bench/
#   make install   install under PREFIX (default /usr/local)
#
# LLVM=22 builds against LLVM 22 instead of 19; BUILD names the build
# directory (default build, or build-22 for LLVM=22). TESTS=test/e2e runs
# a part of the suite.
LLVM   ?= 19
BUILD  ?= $(if $(filter 19,$(LLVM)),build,build-$(LLVM))
PREFIX ?= /usr/local
JOBS   ?= $(shell nproc)
CMAKE_TYPE ?= RelWithDebInfo

.PHONY: all deps configure build demo check bench install clean

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
	@bench/run.sh $(BUILD)

install: build
	cmake --install $(BUILD)

clean:
	rm -rf build build-*
