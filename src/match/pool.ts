/**
 * Matching one job against a whole pool of slots, the negotiator's way.
 *
 * `matchPool(job, pool)` answers, for every slot, whether both Requirements hold (or only the
 * job's, one-way), and how each side ranks the other; it returns the matching slots in the order
 * the negotiator prefers them (see {@link orderMatches}).
 *
 * Two strategies give the same answers:
 * - `plain`: the evaluator is asked about every slot (HTCondor's `IsAMatch` per slot);
 * - `fast` (default): compiled expressions and a memo shared by every job matched against the
 *   same {@link Pool}, which groups slots whose relevant attributes are identical (`memo.ts`).
 */
import { foldName } from "../model/names.js";
import { walkExpr } from "../ast/walk.js";
import type { Expr } from "../model/nodes.js";
import type { ClassAd } from "../classad/classad.js";
import { fromByteString } from "../model/bytes.js";
import { attrRef } from "../ast/build.js";
import { evaluate } from "../classad/evaluate.js";
import { definesContextName, exprKey, literalOfKey } from "./compile.js";
import {
  QuestionMemo,
  type Groups,
  type NumberColumn,
  type Question,
  type SlotSource,
  type WalkContext,
} from "./memo.js";
import { JOB_RANK, JOB_REQUIREMENTS, SLOT_RANK, SLOT_REQUIREMENTS } from "./questions.js";
import type { MatchClock } from "./slow-path.js";

/** Options of {@link matchPool}. */
export interface MatchOptions {
  /** Seconds since the epoch used by `time()` and `CurrentTime` (default: the current time). */
  readonly now?: number;
  /** IANA time zone of the local-time functions (default `UTC`). */
  readonly timeZone?: string;
  /** Only the job's Requirements must hold (HTCondor's `IsAConstraintMatch(job, slot)`). */
  readonly oneWay?: boolean;
  /** `fast` (default) or `plain` (the evaluator on every slot; the reference). */
  readonly strategy?: "fast" | "plain";
}

/** Options of {@link Pool.prepare}. */
export interface PrepareOptions {
  /**
   * An attribute takes part in the slot classes when it has at most this many distinct values
   * in the pool (default: the larger of 64 and 2% of the slots).
   */
  readonly maxDistinct?: number;
}

/** One matching slot. */
export interface Match {
  /** 0-based position of the slot in the pool. */
  readonly index: number;
  /** The slot's `Name`, or null when it has no string Name. */
  readonly name: string | null;
  /** The job's Rank of this slot (0 when missing or not a number). */
  readonly jobRank: number;
  /** The slot's Rank of the job (0 when missing or not a number). */
  readonly slotRank: number;
}

/** Work counters of one match. */
export interface MatchStats {
  readonly strategy: "fast" | "plain";
  readonly slots: number;
  readonly matched: number;
  /** Pairs evaluated by compiled code (fast path: once per new group). */
  readonly compiledEvaluations: number;
  /** Pairs asked of the evaluator. */
  readonly plainEvaluations: number;
  /** Groups of slots that shared one answer (fast path). */
  readonly groups: number;
  /** Milliseconds spent matching. */
  readonly milliseconds: number;
}

/** The answer of {@link matchPool}: matching slots in negotiator order. */
export class MatchResult {
  private materialized: Match[] | null = null;

  constructor(
    private readonly pool: Pool,
    /** Pool positions of the matching slots, in negotiator order. */
    readonly indices: Int32Array,
    /** The job's rank of each matching slot, parallel to `indices`. */
    readonly jobRanks: Float64Array,
    /** Each matching slot's rank of the job, parallel to `indices`. */
    readonly slotRanks: Float64Array,
    readonly stats: MatchStats,
  ) {}

  /** The matches as objects (built on first use). */
  get matches(): readonly Match[] {
    if (this.materialized === null) {
      const out: Match[] = [];
      for (let i = 0; i < this.indices.length; i++) {
        const index = this.indices[i] as number;
        out.push({
          index,
          name: this.pool.slotName(index),
          jobRank: this.jobRanks[i] as number,
          slotRank: this.slotRanks[i] as number,
        });
      }
      this.materialized = out;
    }
    return this.materialized;
  }
}

