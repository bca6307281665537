#!/usr/bin/env python3
"""Soak run: one Cello application under steady load for an hour while its collector flaps.

The load benchmark's Cello application (sampling 1.0, OTLP/HTTP) exports to a flapping
collector (flapping.py) in front of the load benchmark's OTLP sink: up, down (connection
refused), hanging (accepts, never answers), answering 503, a phase each, over and over. wrk
offers a steady, paced rate all along, a minute at a time. After each minute, with no load
running, the application's process is sampled: heap used after a full GC, metaspace, live
threads, open file descriptors and sockets, and Cello's span counters against the spans the
sink received. At the end the collector stays up until the application's queue is empty,
and the run passes only if heap, threads, descriptors and sockets stayed flat, no request
failed, and every span started was received or counted as dropped or failed.

Run it through benchmarks/run-soak.sh, which builds the jars first.
"""

import argparse
import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
BENCHMARKS = os.path.dirname(HERE)
sys.dont_write_bytecode = True  # no __pycache__ left in the source tree
sys.path.insert(0, os.path.join(BENCHMARKS, "load"))

import loadbench  # noqa: E402  (the load benchmark's build products, processes and wrk driver)
from flapping import CYCLE, UP, FlappingCollector  # noqa: E402

# The spans one request makes, by path (see loadbench.EXPECTED_SPANS).
SPANS_PER_REQUEST = {path: sum(kinds.values()) for path, kinds in loadbench.EXPECTED_SPANS.items()}

# "Flat": the last third's maximum is at most this much above the second third's maximum.
HEAP_TOLERANCE_RATIO = 0.10
HEAP_TOLERANCE_MIN_MB = 4.0
THREADS_TOLERANCE = 2
FDS_TOLERANCE = 8
SOCKETS_TOLERANCE = 8

# How long the final flush may take once the collector stays up.
DRAIN_SECONDS = 90

CELLO_METRICS = {
    "cello_telemetry_spans_started_total": "started",
    "cello_telemetry_spans_exported_total": "exported",
    "cello_telemetry_spans_failed_total": "failed",
    "cello_telemetry_spans_dropped_total": "dropped",
    "cello_telemetry_queue_size": "queued",
    "cello_telemetry_export_failures_total": "failed_exports",
}


# --- samples from the application's process --------------------------------------------------------

def jcmd(pid, *command):
    return subprocess.run(["taskset", "-c", loadbench.LOAD_CPU, "jcmd", str(pid), *command],
                          check=True, capture_output=True, text=True).stdout


HEAP_LINE = re.compile(r"^\s*(?:def new generation|tenured generation|garbage-first heap|PSYoungGen|ParOldGen"
                       r"|ZHeap|Shenandoah)\b.*?\bused (\d+)K", re.MULTILINE)
METASPACE_LINE = re.compile(r"^\s*Metaspace\s+used (\d+)K", re.MULTILINE)


def heap_after_gc(pid):
    """Heap and metaspace used, in MB, right after a full collection (the live set, not garbage).

    GC.run is a System.gc(): a full collection with the serial collector the application runs
    with. It is taken between two minutes of load, so that the figure is what survives, not how
    far the young generation happened to have filled.
    """
    jcmd(pid, "GC.run")
    info = jcmd(pid, "GC.heap_info")
    heap = sum(int(k) for k in HEAP_LINE.findall(info))
    metaspace = METASPACE_LINE.search(info)
    if heap == 0:
        raise RuntimeError(f"could not read the heap from GC.heap_info:\n{info}")
    return heap / 1024, (int(metaspace.group(1)) / 1024 if metaspace else float("nan"))


def process_sample(pid):
    with open(f"/proc/{pid}/status") as f:
        threads = int(next(line for line in f if line.startswith("Threads:")).split()[1])
    fds = sockets = 0
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except FileNotFoundError:
            continue  # closed between listing and reading
        fds += 1
        sockets += target.startswith("socket:")
    return threads, fds, sockets


def cello_metrics(app_port):
    with urllib.request.urlopen(f"http://127.0.0.1:{app_port}/actuator/prometheus", timeout=10) as response:
        text = response.read().decode()
    values = dict.fromkeys(CELLO_METRICS.values(), 0)
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        name = line.split("{", 1)[0].split(" ", 1)[0]
        if name in CELLO_METRICS:
            values[CELLO_METRICS[name]] += round(float(line.rsplit(" ", 1)[1]))
    return values


def spans_received(sink_port):
    counts = loadbench.span_counts(sink_port, (0, 2 ** 62))
    return counts["server"] + counts["client"] + counts["internal"] + counts["other"]


# --- verdict --------------------------------------------------------------------------------------

