/**
 * The projecting `-long` reader: it loads a pool dump for a known use (matching some jobs) by
 * reading only the attributes that use needs, and hands them over column by column
 * ({@link SlotTable}) as well as ad by ad.
 *
 * - The byte scanner (`projection-scanner.ts`, run here or in worker threads by the Node reader
 *   `projection-file.ts`) keeps, of each ad, the lines the plan names and whatever their values
 *   read, transitively; every other line stays unread bytes.
 * - Here, the kept lines become columns of line ids (equal ids, equal text), each distinct line is
 *   parsed once, and every ad is checked against the parsed trees: the names its kept values
 *   read (`attributeReads`) must all have been looked for in it. An ad that fails the check, or
 *   that the scanner marked as unusual, is read whole by the full `-long` reader, which decides
 *   its faults and whether it is dropped, exactly as `parseAds` would.
 * - Each ad is a `ClassAd` that answers from the columns and, for any attribute it was not read
 *   for, reads its own text again (through {@link AdBytes}) with the full reader.
 *
 * What differs from `parseAds`: a syntax error in a value no answer reads is found only if that
 * attribute is ever asked for (then reported as a fault; the ad is not dropped any more).
 */
import type { ClassAd as ClassAdType, AdOrigin } from "../model/classad.js";
import type { AttrSource, StoredAttr } from "../classad/attr-source.js";
import type { Expr } from "../model/nodes.js";
import { ABSENT_VALUE, UNREAD_VALUE, type SlotTable } from "../model/slot-table.js";
import { byteStringOf } from "../model/bytes.js";
import { attributeReads } from "../ast/reads.js";
import { ClassAd } from "../classad/classad.js";
import { makeFault, type AdFault } from "./faults.js";
import { LongFormatReader } from "./long-reader.js";
import type { LazyParseFault } from "./lazy-attrs.js";
import { KeptLines, type KeptAttr } from "./projection-lines.js";
import {
  AD_FIELDS,
  FIELD_COVERAGE,
  FIELD_KEPT_COUNT,
  FIELD_KEPT_START,
  FIELD_LINE,
  FIELD_LINES,
  FIELD_MARKED,
  ProjectionScanner,
  type ScanOutput,
} from "./projection-scanner.js";
import { recordFault, type ReadSummary } from "./read.js";
import type { ReaderOptions } from "./reader-types.js";

/** What to keep of every ad (see `matchReads` in the matcher for what matching reads). */
export interface ProjectionPlan {
  /** Folded attribute names to keep in every ad (with whatever their values read). */
  readonly names: readonly string[];
}

/** Where the reader finds an ad's text again, for the attributes it did not read at first. */
export interface AdBytes {
  /** The input's bytes in [start, end) as a byte string (one character per byte). */
  text(start: number, end: number): string;
}

/** Counts of a projecting read. */
export interface ProjectionStats {
  /** Distinct lines kept (each parsed at most once). */
  readonly linesKept: number;
  /** Kept lines over all ads. */
  readonly keptEntries: number;
  /** Values read into expressions so far (plain literals included). */
  readonly valuesParsed: number;
  /** Of those, the values the parser read (the others were plain literals). */
  readonly parserCalls: number;
  /** Names kept per ad (the plan's and those their values read). */
  readonly names: number;
  /** Ads read whole by the full reader (unusual ads, and ads read again for an attribute). */
  readonly adsReadWhole: number;
}

/** Reader options that apply: `onFault`, `strict` (throw at the first error), `keepPartialAds`. */
export type ProjectionOptions = Pick<ReaderOptions, "onFault" | "strict" | "keepPartialAds">;

/** The result of a projecting read: the ads, their columns, faults, counts. */
export class ProjectedAds implements SlotTable {
  readonly ads: ClassAdType[] = [];
  readonly faults: AdFault[] = [];
  readonly summary: ReadSummary = { format: "long", ads: 0, adsDropped: 0, attributes: 0, faults: 0, warnings: 0 };
  /** Folded names with a column, by id. */
  readonly names: string[] = [];
  readonly nameIds = new Map<string, number>();
  /** @internal Column per name id: one entry per ad (see {@link SlotTable.column}). */
  columns: Int32Array[] = [];
  /** @internal */
  readonly lines = new KeptLines();
  /** @internal Per line id: the first ad holding it and the source line it is on (for fault positions). */
  lineHome: { row: Int32Array; line: Int32Array } = { row: new Int32Array(0), line: new Int32Array(0) };
  private keptEntries = 0;
  private wholeReads = 0;
  /** @internal Per delivered ad: 1 when it was read whole by the full reader (its columns are its own). */
  readWholeRows: Uint8Array = new Uint8Array(0);

