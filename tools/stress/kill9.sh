#!/bin/bash
# Kills `neuralkit train --out` and `neuralkit sweep --jobs 2` with SIGKILL at random moments,
# continues each (train --resume, or the same sweep command again) and checks that the folder ends
# equal to an uninterrupted run's.
#
#   tools/stress/kill9.sh [TRAIN_TRIALS [SWEEP_TRIALS]]      (defaults 50 and 20)
#
# Uses .build/release/neuralkit (NEURALKIT=path to override). Files are compared with cmp, except
# what holds wall-clock time, which is compared with the times masked: the `seconds` column of
# history.csv, history.jsonl and results.csv, the same field in last.safetensors's resume metadata
# (its tensors are compared byte for byte), and report.html/index.html (which print the seconds).
# resumes.jsonl (the log of the resumes, linked from the report) and manifest.json's order are the
# only other differences a resume makes. TensorBoard event files (named by time and pid; a resume
# starts one more) are left out here, with their names in manifest.json and report.html:
# tools/tensorboard/check.py checks them. A sweep rerun must not touch a trial that had finished before it.
set -u
train_trials=${1:-50}
sweep_trials=${2:-20}
root=$(cd "$(dirname "$0")/../.." && pwd)
nk=${NEURALKIT:-$root/.build/release/neuralkit}
[ -x "$nk" ] || { echo "kill9.sh: build first (swift build -c release) or set NEURALKIT" >&2; exit 64; }
work=$(mktemp -d "${TMPDIR:-/tmp}/neuralkit-kill9.XXXXXX")
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
failures=0

train_args=(train --model "Linear(2, 32) - BatchNorm1D(32) - TanH() - Dropout(0.2) - Linear(32, 1) - Sigmoid()"
    --data gen-arti:1 --samples 20000 --loss bce --optimizer adam --lr 0.01 --batch-size 16 --epochs 80 --seed 7 --verbose 0)
sweep_args=(sweep --jobs 2 --model "Linear(2, {h}) - TanH() - Dropout(0.1) - Linear({h}, 1) - Sigmoid()" --grid h=8,16,24
    --seeds 2 --data gen-arti:1 --samples 10000 --loss bce --lr 0.1 --batch-size 16 --epochs 20)

# A safetensors file's header (JSON, with the seconds masked) and its tensor bytes.
header_length() { od -An -t u8 -N8 "$1" | tr -d ' '; }
header() { head -c $((8 + $(header_length "$1"))) "$1" | tail -c +9 | sed -E 's/\\"seconds\\":[-0-9.e]+//g; s/ +$//'; }
tensors() { tail -c +$((9 + $(header_length "$1"))) "$1"; }

# A report with its seconds masked and without the link to resumes.jsonl (a resumed run's log).
html() { sed -E 's/[0-9.]+ s\b//g; s/<td>[0-9.]+<\/td>//g; s/<li><a href="resumes.jsonl">[^<]*<\/a>[^<]*<\/li>//g; s/<li><a href="events[^<]*<\/a>[^<]*<\/li>//g' "$1"; }

# The files of two run folders, equal up to wall-clock time.
same_run() {  # ref dir
    local ref=$1 dir=$2 ok=0 f name
    for f in "$ref"/*; do
        name=$(basename "$f")
        case $name in *tfevents*) continue ;; esac  # named by time and pid, and full of wall-clock times: tools/tensorboard/check.py reads them
        [ -f "$dir/$name" ] || { echo "  missing $dir/$name"; ok=1; continue; }
        case $name in
            history.csv|results.csv) cmp -s <(sed -E 's/,[^,]*$//' "$f") <(sed -E 's/,[^,]*$//' "$dir/$name") ;;
            history.jsonl) cmp -s <(sed -E 's/"seconds":[^,}]*//g' "$f") <(sed -E 's/"seconds":[^,}]*//g' "$dir/$name") ;;
            report.html|index.html) cmp -s <(html "$f") <(html "$dir/$name") ;;
            last.safetensors) cmp -s <(tensors "$f") <(tensors "$dir/$name") && cmp -s <(header "$f") <(header "$dir/$name") ;;
            manifest.json) cmp -s <(grep -v tfevents "$f" | sed 's/,$//' | sort) <(grep -v 'resumes.jsonl\|tfevents' "$dir/$name" | sed 's/,$//' | sort) ;;
            *) cmp -s "$f" "$dir/$name" ;;
        esac || { echo "  differs: $dir/$name"; ok=1; }
    done
    return $ok
}

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
random_moment() { awk -v s="$1" -v r="$RANDOM" 'BEGIN { printf "%.3f", s * r / 32768 }'; }

