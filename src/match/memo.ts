/**
 * The memo behind the fast path: one decision trie per question ("does the job's Requirements
 * hold?", "the job's Rank", ...), shared by every job and slot asked through the same pool.
 *
 * Each inner node is one step of an evaluation: a lookup of one attribute of the job or of the
 * slot (branching on the key of the expression found, see `exprKey`), a comparison of a slot
 * attribute with a value fixed by the steps before it (branching on the outcome), or a read of
 * the clock. Evaluation is a deterministic function of its steps, so two pairs that follow the
 * same branches get the same answer: the leaf stores it. A pair that reaches a node nobody has
 * evaluated through is evaluated once by the compiled code, and its trace grows the trie. A node
 * where the compiled code deferred to the evaluator is opaque: every pair reaching it is asked of
 * the evaluator.
 *
 * A job walks the trie with groups of slots, not one slot at a time: at a slot step the group is
 * partitioned by the slots' keys (read from the pool's per-attribute key columns), once per node
 * and pool version; at a job step the whole group follows the job's branch. Slots whose relevant
 * attributes are identical (or compare identically) therefore share one evaluation, as the
 * negotiator's autoclusters share one for identical jobs.
 */
import type { ClassAd } from "../classad/classad.js";
import { FALSE, TRUE, type Value } from "../model/value.js";
import {
  BAIL,
  Run,
  SIDE_CLOCK,
  SIDE_COMPARE,
  SIDE_JOB,
  applyCompare,
  outcomeKey,
  type CompareSpec,
  type RunSettings,
} from "./compile/index.js";
import type { MatchSettings } from "./slow-path.js";

const UNKNOWN = 0;
const STEP = 1;
const LEAF = 2;
const OPAQUE = 3;

interface Part {
  readonly child: TrieNode;
  readonly ids: Int32Array;
}

export class TrieNode {
  kind = UNKNOWN;
  side = 0;
  name = "";
  spec: CompareSpec | null = null;
  result = 0;
  readonly children = new Map<number, TrieNode>();
  /** Slot steps: the slots reaching this node grouped by key, valid for `partsVersion`. */
  parts: Part[] | null = null;
  partsVersion = -1;
}

/** A question asked of a (job, slot) pair, answered as a number (1/0 for requirements, a rank otherwise). */
export interface Question {
  /** Compiled evaluation; may throw BAIL. */
  readonly compiled: (run: Run) => number;
  /** The evaluator's answer, used at opaque nodes and as the reference semantics. */
  readonly plain: (job: ClassAd, slot: ClassAd, settings: MatchSettings) => number;
}

/** The pool as the memo sees it. */
export interface SlotSource {
  readonly slots: readonly ClassAd[];
  /** Changes whenever slots change; partitions are recomputed then. */
  readonly version: number;
  /** Key of every slot's expression for an attribute (0: absent), indexed like `slots`. */
  column(lowerName: string): Int32Array;
  /** The key of a slot's attribute where its column holds {@link UNRESOLVED_KEY}. */
  resolve(lowerName: string, id: number): number;
  /** The literal value behind a key, or undefined when the key is not a literal's. */
  literal(key: number): Value | undefined;
  /** Every slot's attribute as a number where it is a safe integer, real or boolean literal. */
  numbers(lowerName: string): NumberColumn;
  /**
   * Groupings already made of the slot set `ids` (an array made by the pool or by a grouping):
   * nodes of different jobs' branches that read the same attribute share them.
   */
  groups(ids: Int32Array, signature: string): Groups | undefined;
  keepGroups(ids: Int32Array, signature: string, groups: Groups): void;
  /**
   * Slot classes (see `Pool.prepare`): slots of one class have the same key for every class
   * attribute. Null when the pool was not prepared.
   */
  readonly classOf: Int32Array | null;
  isClassAttribute(lowerName: string): boolean;
  /** Where the runs of one class start in `ids` (sets made with classes known), or undefined. */
  runs(ids: Int32Array): Int32Array | undefined;
  keepRuns(ids: Int32Array, runs: Int32Array): void;
}

/**
 * In a key column: the pool's table did not read this attribute of this slot; the memo asks
 * {@link SlotSource.resolve} when a slot reaching a step needs it.
 */
export const UNRESOLVED_KEY = -2147483648;

/** Slots grouped by key, in order of first appearance. */
export type Groups = readonly (readonly [number, Int32Array])[];