  constructor(
    readonly source: AdBytes,
    private readonly options: ProjectionOptions,
  ) {}

  column(foldedName: string): Int32Array | null {
    const id = this.nameIds.get(foldedName);
    return id === undefined ? null : (this.columns[id] as Int32Array);
  }

  expr(valueId: number): Expr {
    return this.lineExpr(valueId, -1);
  }

  /**
   * A class id per ad: ads with equal ids hold the same text (or are absent alike) for every
   * name of the table, hence evaluate alike whatever reads only those names (what the table was
   * read for: see `checkReads`). An ad read whole has a class of its own.
   *
   * `reportOnly`: folded names kept for reports (a slot's `Name`, the dump's time) that the
   * caller's own expressions do not read: they split no class unless a kept value reads them.
   */
  slotClasses(reportOnly: Iterable<string> = []): Int32Array {
    const count = this.ads.length;
    const columns = this.keyColumns(new Set(reportOnly));
    // A hash of each row's value ids, then rows compared in full only against the rows that
    // share their hash: one pass over the columns whatever the number of classes.
    const hashes = new Int32Array(count).fill(0x811c9dc5);
    for (const column of columns) {
      for (let r = 0; r < count; r++) hashes[r] = Math.imul((hashes[r] as number) ^ (column[r] as number), 0x01000193);
    }
    const sameRow = (a: number, b: number): boolean => {
      for (const column of columns) if (column[a] !== column[b]) return false;
      return true;
    };
    const classes = new Int32Array(count);
    // Per hash: the first row of each class with that hash (usually one).
    const byHash = new Map<number, number[]>();
    let next = 0;
    for (let r = 0; r < count; r++) {
      if (this.readWholeRows[r] === 1) {
        classes[r] = -1 - r;
        continue;
      }
      const h = hashes[r] as number;
      const firsts = byHash.get(h);
      if (firsts === undefined) {
        byHash.set(h, [r]);
        classes[r] = next++;
        continue;
      }
      const same = firsts.find((first) => sameRow(first, r));
      if (same !== undefined) {
        classes[r] = classes[same] as number;
      } else {
        firsts.push(r);
        classes[r] = next++;
      }
    }
    return classes;
  }

  /** The columns a class is made of: all but the report-only names no kept value reads. */
  private keyColumns(reportOnly: ReadonlySet<string>): Int32Array[] {
    const ignored = new Set<number>();
    for (const name of reportOnly) {
      const id = this.nameIds.get(name);
      if (id !== undefined) ignored.add(id);
    }
    if (ignored.size === 0) return this.columns;
    const seen = new Set<number>();
    for (let c = 0; c < this.columns.length && ignored.size > 0; c++) {
      if (ignored.has(c)) continue;
      for (const value of this.columns[c] as Int32Array) {
        if (value <= 0 || seen.has(value)) continue;
        seen.add(value);
        const reads = attributeReads(this.lines.expr(value));
        for (const id of [...ignored]) {
          const name = this.names[id] as string;
          if (reads.dynamic || reads.own.has(name) || reads.other.has(name)) ignored.delete(id);
        }
      }
    }
    return this.columns.filter((_, c) => !ignored.has(c));
  }

  get stats(): ProjectionStats {
    return {
      linesKept: this.lines.size,
      keptEntries: this.keptEntries,
      valuesParsed: this.lines.valuesParsed,
      parserCalls: this.lines.parserCalls,
      names: this.names.length,
      adsReadWhole: this.wholeReads,
    };
  }

  /** @internal An ad's entry for a name: a line id, {@link ABSENT_VALUE} or {@link UNREAD_VALUE}. */
  entry(foldedName: string, row: number): number {
    const id = this.nameIds.get(foldedName);
    return id === undefined ? UNREAD_VALUE : ((this.columns[id] as Int32Array)[row] as number);
  }

  /** @internal The expression of a line; a parse error found now is reported (for `row`, or the line's first ad). */
  lineExpr(id: number, row: number): Expr {
    const expr = this.lines.expr(id);
    const problem = this.lines.problem(id);
    if (problem !== undefined && !this.reportedLines.has(id)) {
      this.reportedLines.add(id);
      const home = row >= 0 ? row : (this.lineHome.row[id] ?? -1);
      const origin = home >= 0 ? this.ads[home]?.origin : undefined;
      const attr = this.lines.attr(id);
      this.fault(
        makeFault("bad-expression", `attribute ${attr.spelling}: ${problem.message}`, origin?.index ?? -1, this.lineHome.line[id] ?? 0, problem.column, attr.spelling),
      );
    }
    return expr;
  }

