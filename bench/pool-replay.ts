/**
 * The pool's batches replayed on idle cores: each batch's worker CPU (PoolStats.costs, in the order
 * the batches were asked for) goes to the worker free first. The result is the call's wall time on
 * an idle machine, its tail included and dispatching not — a figure a shared machine's clock cannot give.
 */
export function replay(costs: readonly number[], workers = 2): number {
  const free = new Array<number>(workers).fill(0);
  for (const c of costs) {
    const w = free.indexOf(Math.min(...free));
    free[w] += Number.isNaN(c) ? 0 : c;
  }
  return Math.max(...free);
}