def flatness(samples):
    """(name, verdict line, passed) per resource: the last third against the second one.

    The first third is warm-up (JIT, pools filling, classes loading) and is not judged. A leak
    grows with time, so the last third's maximum rises above the second third's; noise does not,
    since both thirds see every phase of the collector at sampling time many times over.
    """
    count = len(samples)
    if count < 3:
        return [("flat", f"not judged: {count} minute(s), at least 3 are needed", True)]
    third = count // 3
    second, last = samples[third:2 * third], samples[count - third:]
    span = (f"minutes {second[0]['minute']}-{second[-1]['minute']} against "
            f"{last[0]['minute']}-{last[-1]['minute']}")
    checks = []
    for key, label, allowed in (
            ("heap_mb", "heap after GC (MB)",
             lambda m: max(m * HEAP_TOLERANCE_RATIO, HEAP_TOLERANCE_MIN_MB)),
            ("threads", "live threads", lambda m: THREADS_TOLERANCE),
            ("fds", "open file descriptors", lambda m: FDS_TOLERANCE),
            ("sockets", "sockets", lambda m: SOCKETS_TOLERANCE)):
        second_max = max(s[key] for s in second)
        last_max = max(s[key] for s in last)
        limit = second_max + allowed(second_max)
        passed = last_max <= limit
        checks.append((label, f"{label}: max {_number(last_max)} in the last third, "
                              f"{_number(second_max)} in the second ({span}); at most {_number(limit)} allowed",
                       passed))
    return checks


def span_accounting(final, received):
    """Every span started was exported, dropped or failed, or is still queued; the sink got the exported ones."""
    accounted = final["exported"] + final["failed"] + final["dropped"] + final["queued"]
    checks = [("spans accounted",
               f"started {final['started']} = exported {final['exported']} + failed {final['failed']} "
               f"+ dropped {final['dropped']} + queued {final['queued']} (= {accounted})",
               final["started"] == accounted),
              ("spans received", f"received by the sink {received}, exported by the application {final['exported']}",
               received == final["exported"])]
    return checks


def _number(value):
    return f"{value:.1f}" if isinstance(value, float) else str(value)


# --- report --------------------------------------------------------------------------------------

COLUMNS = [
    ("minute", "Minute"), ("collector", "Collector (requests: forwarded / 503 / hung / closed)"),
    ("requests", "Requests"), ("rps", "req/s"), ("errors", "Failed"), ("p99_ms", "p99 ms"), ("max_ms", "Max ms"),
    ("heap_mb", "Heap after GC MB"), ("metaspace_mb", "Metaspace MB"), ("threads", "Threads"), ("fds", "FDs"),
    ("sockets", "Sockets"), ("started", "Spans started"), ("exported", "Exported"), ("failed", "Failed"),
    ("dropped", "Dropped"), ("queued", "Queued"), ("received", "Received by sink"),
]


def markdown_row(sample):
    cells = []
    for key, _ in COLUMNS:
        value = sample[key]
        cells.append(f"{value:.1f}" if isinstance(value, float) else str(value))
    return "| " + " | ".join(cells) + " |"


def markdown_table(samples):
    lines = ["| " + " | ".join(title for _, title in COLUMNS) + " |",
             "|" + "---:|" * len(COLUMNS)]
    lines += [markdown_row(s) for s in samples]
    return "\n".join(lines)


def collector_cell(before, after):
    delta = {k: after.get(k, 0) - before.get(k, 0) for k in set(after) | set(before)}
    return " / ".join(str(delta.get(k, 0)) for k in ("forwarded", "answered 503", "hung", "closed (down)"))


# --- the run ---------------------------------------------------------------------------------------

