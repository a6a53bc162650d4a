/**
 * The column store behind a `Pool`: for each attribute, the key of every slot's expression (see
 * `compile/keys.ts`), numbers where those are numeric literals, the slot classes `prepare` makes,
 * and the groupings the memo makes of slot sets. This is the pool as the memo sees it
 * ({@link SlotSource}); everything here is derived from the slots and the key generation, so any
 * of it may be dropped and remade.
 */
import type { ClassAd } from "../classad/classad.js";
import { foldName } from "../model/names.js";
import { ABSENT_VALUE, UNREAD_VALUE, type SlotTable } from "../model/slot-table.js";
import type { Expr } from "../model/nodes.js";
import type { Value } from "../model/value.js";
import { walkExpr } from "../ast/walk.js";
import { ABSENT_KEY, type KeyInterner } from "./compile/index.js";
import { UNRESOLVED_KEY, type Groups, type NumberColumn, type SlotSource } from "./memo.js";

/** Key columns kept by default; the oldest is dropped past this (each is one number per slot). */
export const DEFAULT_MAX_COLUMNS = 512;

/**
 * What kept groupings may hold, counted as slot ids (a grouping of a slot set holds each of its
 * ids once) plus {@link GROUPING_OVERHEAD} for its maps, arrays and signature. Jobs with distinct
 * constants make distinct compare groupings of the same slot sets, so without a bound they would
 * pile up on the pool's id array for as long as the pool lives.
 */
const MAX_GROUPED_IDS = 2_000_000;
const GROUPING_OVERHEAD = 256;

/** Options of `Pool.prepare`. */
export interface PrepareOptions {
  /**
   * An attribute takes part in the slot classes when it has at most this many distinct values
   * in the pool (default: the larger of 64 and 2% of the slots).
   */
  readonly maxDistinct?: number;
}

export class SlotColumns implements SlotSource {
  private versionNumber = 0;
  private columns = new Map<string, Int32Array>();
  private numberColumns = new Map<string, NumberColumn>();
  private ids: Int32Array | null = null;
  private groupings = new WeakMap<Int32Array, Map<string, Groups>>();
  /** Ids held by the groupings kept since they were last dropped. */
  private groupedIds = 0;
  private classRuns = new WeakMap<Int32Array, Int32Array>();
  private classes: { classOf: Int32Array; attributes: Set<string> } | null = null;
  /** The attributes `prepare` chose; classes are remade from them after a change. */
  private classNames: string[] | null = null;
  private classLimit: number | null = null;
  /** Keys of a table's value ids (this key generation). */
  private valueKeys = new Map<number, number>();
  /** Keys found by asking the ad where the table had not read the attribute: name -> slot -> key. */
  private resolved = new Map<string, Map<number, number>>();

  /**
   * `table`: the slots as a projecting reader loaded them (`slots` are its ads). Columns are then
   * made from its value ids, and the slots are grouped into classes by the attributes it holds
   * before the first match, without a lookup.
   */
  constructor(
    readonly slots: readonly ClassAd[],
    private readonly keys: KeyInterner,
    private readonly maxColumns: number = DEFAULT_MAX_COLUMNS,
    private table: SlotTable | null = null,
  ) {
    if (table !== null) this.classNames = [...table.names].sort();
  }

  /** Stop reading the table (the slots no longer are its ads). */
  detachTable(): void {
    this.table = null;
  }

  /** Changes whenever the slots or their grouping change. */
  get version(): number {
    return this.versionNumber;
  }

  /** Forget everything derived from the slots (they changed, or the key generation did). */
  invalidate(): void {
    this.versionNumber++;
    this.columns = new Map();
    this.numberColumns = new Map();
    this.ids = null;
    this.groupings = new WeakMap();
    this.groupedIds = 0;
    this.classRuns = new WeakMap();
    this.classes = null;
    this.valueKeys = new Map();
    this.resolved = new Map();
  }

