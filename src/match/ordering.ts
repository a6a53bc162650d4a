/**
 * The negotiator's order among the slots a job matches.
 */

/**
 * The negotiator's preference among matching slots: the job's Rank first (highest first), then
 * the slot's Rank of the job (highest first), then pool order (HTCondor keeps the first slot seen
 * among equals). NaN ranks sort after every number. Stable and linear in the number of matches
 * when few distinct ranks occur.
 */
export function orderMatches(indices: readonly number[], jobRanks: Float64Array, slotRanks: Float64Array): Int32Array {
  if (allRanksEqual(indices, jobRanks, slotRanks)) return Int32Array.from(indices);
  const buckets = new Map<number, Map<number, number[]>>();
  for (const index of indices) {
    const jobRank = jobRanks[index] as number;
    const slotRank = slotRanks[index] as number;
    let inner = buckets.get(jobRank);
    if (inner === undefined) {
      inner = new Map();
      buckets.set(jobRank, inner);
    }
    const bucket = inner.get(slotRank);
    if (bucket === undefined) inner.set(slotRank, [index]);
    else bucket.push(index);
  }
  const out = new Int32Array(indices.length);
  let at = 0;
  for (const jobRank of [...buckets.keys()].sort(descending)) {
    const inner = buckets.get(jobRank) as Map<number, number[]>;
    for (const slotRank of [...inner.keys()].sort(descending)) {
      for (const index of inner.get(slotRank) as number[]) out[at++] = index;
    }
  }
  return out;
}


function allRanksEqual(indices: readonly number[], jobRanks: Float64Array, slotRanks: Float64Array): boolean {
  const first = indices[0];
  if (first === undefined) return true;
  const jobRank = jobRanks[first] as number;
  const slotRank = slotRanks[first] as number;
  for (const index of indices) {
    // Object.is: NaN equals NaN here, and 0/-0 are told apart only where the Map keys would not be.
    const a = jobRanks[index] as number;
    const b = slotRanks[index] as number;
    if (!(a === jobRank || (a !== a && jobRank !== jobRank)) || !(b === slotRank || (b !== b && slotRank !== slotRank))) return false;
  }
  return true;
}

function descending(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return b - a;
}
