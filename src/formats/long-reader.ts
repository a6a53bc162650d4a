/**
 * Reader for HTCondor's old ("long") ad format: `Name = expr` lines, ads separated by blank lines
 * (or `***` lines, as in history files), `#` comment lines.
 *
 * Line rules (HTCondor's `SplitLongFormAttrValue` / `InsertLongFormAttrValue`): leading
 * white space is skipped, the first `=` splits name and value, only spaces are trimmed before it,
 * only spaces are skipped after it; the value is parsed with the old string rules and only as far
 * as an expression goes. A repeated attribute keeps its last value. A bad line makes HTCondor drop
 * its whole ad; so does this reader unless `keepPartialAds` is set.
 *
 * Speed: a dump repeats the same lines across ads. Each place of an attribute list (a node of
 * the shape tree, `src/formats/lazy-attrs.ts`) remembers the last few lines and runs of lines
 * (segments) that followed it, so a known line or run is recognised by comparing text, without
 * hashing; only new lines are split and checked. Values are parsed on first use.
 */
import { foldName } from "../model/names.js";
import { ClassAd } from "../classad/classad.js";
import {
  LazyAttrs,
  ShapeNode,
  ShapeWalker,
  type AttrLine,
  type LazyFaultSink,
  type LineSegment,
  rememberSegment,
} from "./lazy-attrs.js";
import { parseAttrText } from "../parser/index.js";
import { AdFormatError, makeFault, type AdFaultCode } from "./faults.js";
import { checkValueText } from "./value-check.js";
import type { AdSink, ReaderOptions } from "./reader-types.js";

/** Why a line cannot be an attribute. */
interface BadLine {
  readonly bad: true;
  readonly code: AdFaultCode;
  readonly message: string;
  readonly column: number;
  readonly attribute: string | undefined;
}

type LineRecord = AttrLine | BadLine;

/** Lookups a place's line table gets before it is judged (kept if at least 1 in 4 hits). */
const LINE_MAP_TRIAL = 16;
/** Distinct lines remembered per place. */
const LINE_MAP_LIMIT = 256;

/** Misses in a row after which a place's guesses are tried only every 16th time. */
const VOLATILE_AFTER = 4;

/** Lines remembered in tables and segments before the shape tree is restarted. */
const REMEMBERED_LIMIT = 1 << 22;

/** Shape nodes kept before the tree is restarted, so a stream of ever-new shapes cannot grow memory forever. */
const SHAPE_NODE_LIMIT = 1 << 20;

const SPACE = 32;
const TAB = 9;
const CR = 13;
const HASH = 35;
const STAR = 42;
const EQUALS = 61;

function isSpace(c: number): boolean {
  return c === SPACE || (c >= TAB && c <= CR);
}

/** Offset of a CR with more text after it on the line (CR-only line endings), or -1. */
function bareCarriageReturn(line: string): number {
  const first = line.indexOf("\r");
  if (first < 0) return -1;
  let last = line.length - 1;
  while (last > first) {
    const c = line.charCodeAt(last);
    if (c !== CR && c !== SPACE && c !== TAB) break;
    last--;
  }
  return first < last ? first : -1;
}

export class LongFormatReader {
  private lowerNames = new Map<string, string>();
  private walker = new ShapeWalker(ShapeNode.root());
  private readonly eager: boolean;
  private copy: ((start: number, end: number) => string) | null = null;

  private lineNo = 0;
  private adCount = 0;
  /** The ad in progress: single lines and shared segments. */
  private pieces: Array<AttrLine | LineSegment> = [];
  private lineCount = 0;
  private lineNumbers: number[] | null = null;
  private adStartLine = 0;
  private adHasFault = false;
  private inAd = false;
  private runNode: ShapeNode | null = null;
  private runStart = 0;
  private runLines: AttrLine[] = [];
  /** Lines remembered in the shape tree's tables since it was started (bounds its memory). */
  private remembered = 0;

  constructor(
    private readonly options: ReaderOptions,
    private readonly sink: AdSink,
    private readonly lazyFaults: LazyFaultSink,
  ) {
    this.eager = options.strict === true || options.validation === "eager";
  }