/** `values[i]` is meaningful where `isNumber[i]` is 1. */
export interface NumberColumn {
  readonly values: Float64Array;
  readonly isNumber: Uint8Array;
}

/** What one job's walk needs (the run settings double as the plain path's match settings). */
export interface WalkContext extends RunSettings {
  readonly job: ClassAd;
  readonly source: SlotSource;
  readonly jobKeys: Map<string, number>;
  compiledEvaluations: number;
  plainEvaluations: number;
  groups: number;
}

/** Nodes a memo keeps by default before it is dropped and relearnt (bounds memory on long runs). */
export const DEFAULT_MEMO_NODES = 100_000;

export class QuestionMemo {
  root = new TrieNode();
  nodes = 1;

  /**
   * `maxNodes` bounds the trie: past it, the whole trie is dropped at the start of the next
   * answer (a safe point: no walk is under way) and relearnt.
   */
  constructor(
    readonly question: Question,
    readonly maxNodes: number = DEFAULT_MEMO_NODES,
  ) {}

  /** Answer the question for every slot of `ids`, writing `out[id]`. */
  answer(ids: Int32Array, out: Float64Array, cx: WalkContext): void {
    if (this.nodes > this.maxNodes) {
      this.root = new TrieNode();
      this.nodes = 1;
    }
    if (ids.length > 0) this.walk(this.root, ids, out, cx);
  }

  private walk(start: TrieNode, ids: Int32Array, out: Float64Array, cx: WalkContext): void {
    let node = start;
    for (;;) {
      switch (node.kind) {
        case UNKNOWN:
          this.learn(ids[0] as number, cx);
          if (node.kind === UNKNOWN) node.kind = OPAQUE; // the trace did not pass here: be safe
          continue;
        case LEAF: {
          const result = node.result;
          for (let i = 0; i < ids.length; i++) out[ids[i] as number] = result;
          cx.groups++;
          return;
        }
        case OPAQUE: {
          const slots = cx.source.slots;
          for (let i = 0; i < ids.length; i++) {
            const id = ids[i] as number;
            out[id] = this.question.plain(cx.job, slots[id] as ClassAd, cx);
          }
          cx.plainEvaluations += ids.length;
          return;
        }
        default:
          if (node.side === SIDE_JOB) {
            node = this.child(node, jobKey(cx, node.name));
          } else if (node.side === SIDE_CLOCK) {
            node = this.child(node, cx.now);
          } else {
            for (const part of this.partition(node, ids, cx.source)) this.walk(part.child, part.ids, out, cx);
            return;
          }
      }
    }
  }

  private child(node: TrieNode, key: number): TrieNode {
    let child = node.children.get(key);
    if (child === undefined) {
      child = new TrieNode();
      node.children.set(key, child);
      this.nodes++;
    }
    return child;
  }

  private partition(node: TrieNode, ids: Int32Array, source: SlotSource): Part[] {
    if (node.parts !== null && node.partsVersion === source.version) return node.parts;
    const spec = node.side === SIDE_COMPARE ? node.spec : null;
    const signature = spec === null ? node.name : specSignature(spec);
    let groups = signature !== null ? source.groups(ids, signature) : undefined;
    if (groups === undefined) {
      groups = group(node.name, spec, ids, source);
      if (signature !== null) source.keepGroups(ids, signature, groups);
    }
    const parts: Part[] = [];
    for (const [key, members] of groups) parts.push({ child: this.child(node, key), ids: members });
    node.parts = parts;
    node.partsVersion = source.version;
    return parts;
  }

  /** Evaluate one pair with the compiled code and record its path (or where it deferred). */
  private learn(id: number, cx: WalkContext): void {
    const run = new Run(cx.job, cx.source.slots[id] as ClassAd, cx);
    let result = 0;
    let bailed = false;
    try {
      result = this.question.compiled(run);
    } catch (thrown) {
      if (thrown !== BAIL) throw thrown;
      bailed = true;
    }
    cx.compiledEvaluations++;
    let node = this.root;
    for (let i = 0; i < run.sides.length; i++) {
      const side = run.sides[i] as number;
      const name = run.names[i] as string;
      const spec = run.specs[i] ?? null;
      if (node.kind === UNKNOWN) {
        node.kind = STEP;
        node.side = side;
        node.name = name;
        node.spec = spec;
      } else if (node.kind !== STEP || node.side !== side || node.name !== name || !sameSpec(node.spec, spec)) {
        // Not expected (evaluation is deterministic); never trust such a path.
        node.kind = OPAQUE;
        return;
      }
      node = this.child(node, run.keys[i] as number);
    }
    if (node.kind !== UNKNOWN) return;
    if (bailed) {
      node.kind = OPAQUE;
    } else {
      node.kind = LEAF;
      node.result = result;
    }
  }
}

