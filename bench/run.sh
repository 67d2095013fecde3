#!/usr/bin/env bash
# The batch benchmark: packets for a generated batch of engagements and lint over the contract
# corpus, with wall time, throughput and peak RSS (GNU time), at 1 and 2 jobs.
#
#   bench/run.sh            # 1,000 engagements; the corpus from ../shared/corpus if present
#   COUNT=5000 bench/run.sh
#   COPIES=20 bench/run.sh  # lint the CUAD set 20 times over (default 10)
#   RUNS=9 bench/run.sh     # time each lint 9 times (default 5): median and best
#   SINGLES=100 bench/run.sh  # run the one-contract lint 100 times (default 60)
#   BIN=/tmp/old/vendorkit bench/run.sh  # another build (before and after, same sitting)
#
# Needs: cargo, python3, GNU time (/usr/bin/time, Debian package `time`).
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${COUNT:-1000}
CORPUS=${CORPUS:-../shared/corpus}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

cargo build --release --quiet
BIN=${BIN:-target/release/vendorkit}
python3 bench/gen-engagements.py --count "$COUNT" --out "$WORK/engagements"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "vendorkit $($BIN --version | cut -d' ' -f2)"
echo

# measure LABEL CMD...: runs CMD once under GNU time, prints wall seconds and peak RSS (MB).
measure() {
    local label=$1
    shift
    /usr/bin/time -f '%e %M' -o "$WORK/time" "$@" >/dev/null 2>"$WORK/stderr" || true
    read -r secs kb < <(tail -n 1 "$WORK/time")
    echo "$label|$secs|$((kb / 1024))"
}

echo "| run | wall s | peak RSS MB | rate |"
echo "|---|---|---|---|"
for jobs in 1 2; do
    rm -rf "$WORK/out"
    IFS='|' read -r label secs mb < <(measure "packet $COUNT engagements, --jobs $jobs" \
        "$BIN" packet "$WORK/engagements" -o "$WORK/out" --jobs "$jobs" --quiet)
    rate=$(python3 -c "print(f'{$COUNT/$secs:.0f} packets/s, {1000*$secs/$COUNT:.1f} ms/packet')")
    echo "| $label | $secs | $mb | $rate |"
done
rm -rf "$WORK/out"
for jobs in 1 2; do
    IFS='|' read -r label secs mb < <(measure "review $COUNT engagements, --jobs $jobs" \
        "$BIN" review "$WORK/engagements" --format json --no-fail --jobs "$jobs" --quiet)
    rate=$(python3 -c "print(f'{$COUNT/$secs:.0f} files/s')")
    echo "| $label | $secs | $mb | $rate |"
done

# lint_rows WHAT BYTES DIR: lint DIR at 1 and 2 jobs, RUNS times each (default 5): the median
# and the best wall time, the rate at each, and the largest peak RSS. A lint run is short, so
# one run says little on a shared machine.
lint_rows() {
    local what=$1 bytes=$2 dir=$3
    for jobs in 1 2; do
        local times=() peak=0 label secs mb
        for _ in $(seq "${RUNS:-5}"); do
            IFS='|' read -r label secs mb < <(measure "lint $what, --jobs $jobs" \
                "$BIN" lint "$dir" --format json --no-config --jobs "$jobs" --quiet)
            times+=("$secs")
            [ "$mb" -gt "$peak" ] && peak=$mb
        done
        read -r median best < <(printf '%s\n' "${times[@]}" | sort -n |
            awk '{t[NR]=$1} END {print t[int((NR+1)/2)], t[1]}')
        rate=$(python3 -c "print(f'{$bytes/1e6/$median:.1f} MB/s (best {$bytes/1e6/$best:.1f})')")
        echo "| $label (median of ${RUNS:-5}, best $best) | $median | $peak | $rate |"
    done
}

if [ -d "$CORPUS/cuad/docs" ]; then
    bytes=$(cat "$CORPUS"/cuad/docs/* | wc -c)
    files=$(ls "$CORPUS"/cuad/docs | wc -l)
    lint_rows "CUAD ($files contracts)" "$bytes" "$CORPUS/cuad/docs"
    # A folder of drafts the size CI meets on a big repository: the CUAD set COPIES times over
    # (default 10, about 85 MB), in folders of their own.
    COPIES=${COPIES:-10}
    for i in $(seq "$COPIES"); do
        mkdir -p "$WORK/drafts/copy$i"
        cp "$CORPUS"/cuad/docs/* "$WORK/drafts/copy$i/"
    done
    lint_rows "CUAD x $COPIES ($((files * COPIES)) contracts)" "$((bytes * COPIES))" "$WORK/drafts"
else
    echo "(no corpus at $CORPUS: lint figures skipped; set CORPUS=DIR)"
fi

# One contract, whole process: start-up is most of it, so it is run many times and the
# fastest and the median are shown (the fastest is the one a busy machine disturbs least).
echo
echo "| one contract, whole process | fastest ms | median ms |"
echo "|---|---|---|"
printf 'x\n' > "$WORK/one-line.txt"
for file in samples/contracts/bookkeeping-sow-good.md "$WORK/one-line.txt"; do
    python3 - "$BIN" "$file" "${SINGLES:-60}" <<'PY'
import subprocess, sys, time
binary, path, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
times = []
for _ in range(n):
    start = time.perf_counter()
    subprocess.run([binary, "lint", path, "--no-config", "--quiet"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times.append((time.perf_counter() - start) * 1000)
times.sort()
label = "a one-line file" if path.endswith("one-line.txt") else path
print(f"| lint {label} | {times[0]:.1f} | {times[n // 2]:.1f} |")
PY
done
