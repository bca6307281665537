"""Differential CPU profile: where a traced variant spends the CPU per request that untraced does not.

Both profiles are async-profiler's collapsed stacks ("frame;frame;frame count", one sample every
interval of CPU time) taken at the same offered rate for the same time, with its `threads` option,
so each stack starts with its thread's name. Counts become microseconds of CPU per request, so
two profiles of different request counts compare frame by frame.
"""

import re
from collections import Counter

# "[reactor-http-epoll-2 tid=1234]" and "[BatchSpanProcessor_WorkerThread-1 tid=77]" name the
# same kind of thread in every JVM once the numbers are gone.
THREAD = re.compile(r"^\[(.*?)(?: tid=\d+)?\]$")


# Whose code a sample ran in: the innermost frame of one of these, else the JDK, the VM or the
# kernel (a HashMap lookup counts for the library that made it).
LIBRARIES = (("io/cello/", "Cello"), ("io/opentelemetry/", "OpenTelemetry SDK and exporter"),
             ("io/micrometer/", "Micrometer"), ("io/prometheus/", "Prometheus client"),
             ("ch/qos/logback/", "Logback"), ("org/slf4j/", "Logback"),
             ("okhttp3/", "OkHttp"), ("okio/", "OkHttp"),
             ("reactor/netty/", "Reactor Netty"), ("reactor/", "Reactor"), ("io/netty/", "Netty"),
             ("org/springframework/", "Spring"), ("tools/jackson/", "Jackson"))
OTHER = "JDK, VM and kernel"
COMPILER = "JIT compiler"
# A thread of a library's own, whose samples in the JDK or the kernel (a socket write, a timed
# wait) are that library's.
THREAD_OWNERS = (("[prometheus-metrics-scheduler", "Prometheus client"), ("[OkHttp", "OkHttp"),
                 ("[BatchSpanProcessor", "OpenTelemetry SDK and exporter"),
                 ("[cello-span-export", "OpenTelemetry SDK and exporter"))


def library(frames):
    """frames: the thread's kind, then the stack from its root."""
    for frame in reversed(frames[1:]):
        for prefix, name in LIBRARIES:
            if frame.startswith(prefix):
                return name
    return next((name for prefix, name in THREAD_OWNERS if frames[0].startswith(prefix)), OTHER)


def thread_kind(frame):
    match = THREAD.match(frame)
    return re.sub(r"\d+", "#", match.group(1)) if match else None


def read_collapsed(path):
    """Stacks (tuples of frames, root first, the thread kind in place of the thread) and sample counts."""
    stacks = Counter()
    with open(path) as f:
        for line in f:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            if not stack or not count.isdigit():
                continue
            frames = stack.split(";")
            kind = thread_kind(frames[0])
            if kind is not None:
                frames[0] = f"[{kind}]"
            stacks[tuple(frames)] += int(count)
    return stacks


def per_request(stacks, interval_us, requests):
    """Microseconds of CPU per request, per thread kind, per leaf frame (self) and per frame (total)."""
    scale = interval_us / max(requests, 1)
    threads, libraries, own, total = Counter(), Counter(), Counter(), Counter()
    for frames, count in stacks.items():
        us = count * scale
        threads[frames[0]] += us
        if "CompilerThre" in frames[0]:
            libraries[COMPILER] += us
            continue  # the JIT's own frames would crowd the application's out of the frame tables
        libraries[library(frames)] += us
        own[frames[-1]] += us
        for frame in set(frames[1:]):
            total[frame] += us
    return {"all": sum(threads.values()), "threads": threads, "libraries": libraries, "self": own, "total": total}


def write_collapsed(stacks, path):
    with open(path, "w") as f:
        for frames, count in stacks.items():
            f.write(";".join(frames) + f" {count}\n")


def difference(traced, baseline):
    """Each figure of traced minus baseline's, both from per_request."""
    diff = {"all": traced["all"] - baseline["all"]}
    for key in ("threads", "libraries", "self", "total"):
        frames = set(traced[key]) | set(baseline[key])
        diff[key] = {f: traced[key].get(f, 0.0) - baseline[key].get(f, 0.0) for f in frames}
    return diff


def report(title, diff, top=30):
    """Markdown: the added CPU per request, by thread kind, by own frame, by frame with its callees."""
    lines = [f"### {title}", "", f"Added CPU, all threads: {diff['all']:.1f} µs per request", "",
             "| Code | µs/request added |", "|---|---:|"]
    for name, us in sorted(diff["libraries"].items(), key=lambda item: -abs(item[1])):
        lines.append(f"| {name} | {us:+.2f} |")
    lines += ["", "| Thread | µs/request added |", "|---|---:|"]
    for thread, us in sorted(diff["threads"].items(), key=lambda item: -abs(item[1]))[:12]:
        lines.append(f"| `{thread}` | {us:+.2f} |")
    for key, heading in (("self", "Frame's own CPU"), ("total", "Frame with its callees")):
        lines += ["", f"| {heading} | µs/request added |", "|---|---:|"]
        for frame, us in sorted(diff[key].items(), key=lambda item: -item[1])[:top]:
            lines.append(f"| `{frame}` | {us:+.2f} |")
    return "\n".join(lines)
