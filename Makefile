# SPDX-License-Identifier: Apache-2.0
# The two commands of the README's Quick start. Both install what is missing
# (Debian 12 packages), configure and build; `run` then checks the flagship
# example, `test` runs every test through ctest.
BUILD ?= build
JOBS ?= $(shell nproc)
APT_PACKAGES := cmake ninja-build g++ ccache default-jre-headless antlr4 libantlr4-runtime-dev \
  uuid-dev libfmt-dev libcli11-dev llvm-19-dev llvm-19-tools libzstd-dev libgtest-dev \
  nlohmann-json3-dev libbenchmark-dev librandom123-dev libeigen3-dev python3-numpy python3-matplotlib \
  openmpi-bin libopenmpi-dev
# clang 19 and its libFuzzer/sanitizer runtimes for the fuzz tree (the ctest
# `fuzz` and `make fuzz`); OpenMP for clang, which the runtime's CMake asks for.
FUZZ_APT_PACKAGES := clang-19 libclang-rt-19-dev libomp-19-dev
FUZZ_SECONDS ?= 600
TEST_APT_PACKAGES := chromium fonts-dejavu-core python3-pil python3-scipy python3-torch python3-sklearn mkdocs \
  auto-07p gfortran python3-venv python3-pip python3-setuptools \
  $(if $(shell command -v npm),,nodejs npm) $(FUZZ_APT_PACKAGES)
SUDO := $(shell if [ "$$(id -u)" != 0 ] && command -v sudo >/dev/null; then echo sudo; fi)
FLAGSHIP ?= examples/coba.bdl

.PHONY: all deps test-deps configure build run test test-hip bench clean fuzz test-sanitize docs stdlib-figures

all: build

