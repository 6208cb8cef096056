import { execFile } from "node:child_process";
import { readFileSync, readlinkSync } from "node:fs";

/**
 * Pinning embedding threads to cores (Linux): each pool worker on a core of its own, so two busy
 * workers never share one while another sits idle, and keep their caches. Node has no affinity call
 * of its own and this project adds no native addon, so it goes through util-linux's `taskset`, which
 * sets the affinity of any thread of this process by its kernel thread id. Anything missing
 * (another system, no taskset, a container that forbids it) means "not pinned", never an error.
 */

/** This thread's kernel thread id (`/proc/thread-self` → `PID/task/TID`), or null where the system does not say. */
export function ownThreadId(): number | null {
  try {
    const m = /task\/(\d+)$/.exec(readlinkSync("/proc/thread-self"));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** `0-3,6,8-9` → [0, 1, 2, 3, 6, 8, 9] (the kernel's CPU list format); [] for anything else. */
export function parseCpuList(list: string): number[] {
  const out: number[] = [];
  for (const part of list.trim().split(",")) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) return [];
    for (let c = Number(m[1]); c <= Number(m[2] ?? m[1]); c++) out.push(c);
  }
  return out;
}

/** The CPUs a thread of this process may run on (default: this thread), or null where the system does not say. */
export function threadCpus(tid?: number): number[] | null {
  try {
    const status = readFileSync(tid === undefined ? "/proc/thread-self/status" : `/proc/self/task/${tid}/status`, "utf8");
    const cpus = parseCpuList(/^Cpus_allowed_list:\s*(.+)$/m.exec(status)?.[1] ?? "");
    return cpus.length ? cpus : null;
  } catch {
    return null;
  }
}

/**
 * The CPUs in the order workers should take them: one logical CPU of each physical core first, then
 * their hyper-threads (two workers on the two threads of one core run at little more than one core's
 * speed, and the kernel's numbering does not always put siblings apart).
 */
export function coreOrder(cpus: readonly number[], topology: (cpu: number) => string | null = cpuCore): number[] {
  const seen = new Map<string, number>();
  const ranked = cpus.map((cpu, i) => {
    const core = topology(cpu) ?? `cpu${cpu}`;
    const rank = seen.get(core) ?? 0;
    seen.set(core, rank + 1);
    return { cpu, rank, i };
  });
  return ranked.sort((a, b) => a.rank - b.rank || a.i - b.i).map((r) => r.cpu);
}

/** A CPU's physical core as "package/core", from sysfs; null where the system does not say. */
function cpuCore(cpu: number): string | null {
  try {
    const at = `/sys/devices/system/cpu/cpu${cpu}/topology`;
    return `${readFileSync(`${at}/physical_package_id`, "utf8").trim()}/${readFileSync(`${at}/core_id`, "utf8").trim()}`;
  } catch {
    return null;
  }
}

/**
 * Restricts a thread of this process to `cpus` with `taskset -p -c LIST TID`. Resolves to null when
 * done, else to why not (one short phrase), never rejects.
 */
export function setThreadCpus(tid: number, cpus: readonly number[], command = "taskset"): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(command, ["-p", "-c", cpus.join(","), String(tid)], { timeout: 5000 }, (error, _out, stderr) => {
      if (!error) return resolve(null);
      const code = (error as NodeJS.ErrnoException).code;
      resolve(code === "ENOENT" ? `${command} was not found` : `${command} failed: ${(stderr || error.message).trim().split("\n")[0]}`);
    });
  });
}
