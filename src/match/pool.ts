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
 *
 * Everything a `Pool` learns is bounded (the key interner, the memos, the key columns), so a
 * long-running process matching millions of distinct jobs through one pool keeps a flat heap.
 */
import type { Environment } from "../model/evaluation.js";
import { fromByteString } from "../model/bytes.js";
import { isSlotTable, type SlotTable } from "../model/slot-table.js";
import { attrRef } from "../ast/build.js";
import type { ClassAd } from "../classad/classad.js";
import { evaluateRaw } from "../classad/evaluate.js";
import { defaultEnvironment } from "../classad/environment.js";
import { DEFAULT_KEY_CAPACITY, ExprCompiler, KeyInterner, definesContextName } from "./compile/index.js";
import { DEFAULT_MEMO_NODES, QuestionMemo, type Question, type WalkContext } from "./memo.js";
import { orderMatches } from "./ordering.js";
import { JOB_RANK, JOB_REQUIREMENTS, SLOT_RANK, SLOT_REQUIREMENTS } from "./questions.js";
import { MatchResult, type MatchStats } from "./result.js";
import { matchSettings, type ResolvedMatchSettings } from "./settings.js";
import { DEFAULT_MAX_COLUMNS, SlotColumns, type PrepareOptions } from "./slot-columns.js";

export { orderMatches } from "./ordering.js";
export { MatchResult, type Match, type MatchStats } from "./result.js";
export type { PrepareOptions } from "./slot-columns.js";

/** Options of {@link matchPool}. */
export interface MatchOptions {
  /**
   * Functions, regex engine and limits, clock and zone (default: the pool's environment, else
   * the library's default environment).
   */
  readonly environment?: Environment | undefined;
  /** Seconds since the epoch used by `time()` and `CurrentTime` (default: the environment's clock, read once). */
  readonly now?: number | undefined;
  /** IANA time zone of the local-time functions (default: the environment's when one is given, else `UTC`). */
  readonly timeZone?: string | undefined;
  /** Only the job's Requirements must hold (HTCondor's `IsAConstraintMatch(job, slot)`). */
  readonly oneWay?: boolean;
  /** `fast` (default) or `plain` (the evaluator on every slot; the reference). */
  readonly strategy?: "fast" | "plain";
}

/** Options of the {@link Pool} constructor: its environment and the bounds of what it learns. */
export interface PoolOptions {
  /** The environment matches through this pool use unless `matchPool` is given another. */
  readonly environment?: Environment;
  /**
   * Expression keys interned at most (default 100,000). When a match needed more, the pool
   * starts over (new keys, memos relearnt) before the next match.
   */
  readonly keyCapacity?: number;
  /** Nodes each question's memo keeps at most before it is relearnt (default 100,000). */
  readonly memoNodes?: number;
  /** Attribute key columns kept at most (default 512). */
  readonly maxColumns?: number;
}

/** The answers of one match, one entry per slot (1/0 for the requirements, the ranks as numbers). */
interface Answers {
  readonly jobOk: Float64Array;
  readonly slotOk: Float64Array;
  readonly jobRanks: Float64Array;
  readonly slotRanks: Float64Array;
}

/** Work counters of the fast path. */
interface Counters {
  compiledEvaluations: number;
  plainEvaluations: number;
  groups: number;
}

const NAME = attrRef("Name");

/** Memos of one environment, by question and zone; past this many, they start over. */
const MAX_MEMO_SETS = 64;

/**
 * A pool of slot ads prepared for matching many jobs: it keeps the memo of every question asked
 * and the grouping of its slots, so the second job costs far less than the first. Changing the
 * pool (add, remove, replace) keeps what was learnt about expressions and regroups the slots on
 * the next match.
 */
export class Pool {
  private readonly ads: ClassAd[];
  private names: (string | null | undefined)[] = [];
  private readonly keys: KeyInterner;
  private readonly compiler = new ExprCompiler();
  private readonly store: SlotColumns;
  private memos = new WeakMap<Environment, Map<string, QuestionMemo>>();
  private readonly memoNodes: number;
  private buffers: Answers | null = null;
  /** The environment of matches that name none. */
  readonly environment: Environment | undefined;

