-- wrk script: prints one machine-readable line after the run, parsed by dev.callvault.bench.ingest.WrkResult:
-- WRK_RESULT requests=<n> duration_us=<n> non2xx=<n> connect_errors=<n> read_errors=<n> write_errors=<n>
--            timeouts=<n> p50_us=<n> p90_us=<n> p99_us=<n> max_us=<n>
-- Latencies are wrk's per-request times in microseconds (from the request's write to the response's end).

function done(summary, latency, requests)
  io.write(string.format(
    "WRK_RESULT requests=%d duration_us=%d non2xx=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d "
      .. "p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max))
end