# Installs those of the Debian packages $(1) that are missing.
define apt_install
	@missing=$$(for p in $(1); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:" $$missing; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
endef

deps:
	$(call apt_install,$(APT_PACKAGES))

# What the editor tests add (ctest -R editor): headless Chromium and a font for
# the screenshot, PIL to read it, and Node.js with npm unless one is on PATH
# already (NodeSource's nodejs conflicts with Debian's npm package).
test-deps:
	$(call apt_install,$(TEST_APT_PACKAGES))

$(BUILD)/build.ninja: CMakeLists.txt | deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

configure: deps $(BUILD)/build.ninja

build: configure
	cmake --build $(BUILD) -j $(JOBS)

NAME := $(notdir $(FLAGSHIP:.bdl=))

# Compile the flagship to an executable, run its experiment (1 s of
# biological time), and plot the results.
run: build
	@echo "== bdlc build $(FLAGSHIP) -o $(BUILD)/$(NAME)"
	@$(BUILD)/bin/bdlc build $(FLAGSHIP) -o $(BUILD)/$(NAME)
	@echo "== $(BUILD)/$(NAME) --overwrite --out results/$(NAME)"
	@$(BUILD)/$(NAME) --overwrite --out results/$(NAME)
	@/usr/bin/python3 tools/bdlplot.py results/$(NAME)

test: build test-deps
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# HIP compile checks, opt-in because hipcc brings about 650 MB: installs it,
# then runs the GPU tests, of which codegen/gpu/hipcc-compile.test is
# otherwise reported unsupported.
test-hip: build
	$(call apt_install,hipcc libamdhip64-dev)
	cd $(BUILD) && /usr/bin/python3 $$(sed -n 's/^LIT_PY:FILEPATH=//p' CMakeCache.txt) -sv test --filter gpu

# BDL against Brian2 on COBA, CUBA and COBAHH (about 10 minutes), then one
# and two threads on COBA 40,000, then the distance from the machine's limits
# (about a minute each), then a design of 50 runs against Brian2 (about 10
# minutes, nearly all Brian2's compilations); writes bench/results/latest.md,
# threads.md, limits.md, experiments.md and scale.md (set-up speed, chain
# build times, procedural storage to 4M neurons; about 3 minutes), mpi.md
# (ranks against threads; under a minute) and training.md (epochs against
# PyTorch; under a minute). Brian2 and PyTorch come from Debian
# (python3-brian, python3-torch, which `make test` installs).
bench: build
	@dpkg-query -W -f='$${Status}\n' python3-brian 2>/dev/null | grep -q '^install ok installed' || \
	  (echo "Installing python3-brian"; $(SUDO) apt-get update -qq && \
	   DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends python3-brian >/dev/null)
	/usr/bin/python3 bench/run.py --bdlc $(BUILD)/bin/bdlc
	/usr/bin/python3 bench/threads.py --bdlc $(BUILD)/bin/bdlc
	/usr/bin/python3 bench/limits.py --bdlc $(BUILD)/bin/bdlc --limits $(BUILD)/bin/bdl_limits
	/usr/bin/python3 bench/experiments.py --bdlc $(BUILD)/bin/bdlc
	/usr/bin/python3 bench/scale.py --bdlc $(BUILD)/bin/bdlc
	/usr/bin/python3 bench/mpi.py --bdlc $(BUILD)/bin/bdlc
	/usr/bin/python3 bench/training.py --bdlc $(BUILD)/bin/bdlc

# libFuzzer over parse, sema and the passes for FUZZ_SECONDS (default 600;
# make test runs 60), in a clang build tree of its own, $(BUILD)/fuzz
# (test/fuzz/run.sh). A failure leaves its input in $(BUILD)/fuzz/artifacts.
# The documentation site (mkdocs.yml, docs/) in $(BUILD)/site: open
# $(BUILD)/site/index.html.
docs:
	$(call apt_install,mkdocs)
	mkdocs build --strict -f mkdocs.yml -d $(CURDIR)/$(BUILD)/site

# The stdlib reference's validation figures (bdlc against Brian2 on each
# neuron's validation protocol; about 4 minutes), then the page itself.
stdlib-figures: build
	$(call apt_install,python3-brian)
	/usr/bin/python3 tools/gen_stdlib_figures.py . $(BUILD)/bin/bdlc
	/usr/bin/python3 tools/gen_stdlib_docs.py .

fuzz:
	$(call apt_install,$(APT_PACKAGES) $(FUZZ_APT_PACKAGES))
	JOBS=$(JOBS) test/fuzz/run.sh $(CURDIR) $(CURDIR)/$(BUILD)/fuzz $(FUZZ_SECONDS)

# The compiler and the runtime built with ASan and UBSan in a tree of their
# own, $(BUILD)/asan: the unit tests and the lit suite (whose run tests build
# and run models), then every example run for 20 ms. Leak checks are on
# (LLVM's options and registries stay reachable until exit, so LeakSanitizer
# does not count them); MPI runs suppress Open MPI's own never-freed
# allocations (test/lsan-mpi.supp, set by test/validation/mpi.py). The
# GPU builds link the instrumented runtime through nvcc, hipcc or c++ without the
# sanitizers' flags (driver/BuildGpu.cpp), so their four tests are left out.
SANITIZE_ENV := ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
SANITIZE_LIT_OUT := LIT_FILTER_OUT='gpu-emulator|gpu-memory-plan|nvcc-compile|hipcc-compile'
test-sanitize: deps
	cmake -S . -B $(BUILD)/asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBDL_SANITIZE=ON >/dev/null
	cmake --build $(BUILD)/asan -j $(JOBS)
	cd $(BUILD)/asan && $(SANITIZE_ENV) $(SANITIZE_LIT_OUT) ctest --output-on-failure -j $(JOBS) -LE fuzz -E '^editor'
	@for f in examples/*.bdl; do echo "== $$f"; \
	  $(SANITIZE_ENV) $(BUILD)/asan/bin/bdlc run $$f -- --quiet --duration 20ms --overwrite \
	    --out $(BUILD)/asan/examples/$$(basename $$f .bdl) || exit 1; done

clean:
	rm -rf $(BUILD)
