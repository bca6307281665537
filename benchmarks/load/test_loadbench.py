"""The load benchmark's analysis on synthetic numbers with a known answer:
python3 -m unittest discover -s benchmarks/load (benchmarks/run-load.sh runs it first)."""

import os
import random
import tempfile
import threading
import time
import unittest

import hsperf
import loadbench
import profilediff
from loadbench import Variant


def variant(name, **kwargs):
    return Variant(name, name.capitalize(), jar="", traced=name != "untraced", **kwargs)


def phase(name, path, cycle, cpu_us, requests=1000, idle=None, bytes_per_request=0.0, jit_s=0.0):
    return {"variant": name, "path": path, "cycle": cycle, "kind": "paired", "cpu_us_per_request": cpu_us,
            "cpu_s": cpu_us * requests / 1e6, "compiler_cpu_s": jit_s, "bytes_per_request": bytes_per_request,
            "rps": requests / 5, "requests": requests, "duration_us": 5e6, "spans": requests,
            "expected_spans": requests, "dropped": 0, "errors": 0, "idle_cpu_s": idle or {}}


class PairedSummaryTests(unittest.TestCase):

    def synthetic_run(self, cycles=20, drift=40.0, noise=0.5):
        """Untraced drifts by up to `drift` µs from cycle to cycle, as a shared machine does; each
        traced variant adds a known cost on top of the same cycle's baseline, plus a little noise."""
        rng = random.Random(7)
        added = {"cello": 10.0, "boot": 18.0, "agent": 40.0, "boot-full": 50.0, "cello-0.01": 1.0}
        phases = []
        for cycle in range(1, cycles + 1):
            for path in loadbench.EXPECTED_SPANS:
                baseline = 100.0 + rng.uniform(-drift, drift)
                phases.append(phase("untraced", path, cycle, baseline))
                for name, cost in added.items():
                    phases.append(phase(name, path, cycle, baseline + cost + rng.uniform(-noise, noise)))
        variants_run = [variant("untraced")] + [variant(n) for n in added]
        return variants_run, phases

    def test_added_cpu_is_taken_against_the_same_cycles_baseline_so_the_drift_cancels(self):
        variants_run, phases = self.synthetic_run()
        rows, _, _, cycles = loadbench.paired_summary(variants_run, phases, seed=1)
        self.assertEqual(cycles, 20)
        for path in loadbench.EXPECTED_SPANS:
            row = rows[("cello", path)]
            self.assertAlmostEqual(row["added_cpu_us"], 10.0, delta=0.5)
            low, high = row["interval"]
            # The baseline moves ±40 µs, yet the interval is as narrow as the ±0.5 µs noise.
            self.assertGreaterEqual(low, 9.5)
            self.assertLessEqual(high, 10.5)
            self.assertLess(low, high)
            self.assertIsNone(rows[("untraced", path)]["interval"])

    def test_the_jits_largest_share_of_a_phase_is_reported(self):
        variants_run, phases = self.synthetic_run(cycles=3)
        # One /chain phase of Cello's: 0.1 s of CPU for its requests and 0.025 s of JIT besides.
        target = next(p for p in phases if p["variant"] == "cello" and p["path"] == "/chain")
        target.update(cpu_s=0.1, compiler_cpu_s=0.025)
        rows, _, _, _ = loadbench.paired_summary(variants_run, phases, seed=1)
        self.assertAlmostEqual(rows[("cello", "/chain")]["jit_share"], 0.2)
        self.assertEqual(rows[("cello", "/hello")]["jit_share"], 0.0)

    def test_ratios_to_each_peer_with_intervals_around_the_true_ratio(self):
        variants_run, phases = self.synthetic_run()
        _, ratios, _, _ = loadbench.paired_summary(variants_run, phases, seed=1)
        expected = {"boot": 10 / 18, "agent": 0.25, "boot-full": 0.2}
        self.assertEqual({(r["peer"], r["path"]) for r in ratios},
                         {(p, path) for p in expected for path in loadbench.EXPECTED_SPANS})
        for r in ratios:
            self.assertAlmostEqual(r["ratio"], expected[r["peer"]], delta=0.02)
            self.assertGreaterEqual(r["interval"][0], expected[r["peer"]] - 0.04)
            self.assertLessEqual(r["interval"][1], expected[r["peer"]] + 0.04)
            self.assertLess(r["interval"][0], r["interval"][1])
            self.assertEqual(r["undefined"], 0)

    def test_goals_are_judged_by_the_upper_end_of_the_interval(self):
        variants_run, phases = self.synthetic_run()
        rows, ratios, _, _ = loadbench.paired_summary(variants_run, phases, seed=1)
        judged = loadbench.goals(rows, ratios)
        # Per endpoint: the cheapest peer is boot (0.56: not met),
        # boot-full 0.2 (met), and 1 µs at sampling 0.01 (met).
        self.assertEqual([met for met, _ in judged], [False, True, True] * 2)
        self.assertIn("the cheapest peer (Boot)", judged[0][1])

    def test_the_control_a_second_untraced_jvm_gives_the_runs_resolution(self):
        rng = random.Random(3)
        phases = []
        for cycle in range(1, 21):
            for path in loadbench.EXPECTED_SPANS:
                baseline = 100.0 + rng.uniform(-40, 40)
                # The second JVM runs 2 µs slower, give or take 1 µs from phase to phase.
                phases += [phase("untraced", path, cycle, baseline),
                           phase("untraced-2", path, cycle, baseline + 2.0 + rng.uniform(-1, 1))]
        rows, _, _, _ = loadbench.paired_summary(
            [variant("untraced"), Variant("untraced-2", "Control", jar="", traced=False)], phases, seed=1)
        sentences = loadbench.resolution(rows)
        self.assertEqual(len(sentences), 2)
        low, high = rows[("untraced-2", "/hello")]["interval"]
        self.assertTrue(1.0 <= low < 2.0 < high <= 3.0, (low, high))
        added = rows[("untraced-2", "/hello")]["added_cpu_us"]
        self.assertAlmostEqual(added, 2.0, delta=0.5)
        self.assertIn(f"`/hello`: resolution: a second untraced JVM adds {added:.1f} [{low:.1f}, {high:.1f}] µs",
                      sentences[0])
        self.assertEqual(loadbench.resolution({}), [])

    def test_a_ratio_whose_peer_adds_nothing_is_left_out_and_counted(self):
        phases = []
        for cycle in range(1, 11):
            for path in loadbench.EXPECTED_SPANS:
                phases += [phase("untraced", path, cycle, 100.0), phase("cello", path, cycle, 105.0),
                           phase("boot", path, cycle, 100.0 + (1 if cycle % 2 else -1))]
        _, ratios, _, _ = loadbench.paired_summary([variant("untraced"), variant("cello"), variant("boot")],
                                                phases, seed=1)
        for r in ratios:
            self.assertGreater(r["undefined"], 0)
            self.assertLess(r["undefined"], loadbench.BOOTSTRAP_RESAMPLES)
            self.assertFalse(any(x != x for x in r["interval"]), "no NaN sorted into the interval")

    def test_idle_cpu_is_what_a_jvm_used_while_the_others_were_measured(self):
        phases = []
        for cycle in (1, 2):
            for path in loadbench.EXPECTED_SPANS:
                phases += [phase("untraced", path, cycle, 100.0, idle={"cello": 0.010}),
                           phase("cello", path, cycle, 110.0, idle={"untraced": 0.005})]
        rows, _, _, _ = loadbench.paired_summary([variant("untraced"), variant("cello")], phases, seed=1)
        # 10 ms over each 5 s phase of the other variant: 2 ms per second.
        self.assertAlmostEqual(rows[("cello", "/hello")]["idle_cpu_ms_per_s"], 2.0)
        self.assertAlmostEqual(rows[("untraced", "/hello")]["idle_cpu_ms_per_s"], 1.0)


    def test_the_export_path_per_span_is_cello_less_cello_without_export(self):
        phases = []
        for cycle in range(1, 11):
            for path, spans in (("/hello", 1), ("/chain", 3)):
                baseline = 100.0 + 10 * (cycle % 3)
                phases += [phase("untraced", path, cycle, baseline, bytes_per_request=20_000),
                           phase("cello", path, cycle, baseline + 12.0 + 4.0 * spans,
                                 bytes_per_request=30_000 + 1500 * spans),
                           phase("cello-noexport", path, cycle, baseline + 12.0, bytes_per_request=30_000)]
        rows, _, export_path, _ = loadbench.paired_summary(
            [variant("untraced"), variant("cello"), variant("cello-noexport", exported=False)], phases, seed=1)
        for path in loadbench.EXPECTED_SPANS:
            self.assertAlmostEqual(export_path[path]["cpu_us"], 4.0)
            self.assertAlmostEqual(export_path[path]["bytes"], 1500.0)
            self.assertAlmostEqual(rows[("cello-noexport", path)]["added_bytes"], 10_000.0)