  /**
   * `slots`: the slot ads, or a {@link SlotTable} (what the projecting reader returns): the pool
   * then reads its columns directly and groups the slots into classes before the first match.
   */
  constructor(slots: Iterable<ClassAd> | SlotTable = [], options: PoolOptions = {}) {
    const table = isSlotTable(slots) ? slots : null;
    this.ads = table !== null ? [...table.ads] : [...(slots as Iterable<ClassAd>)];
    this.environment = options.environment;
    this.keys = new KeyInterner(options.keyCapacity ?? DEFAULT_KEY_CAPACITY);
    this.memoNodes = options.memoNodes ?? DEFAULT_MEMO_NODES;
    this.store = new SlotColumns(this.ads, this.keys, options.maxColumns ?? DEFAULT_MAX_COLUMNS, table);
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
    this.store.detachTable();
    this.ads.push(slot);
    this.changed();
    return this.ads.length - 1;
  }

  /** Remove the slot at `index` (later slots move down by one); returns it. */
  remove(index: number): ClassAd {
    const removed = this.slot(index);
    this.store.detachTable();
    this.ads.splice(index, 1);
    this.changed();
    return removed;
  }

  /** Replace the slot at `index` (for example with its updated ad). */
  replace(index: number, slot: ClassAd): void {
    this.slot(index);
    this.store.detachTable();
    this.ads[index] = slot;
    this.changed();
  }

  /**
   * Tell the pool that slot ads were modified in place (`ad.set(...)`), so its grouping is
   * rebuilt. Not needed after `add`, `remove` or `replace`.
   */
  changed(): void {
    this.store.detachTable();
    this.names = [];
    this.store.invalidate();
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
    this.store.prepare(extraNames, options);
    return this;
  }

  /** The slot's `Name` as a JS string, or null. */
  slotName(index: number): string | null {
    let name = this.names[index];
    if (name === undefined) {
      const slot = this.slot(index);
      const expr = slot.lookupLower("name");
      const value =
        expr === undefined ? null : expr.kind === "literal" ? expr.value : evaluateRaw(NAME, { my: slot, timeZone: "UTC" }).value;
      name = value !== null && value.kind === "string" ? fromByteString(value.v) : null;
      this.names[index] = name;
    }
    return name;
  }

  /**
   * @internal What the pool holds that is bounded: interned keys (and their capacity), key
   * columns, memo nodes of an environment (tests check the bounds).
   */
  learnt(environment?: Environment): { keys: number; keyCapacity: number; columns: number; memoNodes: number; generation: number } {
    let memoNodes = 0;
    for (const memo of this.memos.get(environment ?? this.environment ?? defaultEnvironment)?.values() ?? []) {
      memoNodes += memo.nodes;
    }
    return {
      keys: this.keys.size,
      keyCapacity: this.keys.capacity,
      columns: this.store.columnCount,
      memoNodes,
      generation: this.keys.generation,
    };
  }

  /**
   * @internal Answer every slot for `job`, writing into `answers`. Starts a new key generation
   * first when the last match overflowed the interner: between two matches nothing keyed by the
   * old generation is in use, and everything keyed with it (columns, groupings, memos) is dropped.
   */
  answerFast(job: ClassAd, settings: ResolvedMatchSettings, oneWay: boolean, answers: Answers, counters: Counters): void {
    if (this.keys.overflowed) {
      this.keys.reset();
      this.store.invalidate();
      this.memos = new WeakMap();
    }
    const ids = this.store.allIds();
    const cx: WalkContext = {
      ...settings,
      job,
      source: this.store,
      keys: this.keys,
      code: this.compiler,
      jobKeys: new Map(),
      compiledEvaluations: 0,
      plainEvaluations: 0,
      groups: 0,
    };
    const zone = settings.timeZone;
    const environment = settings.environment;
    this.memo(JOB_REQUIREMENTS, "jobRequirements", zone, environment).answer(ids, answers.jobOk, cx);
    if (!oneWay) this.memo(SLOT_REQUIREMENTS, "slotRequirements", zone, environment).answer(ids, answers.slotOk, cx);
    this.memo(JOB_RANK, "jobRank", zone, environment).answer(ids, answers.jobRanks, cx);
    this.memo(SLOT_RANK, "slotRank", zone, environment).answer(ids, answers.slotRanks, cx);
    counters.compiledEvaluations += cx.compiledEvaluations;
    counters.plainEvaluations += cx.plainEvaluations;
    counters.groups += cx.groups;
  }

  /**
   * @internal Four zeroed arrays of `size` numbers for one match (reused: a negotiation cycle
   * matches thousands of jobs against the same pool).
   */
  scratch(): Answers {
    const n = this.ads.length;
    if (this.buffers === null || this.buffers.jobOk.length !== n) {
      this.buffers = { jobOk: new Float64Array(n), slotOk: new Float64Array(n), jobRanks: new Float64Array(n), slotRanks: new Float64Array(n) };
    } else {
      this.buffers.jobOk.fill(0);
      this.buffers.slotOk.fill(0);
      this.buffers.jobRanks.fill(0);
      this.buffers.slotRanks.fill(0);
    }
    return this.buffers;
  }