const NAME = attrRef("Name");

/**
 * A pool of slot ads prepared for matching many jobs: it keeps the memo of every question asked
 * and the grouping of its slots, so the second job costs far less than the first. Changing the
 * pool (add, remove, replace) keeps what was learnt about expressions and regroups the slots on
 * the next match.
 */
export class Pool {
  private readonly ads: ClassAd[];
  private names: (string | null | undefined)[];
  private version = 0;
  private readonly memos = new Map<string, QuestionMemo>();
  private columns = new Map<string, Int32Array>();
  private numberColumns = new Map<string, NumberColumn>();
  private ids: Int32Array | null = null;
  private groupings = new WeakMap<Int32Array, Map<string, Groups>>();
  private runs = new WeakMap<Int32Array, Int32Array>();
  private classes: { classOf: Int32Array; attributes: Set<string> } | null = null;
  /** The attributes `prepare` chose; classes are remade from them after a change. */
  private classNames: string[] | null = null;
  private classLimit: number | null = null;
  private buffers: [Float64Array, Float64Array, Float64Array, Float64Array] | null = null;

  constructor(slots: Iterable<ClassAd> = []) {
    this.ads = [...slots];
    this.names = [];
  }

  /** Number of slots. */
  get size(): number {
    return this.ads.length;
  }

  /** The slot at `index`. */
  slot(index: number): ClassAd {
    const ad = this.ads[index];
    if (ad === undefined) throw new RangeError(`no slot at index ${index}`);
    return ad;
  }

  /** The slots, in pool order. */
  slots(): readonly ClassAd[] {
    return this.ads;
  }

  /** Append a slot; returns its index. */
  add(slot: ClassAd): number {
    this.ads.push(slot);
    this.changed();
    return this.ads.length - 1;
  }

  /** Remove the slot at `index` (later slots move down by one); returns it. */
  remove(index: number): ClassAd {
    const removed = this.slot(index);
    this.ads.splice(index, 1);
    this.changed();
    return removed;
  }

  /** Replace the slot at `index` (for example with its updated ad). */
  replace(index: number, slot: ClassAd): void {
    this.slot(index);
    this.ads[index] = slot;
    this.changed();
  }

  /**
   * Tell the pool that slot ads were modified in place (`ad.set(...)`), so its grouping is
   * rebuilt. Not needed after `add`, `remove` or `replace`.
   */
  changed(): void {
    this.version++;
    this.names = [];
    this.columns = new Map();
    this.numberColumns = new Map();
    this.ids = null;
    this.groupings = new WeakMap();
    this.runs = new WeakMap();
    this.classes = null;
  }

  /**
   * Prepare the pool for many jobs (a negotiation cycle): read, for every slot, the attributes
   * the slots' own Requirements and Rank read (directly or through other attributes), the
   * attributes jobs commonly test, and `extraNames`; then group the slots into classes whose
   * values agree on all of those that few distinct values. The fast path then walks classes
   * instead of slots wherever a job or slot expression reads one of those attributes. Optional:
   * without it the same answers come, more slowly for big pools.
   */
  prepare(extraNames: Iterable<string> = [], options: PrepareOptions = {}): this {
    const names = new Set<string>(["requirements", "rank", ...COMMONLY_TESTED]);
    for (const name of extraNames) names.add(foldName(name));
    const pending = [...names];
    const seenExprs = new Set<number>();
    while (pending.length > 0) {
      const name = pending.pop() as string;
      const column = this.column(name);
      for (let i = 0; i < column.length; i++) {
        const key = column[i] as number;
        if (key === 0 || seenExprs.has(key)) continue;
        seenExprs.add(key);
        const expr = (this.ads[i] as ClassAd).lookupLower(name);
        if (expr === undefined || expr.kind === "literal") continue;
        for (const ref of referencedNames(expr)) {
          if (!names.has(ref)) {
            names.add(ref);
            pending.push(ref);
          }
        }
      }
    }
    this.classNames = [...names].sort();
    this.classLimit = options.maxDistinct ?? null;
    this.makeClasses(this.classNames);
    return this;
  }

