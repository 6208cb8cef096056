/** Whether a process on this host still runs (EPERM: it runs as another user). Locks, reader leases and yield requests of dead processes count for nothing. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
