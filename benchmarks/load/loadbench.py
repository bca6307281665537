#!/usr/bin/env python3
"""Load benchmark: the server CPU that tracing adds to a WebFlux request, Cello against its peers.

One WebFlux application (GET /hello, GET /chain) runs in eight variants: untraced, and again in a
second JVM as the control (untraced-2: the run's resolution); Cello at sampling 1.0, at 1.0 with
exporter none, and at 0.01; Spring Boot's own OpenTelemetry starter at probability 1.0, the same
with Actuator and the Prometheus registry (boot-full), and the OpenTelemetry Java agent. Every
exporting variant sends OTLP/HTTP to one local sink that decodes and counts the spans. The servers
share CPU 0; wrk and the sink run on CPU 1, so the servers' CPU time is theirs alone. The variants
are warmed up together, on both CPUs, until each one's JIT compiler threads (read per thread from
/proc) are quiet; the JIT's CPU is left out of the measured phases. While it measures, a busy-wait
at the lowest priority keeps CPU 0 from going idle (busy_core; --idle-core leaves it out).

By default the measurement is paired and interleaved (run_paired, paired_summary): all JVMs live,
in each of 20 cycles every variant gets one short phase per endpoint at one offered rate, in a new
random order, and its added CPU and allocation are taken against the untraced phase of the same
cycle; medians come with bootstrap intervals, and Cello's ratios to its peers with theirs.

With --sequential, the variants are measured one after the other in rounds instead: a paced phase
per endpoint, then a saturated one for throughput and dropped spans, and every fully sampled
variant again at the highest rate a peer saturated at, so that drops compare at the same load.
Spans are attributed to phases by their start time, and counted after a final flush.

--profile adds a differential CPU profile (async-profiler) of every variant against untraced.
Run it through benchmarks/run-load.sh, which builds the jars first.
"""

import argparse
import json
import math
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field

import hsperf
import profilediff

HERE = os.path.dirname(os.path.abspath(__file__))
BENCHMARKS = os.path.dirname(HERE)
VERSION = "0.1.0-SNAPSHOT"
SERVER_CPU = "0"
LOAD_CPU = "1"
JVM_OPTIONS = ["-Xms512m", "-Xmx512m", "-XX:+UseSerialGC"]

# The peers Cello is compared with: the highest rate they saturate at is the common offered rate.
PEERS = ("boot", "agent")

# Spans each request should produce: /hello one server span; /chain its own server span,
# the WebClient's client span and /hello's server span.
EXPECTED_SPANS = {"/hello": {"server": 1, "client": 0}, "/chain": {"server": 2, "client": 1}}


@dataclass
class Settings:
    rounds: int
    paced_seconds: int
    saturated_seconds: int
    min_warmup_seconds: int
    max_warmup_seconds: int
    warmup_chunk_seconds: int
    settle_seconds: float
    paced: dict
    saturated_connections: int
    # At a fixed offered rate, enough connections that none is the limit when latency grows.
    rate_connections: int
    quick: bool
    # --paired: each phase's length and the rate offered to every variant alike, per endpoint.
    paired_seconds: int = 6
    # Well below every variant's saturation (all of them serve over 14,000 /hello and 4,000 /chain
    # requests a second alone on the core), yet high enough that the CPU a JVM spends per second
    # whatever its load (timers, wake-ups) is spread over many requests: at 400 and 100 req/s it
    # was most of the figure, and its noise made the intervals ±30 µs and more.
    paired_rate: dict = field(default_factory=lambda: {"/hello": 2000, "/chain": 800})


FULL = Settings(rounds=3, paced_seconds=20, saturated_seconds=10, min_warmup_seconds=30,
                max_warmup_seconds=600, warmup_chunk_seconds=10, settle_seconds=6,
                paced={"/hello": (20, 10), "/chain": (10, 10)}, saturated_connections=32,
                rate_connections=64, quick=False, paired_seconds=4)

QUICK = Settings(rounds=1, paced_seconds=3, saturated_seconds=2, min_warmup_seconds=0,
                 max_warmup_seconds=0, warmup_chunk_seconds=2, settle_seconds=2,
                 paced={"/hello": (4, 10), "/chain": (2, 10)}, saturated_connections=8,
                 rate_connections=16, quick=True, paired_seconds=2,
                 paired_rate={"/hello": 200, "/chain": 50})

# Cycles of the default (paired) run; --quick runs a few too, so that the smoke run covers them.
PAIRED_CYCLES = 20
QUICK_PAIRED_CYCLES = 2
# Between two paired phases: no span of one starts in the next one's window.
PAIRED_GAP_SECONDS = 0.5
BOOTSTRAP_RESAMPLES = 2000
# --profile: async-profiler's CPU sampling interval.
PROFILER_INTERVAL_US = 1000


@dataclass
class Variant:
    name: str
    label: str
    jar: str
    traced: bool
    sampled_fully: bool = True
    exported: bool = True
    jvm_args: list = field(default_factory=list)
    app_args: list = field(default_factory=list)
    port: int = 0
    process: subprocess.Popen = None
    log_path: str = ""
    warmup: dict = field(default_factory=dict)

    @property
    def exports_every_span(self):
        """Every request's spans should reach the sink, so any missing one was dropped."""
        return self.traced and self.sampled_fully and self.exported


def jar(module, name):
    path = os.path.join(BENCHMARKS, module, "target", name)
    if not os.path.isfile(path):
        sys.exit(f"{path} is missing: build with benchmarks/run-load.sh")
    return path


