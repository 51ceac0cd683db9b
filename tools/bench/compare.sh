#!/usr/bin/env bash
# Developer tool: NeuralKit against its peers, INTERLEAVED so that machine drift hits every side
# alike: NeuralKit, numpy (tools/numpy/bench.py), [PyTorch], [a baseline NeuralKit binary], NeuralKit; the
# NeuralKit time of a row is the mean of its two runs, and every claim is a ratio from one round.
#
# Usage: tools/bench/compare.sh [--only W1 W5 W9 …] [--runs 5] [--rounds 1] [--baseline OLD_BINARY] [--torch]
#   --torch     PyTorch too (tools/pytorch/bench.py, THREADS threads), after numpy in each round
#   --only      workloads (numpy covers G1, W1, W5, W6, W9; other rows need --baseline to have a peer)
#   --baseline  an older `neuralkit` binary (e.g. a copy of main's release build): its rows are
#               interleaved too (NeuralKit, numpy, baseline, NeuralKit), giving before/after
#               ratios for any workload (W3, W4, P1, …) and numpy/baseline for the "before" column
# Environment: NEURALKIT (default .build/release/neuralkit), PYTHON (default python3: numpy is enough
# for the numpy peer; name a virtual environment's python for --torch),
# THREADS (default 2: NEURALKIT_THREADS), NUMPY_THREADS (default "2 1": numpy runs once per count,
# OPENBLAS_NUM_THREADS; on a loaded 2-core machine OpenBLAS's 2-thread runs can be far slower than
# its 1-thread ones, so the ratio is taken against the faster numpy: the stronger peer).
# Ratio columns: peer time / NeuralKit time (above 1: NeuralKit is faster). With several rounds
# (e.g. --runs 1 --rounds 9: fine-grained interleaving on a drifting machine), a last table gives
# the median over rounds of each round's ratio, and one over the steady rounds only (NeuralKit's
# two runs of the round within 15 %).
set -euo pipefail
cd "$(dirname "$0")/../.."

NK=${NEURALKIT:-.build/release/neuralkit}
PY=${PYTHON:-python3}
THREADS=${THREADS:-2}
NUMPY_THREADS=${NUMPY_THREADS:-"2 1"}
only=(W1 W5 W9); runs=5; rounds=1; baseline=""; torch=""
while [ $# -gt 0 ]; do
  case "$1" in
    --only) shift; only=(); while [ $# -gt 0 ] && [[ "$1" != --* ]]; do only+=("${1^^}"); shift; done ;;
    --runs) runs=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --baseline) baseline=$2; shift 2 ;;
    --torch) torch=1; shift ;;
    *) echo "compare.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
[ -x "$NK" ] || { echo "compare.sh: no binary at $NK (swift build -c release)" >&2; exit 1; }
[ -z "$baseline" ] || [ -x "$baseline" ] || { echo "compare.sh: no baseline binary at $baseline" >&2; exit 1; }
export NEURALKIT_THREADS=$THREADS

numpy_rows=()
for w in "${only[@]}"; do case "$w" in G1|W1|W5|W6|W9) numpy_rows+=("$w") ;; esac; done

