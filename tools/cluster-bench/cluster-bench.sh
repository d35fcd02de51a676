#!/usr/bin/env bash
# Episodes per minute of a clustered batch on this machine: a coordinator and 1, then 2 workers, each worker
# pinned to a core of its own with taskset (the coordinator shares core 0; it only writes files). The rate is
# the coordinator's own figure: episodes from the moment the last worker joined until the last episode was
# written (JVM starts and the closing index.json left out); the wall time of the whole run is shown beside it.
#   tools/cluster-bench/cluster-bench.sh [EPISODES]   (default 16; the shipped cast; needs ./telenovela built)
set -euo pipefail
cd "$(dirname "$0")/../.."
episodes=${1:-16}
cp="engine/target/telenovela-engine.jar:engine/target/lib/*"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 TELENOVELA_HOME="$PWD"
java=(java -XX:+RestoreMXCSROnJNICalls -cp "$cp" org.telenovela.cli.Main)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
declare -A rate
for k in 1 2; do
  port=$((26000 + k))
  for ((w = 0; w < k; w++)); do
    timeout 900 taskset -c "$w" "${java[@]}" worker --join "127.0.0.1:$port" >"$work/worker-$k-$w.log" 2>&1 &
  done
  start=$(date +%s.%N)
  timeout 900 taskset -c 0 "${java[@]}" batch --episodes "$episodes" --out "$work/out-$k" --seed 11 \
      --cluster --workers "$k" --port "$port" >"$work/coordinator-$k.log" 2>&1
  end=$(date +%s.%N)
  wait
  rate[$k]=$(sed -n 's/.*(\([0-9.]*\) episodes\/min).*/\1/p' "$work/coordinator-$k.log")
  printf '%d worker(s): %.1f episodes/min (%d episodes; the whole run %.1f s)\n' "$k" "${rate[$k]}" "$episodes" \
      "$(echo "$end - $start" | bc -l)"
done
diff -r "$work/out-1" "$work/out-2" >/dev/null && echo "the two folders are identical" || { echo "the folders differ"; exit 1; }
printf '2 workers / 1 worker: %.2fx\n' "$(echo "${rate[2]} / ${rate[1]}" | bc -l)"