  /** Refine slot classes attribute by attribute, skipping attributes with many distinct values. */
  private makeClasses(names: readonly string[]): void {
    const n = this.ads.length;
    const limit = this.classLimit ?? Math.max(64, Math.floor(n / 50));
    let classOf = new Int32Array(n);
    const attributes = new Set<string>();
    for (const name of names) {
      const column = this.column(name);
      if (countDistinct(column, limit) > limit) {
        this.numbers(name); // compared slot by slot: have the numbers ready
        continue;
      }
      attributes.add(name);
      const next = new Int32Array(n);
      const ids = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        const pair = (classOf[i] as number) * 4294967296 + ((column[i] as number) >>> 0);
        let cls = ids.get(pair);
        if (cls === undefined) {
          cls = ids.size;
          ids.set(pair, cls);
        }
        next[i] = cls;
      }
      classOf = next;
    }
    this.classes = { classOf, attributes };
    this.ids = null;
    this.version++;
  }

  /** @internal Slot classes, or null before `prepare`. */
  get classOf(): Int32Array | null {
    return this.classes?.classOf ?? null;
  }

  /** @internal */
  isClassAttribute(lowerName: string): boolean {
    return this.classes?.attributes.has(lowerName) ?? false;
  }

  /** @internal Class runs of a slot set (see `SlotSource.runs`). */
  runsOf(ids: Int32Array): Int32Array | undefined {
    return this.runs.get(ids);
  }

  /** @internal */
  keepRuns(ids: Int32Array, runs: Int32Array): void {
    this.runs.set(ids, runs);
  }

  /** @internal Every slot's attribute as a number where it is a numeric or boolean literal. */
  numbers(lowerName: string): NumberColumn {
    let numbers = this.numberColumns.get(lowerName);
    if (numbers === undefined) {
      const column = this.column(lowerName);
      const values = new Float64Array(column.length);
      const isNumber = new Uint8Array(column.length);
      for (let i = 0; i < column.length; i++) {
        const value = literalOfKey(column[i] as number);
        if (value === undefined) continue;
        if (value.kind === "int" && typeof value.v === "number") values[i] = value.v;
        else if (value.kind === "real") values[i] = value.v;
        else if (value.kind === "bool") values[i] = value.v ? 1 : 0;
        else continue;
        isNumber[i] = 1;
      }
      numbers = { values, isNumber };
      this.numberColumns.set(lowerName, numbers);
    }
    return numbers;
  }

  /** @internal The key of every slot's expression for an attribute (0 when absent). */
  column(lowerName: string): Int32Array {
    let column = this.columns.get(lowerName);
    if (column === undefined) {
      column = new Int32Array(this.ads.length);
      for (let i = 0; i < this.ads.length; i++) column[i] = exprKey((this.ads[i] as ClassAd).lookupLower(lowerName));
      this.columns.set(lowerName, column);
    }
    return column;
  }

  /** The slot's `Name` as a JS string, or null. */
  slotName(index: number): string | null {
    let name = this.names[index];
    if (name === undefined) {
      const slot = this.slot(index);
      const expr = slot.lookupLower("name");
      const value =
        expr === undefined ? null : expr.kind === "literal" ? expr.value : evaluate(NAME, { my: slot, timeZone: "UTC" });
      name = value !== null && value.kind === "string" ? fromByteString(value.v) : null;
      this.names[index] = name;
    }
    return name;
  }

  /**
   * @internal Four zeroed arrays of `size` numbers for one match (reused: a negotiation cycle
   * matches thousands of jobs against the same pool).
   */
  scratch(): [Float64Array, Float64Array, Float64Array, Float64Array] {
    const n = this.ads.length;
    if (this.buffers === null || (this.buffers[0] as Float64Array).length !== n) {
      this.buffers = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)];
    } else {
      for (const buffer of this.buffers) buffer.fill(0);
    }
    return this.buffers;
  }

  /** @internal Groupings made of a slot set (see `SlotSource.groups`). */
  groupsOf(ids: Int32Array): Map<string, Groups> | undefined {
    return this.groupings.get(ids);
  }

  /** @internal */
  keepGroups(ids: Int32Array, signature: string, groups: Groups): void {
    let bySignature = this.groupings.get(ids);
    if (bySignature === undefined) {
      bySignature = new Map();
      this.groupings.set(ids, bySignature);
    }
    bySignature.set(signature, groups);
  }

  /**
   * @internal Every slot id, a new array after every change (groupings are keyed by it); sorted
   * by class, with its class runs, once the pool is prepared.
   */
  allIds(): Int32Array {
    if (this.classes === null && this.classNames !== null) this.makeClasses(this.classNames);
    if (this.ids === null) {
      const n = this.ads.length;
      const ids = new Int32Array(n);
      for (let i = 0; i < n; i++) ids[i] = i;
      const classOf = this.classOf;
      if (classOf !== null) {
        // Counting sort by class (stable: ids stay ascending within a class).
        let classes = 0;
        for (let i = 0; i < n; i++) classes = Math.max(classes, (classOf[i] as number) + 1);
        const starts = new Int32Array(classes + 1);
        for (let i = 0; i < n; i++) {
          const at = (classOf[i] as number) + 1;
          starts[at] = (starts[at] as number) + 1;
        }
        for (let c = 0; c < classes; c++) starts[c + 1] = (starts[c + 1] as number) + (starts[c] as number);
        const runs = starts.slice(0, classes);
        const fill = starts.slice(0, classes);
        for (let i = 0; i < n; i++) {
          const cls = classOf[i] as number;
          const at = fill[cls] as number;
          fill[cls] = at + 1;
          ids[at] = i;
        }
        this.runs.set(ids, runs);
      }
      this.ids = ids;
    }
    return this.ids;
  }

  /** @internal The memo of a question for a time zone. */
  memo(question: Question, label: string, timeZone: string): QuestionMemo {
    const key = `${label}\u0000${timeZone}`;
    let memo = this.memos.get(key);
    if (memo === undefined) {
      memo = new QuestionMemo(question);
      this.memos.set(key, memo);
    }
    return memo;
  }

  /** @internal */
  get stamp(): number {
    return this.version;
  }

}