class BootstrapIntervalTests(unittest.TestCase):

    def test_constant_samples_give_a_point(self):
        interval, undefined = loadbench.bootstrap_interval([3.0] * 12, loadbench.median, random.Random(1))
        self.assertEqual(interval, (3.0, 3.0))
        self.assertEqual(undefined, 0)

    def test_the_interval_of_a_median_covers_the_middle_of_the_samples(self):
        samples = list(range(1, 22))  # median 11
        (low, high), _ = loadbench.bootstrap_interval(samples, loadbench.median, random.Random(1))
        self.assertLess(low, 11)
        self.assertGreater(high, 11)
        self.assertGreaterEqual(low, 7)
        self.assertLessEqual(high, 15)


class ThreadCpuTests(unittest.TestCase):

    def test_cpu_between_two_readings_sums_each_threads_gain_and_counts_new_threads_whole(self):
        self.assertAlmostEqual(loadbench.cpu_between({"1": 5_000_000_000, "2": 1_000_000_000},
                                                     {"1": 5_250_000_000, "2": 1_000_000_000, "3": 500_000}),
                               0.2505)

    def test_this_processs_threads_are_read_in_nanoseconds(self):
        # A few milliseconds of CPU on a thread, read both ways: its own clock and /proc's schedstat
        # agree to half a millisecond, which a reading in 10 ms ticks (0 or 10 ms here) cannot.
        # Read while the thread waits: the kernel brings a thread's schedstat up to date when it
        # leaves the CPU, not while it runs.
        started, worked, done = threading.Event(), threading.Event(), threading.Event()
        clock = {}

        def work():
            clock["tid"] = str(threading.get_native_id())
            started.wait()
            clock["before"] = time.thread_time()
            sum(i * i for i in range(100_000))
            clock["after"] = time.thread_time()
            worked.set()
            done.wait()

        worker = threading.Thread(target=work)
        worker.start()
        time.sleep(0.05)
        before = loadbench.thread_cpu_ns(os.getpid())
        started.set()
        worked.wait()
        time.sleep(0.05)
        after = loadbench.thread_cpu_ns(os.getpid())
        spent = loadbench.cpu_between({clock["tid"]: before[clock["tid"]]}, {clock["tid"]: after[clock["tid"]]})
        done.set()
        worker.join()
        own = clock["after"] - clock["before"]
        self.assertGreater(own, 0.001)
        self.assertLess(own, 0.009)
        self.assertAlmostEqual(spent, own, delta=0.0005)