def drain(app_port, sink_port, log):
    """With the collector up: waits until the queue is empty and every started span is accounted for."""
    deadline = time.monotonic() + DRAIN_SECONDS
    previous = None
    while True:
        metrics = cello_metrics(app_port)
        received = spans_received(sink_port)
        settled = (metrics["queued"] == 0 and metrics["started"] == metrics["exported"] + metrics["failed"]
                   + metrics["dropped"] and received == metrics["exported"])
        if (settled and (metrics, received) == previous) or time.monotonic() > deadline:
            if not settled:
                log(f"the final flush did not settle within {DRAIN_SECONDS} s")
            return metrics, received
        previous = (metrics, received)
        time.sleep(2)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=int, default=60, help="minutes of load (default 60; 2 is a smoke run)")
    parser.add_argument("--phase-seconds", type=float, default=20,
                        help="length of each collector phase: up, down, hang, 503 (default 20)")
    parser.add_argument("--rate", type=int, default=200, help="requests per second offered (default 200)")
    parser.add_argument("--path", default="/chain", choices=sorted(SPANS_PER_REQUEST),
                        help="the endpoint driven: /chain makes a server span, a WebClient span and the "
                             "called /hello's server span (default); /hello one server span")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (default 16)")
    parser.add_argument("--results", default=os.path.join(BENCHMARKS, "target", "soak"),
                        help="where to write soak.md, soak.csv, soak.json and the logs")
    options = parser.parse_args()
    if options.minutes < 1:
        sys.exit("--minutes must be at least 1")
    for tool in ("wrk", "taskset", "java", "jcmd"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is not on the PATH (benchmarks/run-soak.sh installs wrk)")

    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    os.makedirs(options.results, exist_ok=True)
    workdir = tempfile.mkdtemp(prefix="logs-", dir=options.results)
    began = time.monotonic()
    date = time.strftime("%Y-%m-%d")

    def log(message):
        print(f"[{time.monotonic() - began:6.0f} s] {message}", flush=True)

    sink, sink_port = loadbench.start_sink(workdir)
    collector = FlappingCollector(loadbench.free_port(), sink_port, options.phase_seconds)
    app = loadbench.Variant(
        "cello", "Cello, sampling 1.0",
        loadbench.jar("load-app-cello", f"cello-benchmarks-load-app-cello-{loadbench.VERSION}-exec.jar"),
        traced=True,
        app_args=[f"--cello.telemetry.otlp-endpoint=http://127.0.0.1:{collector.port}",
                  "--cello.telemetry.protocol=http/protobuf", "--cello.telemetry.sampling-rate=1.0"])
    samples = []
    try:
        log(f"starting the application; collector on port {collector.port}, sink on {sink_port}")
        log(f"  answering after {loadbench.start_variant(app, workdir):.1f} s")
        pid = app.process.pid
        jcmd(pid, "VM.version")  # the attach listener's thread and socket exist before the first sample
        collector.start()
        log(f"collector flapping {' / '.join(CYCLE)}, {options.phase_seconds:g} s each; "
            f"{options.rate} req/s to {options.path} for {options.minutes} minute(s)")
        outcomes = collector.counts()
        for minute in range(1, options.minutes + 1):
            load = loadbench.wrk(app, options.path, 60, options.connections, rate=options.rate)
            heap_mb, metaspace_mb = heap_after_gc(pid)
            threads, fds, sockets = process_sample(pid)
            metrics = cello_metrics(app.port)
            now = collector.counts()
            sample = dict(
                minute=minute, collector=collector_cell(outcomes, now), requests=load["requests"],
                rps=load["requests"] / (load["duration_us"] / 1e6),
                errors=sum(load[k] for k in ("connect_errors", "read_errors", "write_errors",
                                             "status_errors", "timeouts")),
                p99_ms=load["p99_us"] / 1000, max_ms=load["max_us"] / 1000, heap_mb=heap_mb,
                metaspace_mb=metaspace_mb, threads=threads, fds=fds, sockets=sockets,
                received=spans_received(sink_port), **metrics)
            outcomes = now
            samples.append(sample)
            log(" ".join(f"{key}={sample[key]:.1f}" if isinstance(sample[key], float) else f"{key}={sample[key]}"
                         for key, _ in COLUMNS))
        log("load done; the collector stays up for the final flush")
        collector.hold(UP)
        final, received = drain(app.port, sink_port, log)
    finally:
        loadbench.stop(app.process)
        collector.stop()
        loadbench.stop(sink)

    requests = sum(s["requests"] for s in samples)
    errors = sum(s["errors"] for s in samples)
    checks = [("requests", f"{requests} requests, {errors} failed (wrk: connect, read, write, non-2xx, "
                           f"over 5 s)", requests > 0 and errors == 0)]
    checks += flatness(samples)
    checks += span_accounting(final, received)
    checks.append(("spans per request",
                   f"{final['started']} spans started for {requests} requests of {options.path} "
                   f"({SPANS_PER_REQUEST[options.path]} each, plus the start-up probe's)",
                   final["started"] >= requests * SPANS_PER_REQUEST[options.path]))
    passed = all(ok for _, _, ok in checks)

    heading = (f"Soak run, {date}: {options.minutes} minute(s), {options.rate} req/s to {options.path}, "
               f"collector {' / '.join(CYCLE)} {options.phase_seconds:g} s each, "
               f"{time.monotonic() - began:.0f} s in all")
    verdict = "\n".join(f"- {'PASS' if ok else 'FAIL'}: {line}" for _, line, ok in checks)
    collector_totals = ", ".join(f"{k} {v}" for k, v in sorted(collector.counts().items()))
    report = "\n".join([heading, "", markdown_table(samples), "",
                        f"After the load, with the collector up: started {final['started']}, exported "
                        f"{final['exported']}, failed {final['failed']} (in {final['failed_exports']} exports), "
                        f"dropped {final['dropped']}, queued {final['queued']}; received by the sink {received}. "
                        f"Collector requests: {collector_totals}.", "",
                        verdict, "", "PASSED" if passed else "FAILED"])
    with open(os.path.join(options.results, "soak.md"), "w") as f:
        f.write(report + "\n")
    with open(os.path.join(options.results, "soak.csv"), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=[key for key, _ in COLUMNS])
        writer.writeheader()
        writer.writerows({key: s[key] for key, _ in COLUMNS} for s in samples)
    with open(os.path.join(options.results, "soak.json"), "w") as f:
        json.dump({"date": date, "options": vars(options), "samples": samples, "final": final,
                   "received": received, "collector": collector.counts(),
                   "checks": [{"check": name, "line": line, "passed": ok} for name, line, ok in checks],
                   "passed": passed}, f, indent=1)
    print()
    print(report)
    print(f"\n(results in {options.results}, logs in {workdir})")
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
