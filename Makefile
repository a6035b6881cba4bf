# The two set-up commands of the README: `make run` and `make test`. Both install what they need.
SHELL := /bin/bash
DOTNET ?= dotnet
CONFIG ?= Release
ARGS ?=

.PHONY: deps build run test bench bench-parse bench-store clean

deps:
	bash scripts/install-deps.sh

build:
	$(DOTNET) build PeakeCluster.sln -c $(CONFIG) -nologo -v quiet

# Until the cluster node lands (issue 4), the main job is a storage SCP on this machine (AE PEAKE): `echoscu`/`storescu`
# to port 11112 (any calling AE); images land in artifacts/store. `make run ARGS="dicom dump FILE"` runs any command.
RUN_DEFAULT := dicom scp --port 11112 --dir artifacts/store --accept-any-calling-ae
run: deps
	$(DOTNET) run --project src/Peake.Cli -c $(CONFIG) -- $(if $(ARGS),$(ARGS),$(RUN_DEFAULT))

test: deps
	bash scripts/test.sh

# Benchmarks run on demand, never in `make test`; each writes scripts/bench/results/<name>-<date>.txt.
bench: bench-parse bench-store

bench-parse: deps
	bash scripts/bench/parse-bench.sh

bench-store: deps
	bash scripts/bench/store-bench.sh

clean:
	$(DOTNET) clean PeakeCluster.sln -nologo -v quiet