class ThreadPoolTests(unittest.TestCase):

    def test_a_threads_number_is_dropped_so_that_siblings_share_a_pool(self):
        self.assertEqual(loadbench.thread_pool("GC Thread#1"), "GC Thread")
        self.assertEqual(loadbench.thread_pool("reactor-http-nio-2"), "reactor-http-nio")
        self.assertEqual(loadbench.thread_pool("C2 CompilerThre"), "C2 CompilerThre")
        self.assertEqual(loadbench.thread_pool("VM Thread"), "VM Thread")
        self.assertEqual(loadbench.thread_pool("42"), "42")

    def test_cpu_is_summed_per_pool(self):
        before = {"1": 1_000_000_000, "2": 0, "3": 0}
        after = {"1": 1_300_000_000, "2": 100_000_000, "3": 50_000_000, "4": 20_000_000}
        pools = {"1": "reactor-http-nio", "2": "reactor-http-nio", "3": "GC Thread", "4": "C1 CompilerThre"}
        spent = loadbench.cpu_by_pool(before, after, pools)
        self.assertAlmostEqual(spent["reactor-http-nio"], 0.4)
        self.assertAlmostEqual(spent["GC Thread"], 0.05)
        self.assertTrue(loadbench.is_jit("C1 CompilerThre"))
        self.assertTrue(loadbench.is_jit("Sweeper thread"))
        self.assertFalse(loadbench.is_jit("GC Thread"))

    def test_a_process_without_a_jit_has_none_of_its_cpu_in_one(self):
        jit, total = loadbench.jit_and_total_cpu(os.getpid())
        self.assertEqual(jit, 0.0)
        self.assertGreater(total, 0.0)

    def test_the_breakdown_shows_each_pools_added_cpu_and_where_the_spread_is(self):
        rng = random.Random(3)
        phases = []
        for cycle in range(1, 21):
            for path in loadbench.EXPECTED_SPANS:
                loop = 80.0 + rng.uniform(-5, 5)  # the event loops: the same work, some drift
                phases.append(dict(phase("untraced", path, cycle, 0), cpu_s_by_pool={"loop": loop / 1000}))
                # Cello adds 10 µs to the event loops and 4 µs in an exporter thread of its own,
                # and once in a while a lump of 100 µs in a pool both have.
                lump = 100.0 if cycle % 5 == 0 else 0.0
                phases.append(dict(phase("cello", path, cycle, 0), cpu_s_by_pool={
                    "loop": (loop + 10) / 1000, "exporter": 4 / 1000, "VM Thread": lump / 1000,
                    "C2 CompilerThre": 0.5}))
        breakdown = loadbench.pool_breakdown([variant("untraced"), variant("cello")], phases)
        cello = breakdown[("cello", "/hello")]
        self.assertAlmostEqual(cello["loop"]["added_cpu_us"], 10.0)
        self.assertAlmostEqual(cello["exporter"]["added_cpu_us"], 4.0)
        self.assertAlmostEqual(cello["VM Thread"]["added_cpu_us"], 0.0)  # the median ignores the lumps
        self.assertGreater(cello["VM Thread"]["sd_us"], 30)  # but the spread shows them
        self.assertLess(cello["exporter"]["sd_us"], 1e-9)
        self.assertNotIn("C2 CompilerThre", cello)  # the JIT is a warm-up cost, not the request's
        text = loadbench.pool_markdown(breakdown, [variant("untraced"), variant("cello")])
        self.assertIn("loop +10.0", text)


