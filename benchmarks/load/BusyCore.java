/**
 * Keeps a CPU from going idle while the load benchmark measures on it: a busy-wait that runs
 * only when nothing else wants the CPU, since loadbench.py starts it at the scheduler's lowest
 * priority (SCHED_IDLE). A virtual CPU that halts between requests is handed to other guests
 * by the host, and the next request then finds its caches as they left them.
 */
public class BusyCore {

	public static void main(String[] args) {
		while (true) {
			Thread.onSpinWait();
		}
	}

}
