# Cold `civassist ingest` processes: full, then twice (unchanged re-ingest, edit one file).
# usage: bash bench/incremental_ingest_cli.sh SRC LABEL COPIES   (see docs/measurements.md)
SRC=$1; L=$2; K=/tmp/scale-bench/kc-$L; H=/tmp/scale-bench/hc-$L
rm -rf $K $H; mkdir -p $K; for i in $(seq 1 $3); do mkdir -p $K/c$i; cp -r "$(dirname "$0")"/../knowledge/* $K/c$i/; done
export CIVASSIST_HOME=$H CIVASSIST_KNOWLEDGE=$K HF_HUB_OFFLINE=1 ANONYMIZED_TELEMETRY=False PYTHONPATH=$SRC
t() { local s=$(date +%s.%N); /work/main/.venv/bin/python -m civassist.cli ingest --json > /dev/null 2>&1; echo "$L $1 $(echo "$(date +%s.%N) - $s" | bc)"; }
t full
for r in 1 2; do t unchanged$r; echo "Edit $r: a closing paragraph about okapi $r." >> $K/c1/paper.md; t edit$r; done