def variants(sink_port):
    otlp = f"http://127.0.0.1:{sink_port}"
    plain = jar("load-app", f"cello-benchmarks-load-app-{VERSION}-exec.jar")
    cello = jar("load-app-cello", f"cello-benchmarks-load-app-cello-{VERSION}-exec.jar")
    boot = jar("load-app-boot", f"cello-benchmarks-load-app-boot-{VERSION}-exec.jar")
    boot_full = jar("load-app-boot-full", f"cello-benchmarks-load-app-boot-full-{VERSION}-exec.jar")
    boot_args = ["--management.tracing.sampling.probability=1.0",
                 f"--management.opentelemetry.tracing.export.otlp.endpoint={otlp}/v1/traces",
                 f"--management.otlp.metrics.export.url={otlp}/v1/metrics"]
    agent = jar("load-app", "opentelemetry-javaagent.jar")
    cello_args = [f"--cello.telemetry.otlp-endpoint={otlp}", "--cello.telemetry.protocol=http/protobuf"]
    return [
        Variant("untraced", "No tracing", plain, traced=False),
        # The same application in a JVM of its own, measured like a variant: the difference two
        # JVMs of one build show (their JIT's decisions, their place in memory), so the run's
        # resolution is read from the table, not assumed.
        Variant("untraced-2", "No tracing, a second JVM (control)", plain, traced=False),
        Variant("cello", "Cello, sampling 1.0", cello, traced=True,
                app_args=cello_args + ["--cello.telemetry.sampling-rate=1.0"]),
        # Every span created, propagated and ended, nothing exported: what the export path costs.
        Variant("cello-noexport", "Cello, sampling 1.0, exporter none", cello, traced=True, exported=False,
                app_args=cello_args + ["--cello.telemetry.sampling-rate=1.0", "--cello.telemetry.exporter=none"]),
        Variant("boot", "Spring Boot tracing, probability 1.0", boot, traced=True, app_args=boot_args),
        # What a Spring Boot user deploys for what Cello gives: traces and Prometheus RED metrics
        # with exemplars (request histograms on, as Cello's defaults turn them on).
        Variant("boot-full", "Spring Boot tracing + Actuator + Prometheus, probability 1.0", boot_full,
                traced=True, app_args=boot_args + [
                    "--management.endpoints.web.exposure.include=health,prometheus",
                    "--management.metrics.distribution.percentiles-histogram.http.server.requests=true",
                    "--management.metrics.distribution.percentiles-histogram.http.client.requests=true"]),
        Variant("agent", "OpenTelemetry Java agent", plain, traced=True,
                jvm_args=[f"-javaagent:{agent}", "-Dotel.service.name=load-app",
                          f"-Dotel.exporter.otlp.endpoint={otlp}", "-Dotel.exporter.otlp.protocol=http/protobuf"]),
        Variant("cello-0.01", "Cello, sampling 0.01", cello, traced=True, sampled_fully=False,
                app_args=cello_args + ["--cello.telemetry.sampling-rate=0.01"]),
    ]


def overridden(args, more_args):
    """The base variant's arguments with each --key=value of more_args replacing the same key's
    (Spring joins repeated command-line options with commas, which a number does not bind from)."""
    keys = {a.partition("=")[0] for a in more_args if a.startswith("--")}
    return [a for a in args if a.partition("=")[0] not in keys] + more_args


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(url, timeout=2.0):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read()


def wait_until(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"{what} did not happen within {timeout} s")


# --- /proc ---------------------------------------------------------------------------------

def thread_cpu_ns(pid):
    """Each live thread's time on a CPU in nanoseconds, from /proc/<pid>/task/*/schedstat.

    The scheduler's own clock, unlike /proc/<pid>/stat's utime and stime, which the kernel
    samples at each tick (10 ms): a phase's few seconds of CPU were then a count of a hundred
    or so ticks, whose chance alone moved a /hello request's CPU by ±10 µs."""
    times = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                times[tid] = int(f.read().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            pass  # the thread ended between listing and reading
    return times


def cpu_between(before, after):
    """Seconds of CPU between two thread_cpu_ns readings (a thread that ended in between is lost)."""
    return sum(ns - before.get(tid, 0) for tid, ns in after.items()) / 1e9


def thread_pool(name):
    """The pool a thread belongs to, from its name as /proc/<pid>/task/*/comm gives it (at most 15
    characters): the name without its number, so that "GC Thread#1" and "reactor-http-nio-2" count
    with their siblings."""
    return re.sub(r"[-#_ ]*\d+$", "", name) or name


def thread_pools(pid):
    """Each live thread's pool (thread_pool), by thread ID."""
    pools = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                pools[tid] = thread_pool(f.read().strip())
        except (FileNotFoundError, ProcessLookupError):
            pass
    return pools


def cpu_by_pool(before, after, pools):
    """Seconds of CPU between two thread_cpu_ns readings, per thread pool."""
    spent = {}
    for tid, ns in after.items():
        pool = pools.get(tid, "?")
        spent[pool] = spent.get(pool, 0.0) + (ns - before.get(tid, 0)) / 1e9
    return spent


def is_jit(pool):
    """The JIT's threads: its compilers (C1 CompilerThread0, C2 CompilerThread1, ...) and the sweeper
    that clears their code cache."""
    return "CompilerThre" in pool or pool == "Sweeper thread"


def jit_and_total_cpu(pid):
    """CPU seconds so far of a process's JIT threads and of all its live threads, from one reading
    (a thread that ended is lost)."""
    pools, times = thread_pools(pid), thread_cpu_ns(pid)
    jit = sum(ns for tid, ns in times.items() if is_jit(pools.get(tid, "")))
    return jit / 1e9, sum(times.values()) / 1e9


# --- processes ------------------------------------------------------------------------------

def start_sink(workdir):
    port_file = os.path.join(workdir, "sink.port")
    log = open(os.path.join(workdir, "sink.log"), "w")
    process = subprocess.Popen(["taskset", "-c", LOAD_CPU, "java", "-Xmx512m",
                                "-jar", jar("otlp-sink", "otlp-sink.jar"), port_file],
                               stdout=log, stderr=subprocess.STDOUT)
    wait_until(lambda: os.path.exists(port_file), 30, "the OTLP sink starting")
    with open(port_file) as f:
        return process, int(f.read())


def start_variant(variant, workdir):
    variant.port = free_port()
    variant.log_path = os.path.join(workdir, f"{variant.name}.log")
    log = open(variant.log_path, "w")
    command = (["taskset", "-c", SERVER_CPU, "java"] + JVM_OPTIONS + variant.jvm_args
               + ["-jar", variant.jar, f"--server.port={variant.port}", "--server.address=127.0.0.1"]
               + variant.app_args)
    variant.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)

    def ready():
        if variant.process.poll() is not None:
            raise RuntimeError(f"{variant.name} exited with {variant.process.returncode}: see {variant.log_path}")
        return http_get(f"http://127.0.0.1:{variant.port}/chain")[0] == 200

    started = time.monotonic()
    wait_until(ready, 120, f"{variant.name} answering /chain")
    return time.monotonic() - started


def stop(process):
    if process and process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- load -------------------------------------------------------------------------------------

def wrk_command(variant, path, seconds, connections, pace_ms=0, rate=0):
    """wrk's command line and environment: one thread on the load CPU, paced.lua's summary line."""
    env = dict(os.environ, PACE_DELAY_MS=str(pace_ms), RATE_PER_S=str(rate))
    command = ["taskset", "-c", LOAD_CPU, "wrk", "-t1", f"-c{connections}", f"-d{seconds}s",
               "--timeout", "5s", "-s", os.path.join(HERE, "paced.lua"), f"http://127.0.0.1:{variant.port}{path}"]
    return command, env