  private readonly reportedLines = new Set<number>();

  /** @internal Records a fault (bounded list, counts, `onFault`, `strict`). */
  fault(fault: AdFault): void {
    recordFault(fault, this.faults, this.summary, this.options);
  }

  /**
   * @internal Reads an ad's text with the full `-long` reader; faults are placed at `adIndex`
   * and `firstLine`. Returns the ad, or null when the reader drops it.
   */
  readWhole(text: string, adIndex: number, firstLine: number, keepPartial: boolean): { ad: ClassAdType; attributes: number } | null {
    this.wholeReads++;
    let found: { ad: ClassAdType; attributes: number } | null = null;
    const shift = (fault: AdFault): AdFault =>
      makeFault(fault.code, fault.message, adIndex, fault.line + firstLine - 1, fault.column, fault.attribute, fault.severity);
    const reader = new LongFormatReader(
      { keepPartialAds: keepPartial || this.options.keepPartialAds === true },
      {
        ad: (ad, attributes) => {
          found = { ad, attributes };
        },
        dropped: () => undefined,
        fault: (fault) => this.fault(shift(fault)),
      },
      (lazy: LazyParseFault) => {
        this.fault(
          makeFault("bad-expression", `attribute ${lazy.attribute}: ${lazy.message}`, adIndex, lazy.line + firstLine - 1, lazy.column, lazy.attribute),
        );
      },
    );
    reader.push(text);
    reader.end();
    const result = found as { ad: ClassAdType; attributes: number } | null;
    if (result !== null) result.ad.origin = { index: adIndex, line: firstLine };
    return result;
  }

  /** @internal */
  countKept(entries: number): void {
    this.keptEntries += entries;
  }
}

/** One ad of the dump as the columns hold it; attributes it was not read for come from its text. */
class RowAttrs implements AttrSource<StoredAttr> {
  private whole: ClassAdType | null = null;

  constructor(
    private readonly table: ProjectedAds,
    private readonly row: number,
    readonly origin: AdOrigin,
    private readonly start: number,
    private readonly end: number,
  ) {}

  get size(): number {
    return this.full().size;
  }

  find(foldedName: string): StoredAttr | undefined {
    const id = this.table.entry(foldedName, this.row);
    if (id > 0) return this.table.lines.attr(id);
    if (id === ABSENT_VALUE) return undefined;
    return wholeAttr(this.full(), foldedName);
  }

  spelling(foldedName: string): string | undefined {
    const id = this.table.entry(foldedName, this.row);
    if (id > 0) return this.table.lines.attr(id).spelling;
    if (id === ABSENT_VALUE) return undefined;
    return this.full().spelling(foldedName);
  }

  *attrs(): IterableIterator<[string, StoredAttr]> {
    const ad = this.full();
    for (const name of ad.names()) yield [name, wholeAttr(ad, name) as StoredAttr];
  }

  expr(attr: StoredAttr): Expr {
    if (attr.expr !== null) return attr.expr;
    return this.table.lineExpr((attr as KeptAttr).id, this.row);
  }

  /** The ad read whole from its text (once). */
  private full(): ClassAdType {
    if (this.whole === null) {
      const text = this.table.source.text(this.start, this.end);
      this.whole = this.table.readWhole(text, this.origin.index, this.origin.line, true)?.ad ?? new ClassAd();
    }
    return this.whole;
  }
}

function wholeAttr(ad: ClassAdType, name: string): StoredAttr | undefined {
  const expr = ad.lookup(name);
  return expr === undefined ? undefined : { text: "", syntax: "old", expr };
}

/** One ad found by the scanner, before the checks. */
interface Row {
  readonly adIndex: number;
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly attributes: number;
  /** Kept lines as (name id, line id, line in the ad) triples, from `keptFrom` to `keptTo` (in triples). */
  readonly kept: Int32Array;
  readonly keptFrom: number;
  readonly keptTo: number;
  marked: boolean;
  whole: { ad: ClassAdType; attributes: number } | null;
}

/**
 * Turns scanner output (one part, or several parts of consecutive stretches of the input, in
 * order) into {@link ProjectedAds}.
 */
export class ProjectionBuilder {
  private readonly table: ProjectedAds;
  private readonly rows: Row[] = [];
  /** Per part: its rows and, per local name id, the global id and the first row answering for it. */
  private readonly coverage: { rowsFrom: number; rowsTo: number; globalNames: Int32Array; firstRow: Int32Array }[] = [];
  private adsBefore = 0;
  private linesBefore = 0;