# The reference runs are made at the path the interrupted ones use, then moved: the recorded commands match.
echo "reference run"
start=$(now)
"$nk" "${train_args[@]}" --out "$work/run" --overwrite >/dev/null || exit 1
span=$(since "$start")
mv "$work/run" "$work/ref"
echo "  $span s"
resumed=0 restarted=0
for i in $(seq 1 "$train_trials"); do
    dir=$work/run
    rm -rf "$dir"
    "$nk" "${train_args[@]}" --out "$dir" --overwrite >/dev/null 2>&1 &
    pid=$!
    sleep "$(random_moment "$span")"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    if [ -f "$dir/metrics.json" ]; then :
    elif [ -f "$dir/last.safetensors" ]; then
        "$nk" train --resume "$dir" --verbose 0 >/dev/null || { echo "train $i: resume failed"; failures=$((failures + 1)); continue; }
        resumed=$((resumed + 1))
    else
        "$nk" "${train_args[@]}" --out "$dir" --overwrite >/dev/null || { echo "train $i: restart failed"; failures=$((failures + 1)); continue; }
        restarted=$((restarted + 1))
    fi
    same_run "$work/ref" "$dir" || { echo "train $i: differs from the uninterrupted run"; failures=$((failures + 1)); }
done
echo "train: $train_trials kills ($resumed resumed, $restarted restarted before their first checkpoint)"

if [ "$sweep_trials" -gt 0 ]; then
    echo "reference sweep"
    start=$(now)
    "$nk" "${sweep_args[@]}" --out "$work/sweep" >/dev/null || exit 1
    span=$(since "$start")
    mv "$work/sweep" "$work/sref"
    echo "  $span s"
    for i in $(seq 1 "$sweep_trials"); do
        dir=$work/sweep
        rm -rf "$dir"
        "$nk" "${sweep_args[@]}" --out "$dir" >/dev/null 2>&1 &
        pid=$!
        sleep "$(random_moment "$span")"
        kill -9 "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        sleep 0.2  # the trials die with their sweep (PR_SET_PDEATHSIG)
        if pgrep -f -- "--out $dir/trial-" >/dev/null; then echo "sweep $i: a trial outlived its sweep"; failures=$((failures + 1)); fi
        done_before=$(ls -d "$dir"/trial-*/metrics.json 2>/dev/null | sed 's|/metrics.json$|/model.safetensors|')
        stamp() { for f in $done_before; do stat -c '%n %i %Y.%y' "$f"; done; }
        before=$(stamp)
        "$nk" "${sweep_args[@]}" --out "$dir" >/dev/null 2>&1 || { echo "sweep $i: rerun failed"; failures=$((failures + 1)); continue; }
        [ "$before" = "$(stamp)" ] || { echo "sweep $i: a finished trial was run again"; failures=$((failures + 1)); }
        for t in "$work"/sref/trial-*; do
            same_run "$t" "$dir/$(basename "$t")" || { echo "sweep $i: $(basename "$t") differs"; failures=$((failures + 1)); }
        done
        cmp -s <(sed -E 's/,[^,]*$//' "$work/sref/results.csv") <(sed -E 's/,[^,]*$//' "$dir/results.csv") || { echo "sweep $i: results.csv differs"; failures=$((failures + 1)); }
    done
    echo "sweep: $sweep_trials kills"
fi
echo "failures: $failures"
[ "$failures" -eq 0 ]
