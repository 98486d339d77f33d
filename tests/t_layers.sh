#!/usr/bin/env bash
# t_layers.sh - the pipeline's shape: no include or call goes up a stage or
# round a loop, each library behind its one module (tests/layers.py, which
# reads the sources and the objects `make` built).
cd "$(dirname "$0")/.."
exec /usr/bin/python3 tests/layers.py "${BUILD:-build}"
