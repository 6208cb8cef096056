/**
 * Wire copy misspells names ("Taft Braodacasting Co", "Taft Broadacasting Co" — both copies of the
 * board's rejection): an article written that way is still about the subject. A long name is matched
 * within a small edit distance (insertion, deletion, substitution, swap of neighbours), keeping its
 * first two letters (typing slips fall later in a word; "purolator" is not "percolator"); short names
 * must match exactly, where one letter makes another word.
 */

/** Edits allowed for a name (stemmed term) of this many letters. */
export function editsAllowed(length: number): number {
  return length >= 9 ? 2 : length >= 7 ? 1 : 0;
}

/** Optimal-string-alignment distance of `a` and `b`, or `limit + 1` once it is known to exceed `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      row.push(v);
      best = Math.min(best, v);
    }
    if (best > limit) return limit + 1;
    [prev2, prev] = [prev, row];
  }
  return prev[b.length];
}

/** Whether `terms` holds a misspelling of the name `name` (not the name itself: look that up first). */
export function holdsMisspelt(terms: Iterable<string>, name: string): boolean {
  const limit = editsAllowed(name.length);
  if (!limit || /\d/.test(name)) return false;
  for (const t of terms) {
    if (t[0] !== name[0] || t[1] !== name[1] || Math.abs(t.length - name.length) > limit || /\d/.test(t)) continue;
    if (editDistance(t, name, limit) <= limit) return true;
  }
  return false;
}