/** Slots of `ids` grouped by their key at a lookup (or compare) step of attribute `name`. */
function group(name: string, spec: CompareSpec | null, ids: Int32Array, source: SlotSource): Groups {
  const column = source.column(name);
  const fixed = spec !== null ? numericOperand(spec) : null;
  const runs = source.runs(ids);
  let byRuns = runs !== undefined && source.isClassAttribute(name);
  // A class whose slots were not read for this attribute is looked at slot by slot.
  if (byRuns && runs !== undefined) for (let r = 0; r < runs.length && byRuns; r++) byRuns = column[ids[runs[r] as number] as number] !== UNRESOLVED_KEY;
  // Numbers pay off when every slot is looked at; by runs, one look per run is enough.
  const numbers = fixed !== null && !byRuns ? source.numbers(name) : null;
  const outcomes = spec !== null ? new Map<number, number>() : null;
  const keyOf = (id: number): number => {
    let key = column[id] as number;
    if (key === UNRESOLVED_KEY) key = source.resolve(name, id);
    if (numbers !== null && numbers.isNumber[id] === 1 && spec !== null && fixed !== null) {
      return compareNumbers(spec, numbers.values[id] as number, fixed) ? OUTCOME_TRUE : OUTCOME_FALSE;
    }
    if (outcomes === null || spec === null || key === 0) return key;
    let outcome = outcomes.get(key);
    if (outcome === undefined) {
      const literal = source.literal(key);
      outcome = literal === undefined ? key : outcomeKey(applyCompare(spec, literal));
      outcomes.set(key, outcome);
    }
    return outcome;
  };
  if (byRuns && runs !== undefined) return groupRuns(ids, runs, keyOf, source);
  return groupMembers(ids, keyOf, source);
}

/** Every slot of a class run has the same key: one look per run, runs copied whole. */
function groupRuns(ids: Int32Array, runs: Int32Array, keyOf: (id: number) => number, source: SlotSource): Groups {
  const chunks = new Map<number, number[]>();
  for (let r = 0; r < runs.length; r++) {
    const start = runs[r] as number;
    const end = r + 1 < runs.length ? (runs[r + 1] as number) : ids.length;
    const key = keyOf(ids[start] as number);
    const list = chunks.get(key);
    if (list === undefined) chunks.set(key, [start, end]);
    else list.push(start, end);
  }
  if (chunks.size === 1) {
    // Nothing splits (the usual case): the same slot set, runs and all, goes on.
    for (const key of chunks.keys()) return [[key, ids]];
  }
  const out: [number, Int32Array][] = [];
  for (const [key, list] of chunks) {
    let total = 0;
    for (let i = 0; i < list.length; i += 2) total += (list[i + 1] as number) - (list[i] as number);
    const members = new Int32Array(total);
    const memberRuns = new Int32Array(list.length / 2);
    let at = 0;
    for (let i = 0; i < list.length; i += 2) {
      memberRuns[i / 2] = at;
      members.set(ids.subarray(list[i] as number, list[i + 1] as number), at);
      at += (list[i + 1] as number) - (list[i] as number);
    }
    source.keepRuns(members, memberRuns);
    out.push([key, members]);
  }
  return out;
}