class EdenAllocationTests(unittest.TestCase):

    def test_without_a_collection_it_is_the_eden_use_gained(self):
        self.assertEqual(hsperf.allocated_between({"used": 100, "capacity": 1000, "collections": 5},
                                                  {"used": 700, "capacity": 1000, "collections": 5}), 600)

    def test_each_collection_in_between_adds_the_rest_of_a_full_eden(self):
        # 900 to fill the eden, a second full eden, then 50 in the emptied one.
        self.assertEqual(hsperf.allocated_between({"used": 100, "capacity": 1000, "collections": 5},
                                                  {"used": 50, "capacity": 1000, "collections": 7}), 1950)


class ProfileDiffTests(unittest.TestCase):

    def collapsed(self, text):
        f = tempfile.NamedTemporaryFile("w", suffix=".collapsed", delete=False)
        f.write(text)
        f.close()
        self.addCleanup(os.remove, f.name)
        return profilediff.read_collapsed(f.name)

    def test_threads_of_one_kind_are_merged_and_counts_become_microseconds_per_request(self):
        stacks = self.collapsed(
            "[reactor-http-epoll-1 tid=11];run;handle;write 30\n"
            "[reactor-http-epoll-2 tid=12];run;handle;write 10\n"
            "[cello-span-export-1 tid=13];run;export 20\n"
            "[C2 CompilerThre tid=14];compile 500\n")
        profile = profilediff.per_request(stacks, interval_us=1000, requests=100)
        self.assertEqual(profile["threads"]["[reactor-http-epoll-#]"], 400.0)
        self.assertEqual(profile["threads"]["[C# CompilerThre]"], 5000.0)
        self.assertEqual(profile["self"]["write"], 400.0)
        self.assertEqual(profile["total"]["run"], 600.0)
        self.assertNotIn("compile", profile["self"])

    def test_a_sample_counts_for_the_innermost_library_on_its_stack(self):
        stacks = self.collapsed(
            "[reactor-http-epoll-1 tid=1];io/netty/Loop.run;io/cello/telemetry/Filter.start;"
            "io/opentelemetry/sdk/trace/SdkSpan.setAttribute;java/util/HashMap.putVal 6\n"
            "[reactor-http-epoll-1 tid=1];io/netty/Loop.run;io/cello/telemetry/Filter.start;java/lang/String.concat 2\n"
            "[reactor-http-epoll-1 tid=1];io/netty/Loop.run 1\n"
            "[VM Thread tid=2];SafepointSynchronize::begin 1\n"
            "[prometheus-metrics-scheduler-1 tid=3];java/lang/Thread.run;futex_wait_[k] 3\n")
        libraries = profilediff.per_request(stacks, interval_us=1000, requests=1000)["libraries"]
        self.assertEqual(libraries, {"OpenTelemetry SDK and exporter": 6.0, "Cello": 2.0, "Netty": 1.0,
                                     profilediff.OTHER: 1.0, "Prometheus client": 3.0})

    def test_the_difference_is_per_frame_and_per_thread(self):
        traced = profilediff.per_request(self.collapsed(
            "[reactor-http-epoll-1 tid=1];run;handle;span 20\n[reactor-http-epoll-1 tid=1];run;handle 80\n"),
            interval_us=1000, requests=1000)
        untraced = profilediff.per_request(self.collapsed("[reactor-http-epoll-3 tid=9];run;handle 40\n"),
                                           interval_us=1000, requests=500)
        diff = profilediff.difference(traced, untraced)
        self.assertAlmostEqual(diff["all"], 20.0)
        self.assertAlmostEqual(diff["self"]["span"], 20.0)
        self.assertAlmostEqual(diff["self"]["handle"], 0.0)
        self.assertAlmostEqual(diff["total"]["handle"], 20.0)
        self.assertIn("| `span` | +20.00 |", profilediff.report("t", diff))


if __name__ == "__main__":
    unittest.main()
