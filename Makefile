# helm-panda: one binary, bin/helm-panda, plus its tests, sanitizer build, fuzzers and benchmarks.
# Sources are discovered by folder, so a new module only adds files under src/ and include/.

CC      ?= cc
PKGS    := yaml-0.1 libcjson libsodium libcrypto libarchive
VERSION := $(shell sed -n 's/^version: *"\{0,1\}\([^"]*\)"\{0,1\}/\1/p' plugin.yaml)

# BUILD selects an output tree so the plain and the sanitizer builds never mix objects.
BUILD   ?= build
BIN     ?= bin/helm-panda

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN    := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wno-format-nonliteral
# gcc warns when snprintf may truncate; our messages truncate on purpose. clang has no such flag.
ifeq ($(findstring clang,$(shell $(CC) --version 2>/dev/null)),)
WARN    += -Wno-format-truncation
endif
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -DHP_VERSION='"$(VERSION)"' $(WARN) $(CFLAGS) \
             -Iinclude $(PKG_CFLAGS) -MMD -MP
LDLIBS_ALL = $(PKG_LIBS) -lpthread $(LDLIBS)

MAIN_SRC := src/cli/main.c
LIB_SRC  := $(filter-out $(MAIN_SRC),$(sort $(shell find src -name '*.c')))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
MAIN_OBJ := $(MAIN_SRC:%.c=$(BUILD)/obj/%.o)
LIB      := $(BUILD)/libhelmpanda.a

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=build-fuzz/bin/%)
FUZZ_SECONDS ?= 20
# Fixed seeds make `make check` reproducible: CI replays what ran here (a run of FUZZ_SECONDS is a
# prefix of a longer run with the same seed). FUZZ_SEED=random / FUZZ_TREES_SEED=random explore.
FUZZ_SEED ?= 1
FUZZ_TREES_SEED ?= 1

.PHONY: sizes layers names circles tools script-tests demo all deps check-deps test unit integration e2e asan fuzz fuzz-trees fuzz-build fuzz-bins bench check clean install-helms valgrind dist dist-check integration-arm64
all: $(BIN)

check-deps:
	@scripts/check-deps.sh

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BIN): $(MAIN_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(MAIN_OBJ) $(LIB) $(LDLIBS_ALL)

$(BUILD)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS_ALL) -lcmocka

# The CCTV age vectors are partly zlib-compressed: zlib is a test-only dependency.
$(BUILD)/tests/test_age_cctv: LDLIBS += -lz

deps:
	scripts/deps.sh --tests

# Unit tests (cmocka) then integration tests through real helm 3 and helm 4.
test: unit integration

unit: $(UNIT_BIN)
	@scripts/run-unit.sh $(UNIT_BIN)

integration: $(BIN)
	@HP_BIN=$(abspath $(BIN)) tests/integration/run.sh

# End to end: tests/e2e/*.sh against one local control plane (etcd, kube-apiserver,
# controller-manager, scheduler, kwok: scripts/e2e-cluster.sh), with helm 3 and helm 4 from PATH.
# The first run builds the control plane from the Go module proxy (see README); later runs reuse it.
e2e: $(BIN)
	@scripts/e2e-cluster.sh build
	@HP_BIN=$(abspath $(BIN)) tests/e2e/run.sh

# The whole suite again under AddressSanitizer + UndefinedBehaviorSanitizer.
asan:
	$(MAKE) BUILD=build-asan BIN=build-asan/bin/helm-panda CC=clang \
	  CFLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined" test

# libFuzzer targets: each links the whole library (all of src/ but main) built with clang.
FUZZ_CFLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined
fuzz-build:
	$(MAKE) BUILD=build-fuzz/lib CC=clang CFLAGS="$(FUZZ_CFLAGS)" build-fuzz/lib/libhelmpanda.a
	$(MAKE) fuzz-bins

fuzz-bins: $(FUZZ_BIN)

build-fuzz/bin/%: tests/fuzz/%.c build-fuzz/lib/libhelmpanda.a
	@mkdir -p $(dir $@)
	clang -std=c11 -D_GNU_SOURCE -Iinclude $(PKG_CFLAGS) -O1 -g -fsanitize=fuzzer,address,undefined \
	  -o $@ $< build-fuzz/lib/libhelmpanda.a $(LDLIBS_ALL)

# FUZZ_TREES random trees (from FUZZ_TREES_SEED, printed) through Go sops and ours, both ways.
FUZZ_TREES ?= 200
fuzz: fuzz-build $(BIN)
	@FUZZ_SEED=$(FUZZ_SEED) scripts/run-fuzz.sh $(FUZZ_SECONDS) $(FUZZ_BIN)
	@$(MAKE) --no-print-directory fuzz-trees

