#!/usr/bin/env bash
# Prints the CPU time (user + system, in clock ticks of 1/100 s) used so far by each process of the local stack
# (deploy/local/up), one "<name> <ticks>" line each; run it before and after a batch of callbacks and divide the
# difference by the recordings made. PostgreSQL is the sum of its server and backend processes.
set -euo pipefail
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
for name in s3proxy ProviderSimulator kafka.Kafka ingest-service fetch-worker storage-service playback-service audit-service; do
  pid=$(pgrep -f -- "$name" | while read -r p; do [ "$(cat /proc/$p/comm)" = java ] && echo "$p"; done | head -1)
  echo "$name $(ticks "$pid")"
done
echo "postgresql $( { pgrep -x postgres; pgrep -f '^postgres:'; } | while read -r p; do ticks "$p" 2>/dev/null || true; done \
  | awk '{s+=$1} END {print s}')"