  /** See `Pool.prepare`. */
  prepare(extraNames: Iterable<string>, options: PrepareOptions): void {
    this.classLimit = options.maxDistinct ?? null;
    if (this.table !== null) {
      // The table holds what the jobs and the slots' policies read: those are the attributes.
      const names = new Set(this.table.names);
      for (const name of extraNames) names.add(foldName(name));
      this.classNames = [...names].sort();
      this.makeClasses(this.classNames);
      return;
    }
    const names = new Set<string>(["requirements", "rank", ...COMMONLY_TESTED]);
    for (const name of extraNames) names.add(foldName(name));
    const pending = [...names];
    const seenExprs = new Set<number>();
    while (pending.length > 0) {
      const name = pending.pop() as string;
      const column = this.column(name);
      for (let i = 0; i < column.length; i++) {
        const key = column[i] as number;
        if (key === 0 || key === UNRESOLVED_KEY || seenExprs.has(key)) continue;
        seenExprs.add(key);
        const expr = (this.slots[i] as ClassAd).lookupLower(name);
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
  }

  /** Refine slot classes attribute by attribute, skipping attributes with many distinct values. */
  private makeClasses(names: readonly string[]): void {
    const n = this.slots.length;
    const limit = this.classLimit ?? Math.max(64, Math.floor(n / 50));
    let classOf = new Int32Array(n);
    const attributes = new Set<string>();
    for (const name of names) {
      // A table's value ids are counted without making keys (equal ids, equal keys).
      const values = this.table?.column(name) ?? null;
      if (values !== null && countDistinct(values, limit) > limit) continue;
      const column = this.column(name);
      if (countDistinct(column, limit) > limit) {
        this.numbers(name); // compared slot by slot: have the numbers ready
        continue;
      }
      attributes.add(name);
      if (countDistinct(column, 1) === 1) continue; // the same for every slot: splits nothing
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
    this.versionNumber++;
  }

  /** Slot classes, or null before `prepare`. */
  get classOf(): Int32Array | null {
    return this.classes?.classOf ?? null;
  }

  isClassAttribute(lowerName: string): boolean {
    return this.classes?.attributes.has(lowerName) ?? false;
  }

  runs(ids: Int32Array): Int32Array | undefined {
    return this.classRuns.get(ids);
  }

  keepRuns(ids: Int32Array, runs: Int32Array): void {
    this.classRuns.set(ids, runs);
  }

  literal(key: number): Value | undefined {
    return this.keys.literalOf(key);
  }

  /** Every slot's attribute as a number where it is a numeric or boolean literal. */
  numbers(lowerName: string): NumberColumn {
    let numbers = this.numberColumns.get(lowerName);
    if (numbers === undefined) {
      const column = this.column(lowerName);
      const values = new Float64Array(column.length);
      const isNumber = new Uint8Array(column.length);
      for (let i = 0; i < column.length; i++) {
        const value = this.keys.literalOf(column[i] as number);
        if (value === undefined) continue;
        if (value.kind === "int" && typeof value.v === "number") values[i] = value.v;
        else if (value.kind === "real") values[i] = value.v;
        else if (value.kind === "bool") values[i] = value.v ? 1 : 0;
        else continue;
        isNumber[i] = 1;
      }
      numbers = { values, isNumber };
      if (this.numberColumns.size >= this.maxColumns) dropOldest(this.numberColumns);
      this.numberColumns.set(lowerName, numbers);
    }
    return numbers;
  }

  /**
   * The key of every slot's expression for an attribute (0 when absent). At most `maxColumns`
   * are kept: a column dropped is remade with the same keys (same generation), so dropping is safe.
   */
  column(lowerName: string): Int32Array {
    let column = this.columns.get(lowerName);
    if (column === undefined) {
      const values = this.table?.column(lowerName) ?? null;
      column = values !== null ? this.tableColumn(values) : new Int32Array(this.slots.length);
      if (values === null) {
        for (let i = 0; i < this.slots.length; i++) column[i] = this.keys.keyOf((this.slots[i] as ClassAd).lookupLower(lowerName));
      }
      if (this.columns.size >= this.maxColumns) dropOldest(this.columns);
      this.columns.set(lowerName, column);
    }
    return column;
  }

  /**
   * Keys of a table column: one key per distinct value id; {@link UNRESOLVED_KEY} where the table
   * did not read the attribute (the memo asks the ad with {@link resolve} when it needs one).
   */
  private tableColumn(values: Int32Array): Int32Array {
    const table = this.table as SlotTable;
    const column = new Int32Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const value = values[i] as number;
      if (value === ABSENT_VALUE) column[i] = ABSENT_KEY;
      else if (value === UNREAD_VALUE) column[i] = UNRESOLVED_KEY;
      else {
        let key = this.valueKeys.get(value);
        if (key === undefined) {
          key = this.keys.keyOf(table.expr(value));
          this.valueKeys.set(value, key);
        }
        column[i] = key;
      }
    }
    return column;
  }

  resolve(lowerName: string, id: number): number {
    let byId = this.resolved.get(lowerName);
    if (byId === undefined) {
      byId = new Map();
      this.resolved.set(lowerName, byId);
    }
    let key = byId.get(id);
    if (key === undefined) {
      key = this.keys.keyOf((this.slots[id] as ClassAd).lookupLower(lowerName));
      byId.set(id, key);
    }
    return key;
  }

  /** Number of key columns kept (at most `maxColumns`). */
  get columnCount(): number {
    return this.columns.size;
  }

  groups(ids: Int32Array, signature: string): Groups | undefined {
    return this.groupings.get(ids)?.get(signature);
  }

  /**
   * Keep a grouping for other memo nodes to share. Past {@link MAX_GROUPED_IDS} every kept
   * grouping is dropped: they are remade on demand with the same keys (the memo's nodes keep
   * the parts they already use), so dropping changes no answer.
   */
  keepGroups(ids: Int32Array, signature: string, groups: Groups): void {
    const cost = ids.length + GROUPING_OVERHEAD;
    this.groupedIds += cost;
    if (this.groupedIds > MAX_GROUPED_IDS) {
      this.groupings = new WeakMap();
      this.groupedIds = cost;
    }
    let bySignature = this.groupings.get(ids);
    if (bySignature === undefined) {
      bySignature = new Map();
      this.groupings.set(ids, bySignature);
    }
    bySignature.set(signature, groups);
  }

  /**
   * Every slot id, a new array after every change (groupings are keyed by it); sorted by class,
   * with its class runs, once the pool is prepared.
   */
  allIds(): Int32Array {
    if (this.classes === null && this.classNames !== null) this.makeClasses(this.classNames);
    if (this.ids === null) {
      const n = this.slots.length;
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
        this.classRuns.set(ids, runs);
      }
      this.ids = ids;
    }
    return this.ids;
  }
}

function dropOldest<V>(map: Map<string, V>): void {
  const oldest = map.keys().next();
  if (!oldest.done) map.delete(oldest.value);
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