fuzz-trees: $(BIN)
	@python3 tests/integration/sops_trees.py --sops tools/go/bin/sops --ours $(abspath $(BIN)) \
	  --count $(FUZZ_TREES) $(if $(filter random,$(FUZZ_TREES_SEED)),,--seed $(FUZZ_TREES_SEED)) --keep build-fuzz/sops-trees

# Unit tests, then the integration suite with every run of the binary under valgrind.
valgrind: $(BIN) $(UNIT_BIN)
	@HP_VALGRIND=1 scripts/run-unit.sh $(UNIT_BIN)
	@HP_VALGRIND=1 HP_BIN=$(abspath $(BIN)) tests/integration/run.sh

# helmfile (the benchmark's peer) is built here, not by deps.sh: nothing else needs it
bench: $(BIN)
	@scripts/go-peers.sh helmfile
	@tests/bench/run.sh $(abspath $(BIN))

# What CI runs and the README's test command: everything, then again under sanitizers, then fuzzers.
# dist-check and integration-arm64: the release packages (docs/install.md).
# sizes, layers, names, circles and tools first: seconds each, naming what to split or move, or
# the package the set-up misses, before the long runs start
check: sizes layers names circles tools script-tests test dist-check integration-arm64 asan fuzz

sizes:
	@scripts/check-sizes.sh

layers:
	@scripts/check-layers.sh

# every command of the shell files in scripts/ and tests/ comes from a package the set-up installs
# or minbase has (scripts/command-packages.txt); the selftest proves the check fails without curl
tools:
	@python3 scripts/check-tools.py
	@python3 scripts/check-tools.py --selftest

# the set-up and harness scripts' own tests (fakes for apt, npm's registry and the cluster)
script-tests:
	@tests/scripts/run.sh

# Every file, folder and function ARCHITECTURE.md names exists.
names:
	@python3 scripts/check-architecture.py

# No circle among the units of src/ (a .c with its header), by includes and by nm symbols.
circles: $(LIB) $(MAIN_OBJ)
	@python3 scripts/check-circles.py . $(BUILD)

# Release packages into $(DIST): static binaries (no NEEDED, Debian's static libraries; arm64
# with Debian's cross compiler) and the helm 3 / helm 4 plugin packages with SHA256SUMS; see
# docs/install.md. Reproducible: the same commit gives the same sha256s in any folder.
DIST        ?= dist
DIST_ARCHES ?= amd64 arm64
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
dist:
	@rm -rf $(DIST) && mkdir -p $(DIST)
	@for a in $(DIST_ARCHES); do scripts/dist/build.sh $$a $(abspath $(DIST))/helm-panda-linux-$$a || exit 1; done
	@SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH) scripts/dist/package.sh $(DIST) $(VERSION) "$(DIST_ARCHES)"
	@echo "dist: $$(ls $(DIST) | wc -l) files in $(DIST)/ (SHA256SUMS)"

# The release packages' tests: static and reproducible (two more make dist in other folders),
# then installed by URL and from an OCI registry by real helm 3 and helm 4 (tests/dist/).
dist-check: dist
	@HP_DIST=$(abspath $(DIST)) tests/dist/reproducible.sh
	@HP_DIST=$(abspath $(DIST)) tests/dist/run.sh

# The arm64 static binary through the integration tests that matter most on arm64 machines
# (CLI, SOPS, age, deploy-run, the getter), with helm 4, run by qemu-aarch64-static (Debian's
# qemu-user-static) through an explicit wrapper as HP_BIN: no binfmt set-up.
ARM64_TESTS ?= t_cli t_sops t_age_cli t_deploy_run t_secrets_downloader
ARM64_BIN   := build-dist/helm-panda-linux-arm64
integration-arm64:
	@scripts/dist/build.sh arm64 $(abspath $(ARM64_BIN))
	@scripts/dist/qemu-wrapper.sh $(abspath $(ARM64_BIN)) build-dist/qemu-arm64/helm-panda
	@HP_BIN=$(abspath build-dist/qemu-arm64/helm-panda) HP_HELMS=$${HP_HELMS:-4} \
	  HP_TESTS="$${HP_TESTS:-$(ARM64_TESTS)}" tests/integration/run.sh

install-helms:
	scripts/fetch-helm.sh

clean:
	rm -rf build build-asan build-fuzz bin build-dist dist

-include $(shell find build build-asan build-fuzz build-dist -name '*.d' 2>/dev/null)

# The README's main job: install the plugin into a private helm home and render the bundled
# example deployment with real helm (no cluster needed).
DEMO_HELM ?= tools/helm4/helm
demo: $(BIN)
	@scripts/demo.sh $(DEMO_HELM)