/**
 * Match `job` against every slot of `slots` and return the matching ones in negotiator order.
 * Pass a {@link Pool} to reuse its memo across many jobs.
 */
export function matchPool(job: ClassAd, slots: Pool | Iterable<ClassAd>, options: MatchOptions = {}): MatchResult {
  const started = performance.now();
  const pool = slots instanceof Pool ? slots : new Pool(slots);
  const clock: MatchClock = {
    now: options.now ?? Math.floor(Date.now() / 1000),
    timeZone: options.timeZone ?? "UTC",
  };
  const oneWay = options.oneWay === true;
  const strategy = options.strategy ?? "fast";
  const n = pool.size;
  const [jobOk, slotOk, jobRanks, slotRanks] = pool.scratch();
  const counters = { compiledEvaluations: 0, plainEvaluations: 0, groups: 0 };

  if (strategy === "plain" || definesContextName(job)) {
    answerPlain(job, pool, clock, oneWay, jobOk, slotOk, jobRanks, slotRanks);
    counters.plainEvaluations = n;
  } else {
    answerFast(job, pool, clock, oneWay, jobOk, slotOk, jobRanks, slotRanks, counters);
  }

  const matched: number[] = [];
  for (let i = 0; i < n; i++) if (jobOk[i] === 1 && (oneWay || slotOk[i] === 1)) matched.push(i);
  const indices = orderMatches(matched, jobRanks, slotRanks);
  const outJobRanks = new Float64Array(indices.length);
  const outSlotRanks = new Float64Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    outJobRanks[i] = jobRanks[indices[i] as number] as number;
    outSlotRanks[i] = slotRanks[indices[i] as number] as number;
  }
  const stats: MatchStats = {
    strategy,
    slots: n,
    matched: indices.length,
    ...counters,
    milliseconds: performance.now() - started,
  };
  return new MatchResult(pool, indices, outJobRanks, outSlotRanks, stats);
}

function answerPlain(
  job: ClassAd,
  pool: Pool,
  clock: MatchClock,
  oneWay: boolean,
  jobOk: Float64Array,
  slotOk: Float64Array,
  jobRanks: Float64Array,
  slotRanks: Float64Array,
): void {
  const slots = pool.slots();
  for (let i = 0; i < slots.length; i++) answerPairPlain(job, slots[i] as ClassAd, i, clock, oneWay, jobOk, slotOk, jobRanks, slotRanks);
}