def wrk(variant, path, seconds, connections, pace_ms=0, rate=0):
    command, env = wrk_command(variant, path, seconds, connections, pace_ms, rate)
    output = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    for line in output.splitlines():
        if line.startswith("LOADBENCH "):
            return json.loads(line[len("LOADBENCH "):])
    raise RuntimeError(f"wrk printed no summary:\n{output}")


def measured(variant, path, seconds, connections, pace_ms=0, rate=0, others=(), gap_seconds=1.0):
    """One load phase, with the server's own CPU time and the wall-clock window of its spans.

    Paced (pace_ms), at a fixed offered rate (rate, requests per second) or saturated (neither).
    The CPU the idle variants in others used meanwhile, on the same core, is recorded too.
    """
    pid = variant.process.pid
    start_ms = int(time.time() * 1000)
    idle_before = {o.name: thread_cpu_ns(o.process.pid) for o in others}
    cpu_before, eden_before = thread_cpu_ns(pid), hsperf.eden_snapshot(pid)
    result = wrk(variant, path, seconds, connections, pace_ms, rate)
    cpu_after, eden_after = thread_cpu_ns(pid), hsperf.eden_snapshot(pid)
    pools = cpu_by_pool(cpu_before, cpu_after, thread_pools(pid))
    jit_s = sum(s for pool, s in pools.items() if is_jit(pool))
    idle_cpu_s = {o.name: cpu_between(idle_before[o.name], thread_cpu_ns(o.process.pid)) for o in others}
    end_ms = int(time.time() * 1000)
    kind = "paced" if pace_ms > 0 else "peer_rate" if rate > 0 else "saturated"
    result.update(variant=variant.name, path=path, kind=kind, offered_rps=rate,
                  window=[start_ms, end_ms],
                  cpu_s=sum(pools.values()) - jit_s, compiler_cpu_s=jit_s,
                  cpu_s_by_pool=pools,
                  allocated_bytes=hsperf.allocated_between(eden_before, eden_after),
                  idle_cpu_s=idle_cpu_s)
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["cpu_us_per_request"] = result["cpu_s"] * 1e6 / max(result["requests"], 1)
    result["bytes_per_request"] = result["allocated_bytes"] / max(result["requests"], 1)
    result["errors"] = sum(result[k] for k in ("connect_errors", "read_errors", "write_errors",
                                              "status_errors", "timeouts"))
    time.sleep(gap_seconds)  # so that no span of this phase starts in the next one's window
    return result


def pin(variant, cpus):
    """Moves every thread of a variant's JVM to `cpus` (taskset -a), as its threads are now."""
    subprocess.run(["taskset", "-a", "-p", "-c", cpus, str(variant.process.pid)], check=True, capture_output=True)