  /**
   * The memo of a question for a zone in an environment (answers depend on both: the zone
   * through the local-time functions, the environment through its functions and regex limits).
   */
  private memo(question: Question, label: string, timeZone: string, environment: Environment): QuestionMemo {
    let byLabel = this.memos.get(environment);
    if (byLabel === undefined) {
      byLabel = new Map();
      this.memos.set(environment, byLabel);
    }
    const key = `${label}\u0000${timeZone}`;
    let memo = byLabel.get(key);
    if (memo === undefined) {
      // Many zones in turn: start over (a memo fetched earlier in this match stays usable).
      if (byLabel.size >= MAX_MEMO_SETS) byLabel.clear();
      memo = new QuestionMemo(question, this.memoNodes);
      byLabel.set(key, memo);
    }
    return memo;
  }
}

/**
 * Match `job` against every slot of `slots` and return the matching ones in negotiator order.
 * Pass a {@link Pool} to reuse its memo across many jobs.
 */
export function matchPool(job: ClassAd, slots: Pool | Iterable<ClassAd> | SlotTable, options: MatchOptions = {}): MatchResult {
  const started = performance.now();
  const pool = slots instanceof Pool ? slots : new Pool(slots);
  const settings = matchSettings(options, pool.environment);
  const oneWay = options.oneWay === true;
  const strategy = options.strategy ?? "fast";
  const n = pool.size;
  const answers = pool.scratch();
  const counters: Counters = { compiledEvaluations: 0, plainEvaluations: 0, groups: 0 };

  if (strategy === "plain" || definesContextName(job)) {
    answerPlain(job, pool.slots(), settings, oneWay, answers);
    counters.plainEvaluations = n;
  } else {
    pool.answerFast(job, settings, oneWay, answers, counters);
  }

  const { jobOk, slotOk, jobRanks, slotRanks } = answers;
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
  slots: readonly ClassAd[],
  settings: ResolvedMatchSettings,
  oneWay: boolean,
  answers: Answers,
): void {
  for (let i = 0; i < slots.length; i++) answerPairPlain(job, slots[i] as ClassAd, i, settings, oneWay, answers);
}

function answerPairPlain(
  job: ClassAd,
  slot: ClassAd,
  i: number,
  settings: ResolvedMatchSettings,
  oneWay: boolean,
  answers: Answers,
): void {
  // HTCondor's symmetricMatch evaluates the slot's side first (`RIGHT.requirements && LEFT.requirements`).
  if (!oneWay) answers.slotOk[i] = SLOT_REQUIREMENTS.plain(job, slot, settings);
  if (!oneWay && answers.slotOk[i] !== 1) return;
  answers.jobOk[i] = JOB_REQUIREMENTS.plain(job, slot, settings);
  if (answers.jobOk[i] !== 1) return;
  answers.jobRanks[i] = JOB_RANK.plain(job, slot, settings);
  answers.slotRanks[i] = SLOT_RANK.plain(job, slot, settings);
}

/**
 * The two sides of every pair apart, for reports that tell which side refused: per slot of
 * `pool`, 1 where the job's Requirements accept the slot (`job`) and 1 where the slot's
 * Requirements accept the job (`slot`), each whatever the other side says. Ranks are not asked.
 */
export function matchSides(job: ClassAd, pool: Pool, options: Omit<MatchOptions, "oneWay"> = {}): { job: Uint8Array; slot: Uint8Array } {
  const settings = matchSettings(options, pool.environment);
  const n = pool.size;
  const answers = pool.scratch();
  if (options.strategy === "plain" || definesContextName(job)) {
    const slots = pool.slots();
    for (let i = 0; i < n; i++) {
      answers.slotOk[i] = SLOT_REQUIREMENTS.plain(job, slots[i] as ClassAd, settings);
      answers.jobOk[i] = JOB_REQUIREMENTS.plain(job, slots[i] as ClassAd, settings);
    }
  } else {
    pool.answerFast(job, settings, false, answers, { compiledEvaluations: 0, plainEvaluations: 0, groups: 0 });
  }
  const sides = { job: new Uint8Array(n), slot: new Uint8Array(n) };
  for (let i = 0; i < n; i++) {
    sides.job[i] = answers.jobOk[i] === 1 ? 1 : 0;
    sides.slot[i] = answers.slotOk[i] === 1 ? 1 : 0;
  }
  return sides;
}