  /**
   * Reads a block of text holding whole lines (the last block may end without a newline).
   */
  push(text: string, copy?: (start: number, end: number) => string): void {
    this.copy = copy ?? null;
    const length = text.length;
    let start = 0;
    while (start < length) {
      const here = this.walker.current;
      if (here.segments !== null && this.lineNumbers === null) {
        const segment = matchingSegment(here, text, start);
        if (segment !== null) {
          this.closeRun(text, start);
          this.addSegment(segment);
          start += segment.text.length;
          continue;
        }
      }
      let end = text.indexOf("\n", start);
      const next = end < 0 ? length : end + 1;
      if (end < 0) end = length;
      this.lineNo++;
      let stop = end;
      if (stop > start && text.charCodeAt(stop - 1) === CR) stop--;
      const first = stop > start ? text.charCodeAt(start) : 0;
      if (first > SPACE && first !== HASH && first !== STAR) {
        this.guardedAttributeLine(text, start, stop);
      } else {
        this.otherLine(text, start, stop);
      }
      start = next;
    }
    this.closeRun(text, length);
  }

  /** Ends the input: the ad in progress (if any) is complete. */
  end(): void {
    this.finishAd();
  }

  private otherLine(text: string, start: number, stop: number): void {
    this.closeRun(text, start);
    let i = start;
    while (i < stop && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB || text.charCodeAt(i) === CR)) i++;
    if (i === stop) {
      this.finishAd();
      return;
    }
    const c = text.charCodeAt(i);
    if (c === HASH) {
      if (this.inAd) this.noteGap();
      return;
    }
    if (c === STAR && i === start && text.startsWith("***", start)) {
      this.finishAd();
      return;
    }
    this.attributeLine(text, start, stop);
  }

  /**
   * One attribute line; whatever it throws besides a strict-mode fault (an engine limit on a huge
   * line) is a fault of this ad alone, and the reading goes on with the next line.
   */
  private guardedAttributeLine(text: string, start: number, stop: number): void {
    try {
      this.attributeLine(text, start, stop);
    } catch (err) {
      if (err instanceof AdFormatError) throw err;
      this.runNode = null;
      this.runLines = [];
      this.adHasFault = true;
      this.fault("bad-expression", `this line cannot be read: ${err instanceof Error ? err.message : String(err)}`, 1, undefined);
    }
  }

  private attributeLine(text: string, start: number, stop: number): void {
    if (!this.inAd) this.startAd();
    const node = this.walker.current;
    const guesses = node.nextLines;
    const keys = node.nextLineKeys;
    // Where every ad so far had a line of its own (a name, a figure), guesses are only
    // tried now and then.
    if (guesses !== null && keys !== null && (node.guessMisses < VOLATILE_AFTER || (node.guessMisses & 15) === 0)) {
      const length = stop - start;
      const lastCode = text.charCodeAt(stop - 1);
      const midCode = text.charCodeAt(start + (length >> 1));
      for (let g = 0, k = 0; g < guesses.length; g++, k += 3) {
        // Cheap checks first: most misses differ in length, last or middle character.
        if (keys[k] !== length || keys[k + 1] !== lastCode || keys[k + 2] !== midCode) continue;
        if (text.slice(start, stop) === guesses[g]!.raw) {
          const guess = guesses[g]!;
          node.guessMisses = 0;
          this.extendRun(guess, start);
          this.addLine(guess);
          return;
        }
      }
    }
    node.guessMisses++;
    const useMap = node.lineMapMisses < LINE_MAP_TRIAL || node.lineMapHits * 4 >= node.lineMapMisses;
    if (useMap && node.lineMap !== null) {
      const known = node.lineMap.get(text.slice(start, stop));
      if (known !== undefined) {
        node.lineMapHits++;
        this.walker.remember(known);
        this.extendRun(known, start);
        this.addLine(known);
        return;
      }
      node.lineMapMisses++;
    }
    // Not a line seen here before: most likely a line of its own (a name, a figure).
    this.closeRun(text, start);
    const line = this.copy !== null ? this.copy(start, stop) : detachedSlice(text, start, stop);
    const record = this.makeRecord(line, guesses !== null ? guesses[0]! : null);
    if (useMap && !("bad" in record)) {
      const map = (node.lineMap ??= new Map());
      if (map.size >= LINE_MAP_LIMIT) map.clear();
      map.set(line, record);
      this.remembered++;
    }
    if ("bad" in record) {
      this.adHasFault = true;
      this.fault(record.code, record.message, record.column, record.attribute);
      return;
    }
    // A place where every ad has its own line gains nothing from remembering this one.
    if (node.guessMisses <= VOLATILE_AFTER || (node.guessMisses & 15) === 0) this.walker.remember(record);
    this.addLine(record);
  }

  /**
   * Runs: consecutive lines that were already known (shared records). A run is stored on the
   * node where it started, so the next ad with the same text there is read with one comparison.
   */
  private extendRun(record: AttrLine, start: number): void {
    if (this.runNode === null) {
      if (this.lineNumbers !== null) return;
      this.runNode = this.walker.current;
      this.runStart = start;
    }
    this.runLines.push(record);
  }

  private closeRun(text: string, end: number): void {
    const node = this.runNode;
    if (node === null) return;
    const lines = this.runLines;
    this.runNode = null;
    this.runLines = [];
    if (lines.length < 2 || this.lineNumbers !== null) return;
    const segmentText = this.copy !== null ? this.copy(this.runStart, end) : detachedSlice(text, this.runStart, end);
    rememberSegment(node, { text: segmentText, lines, end: this.walker.current });
    this.remembered += lines.length;
  }

  private addSegment(segment: LineSegment): void {
    if (!this.inAd) this.startAd(this.lineNo + 1);
    this.pieces.push(segment);
    this.lineCount += segment.lines.length;
    this.lineNo += segment.lines.length;
    this.walker.jump(segment);
  }

  private addLine(record: AttrLine): void {
    if (this.walker.step(record.lower)) {
      this.runNode = null;
      this.runLines = [];
      this.fault(
        "duplicate-attribute",
        `attribute ${record.name} is set again in this ad; the last value is kept`,
        1,
        record.name,
        "warning",
      );
    }
    this.pieces.push(record);
    this.lineCount++;
    this.lineNumbers?.push(this.lineNo);
  }

  /** Splits and checks a new line; `neighbour` (a line seen at the same place) may share its name. */
  private makeRecord(line: string, neighbour: AttrLine | null = null): LineRecord {
    const length = line.length;
    const carriageReturn = bareCarriageReturn(line);
    if (carriageReturn >= 0) {
      return bad("binary-data", "a carriage return inside a line ends nothing here (CR-only line endings are not read)", carriageReturn + 1);
    }
    let i = 0;
    while (i < length && isSpace(line.charCodeAt(i))) i++;
    const eq = line.indexOf("=", i);
    const control = firstControl(line, eq < 0 ? length : eq);
    if (eq < 0) {
      if (control >= 0) return bad("binary-data", "binary data where an attribute line was expected", control + 1);
      return bad("missing-equals", "expected `Name = value`: no `=` on this line", i + 1);
    }
    let nameEnd = eq;
    while (nameEnd > i && line.charCodeAt(nameEnd - 1) === SPACE) nameEnd--;
    if (nameEnd === i) return bad("empty-name", "no attribute name before `=`", i + 1);
    const name = line.slice(i, nameEnd);
    if (control >= 0 && control < eq) {
      return bad("binary-data", "binary data in an attribute name", control + 1, name);
    }
    let v = eq + 1;
    while (v < length && line.charCodeAt(v) === SPACE) v++;
    let valueEnd = length;
    while (valueEnd > v && isSpace(line.charCodeAt(valueEnd - 1))) valueEnd--;
    if (valueEnd === v) return bad("empty-value", `attribute ${name} has no value after \`=\``, eq + 2, name);
    if (line.charCodeAt(v) === EQUALS) {
      return bad("bad-expression", `attribute ${name}: a value cannot start with \`=\``, v + 1, name);
    }
    const text = line.slice(v);
    const lower = neighbour !== null && neighbour.name === name ? neighbour.lower : this.internLower(foldName(name));
    const record: AttrLine = { name, lower, text, syntax: "old", valueColumn: v + 1, raw: line, expr: null, parseError: null };
    const check = checkValueText(text, "old");
    if (check.kind === "binary") {
      return bad("binary-data", `attribute ${name}: binary data in the value`, v + check.offset + 1, name);
    }
    if (check.kind === "parse-now" || this.eager) {
      try {
        record.expr = parseAttrText(text, "old");
      } catch (err) {
        const { message, offset } = describeParseError(err);
        return bad("bad-expression", `attribute ${name}: ${message}`, v + offset + 1, name);
      }
    }
    return record;
  }

  private internLower(lower: string): string {
    const known = this.lowerNames.get(lower);
    if (known !== undefined) return known;
    this.lowerNames.set(lower, lower);
    return lower;
  }

  private startAd(line = this.lineNo): void {
    this.inAd = true;
    this.adStartLine = line;
    this.adCount++;
  }

  /** A comment inside an ad: attribute line numbers are no longer consecutive. */
  private noteGap(): void {
    this.runNode = null;
    this.runLines = [];
    if (this.lineNumbers !== null) return;
    this.lineNumbers = [];
    for (let pos = 0; pos < this.lineCount; pos++) this.lineNumbers.push(this.adStartLine + pos);
  }

  private finishAd(): void {
    this.runNode = null;
    this.runLines = [];
    if (!this.inAd) return;
    this.inAd = false;
    const adIndex = this.adCount - 1;
    const pieces = this.pieces;
    const lineCount = this.lineCount;
    const lineNumbers = this.lineNumbers;
    const shape = this.walker.finish();
    if (this.walker.nodesCreated > SHAPE_NODE_LIMIT || this.remembered > REMEMBERED_LIMIT) {
      this.remembered = 0;
      this.walker = new ShapeWalker(ShapeNode.root());
      this.lowerNames = new Map();
    }
    this.pieces = [];
    this.lineCount = 0;
    this.lineNumbers = null;
    const hadFault = this.adHasFault;
    this.adHasFault = false;
    if ((hadFault && this.options.keepPartialAds !== true) || lineCount === 0) {
      // An ad whose lines were all comments is no ad; one with a fault is left out (reported).
      if (hadFault) this.sink.dropped(adIndex, this.adStartLine);
      return;
    }
    const origin = { index: adIndex, line: this.adStartLine };
    const lazy = new LazyAttrs(shape, pieces, origin, lineNumbers, this.lazyFaults);
    this.sink.ad(ClassAd.fromSource(lazy), lineCount);
  }

  private fault(
    code: AdFaultCode,
    message: string,
    column: number,
    attribute: string | undefined,
    severity: "error" | "warning" = "error",
  ): void {
    this.sink.fault(makeFault(code, message, this.adCount - 1, this.lineNo, column, attribute, severity));
  }
}