function answerPairPlain(
  job: ClassAd,
  slot: ClassAd,
  i: number,
  clock: MatchClock,
  oneWay: boolean,
  jobOk: Float64Array,
  slotOk: Float64Array,
  jobRanks: Float64Array,
  slotRanks: Float64Array,
): void {
  // HTCondor's symmetricMatch evaluates the slot's side first (`RIGHT.requirements && LEFT.requirements`).
  if (!oneWay) slotOk[i] = SLOT_REQUIREMENTS.plain(job, slot, clock);
  if (!oneWay && slotOk[i] !== 1) return;
  jobOk[i] = JOB_REQUIREMENTS.plain(job, slot, clock);
  if (jobOk[i] !== 1) return;
  jobRanks[i] = JOB_RANK.plain(job, slot, clock);
  slotRanks[i] = SLOT_RANK.plain(job, slot, clock);
}

function answerFast(
  job: ClassAd,
  pool: Pool,
  clock: MatchClock,
  oneWay: boolean,
  jobOk: Float64Array,
  slotOk: Float64Array,
  jobRanks: Float64Array,
  slotRanks: Float64Array,
  counters: { compiledEvaluations: number; plainEvaluations: number; groups: number },
): void {
  const slots = pool.slots();
  const ids = pool.allIds();
  const source: SlotSource = {
    slots,
    version: pool.stamp,
    column: (name) => pool.column(name),
    numbers: (name) => pool.numbers(name),
    literal: literalOfKey,
    groups: (ids, signature) => pool.groupsOf(ids)?.get(signature),
    keepGroups: (ids, signature, groups) => pool.keepGroups(ids, signature, groups),
    classOf: pool.classOf,
    isClassAttribute: (name) => pool.isClassAttribute(name),
    runs: (ids) => pool.runsOf(ids),
    keepRuns: (ids, runs) => pool.keepRuns(ids, runs),
  };
  const cx: WalkContext = {
    job,
    source,
    now: clock.now,
    timeZone: clock.timeZone,
    jobKeys: new Map(),
    compiledEvaluations: 0,
    plainEvaluations: 0,
    groups: 0,
  };
  pool.memo(JOB_REQUIREMENTS, "jobRequirements", clock.timeZone).answer(ids, jobOk, cx);
  if (!oneWay) pool.memo(SLOT_REQUIREMENTS, "slotRequirements", clock.timeZone).answer(ids, slotOk, cx);
  pool.memo(JOB_RANK, "jobRank", clock.timeZone).answer(ids, jobRanks, cx);
  pool.memo(SLOT_RANK, "slotRank", clock.timeZone).answer(ids, slotRanks, cx);
  counters.compiledEvaluations += cx.compiledEvaluations;
  counters.plainEvaluations += cx.plainEvaluations;
  counters.groups += cx.groups;
}

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

/** Slot attributes job Requirements commonly test (condor_submit defaults, OSPool habits). */
const COMMONLY_TESTED = [
  "arch",
  "opsys",
  "opsysandver",
  "opsysmajorver",
  "opsysname",
  "hasfiletransfer",
  "filesystemdomain",
  "hasfiletransferpluginmethods",
  "hassingularity",
  "has_singularity",
  "singularity_can_use_sif",
  "singularity_can_use_registry",
  "hascontainer",
  "hasdocker",
  "hassif",
  "hasdockerurl",
  "cpus",
  "gpus",
  "glidein_site",
  "osg_os_version",
  "condorversion",
];

/** Distinct values in a column, counting no further than `limit + 1`. */
function countDistinct(column: Int32Array, limit: number): number {
  const seen = new Set<number>();
  for (let i = 0; i < column.length && seen.size <= limit; i++) seen.add(column[i] as number);
  return seen.size;
}

/** Lower-cased names of every attribute reference in an expression (any scope). */
function referencedNames(expr: Expr): Set<string> {
  const out = new Set<string>();
  walkExpr(expr, (node) => {
    if (node.kind === "attr") out.add(foldName(node.name));
  });
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
