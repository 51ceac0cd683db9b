#!/usr/bin/env bash
# Data-parallel training against threads on one machine (docs/benchmarks.md, "Data-parallel training"):
# W1 and W4 in one process with 2 kernel threads, then on 2 MPI ranks with 1 thread each, interleaved
# for ROUNDS rounds (the machine's speed drifts; compare rounds, not runs), then R1 (the gradient
# exchange per step against the model size) on 2 ranks.
# Usage: tools/bench/data_parallel.sh [path to a release neuralkit built with --traits MPI]
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-.build-mpi/release/neuralkit}
rounds=${ROUNDS:-3}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# Ranks that wait yield the core (the machine is shared), and shared memory copies through its own
# buffers (in a container the kernel's single-copy path, CMA, is often refused and much slower).
mpi=(mpirun -np 2 --oversubscribe --bind-to none --mca btl self,vader --mca btl_vader_single_copy_mechanism none --mca mpi_yield_when_idle 1)
for round in $(seq "$rounds"); do
    echo "== round $round: 1 process x 2 threads"
    "$bin" bench --only W1 W4 --threads 2 --runs 3 --in-process
    echo "== round $round: 2 ranks x 1 thread"
    "${mpi[@]}" "$bin" bench --only W1 W4 --threads 1 --runs 3
done
echo "== R1 on 2 ranks"
"${mpi[@]}" "$bin" bench --only R1 --threads 1 --runs 20
