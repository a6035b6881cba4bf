# The two set-up commands of the README: `make run` and `make test`. Both install what they need.
SHELL := /bin/bash
DOTNET ?= dotnet
CONFIG ?= Release
ARGS ?=

.PHONY: deps build run test bench bench-parse bench-store bench-ingest bench-query clean

deps:
	bash scripts/install-deps.sh

build:
	$(DOTNET) build PeakeCluster.sln -c $(CONFIG) -nologo -v quiet

# `make run`: a six-site cluster on this machine (scripts/run-cluster.sh, ADR 0021): six peake-node processes on
# 127.0.0.1-6, ready when it says so; Ctrl-C stops it. DB=postgres runs it on a private PostgreSQL instead of SQLite.
# `make run ARGS="..."` runs one peake command instead, e.g. ARGS="cluster show" against that cluster or
# ARGS="dicom dump FILE".
DB ?= sqlite
run: deps
ifeq ($(strip $(ARGS)),)
	CONFIG=$(CONFIG) DB=$(DB) DOTNET=$(DOTNET) bash scripts/run-cluster.sh
else
	$(DOTNET) run --project src/Peake.Cli -c $(CONFIG) -- $(ARGS)
endif

test: deps
	bash scripts/test.sh

# Benchmarks run on demand, never in `make test`; each writes scripts/bench/results/<name>-<date>.txt.
bench: bench-parse bench-store bench-ingest bench-query

bench-parse: deps
	bash scripts/bench/parse-bench.sh

bench-store: deps
	bash scripts/bench/store-bench.sh

# Issue 5: storescu into the six-node cluster (quorum 2, 3 copies), one node (1 copy) and Orthanc, beside the disk's
# fsync ceiling (ADR 0028). N=1000 CT files and 4 radiographs of 10 MB unless told: make bench-ingest ARGS="2000 8".
bench-ingest: deps
	bash scripts/bench/ingest-bench.sh $(ARGS)

# Issue 6: C-FIND latency above the C-ECHO floor and C-GET/C-MOVE MB/s, the six-node cluster beside Orthanc, one
# metadata corpus measured at growing sizes (ADR 0036). 10000 then 100000 instances unless told, e.g.
# make bench-query ARGS="20000" (2000, 20000) or ARGS="10000 50000 100000"; DEADLINE="07:40 UTC" skips what won't fit.
bench-query: deps
	bash scripts/bench/query-bench.sh $(ARGS)

clean:
	$(DOTNET) clean PeakeCluster.sln -nologo -v quiet