/** One look per slot; class runs are kept when the pool has classes. */
function groupMembers(ids: Int32Array, keyOf: (id: number) => number, source: SlotSource): Groups {
  const n = ids.length;
  // Pass 1: each member's group. Few distinct keys is the rule, so a short list is searched first.
  const groupOf = new Int32Array(n);
  const keys: number[] = [];
  let index: Map<number, number> | null = null;
  let lastKey = Number.NaN;
  let lastGroup = -1;
  for (let i = 0; i < n; i++) {
    const key = keyOf(ids[i] as number);
    if (key !== lastKey) {
      let g = index !== null ? index.get(key) : keys.indexOf(key);
      if (g === undefined || g < 0) {
        g = keys.length;
        keys.push(key);
        if (index !== null) index.set(key, g);
        else if (keys.length > 16) index = new Map(keys.map((k, j) => [k, j]));
      }
      lastKey = key;
      lastGroup = g;
    }
    groupOf[i] = lastGroup;
  }
  if (keys.length === 1) return [[keys[0] as number, ids]];
  // Pass 2: members (and class runs) per group, in input order.
  const sizes = new Int32Array(keys.length);
  for (let i = 0; i < n; i++) {
    const g = groupOf[i] as number;
    sizes[g] = (sizes[g] as number) + 1;
  }
  const members = Array.from(sizes, (size) => new Int32Array(size));
  const fill = new Int32Array(keys.length);
  const classOf = source.classOf;
  const runs: number[][] | null = classOf !== null ? keys.map(() => []) : null;
  const lastClass = new Int32Array(keys.length).fill(-1);
  for (let i = 0; i < n; i++) {
    const g = groupOf[i] as number;
    const id = ids[i] as number;
    if (runs !== null && classOf !== null) {
      const cls = classOf[id] as number;
      if (cls !== lastClass[g]) {
        (runs[g] as number[]).push(fill[g] as number);
        lastClass[g] = cls;
      }
    }
    const at = fill[g] as number;
    fill[g] = at + 1;
    (members[g] as Int32Array)[at] = id;
  }
  const out: [number, Int32Array][] = [];
  for (let g = 0; g < keys.length; g++) {
    const group = members[g] as Int32Array;
    if (runs !== null) source.keepRuns(group, Int32Array.from(runs[g] as number[]));
    out.push([keys[g] as number, group]);
  }
  return out;
}

/** A text naming a compare step's grouping (for sharing it between nodes), or null. */
function specSignature(spec: CompareSpec): string | null {
  const v = spec.value;
  let value: string;
  switch (v.kind) {
    case "bool":
    case "int":
    case "real":
      value = `${v.kind}:${Object.is(v.v, -0) ? "-0" : String(v.v)}`;
      break;
    case "string":
      value = `string:${v.v}`;
      break;
    case "undefined":
    case "error":
      value = v.kind;
      break;
    default:
      return null;
  }
  return `${spec.op}\u0000${spec.refOnLeft ? 1 : 0}\u0000${spec.name}\u0000${value}`;
}

const OUTCOME_TRUE = outcomeKey(TRUE);
const OUTCOME_FALSE = outcomeKey(FALSE);

/**
 * The fixed operand of an ordering or equality comparison as a number, when both it and a
 * numeric slot value are compared numerically (`comparison` in eval/operators.ts); else null.
 */
function numericOperand(spec: CompareSpec): number | null {
  if (spec.op === "is" || spec.op === "isnt") return null;
  const v = spec.value;
  if (v.kind === "int") return typeof v.v === "number" ? v.v : null;
  if (v.kind === "real") return v.v;
  if (v.kind === "bool") return v.v ? 1 : 0;
  return null;
}

function compareNumbers(spec: CompareSpec, slotValue: number, fixed: number): boolean {
  const a = spec.refOnLeft ? slotValue : fixed;
  const b = spec.refOnLeft ? fixed : slotValue;
  switch (spec.op) {
    case "==":
      return a === b;
    case "!=":
      return a !== b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    default:
      return a >= b;
  }
}

function sameSpec(a: CompareSpec | null, b: CompareSpec | null): boolean {
  if (a === null || b === null) return a === b;
  return a.name === b.name && a.op === b.op && a.refOnLeft === b.refOnLeft && sameValue(a.value, b.value);
}

function sameValue(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "bool":
    case "int":
    case "real":
    case "string":
      return Object.is(a.v, (b as typeof a).v);
    case "abstime":
      return a.secs === (b as typeof a).secs && a.offset === (b as typeof a).offset;
    case "reltime":
      return Object.is(a.secs, (b as typeof a).secs);
    case "undefined":
    case "error":
      return true;
    default:
      return false;
  }
}

function jobKey(cx: WalkContext, name: string): number {
  let key = cx.jobKeys.get(name);
  if (key === undefined) {
    key = cx.keys.keyOf(cx.job.lookupLower(name));
    cx.jobKeys.set(name, key);
  }
  return key;
}