  constructor(
    private readonly plan: ProjectionPlan,
    source: AdBytes,
    options: ProjectionOptions = {},
  ) {
    this.table = new ProjectedAds(source, options);
    for (const name of plan.names) this.nameId(name);
  }

  /** Adds the output of a scan of the next stretch of the input. */
  addPart(part: ScanOutput): void {
    const globalNames = Int32Array.from(part.names, (name) => this.nameId(name));
    const lineBase = this.table.lines.addTexts(part.lines, 1) - 1;
    const rowsFrom = this.rows.length;
    const firstRow = new Int32Array(part.names.length).fill(-1);
    // The part's kept triples become global ids in place.
    const kept = part.kept;
    for (let k = 0; k < kept.length; k += 3) {
      kept[k] = globalNames[kept[k] as number] as number;
      kept[k + 1] = lineBase + (kept[k + 1] as number);
    }
    for (let a = 0; a < part.adCount; a++) {
      const f = a * AD_FIELDS;
      const start = part.ads[f + FIELD_KEPT_START] as number;
      const count = part.ads[f + FIELD_KEPT_COUNT] as number;
      const row = this.rows.length;
      const covered = part.ads[f + FIELD_COVERAGE] as number;
      for (let n = 0; n < covered; n++) if ((firstRow[n] as number) < 0) firstRow[n] = row;
      this.rows.push({
        adIndex: this.adsBefore + a,
        line: this.linesBefore + (part.ads[f + FIELD_LINE] as number),
        start: part.byteRanges[a * 2] as number,
        end: part.byteRanges[a * 2 + 1] as number,
        attributes: part.ads[f + FIELD_LINES] as number,
        kept,
        keptFrom: start,
        keptTo: start + count,
        marked: part.ads[f + FIELD_MARKED] === 1,
        whole: null,
      });
    }
    this.coverage.push({ rowsFrom, rowsTo: this.rows.length, globalNames, firstRow });
    this.adsBefore += part.adCount;
    this.linesBefore += part.lineCount;
  }

  /** Checks every ad, reads the unusual ones whole, and returns the result. */
  finish(): ProjectedAds {
    const table = this.table;
    this.makeColumns();
    const lines = table.lines;
    // Values the full reader would have parsed at load (their shape is in doubt): parse them now.
    const checked = new Uint8Array(lines.size + 1);
    for (const row of this.rows) {
      if (row.marked) continue;
      for (let k = row.keptFrom; k < row.keptTo; k++) {
        const id = row.kept[k * 3 + 1] as number;
        if (checked[id] === 0) {
          checked[id] = 1;
          lines.checkNow(id);
        }
        if (lines.problem(id)?.dropsAd === true) row.marked = true;
      }
    }
    this.checkReads();
    this.readMarkedWhole();
    return this.deliver();
  }

  private nameId(name: string): number {
    const table = this.table;
    let id = table.nameIds.get(name);
    if (id === undefined) {
      id = table.names.length;
      table.names.push(name);
      table.nameIds.set(name, id);
    }
    return id;
  }

  private makeColumns(): void {
    const table = this.table;
    const count = this.rows.length;
    table.columns = table.names.map(() => new Int32Array(count).fill(UNREAD_VALUE));
    for (const part of this.coverage) {
      part.globalNames.forEach((name, local) => {
        const from = part.firstRow[local] as number;
        if (from >= 0) (table.columns[name] as Int32Array).fill(ABSENT_VALUE, from, part.rowsTo);
      });
    }
    this.rows.forEach((row, r) => {
      const kept = row.kept;
      for (let k = row.keptFrom; k < row.keptTo; k++) (table.columns[kept[k * 3] as number] as Int32Array)[r] = kept[k * 3 + 1] as number;
    });
  }

  /**
   * Every name an ad's kept values read (from the plan's names on, through the values found)
   * must have been looked for in the ad; an ad where one was not, or whose values read names no
   * text shows (`eval`), is marked to be read whole.
   */
  private checkReads(): void {
    const table = this.table;
    const reads = new Map<number, Int32Array | null>();
    const roots = this.plan.names.map((name) => table.nameIds.get(name) as number);
    const seen = new Int32Array(table.names.length);
    const queue: number[] = [];
    this.rows.forEach((row, r) => {
      if (row.marked) return;
      const stamp = r + 1;
      queue.length = 0;
      for (const name of roots) {
        seen[name] = stamp;
        queue.push(name);
      }
      for (let q = 0; q < queue.length; q++) {
        const value = (table.columns[queue[q] as number] as Int32Array)[r] as number;
        if (value === UNREAD_VALUE) {
          row.marked = true;
          return;
        }
        if (value === ABSENT_VALUE) continue;
        let names = reads.get(value);
        if (names === undefined) {
          names = this.readsOf(value);
          reads.set(value, names);
        }
        if (names === null) {
          row.marked = true;
          return;
        }
        for (let i = 0; i < names.length; i++) {
          const name = names[i] as number;
          if (seen[name] !== stamp) {
            seen[name] = stamp;
            queue.push(name);
          }
        }
      }
    });
  }

