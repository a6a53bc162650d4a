/**
 * What matching some jobs reads of the slots: the plan a projecting reader follows to load a
 * pool dump without parsing the attributes no answer depends on.
 *
 * A match evaluates the job's Requirements and Rank (MY = job, TARGET = slot) and the slot's
 * Requirements and Rank (MY = slot, TARGET = job). From the job's side the slot must answer for
 * every name the job's expressions read from TARGET or unscoped (old ClassAd semantics fall back
 * to the other ad), followed through the job's own attributes. From the slot's side it must answer
 * for its Requirements and Rank and whatever their values read, which differs from slot to slot
 * and is followed by the reader in each slot. A slot expression may make the job evaluate any of
 * its attributes (`TARGET.RequestMemory`, `TARGET[name]`), and old ClassAd semantics let those
 * fall back to the slot: so the slot names every job attribute reads are included. The names the
 * matcher's compiled path looks up to rule out shadowing (`MY`, `TARGET`, ...) are too.
 */
import type { ClassAd } from "../classad/classad.js";
import { attributeReads } from "../ast/reads.js";
import { foldName } from "../model/names.js";
import { CONTEXT_NAMES } from "./compile/index.js";

export interface MatchReads {
  /** Folded names every slot must answer for. */
  readonly names: readonly string[];
  /**
   * True when a job's expressions may read slot attributes their text does not name (`eval`, a
   * computed subscript): no projection is possible, the slots must be read whole.
   */
  readonly dynamic: boolean;
  /** Folded slot names the jobs' own expressions read (a subset of `names`). */
  readonly jobNames: ReadonlySet<string>;
}

/** Attributes the matchmaker reads of every slot besides what expressions name. */
const SLOT_ROOTS = ["requirements", "rank", "name", "currenttime"];

/**
 * The slot attributes matching `jobs` reads (see the file comment), plus `extraNames` (e.g. what
 * a report prints of each slot: its `Name`, the dump's time).
 */
export function matchReads(jobs: Iterable<ClassAd>, extraNames: Iterable<string> = []): MatchReads {
  const jobNames = new Set<string>();
  let dynamic = false;
  for (const job of jobs) {
    const reads = new JobReads(job);
    for (const [name] of job.entries()) for (const slotName of reads.slotNamesVia(foldName(name))) jobNames.add(slotName);
    for (const root of ["requirements", "rank"]) for (const slotName of reads.slotNamesVia(root)) jobNames.add(slotName);
    dynamic ||= reads.dynamic;
  }
  const names = new Set<string>([...SLOT_ROOTS, ...CONTEXT_NAMES, ...jobNames]);
  for (const name of extraNames) names.add(foldName(name));
  return { names: [...names], dynamic, jobNames };
}

/** Slot names a job attribute reads, followed through the job's own attributes (memoized). */
export class JobReads {
  dynamic = false;
  private readonly memo = new Map<string, Set<string>>();

  constructor(private readonly job: ClassAd) {}

  /** The slot names evaluating the job's attribute `root` (folded) can read. */
  slotNamesVia(root: string): Set<string> {
    const known = this.memo.get(root);
    if (known !== undefined) return known;
    const out = new Set<string>();
    const seen = new Set<string>([root]);
    const pending = [root];
    while (pending.length > 0) {
      const expr = this.job.lookupLower(pending.pop() as string);
      if (expr === undefined) continue;
      const reads = attributeReads(expr);
      if (reads.dynamic || reads.otherDynamic) this.dynamic = true;
      for (const name of reads.other) out.add(name);
      for (const name of reads.own) {
        // Unscoped names the job lacks fall back to the slot; those it has are followed here.
        out.add(name);
        if (!seen.has(name)) {
          seen.add(name);
          pending.push(name);
        }
      }
    }
    this.memo.set(root, out);
    return out;
  }
}