def warm_up(variants_run, settings, log):
    """Every variant at once, on both CPUs, at a quarter of the paired rates, alternating the
    endpoints, until each one's JIT compilers are quiet: under 2% of the CPU its JVM used, in two
    chunks in a row. Then the variant goes back to the server CPU alone.

    What a warm-up needs is CPU for the compiler threads and enough requests to reach their
    thresholds, not saturation: saturated one after the other on the server core, the JVMs still
    compiled after 100 s each (25-30% of their CPU), and then in the measured phases too
    (async-profiler, 2026-12-02: up to 120 µs of JIT per /chain request)."""
    started = time.monotonic()
    warming = list(variants_run)
    quiet_chunks = {v.name: 0 for v in variants_run}
    for variant in warming:
        pin(variant, f"{SERVER_CPU},{LOAD_CPU}")
    try:
        while warming:
            before = {v.name: jit_and_total_cpu(v.process.pid) for v in warming}
            for path in settings.paired_rate:
                loads = []
                for variant in warming:
                    command, env = wrk_command(variant, path, settings.warmup_chunk_seconds,
                                               settings.paced[path][0], rate=max(1, settings.paired_rate[path] // 4))
                    loads.append(subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL))
                for load in loads:
                    if load.wait() != 0:
                        raise RuntimeError(f"wrk failed during the warm-up: {load.args}")
            elapsed = time.monotonic() - started
            for variant in list(warming):
                (jit_before, total_before), (jit_after, total_after) = before[variant.name], \
                    jit_and_total_cpu(variant.process.pid)
                spent = total_after - total_before
                share = (jit_after - jit_before) / spent if spent > 0 else 1.0
                quiet_chunks[variant.name] = quiet_chunks[variant.name] + 1 if share < 0.02 else 0
                quiet = quiet_chunks[variant.name] >= 2
                log(f"  {variant.name}: warm-up {elapsed:5.0f} s, compiler threads {share:6.1%} of its CPU")
                if elapsed >= settings.max_warmup_seconds or (quiet and elapsed >= settings.min_warmup_seconds):
                    variant.warmup = {"seconds": round(elapsed), "compiler_quiet": quiet}
                    warming.remove(variant)
                    pin(variant, SERVER_CPU)
    finally:
        for variant in warming:
            pin(variant, SERVER_CPU)
    time.sleep(1)  # no warm-up span may start in the first measured window


def busy_core():
    """A busy-wait on the server CPU at the scheduler's lowest priority (SCHED_IDLE): every JVM thread
    preempts it at once, and its CPU is no JVM's. At the paired rates the server CPU is idle most of
    the time; a virtual CPU that halts is handed to other guests by the host, and each request then
    finds the caches as they left them: the same untraced application's CPU per request spread four
    times as much from phase to phase (docs/benchmarks.md, "A busy server CPU")."""
    process = subprocess.Popen(["chrt", "--idle", "0", "taskset", "-c", SERVER_CPU, "java", "-Xmx16m",
                                "-XX:+UseSerialGC", os.path.join(HERE, "BusyCore.java")])
    time.sleep(3)  # compiled and spinning
    if process.poll() is not None:
        raise RuntimeError(f"the busy-wait on CPU {SERVER_CPU} exited with {process.returncode}")
    return process


def jcmd(variant, *command):
    subprocess.run(["taskset", "-c", LOAD_CPU, "jcmd", str(variant.process.pid), *command],
                   check=True, capture_output=True)


def profiler_library():
    folder = "linux-arm64" if os.uname().machine in ("aarch64", "arm64") else "linux-x64"
    return jar("load-app", os.path.join("async-profiler", folder, "libasyncProfiler.so"))


def profile(variants_run, settings, seconds, results, log, seed):
    """Each variant under async-profiler (loaded into the running JVM, so warm-up is not in it), in
    slices like the paired cycles: one phase per variant and endpoint at the paired rates, in a new
    random order each round, until each has been profiled for `seconds`; then each variant's CPU per
    request against untraced's, frame by frame."""
    library = profiler_library()
    slices_dir = tempfile.mkdtemp(prefix="profile-slices-", dir=results)
    rounds = max(1, round(seconds / settings.paired_seconds))
    order = random.Random(seed)
    stacks, requests, cpu_s = {}, {}, {}
    for number in range(1, rounds + 1):
        shuffled = list(variants_run)
        order.shuffle(shuffled)
        for variant in shuffled:
            for path in settings.paired_rate:
                key = (variant.name, path)
                collapsed = os.path.join(slices_dir, f"{variant.name}-{path.strip('/')}-{number}.collapsed")
                # Quoted: jcmd would split the options at their '='.
                jcmd(variant, "JVMTI.agent_load", library,
                     f'"start,event=cpu,interval={PROFILER_INTERVAL_US}us,threads"')
                phase = measured(variant, path, settings.paired_seconds, settings.paced[path][0],
                                 rate=settings.paired_rate[path], gap_seconds=0)
                jcmd(variant, "JVMTI.agent_load", library, f'"stop,file={collapsed},collapsed"')
                stacks[key] = stacks.get(key, Counter()) + profilediff.read_collapsed(collapsed)
                requests[key] = requests.get(key, 0) + phase["requests"]
                cpu_s[key] = cpu_s.get(key, 0.0) + phase["cpu_s"]
        log(f"  profiled round {number} of {rounds}: " + " ".join(v.name for v in shuffled))
    profiles = {}
    for (name, path), merged in stacks.items():
        profilediff.write_collapsed(merged, os.path.join(results, f"profile-{name}-{path.strip('/')}.collapsed"))
        profiles[(name, path)] = profilediff.per_request(merged, PROFILER_INTERVAL_US, requests[(name, path)])
        log(f"  {name} {path}: {requests[(name, path)]} requests, {profiles[(name, path)]['all']:.1f} µs "
            f"of CPU sampled per request, {cpu_s[(name, path)] * 1e6 / max(requests[(name, path)], 1):.1f} µs "
            f"by /proc")
    shutil.rmtree(slices_dir)
    sections = [profilediff.report(f"{variant.label}, `{path}`",
                                   profilediff.difference(profiles[(variant.name, path)],
                                                          profiles[("untraced", path)]))
                for variant in variants_run if variant.name != "untraced" for path in settings.paired_rate]
    report_path = os.path.join(results, "profile.md")
    with open(report_path, "w") as f:
        f.write(f"# CPU per request added to untraced, by async-profiler ({rounds} slices of "
                f"{settings.paired_seconds} s per variant and endpoint at the paired rates, interleaved; "
                f"{PROFILER_INTERVAL_US} µs interval)\n\n" + "\n\n".join(sections) + "\n")
    log(f"differential profile: {report_path}")


def span_counts(sink_port, window):
    _, body = http_get(f"http://127.0.0.1:{sink_port}/counts?from={window[0]}&to={window[1]}")
    return json.loads(body)


# --- report ------------------------------------------------------------------------------------

def median(values):
    return statistics.median(values) if values else float("nan")


def summarize(variants_run, phases):
    """Per variant and endpoint: medians over rounds, added CPU paired round by round with the untraced run."""
    rows = {}
    for variant in variants_run:
        for path in EXPECTED_SPANS:
            paced = [p for p in phases
                     if p["variant"] == variant.name and p["path"] == path and p["kind"] == "paced"]
            saturated = [p for p in phases
                         if p["variant"] == variant.name and p["path"] == path and p["kind"] == "saturated"]
            at_peer_rate = [p for p in phases
                            if p["variant"] == variant.name and p["path"] == path and p["kind"] == "peer_rate"]
            baseline = {p["round"]: p for p in phases
                        if p["variant"] == "untraced" and p["path"] == path and p["kind"] == "paced"}
            added = [p["cpu_us_per_request"] - baseline[p["round"]]["cpu_us_per_request"]
                     for p in paced if p["round"] in baseline]
            rows[(variant.name, path)] = {
                "variant": variant.label,
                "path": path,
                "paced_rps": median([p["rps"] for p in paced]),
                "cpu_us": median([p["cpu_us_per_request"] for p in paced]),
                "added_cpu_us": median(added) if variant.name != "untraced" else 0.0,
                "p50_ms": median([p["p50_us"] for p in paced]) / 1000,
                "p99_ms": median([p["p99_us"] for p in paced]) / 1000,
                "paced_spans": sum(p["spans"] for p in paced),
                "paced_expected": sum(p["expected_spans"] for p in paced),
                "paced_dropped": sum(p["dropped"] for p in paced),
                "saturated_rps": median([p["rps"] for p in saturated]),
                "saturated_spans": sum(p["spans"] for p in saturated),
                "saturated_expected": sum(p["expected_spans"] for p in saturated),
                "saturated_dropped": sum(p["dropped"] for p in saturated),
                "peer_rate_offered": median([p["offered_rps"] for p in at_peer_rate]),
                "peer_rate_rps": median([p["rps"] for p in at_peer_rate]),
                "peer_rate_expected": sum(p["expected_spans"] for p in at_peer_rate),
                "peer_rate_dropped": sum(p["dropped"] for p in at_peer_rate),
                "errors": sum(p["errors"] for p in paced + saturated + at_peer_rate),
                "compiler_cpu_share": max((p["compiler_cpu_s"] / p["cpu_s"] for p in paced if p["cpu_s"] > 0),
                                          default=0.0),
                "traced": variant.traced,
                "exports_every_span": variant.exports_every_span, "exported": variant.exported,
            }
    return rows


def markdown(rows, variants_run, settings):
    def drop_ratio(dropped, expected):
        return f"{dropped / expected:.1%}" if expected else "n/a"

    lines = [
        "| Variant | Endpoint | Paced req/s | CPU µs/req | Added CPU µs/req | p50 ms | p99 ms "
        "| Spans received (paced) | Dropped (paced) | Saturated req/s | Dropped at saturation "
        "| At the peers' saturated rate: req/s served, dropped |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for variant in variants_run:
        for path in EXPECTED_SPANS:
            r = rows[(variant.name, path)]
            if r["exports_every_span"]:
                spans = f"{r['paced_spans']} / {r['paced_expected']}"
                paced_drop = drop_ratio(r["paced_dropped"], r["paced_expected"])
                saturated_drop = drop_ratio(r["saturated_dropped"], r["saturated_expected"])
            else:
                spans = str(r["paced_spans"]) if r["traced"] and r["exported"] else "–"
                paced_drop = saturated_drop = "–"
            added = "–" if variant.name == "untraced" else f"{r['added_cpu_us']:.1f}"
            at_peer_rate = "–"
            if r["peer_rate_expected"]:
                at_peer_rate = (f"{r['peer_rate_rps']:.0f} of {r['peer_rate_offered']:.0f}, "
                                f"{drop_ratio(r['peer_rate_dropped'], r['peer_rate_expected'])}")
            lines.append(f"| {r['variant']} | `{path}` | {r['paced_rps']:.0f} | {r['cpu_us']:.1f} | {added} "
                         f"| {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | {spans} | {paced_drop} "
                         f"| {r['saturated_rps']:.0f} | {saturated_drop} | {at_peer_rate} |")
    names = {v.name for v in variants_run}
    if {"cello", "boot", "agent"} <= names:
        lines.append("")
        for path in EXPECTED_SPANS:
            cello = rows[("cello", path)]["added_cpu_us"]
            peer = min(("boot", "agent"), key=lambda n: rows[(n, path)]["added_cpu_us"])
            peer_added = rows[(peer, path)]["added_cpu_us"]
            line = (f"- `{path}`: Cello adds {cello:.1f} µs per traced request, the cheapest peer "
                    f"({rows[(peer, path)]['variant']}) {peer_added:.1f} µs")
            if peer_added > 0:
                line += f": a ratio of {cello / peer_added:.2f}"
            if "cello-0.01" in names:
                line += f"; at sampling 0.01 Cello adds {rows[('cello-0.01', path)]['added_cpu_us']:.1f} µs"
            lines.append(line + ".")
        for path in EXPECTED_SPANS:
            r = rows[("cello", path)]
            if r["peer_rate_expected"]:
                peers = ", ".join(f"{rows[(n, path)]['variant']} served {rows[(n, path)]['peer_rate_rps']:.0f} "
                                  f"and dropped "
                                  f"{drop_ratio(rows[(n, path)]['peer_rate_dropped'], rows[(n, path)]['peer_rate_expected'])}"
                                  for n in PEERS)
                lines.append(f"- `{path}` at the same offered load, {r['peer_rate_offered']:.0f} req/s (the highest "
                             f"rate a peer saturated at): Cello served {r['peer_rate_rps']:.0f} req/s and dropped "
                             f"{drop_ratio(r['peer_rate_dropped'], r['peer_rate_expected'])} of its spans; {peers}.")
    lines.append("")
    lines.append(f"{settings.rounds} rounds, medians; paced {settings.paced_seconds} s per endpoint "
                 f"(/hello {settings.paced['/hello'][0]} connections, /chain {settings.paced['/chain'][0]}, "
                 f"each waiting {settings.paced['/hello'][1]} ms between requests), saturated "
                 f"{settings.saturated_seconds} s with {settings.saturated_connections} connections; "
                 f"at the peers' rate: as long, {settings.rate_connections} connections offering "
                 f"the highest saturated rate of {' and '.join(PEERS)} in the round. "
                 f"Warm-up: {warmup_summary(variants_run)}.")
    return "\n".join(lines)


def warmup_summary(variants_run):
    return ", ".join(f"{v.name} {v.warmup.get('seconds', 0)} s"
                     + ("" if v.warmup.get("compiler_quiet", True) else " (compilers still busy)")
                     for v in variants_run)


def run_paired(variants_run, settings, cycles, log, seed):
    """Paired, interleaved measurement: in each cycle every variant gets one phase per endpoint at the
    same offered rate, in a new random order; the untraced phase of the same cycle is its baseline."""
    order = random.Random(seed)
    phases = []
    for cycle in range(1, cycles + 1):
        shuffled = list(variants_run)
        order.shuffle(shuffled)
        for variant in shuffled:
            others = [o for o in variants_run if o is not variant]
            for path in settings.paced:
                phase = measured(variant, path, settings.paired_seconds, settings.paced[path][0],
                                 rate=settings.paired_rate[path], others=others, gap_seconds=PAIRED_GAP_SECONDS)
                phases.append(dict(phase, kind="paired", cycle=cycle))
        log(f"  cycle {cycle} of {cycles}: " + " ".join(v.name for v in shuffled))
    return phases


def bootstrap_interval(samples, statistic, rng):
    """The 95 % percentile-bootstrap interval of statistic over samples (a list of per-cycle values),
    and how many resamples left the statistic undefined (NaN: a ratio whose peer added nothing).
    Those are left out of the interval rather than sorted, since NaN has no place in an order."""
    estimates = [statistic([samples[rng.randrange(len(samples))] for _ in samples])
                 for _ in range(BOOTSTRAP_RESAMPLES)]
    defined = sorted(e for e in estimates if not math.isnan(e))
    undefined = len(estimates) - len(defined)
    if not defined:
        return (float("nan"), float("nan")), undefined
    return (defined[int(0.025 * len(defined))], defined[int(0.975 * len(defined)) - 1]), undefined


def paired_phases_by_cycle(phases):
    """The paired phases by (variant, endpoint, cycle), and the cycles in order."""
    by_key = {(p["variant"], p["path"], p["cycle"]): p for p in phases if p["kind"] == "paired"}
    return by_key, sorted({cycle for _, _, cycle in by_key})


def paired_summary(variants_run, phases, seed):
    """Per variant and endpoint: the median over cycles of the CPU per request it added to the
    untraced phase of the same cycle, with a bootstrap interval; and Cello's ratio to each peer."""
    rng = random.Random(seed)
    by_key, cycles = paired_phases_by_cycle(phases)
    added, added_bytes, rows = {}, {}, {}
    for variant in variants_run:
        for path in EXPECTED_SPANS:
            per_cycle = [by_key[(variant.name, path, c)]["cpu_us_per_request"]
                         - by_key[("untraced", path, c)]["cpu_us_per_request"] for c in cycles]
            added[(variant.name, path)] = per_cycle
            added_bytes[(variant.name, path)] = [by_key[(variant.name, path, c)]["bytes_per_request"]
                                                 - by_key[("untraced", path, c)]["bytes_per_request"]
                                                 for c in cycles]
            own = [by_key[(variant.name, path, c)] for c in cycles]
            idle = [p["idle_cpu_s"].get(variant.name, 0.0) for p in phases
                    if p["kind"] == "paired" and p["variant"] != variant.name]
            idle_seconds = sum(p["duration_us"] / 1e6 for p in phases
                               if p["kind"] == "paired" and p["variant"] != variant.name)
            rows[(variant.name, path)] = {
                "variant": variant.label, "path": path,
                "rps": median([p["rps"] for p in own]),
                "added_cpu_us": median(per_cycle),
                "interval": bootstrap_interval(per_cycle, median, rng)[0] if variant.name != "untraced" else None,
                "added_bytes": median(added_bytes[(variant.name, path)]),
                "spans": sum(p["spans"] for p in own), "expected": sum(p["expected_spans"] for p in own),
                "dropped": sum(p["dropped"] for p in own),
                "errors": sum(p["errors"] for p in own),
                "jit_share": max((p.get("compiler_cpu_s", 0.0) / (p["cpu_s"] + p.get("compiler_cpu_s", 0.0))
                                  for p in own if p["cpu_s"] > 0), default=0.0),
                "idle_cpu_ms_per_s": 1000 * sum(idle) / idle_seconds if idle_seconds else 0.0,
                "traced": variant.traced, "exports_every_span": variant.exports_every_span, "exported": variant.exported,
            }
    ratios = []
    for peer in ("boot", "agent", "boot-full"):
        for path in EXPECTED_SPANS:
            if ("cello", path) not in added or (peer, path) not in added:
                continue
            pairs = list(zip(added[("cello", path)], added[(peer, path)]))

            def ratio(sample):
                peer_median = median([b for _, b in sample])
                return median([a for a, _ in sample]) / peer_median if peer_median > 0 else float("nan")

            interval, undefined = bootstrap_interval(pairs, ratio, rng)
            ratios.append({"peer": peer, "path": path, "ratio": ratio(pairs), "interval": interval,
                           "undefined": undefined})
    export_path = {}
    for path in EXPECTED_SPANS:
        if ("cello", path) in added and ("cello-noexport", path) in added:
            spans = sum(EXPECTED_SPANS[path].values())
            cpu = [(a - b) / spans for a, b in zip(added[("cello", path)], added[("cello-noexport", path)])]
            allocated = [(a - b) / spans for a, b in zip(added_bytes[("cello", path)],
                                                         added_bytes[("cello-noexport", path)])]
            export_path[path] = {"cpu_us": median(cpu), "interval": bootstrap_interval(cpu, median, rng)[0],
                                 "bytes": median(allocated)}
    return rows, ratios, export_path, len(cycles)


def pool_breakdown(variants_run, phases):
    """Per variant and endpoint, per thread pool: the median over cycles of the CPU per request its
    threads added to the untraced phase's threads of the same pool (a pool untraced lacks adds all
    of its CPU), and the standard deviation over cycles of the variant's own CPU per request in it:
    where the added CPU is spent, and where the phases' spread comes from."""
    by_key, cycles = paired_phases_by_cycle(phases)

    def per_request(phase, pool):
        return phase.get("cpu_s_by_pool", {}).get(pool, 0.0) * 1e6 / max(phase["requests"], 1)

    breakdown = {}
    for variant in variants_run:
        for path in EXPECTED_SPANS:
            own = [by_key[(variant.name, path, c)] for c in cycles]
            base = [by_key[("untraced", path, c)] for c in cycles]
            pools = {pool for p in own + base for pool in p.get("cpu_s_by_pool", {}) if not is_jit(pool)}
            result = {}
            for pool in pools:
                added = [per_request(o, pool) - per_request(b, pool) for o, b in zip(own, base)]
                mine = [per_request(o, pool) for o in own]
                result[pool] = {"added_cpu_us": median(added),
                                "sd_us": statistics.stdev(mine) if len(mine) > 1 else 0.0}
            breakdown[(variant.name, path)] = result
    return breakdown


def pool_markdown(breakdown, variants_run, shown=6):
    """The pools with the most added CPU or spread, per variant and endpoint, one line each."""
    lines = ["CPU by thread pool: median added µs per request (the variant's own standard deviation "
             "over cycles); the pools with the largest of either, the rest summed:", ""]
    for variant in variants_run:
        for path in EXPECTED_SPANS:
            pools = breakdown[(variant.name, path)]
            ranked = sorted(pools, key=lambda n: -max(abs(pools[n]["added_cpu_us"]), pools[n]["sd_us"]))
            parts = [f"{n} {pools[n]['added_cpu_us']:+.1f} (±{pools[n]['sd_us']:.1f})" for n in ranked[:shown]]
            rest = sum(pools[n]["added_cpu_us"] for n in ranked[shown:])
            lines.append(f"- {variant.label}, `{path}`: " + ", ".join(parts)
                         + (f", others {rest:+.1f}" if ranked[shown:] else ""))
    return "\n".join(lines)


# The goals the paired run is judged by: Cello's added CPU at most this share of the cheapest
# tracing-only peer's and of the feature-parity peer's (the upper end of the ratio's interval),
# and at sampling 0.01 at most this many microseconds above untraced (the interval's upper end).
GOAL_OF_CHEAPEST_PEER = 0.5
GOAL_OF_FEATURE_PARITY_PEER = 1 / 3
GOAL_SAMPLED_OUT_US = 3.0


def goals(rows, ratios):
    """Each goal as (met, sentence), for the variants and endpoints the run measured."""
    results = []
    by_peer = {(r["peer"], r["path"]): r for r in ratios}

    def ratio_goal(peer, path, goal, name):
        r = by_peer[(peer, path)]
        return (r["interval"][1] <= goal, f"`{path}`: Cello / {name} {r['ratio']:.2f} "
                f"[{r['interval'][0]:.2f}, {r['interval'][1]:.2f}], goal: upper end at most {goal:.2f}")

    for path in EXPECTED_SPANS:
        peers = [n for n in PEERS if (n, path) in by_peer]
        if peers:
            cheapest = min(peers, key=lambda n: rows[(n, path)]["added_cpu_us"])
            results.append(ratio_goal(cheapest, path, GOAL_OF_CHEAPEST_PEER,
                                      f"the cheapest peer ({rows[(cheapest, path)]['variant']})"))
        if ("boot-full", path) in by_peer:
            results.append(ratio_goal("boot-full", path, GOAL_OF_FEATURE_PARITY_PEER,
                                      rows[("boot-full", path)]["variant"]))
        if ("cello-0.01", path) in rows:
            r = rows[("cello-0.01", path)]
            results.append((r["interval"][1] <= GOAL_SAMPLED_OUT_US,
                            f"`{path}`: Cello at sampling 0.01 adds {r['added_cpu_us']:.1f} "
                            f"[{r['interval'][0]:.1f}, {r['interval'][1]:.1f}] µs, "
                            f"goal: upper end at most {GOAL_SAMPLED_OUT_US:.0f} µs"))
    return results


def resolution(rows):
    """What the control (a second untraced JVM, measured like any variant) added, per endpoint: a
    difference the run cannot tell from two JVMs of the same build."""
    return [f"`{path}`: resolution: a second untraced JVM adds {r['added_cpu_us']:.1f} "
            f"[{r['interval'][0]:.1f}, {r['interval'][1]:.1f}] µs, what two JVMs of one build differ by"
            for path in EXPECTED_SPANS if (r := rows.get(("untraced-2", path))) is not None]


def paired_markdown(rows, ratios, export_path, cycles, variants_run, settings):
    lines = [
        "| Variant | Endpoint | req/s | Added CPU µs/req, median [95% interval] | Added allocation KB/req "
        "| Spans received (dropped) | Its CPU while idle, ms/s |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for variant in variants_run:
        for path in EXPECTED_SPANS:
            r = rows[(variant.name, path)]
            added = "–" if r["interval"] is None else (
                f"{r['added_cpu_us']:.1f} [{r['interval'][0]:.1f}, {r['interval'][1]:.1f}]")
            spans = f"{r['spans']} / {r['expected']} ({r['dropped']})" if r["exports_every_span"] else (
                str(r["spans"]) if r["traced"] and r["exported"] else "–")
            allocated = "–" if r["interval"] is None else f"{r['added_bytes'] / 1000:.1f}"
            lines.append(f"| {r['variant']} | `{path}` | {r['rps']:.0f} | {added} | {allocated} | {spans} "
                         f"| {r['idle_cpu_ms_per_s']:.1f} |")
    lines.append("")
    for ratio in ratios:
        lines.append(f"- `{ratio['path']}`: Cello / {rows[(ratio['peer'], ratio['path'])]['variant']}: "
                     f"{ratio['ratio']:.2f} [{ratio['interval'][0]:.2f}, {ratio['interval'][1]:.2f}]"
                     + (f" ({ratio['undefined']} of {BOOTSTRAP_RESAMPLES} resamples left out: the peer's "
                        f"median added CPU was not above 0)" if ratio['undefined'] else ""))
    for path, e in export_path.items():
        lines.append(f"- `{path}`: the export path (Cello less Cello with exporter none), per exported span: "
                     f"{e['cpu_us']:.1f} [{e['interval'][0]:.1f}, {e['interval'][1]:.1f}] µs of CPU, "
                     f"{e['bytes']:.0f} B allocated")
    for sentence in resolution(rows):
        lines.append(f"- {sentence}")
    lines.append("")
    for met, sentence in goals(rows, ratios):
        lines.append(f"- Goal {'met' if met else 'not met'}: {sentence}.")
    lines.append("")
    lines.append(f"{cycles} cycles; in each, every variant {settings.paired_seconds} s per endpoint at "
                 f"{settings.paired_rate['/hello']} req/s (/hello) and {settings.paired_rate['/chain']} req/s "
                 f"(/chain), in a new random order; added CPU against the untraced phase of the same cycle; "
                 f"intervals: percentile bootstrap over cycles, {BOOTSTRAP_RESAMPLES} resamples. "
                 f"Idle CPU: what a variant's JVM used, per second, while the others were measured. "
                 f"Warm-up: {warmup_summary(variants_run)}; the JIT's threads, left out of every phase's CPU, "
                 f"took at most {max(r['jit_share'] for r in rows.values()):.1%} of a phase's.")
    return "\n".join(lines)


def check_quick(rows, variants_run, paired_rows=None):
    """The --quick assertions: every variant started, served every request, and (if traced) exported."""
    failures = []
    for (name, path), r in (paired_rows or {}).items():
        if not r["rps"] > 0 or r["errors"]:
            failures.append(f"{name} {path}: paired phases served {r['rps']:.0f} req/s, {r['errors']} failed")
    for variant in variants_run:
        exported = 0
        for path in EXPECTED_SPANS:
            r = rows[(variant.name, path)]
            if not r["paced_rps"] > 0 or not r["saturated_rps"] > 0:
                failures.append(f"{variant.name} {path}: served no requests")
            if r["peer_rate_expected"] and not r["peer_rate_rps"] > 0:
                failures.append(f"{variant.name} {path}: served no requests at the peers' rate")
            if r["errors"]:
                failures.append(f"{variant.name} {path}: {r['errors']} failed requests")
            exported += r["paced_spans"] + r["saturated_spans"]
        if variant.traced and variant.exported and exported == 0:
            failures.append(f"{variant.name}: the sink received no spans")
        if not (variant.traced and variant.exported) and exported:
            failures.append(f"{variant.name}: exported {exported} spans while it should export none")
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="a smoke run: every variant starts, serves and exports; no figure means anything")
    parser.add_argument("--rounds", type=int, help="rounds of measurement (default 3)")
    parser.add_argument("--only", help="comma-separated variants to run (untraced is always run)")
    parser.add_argument("--max-warmup", type=int, help="seconds of warm-up at most, for all variants together (default 600)")
    parser.add_argument("--extra", action="append", default=[], metavar="NAME=VARIANT ARGS...",
                        help="one more variant: an existing one with more application arguments, "
                             "e.g. 'cello-auto=cello --spring.reactor.context-propagation=auto'")
    parser.add_argument("--paired", type=int, metavar="CYCLES",
                        help=f"cycles of short phases at one offered rate, every variant in a new random order "
                             f"each cycle (default {PAIRED_CYCLES}; --quick runs a few, and the rounds too)")
    parser.add_argument("--sequential", action="store_true",
                        help="measure in rounds, one variant after the other, instead of paired cycles; "
                             "with saturated phases (throughput, dropped spans)")
    parser.add_argument("--profile", type=int, metavar="SECONDS",
                        help="after the measurement, profile every variant with async-profiler for SECONDS per "
                             "endpoint and write profile.md: each one's CPU per request against untraced's, by "
                             "frame (--paired 0 --profile 30 profiles only)")
    parser.add_argument("--idle-core", action="store_true",
                        help="let the server CPU go idle between requests, as before the busy-wait (busy_core)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the paired order and of the bootstrap")
    parser.add_argument("--jfr", action="store_true",
                        help="record each variant's measured rounds with Java Flight Recorder (profile settings)")
    parser.add_argument("--results", default=os.path.join(BENCHMARKS, "target", "load"),
                        help="where to write results.json, results.md and the logs")
    options = parser.parse_args()
    settings = QUICK if options.quick else FULL
    if options.rounds:
        settings.rounds = options.rounds
    if options.max_warmup is not None:
        settings.max_warmup_seconds = options.max_warmup
    for tool in ("wrk", "taskset", "java"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is not on the PATH (benchmarks/run-load.sh installs wrk)")
    if os.cpu_count() < 2:
        sys.exit("the load benchmark needs two CPUs: one for the servers, one for wrk and the sink")

    # Terminated (a CI timeout, kill): leave through the finally below, which stops the servers and the sink.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    os.makedirs(options.results, exist_ok=True)
    workdir = tempfile.mkdtemp(prefix="logs-", dir=options.results)
    began = time.monotonic()

    def log(message):
        print(f"[{time.monotonic() - began:6.0f} s] {message}", flush=True)

    sink, sink_port = start_sink(workdir)
    variants_run = variants(sink_port)
    for extra in options.extra:
        name, _, definition = extra.partition("=")
        base_name, *more_args = definition.split()
        base = next((v for v in variants_run if v.name == base_name), None)
        if not name or base is None:
            sys.exit(f"--extra {extra!r}: expected NAME=VARIANT ARGS..., VARIANT one of "
                     + ", ".join(v.name for v in variants_run))
        traced = base.traced and "--cello.telemetry.enabled=false" not in more_args
        exported = base.exported and "--cello.telemetry.exporter=none" not in more_args
        variants_run.append(Variant(name, f"{base.label}, {' '.join(more_args)}", base.jar, traced,
                                    sampled_fully=base.sampled_fully, exported=exported,
                                    jvm_args=list(base.jvm_args),
                                    app_args=overridden(base.app_args, more_args)))
    if options.only:
        wanted = set(options.only.split(",")) | {"untraced"} | {e.partition("=")[0] for e in options.extra}
        variants_run = [v for v in variants_run if v.name in wanted]
    phases = []
    busy = None
    try:
        for variant in variants_run:
            log(f"starting {variant.name}")
            log(f"  {variant.name}: answering after {start_variant(variant, workdir):.1f} s")
        log("warming up")
        warm_up(variants_run, settings, log)
        if not options.idle_core:
            log(f"keeping CPU {SERVER_CPU} busy at the lowest priority while measuring")
            busy = busy_core()
        if options.jfr:
            for variant in variants_run:
                jcmd(variant, "JFR.start", "name=loadbench", "settings=profile",
                     f"filename={os.path.join(options.results, variant.name + '.jfr')}")
        sequential = options.sequential or options.rounds is not None
        if settings.quick:
            paired_cycles, rounds = options.paired or QUICK_PAIRED_CYCLES, settings.rounds
        elif sequential:
            paired_cycles, rounds = options.paired or 0, settings.rounds
        else:
            paired_cycles, rounds = PAIRED_CYCLES if options.paired is None else options.paired, 0
        if paired_cycles:
            log(f"paired: {paired_cycles} cycles")
            phases += run_paired(variants_run, settings, paired_cycles, log, options.seed)
        for round_number in range(1, rounds + 1):
            log(f"round {round_number} of {settings.rounds}")
            for variant in variants_run:
                for path, (connections, pace_ms) in settings.paced.items():
                    phase = measured(variant, path, settings.paced_seconds, connections, pace_ms)
                    phases.append(dict(phase, round=round_number))
                for path in settings.paced:
                    phase = measured(variant, path, settings.saturated_seconds, settings.saturated_connections)
                    phases.append(dict(phase, round=round_number))
                done = [p for p in phases if p["variant"] == variant.name and p.get("round") == round_number]
                log("  " + variant.name + ": " + ", ".join(
                    f"{p['path']} {p['kind']} {p['rps']:.0f}/s {p['cpu_us_per_request']:.0f} µs" for p in done))
                time.sleep(settings.settle_seconds)  # let its last batch export outside the next phase
            for variant in variants_run:
                if not variant.exports_every_span:
                    continue
                ran = False
                for path in settings.paced:
                    peer_rates = [p["rps"] for p in phases if p["variant"] in PEERS and p["path"] == path
                                  and p["kind"] == "saturated" and p.get("round") == round_number]
                    if peer_rates:
                        ran = True
                        phase = measured(variant, path, settings.saturated_seconds, settings.rate_connections,
                                         rate=round(max(peer_rates)))
                        phases.append(dict(phase, round=round_number))
                        log(f"  {variant.name}: {path} at the peers' rate {phase['offered_rps']}/s: "
                            f"{phase['rps']:.0f}/s {phase['cpu_us_per_request']:.0f} µs")
                if ran:
                    time.sleep(settings.settle_seconds)
        if options.jfr:
            for variant in variants_run:
                jcmd(variant, "JFR.stop", "name=loadbench")
            log(f"flight recordings: {options.results}/<variant>.jfr")
        if options.profile:
            log("profiling")
            profile(variants_run, settings, options.profile, options.results, log, options.seed)
        log("waiting for the last exports")
        time.sleep(max(settings.settle_seconds, 7))
        for phase in phases:
            counts = span_counts(sink_port, phase["window"])
            expected = EXPECTED_SPANS[phase["path"]]
            phase["spans"] = counts["server"] + counts["client"]
            phase["expected_spans"] = phase["requests"] * (expected["server"] + expected["client"])
            phase["dropped"] = sum(max(0, phase["requests"] * expected[kind] - counts[kind])
                                   for kind in ("server", "client"))
    finally:
        if busy is not None:
            stop(busy)
        for variant in variants_run:
            stop(variant.process)
        stop(sink)

    paired_phases = [p for p in phases if p["kind"] == "paired"]
    rounds_phases = [p for p in phases if p["kind"] != "paired"]
    tables = []
    rows = paired_rows = None
    if rounds_phases:
        rows = summarize(variants_run, rounds_phases)
        tables.append(markdown(rows, variants_run, settings))
    if paired_phases:
        paired_rows, ratios, export_path, cycles = paired_summary(variants_run, paired_phases, options.seed)
        tables.append(paired_markdown(paired_rows, ratios, export_path, cycles, variants_run, settings))
        tables.append(pool_markdown(pool_breakdown(variants_run, paired_phases), variants_run))
    table = "\n\n".join(tables)
    with open(os.path.join(options.results, "results.json"), "w") as f:
        json.dump({"phases": phases, "warmup": {v.name: v.warmup for v in variants_run}}, f, indent=1)
    with open(os.path.join(options.results, "results.md"), "w") as f:
        f.write(table + "\n")
    print()
    print(f"Load benchmark, {time.strftime('%Y-%m-%d')}, {time.monotonic() - began:.0f} s"
          + (" (--quick: a smoke run, the figures mean nothing)" if settings.quick else ""))
    print()
    print(table)
    if settings.quick:
        failures = check_quick(rows, variants_run, paired_rows)
        for failure in failures:
            print(f"FAILED: {failure}")
        if failures:
            sys.exit(1)
        print("\nEvery variant started, served its requests and, if traced, exported spans.")


if __name__ == "__main__":
    main()