function matchingSegment(node: ShapeNode, text: string, start: number): LineSegment | null {
  const segments = node.segments!;
  const keys = node.segmentKeys!;
  for (let i = 0, k = 0; i < segments.length; i++, k += 3) {
    const length = keys[k]!;
    // Two characters first (the last one before the final newline, one in the middle), then
    // slice + === (memcmp; startsWith walks character by character).
    if (text.charCodeAt(start + length - 2) !== keys[k + 1] || text.charCodeAt(start + (length >> 1)) !== keys[k + 2]) continue;
    const segment = segments[i]!;
    if (text.slice(start, start + length) === segment.text) return segment;
  }
  return null;
}

/**
 * A copy of a slice that does not keep the whole block alive (a plain `slice` may point into it).
 * Concatenation then slicing makes the engine flatten the text into a fresh string.
 */
function detachedSlice(text: string, start: number, end: number): string {
  return (" " + text.slice(start, end)).slice(1);
}

function bad(code: AdFaultCode, message: string, column: number, attribute?: string): BadLine {
  return { bad: true, code, message, column, attribute };
}

/** The first NUL byte before `end`: HTCondor takes any other byte in a name or value as text. */
function firstControl(line: string, end: number): number {
  const at = line.indexOf("\0");
  return at >= 0 && at < end ? at : -1;
}

/** A parser error's message and 0-based offset in the parsed text, whatever its exact shape. */
export function describeParseError(err: unknown): { message: string; offset: number } {
  if (err instanceof Error) {
    const fields = err as Error & { offset?: unknown; start?: unknown; position?: unknown };
    const raw = fields.offset ?? fields.start ?? fields.position;
    let offset = 0;
    if (typeof raw === "number") offset = raw;
    else if (raw !== null && typeof raw === "object") {
      const nested = (raw as { offset?: unknown }).offset;
      if (typeof nested === "number") offset = nested;
    }
    return { message: err.message, offset: offset >= 0 ? offset : 0 };
  }
  return { message: String(err), offset: 0 };
}