  /** The name ids a line's value can read of its own ad, or null when they are not all columns. */
  private readsOf(line: number): Int32Array | null {
    const table = this.table;
    const reads = attributeReads(table.lines.expr(line));
    if (reads.dynamic) return null;
    const out: number[] = [];
    const add = (name: string): boolean => {
      const id = table.nameIds.get(name);
      if (id === undefined) return false;
      out.push(id);
      return true;
    };
    // Names of the other ad (and what its values read back of this one) are among the plan's.
    for (const name of reads.own) if (!add(name)) return null;
    return Int32Array.from(out);
  }

  /** Marked ads are read by the full reader; their columns come from what it read. */
  private readMarkedWhole(): void {
    const table = this.table;
    this.rows.forEach((row, r) => {
      if (!row.marked) return;
      row.whole = table.readWhole(table.source.text(row.start, row.end), row.adIndex, row.line, false);
      if (row.whole === null) return;
      const ad = row.whole.ad;
      table.names.forEach((name, id) => {
        const expr = ad.lookupLower(name);
        (table.columns[id] as Int32Array)[r] = expr === undefined ? ABSENT_VALUE : table.lines.addParsed(ad.spelling(name) ?? name, expr);
      });
    });
  }

  /** The ads in input order (those the full reader dropped left out), columns to match. */
  private deliver(): ProjectedAds {
    const table = this.table;
    const keep = this.rows.map((row) => !row.marked || row.whole !== null);
    if (keep.includes(false)) table.columns = table.columns.map((column) => column.filter((_, r) => keep[r]));
    table.readWholeRows = new Uint8Array(keep.filter(Boolean).length);
    const home = new Int32Array(table.lines.size + 1).fill(-1);
    const homeLine = new Int32Array(table.lines.size + 1);
    let kept = 0;
    for (const row of this.rows) {
      if (row.marked) {
        if (row.whole === null) {
          table.summary.adsDropped++;
          continue;
        }
        table.summary.attributes += row.whole.attributes;
        table.readWholeRows[table.ads.length] = 1;
        table.ads.push(row.whole.ad);
      } else {
        const index = table.ads.length;
        for (let k = row.keptFrom; k < row.keptTo; k++) {
          const id = row.kept[k * 3 + 1] as number;
          if ((home[id] as number) < 0) {
            home[id] = index;
            homeLine[id] = row.line + (row.kept[k * 3 + 2] as number);
          }
        }
        kept += row.keptTo - row.keptFrom;
        const origin = { index: row.adIndex, line: row.line };
        const ad = ClassAd.fromSource(new RowAttrs(table, index, origin, row.start, row.end));
        table.summary.attributes += row.attributes;
        table.ads.push(ad);
      }
      table.summary.ads++;
    }
    table.lineHome = { row: home, line: homeLine };
    table.countKept(kept);
    return table;
  }
}

/** Bytes held in memory as an {@link AdBytes}. */
export function bytesSource(bytes: Uint8Array): AdBytes {
  return {
    text(start, end) {
      let out = "";
      for (let k = start; k < end; k += 8192) out += String.fromCharCode(...bytes.subarray(k, Math.min(end, k + 8192)));
      return out;
    },
  };
}

/**
 * Reads the ads of a `-long` dump held in memory (bytes, or text as `parseAds` takes it), keeping
 * of each ad what `plan` names and whatever those values read; see the file comment. One thread:
 * for files, the Node reader `projectFile` scans in worker threads.
 */
export function projectAds(input: Uint8Array | string, plan: ProjectionPlan, options: ProjectionOptions = {}): ProjectedAds {
  let bytes: Uint8Array;
  if (typeof input === "string") {
    const text = byteStringOf(input);
    bytes = new Uint8Array(text.length + 1);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  } else {
    // One byte of room after the input for the scanner's end mark.
    bytes = new Uint8Array(input.length + 1);
    bytes.set(input);
  }
  const length = bytes.length - 1;
  const scanner = new ProjectionScanner(plan.names);
  scanner.scan(bytes, 0, length, 0, true);
  const builder = new ProjectionBuilder(plan, bytesSource(bytes.subarray(0, length)), options);
  builder.addPart(scanner.output());
  return builder.finish();
}
