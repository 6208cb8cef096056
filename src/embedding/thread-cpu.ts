import { readFileSync } from "node:fs";

/**
 * CPU time of the calling thread in ms, or null where the system does not say (not Linux). Process
 * CPU (process.cpuUsage) sums every thread; this tells the main thread's share of an ingest from the
 * embedding workers', which is what decides the pool's throughput on a machine with two cores.
 */
export function threadCpuMs(): number | null {
  try {
    // schedstat's first field: nanoseconds on a CPU (finer than stat's 10 ms ticks).
    const ns = Number(readFileSync("/proc/thread-self/schedstat", "utf8").split(" ")[0]);
    if (ns > 0) return ns / 1e6;
  } catch {
    // Not Linux, or no schedstat: try stat.
  }
  try {
    const stat = readFileSync("/proc/thread-self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in ticks of 10 ms (USER_HZ 100)
  } catch {
    return null;
  }
}

/**
 * This thread's time on a CPU and time runnable but waiting for one (its run-queue delay), in ms;
 * null where the system does not say. A thread that computes all the time and still falls behind
 * the wall clock was either waiting for a CPU (the second figure: other threads and processes had
 * it) or, in a virtual machine, not given one by the host (neither figure: steal).
 */
export function threadSchedMs(): { cpuMs: number; runDelayMs: number } | null {
  try {
    const [run, wait] = readFileSync("/proc/thread-self/schedstat", "utf8").split(" ").map(Number);
    if (run! > 0) return { cpuMs: run! / 1e6, runDelayMs: wait! / 1e6 };
  } catch {
    // Not Linux, or no schedstat.
  }
  return null;
}

/**
 * How often the kernel has moved this thread from one CPU to another (`se.nr_migrations`), or null
 * where the system does not say (kernels without scheduler debug info). A pinned thread stays at 0.
 */
export function threadMigrations(): number | null {
  try {
    const m = /^se\.nr_migrations\s*:\s*(\d+)/m.exec(readFileSync("/proc/thread-self/sched", "utf8"));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}