# `neuralkit bench` table → lines "<key> <seconds>" (W9's two rows become W9b1 and W9b1000; G1's
# rows G1-<m>x<n>x<k>-<NN|NT|TN>, from the "GEMM 64x100x784 NT (…)" their workload column starts with).
nk_times() {
  "$1" bench --threads "$THREADS" --only "${only[@]}" --runs "$runs" | awk -F '  +' '
    $1 ~ /^[A-Z][0-9A-Z]+$/ && NF >= 3 {
      key = $1
      if (key == "W9") key = ($2 ~ /batch 1000/) ? "W9b1000" : "W9b1"
      if (key == "G1") { split($2, w, " "); key = "G1-" w[2] "-" w[3] }
      split($3, v, " "); s = v[1]
      if (v[2] == "ms") s /= 1e3; else if (v[2] == "µs") s /= 1e6
      printf "%s %.9g\n", key, s
    }'
}
# Every row at every numpy thread count: "<key> <seconds> <threads>".
numpy_times() {
  [ ${#numpy_rows[@]} -gt 0 ] || return 0
  for t in $NUMPY_THREADS; do
    OPENBLAS_NUM_THREADS=$t OMP_NUM_THREADS=$t "$PY" tools/numpy/bench.py --only "${numpy_rows[@]}" --runs "$runs" |
      awk -v t="$t" '{ print $1, $2, t }'
  done
}

echo "compare.sh: NeuralKit $THREADS thread(s), numpy ${NUMPY_THREADS// //} thread(s), median of $runs run(s) per side, $rounds round(s); $(date -u +%H:%M:%S) UTC"
all=$(mktemp)
for ((r = 1; r <= rounds; r++)); do
  tmp=$(mktemp -d)
  nk_times "$NK" > "$tmp/nk1"
  numpy_times > "$tmp/np"
  if [ -n "$torch" ]; then
    OMP_NUM_THREADS=$THREADS "$PY" tools/pytorch/bench.py --only "${only[@]}" --runs "$runs" --keys > "$tmp/torch"
  else : > "$tmp/torch"; fi
  if [ -n "$baseline" ]; then nk_times "$baseline" > "$tmp/base"; else : > "$tmp/base"; fi
  nk_times "$NK" > "$tmp/nk2"
  echo "round $r"
  awk -v hasbase="${baseline:+1}" -v hastorch="$torch" -v all="$all" '
    FILENAME ~ /nk1$/ { a[$1] = $2; order[++n] = $1 }
    FILENAME ~ /nk2$/ { b[$1] = $2 }
    FILENAME ~ /np$/  { if (!($1 in p) || $2 < p[$1]) { p[$1] = $2; pt[$1] = $3 } }
    FILENAME ~ /base$/ { o[$1] = $2 }
    FILENAME ~ /torch$/ { pt2[$1] = $2 }
    function fmt(s) { return s >= 1 ? sprintf("%.3f s", s) : (s >= 1e-3 ? sprintf("%.3f ms", s * 1e3) : sprintf("%.2f µs", s * 1e6)) }
    END {
      printf "%-18s %12s %8s %14s %10s", "row", "NeuralKit", "1st/2nd", "numpy (thr)", "numpy/NK"
      if (hasbase) printf " %12s %10s %11s", "baseline", "base/NK", "numpy/base"
      if (hastorch) printf " %12s %10s", "PyTorch", "torch/NK"
      printf "\n"
      for (i = 1; i <= n; i++) {
        k = order[i]; m = (a[k] + b[k]) / 2
        printf "%-18s %12s %8s %14s %10s", k, fmt(m), sprintf("%.2f", a[k] / b[k]),
               (k in p) ? fmt(p[k]) " (" pt[k] ")" : "–", (k in p) ? sprintf("%.2f×", p[k] / m) : "–"
        if (hasbase) printf " %12s %10s %11s", (k in o) ? fmt(o[k]) : "–", (k in o) ? sprintf("%.2f×", o[k] / m) : "–",
                            (k in o && k in p) ? sprintf("%.2f×", p[k] / o[k]) : "–"
        if (hastorch) printf " %12s %10s", (k in pt2) ? fmt(pt2[k]) : "–", (k in pt2) ? sprintf("%.2f×", pt2[k] / m) : "–"
        printf "\n"
        printf "%s %s %s %s %s %s\n", k, (k in p) ? p[k] / m : "-", (k in o) ? o[k] / m : "-", (k in o && k in p) ? p[k] / o[k] : "-",
               (k in pt2) ? pt2[k] / m : "-", a[k] / b[k] >> all
      }
    }' "$tmp/nk1" "$tmp/nk2" "$tmp/np" "$tmp/base" "$tmp/torch"
  rm -rf "$tmp"
done
if [ "$rounds" -gt 1 ]; then
  # A round is steady for a row when NeuralKit's two runs, before and after the peers, agree within
  # 15 %: the machine kept its speed while the peers ran. Rounds where it did not (the 1st/2nd
  # column far from 1) mix two machine speeds into their ratios.
  for steady in "" 1; do
    if [ -z "$steady" ]; then echo "median over $rounds rounds of each round's ratio"
    else echo "median over the steady rounds only (NeuralKit's 1st/2nd within 15 %; how many in brackets)"; fi
    printf "%-18s %10s %10s %11s %10s\n" row numpy/NK base/NK numpy/base torch/NK
    for k in $(awk '!seen[$1]++ { print $1 }' "$all"); do
      med() { awk -v k="$k" -v c="$1" -v steady="$steady" '$1 == k && $c != "-" && (!steady || ($6 >= 1 / 1.15 && $6 <= 1.15)) { print $c }' "$all" | sort -g |
              awk -v steady="$steady" '{ v[NR] = $1 } END { if (NR == 0) print "–"; else printf "%.2f×%s\n", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2, steady ? " (" NR ")" : "" }'; }
      printf "%-18s %10s %10s %11s %10s\n" "$k" "$(med 2)" "$(med 3)" "$(med 4)" "$(med 5)"
    done
  done
fi
rm -f "$all"
