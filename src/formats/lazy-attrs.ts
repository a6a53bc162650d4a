/**
 * Compact, lazily parsed attribute storage for ads loaded from big dumps.
 *
 * A pool dump repeats the same `Name = value` lines across thousands of slot ads. The loader
 * interns each distinct line once as an {@link AttrLine} (name, value text, and the parsed
 * expression once somebody asks for it), so an ad costs one pointer per attribute. The ad's
 * attribute names are described by a {@link ShapeNode}: a path in a tree of name sequences shared
 * by every ad with the same attribute list (like a JS engine's hidden classes). The name index of
 * a shape is built on the first lookup and shared by all ads of that shape.
 *
 * No Node module here: this runs in a browser too.
 */
import type { AttrSource } from "../classad/attr-source.js";
import type { AdOrigin, SourceSyntax } from "../model/classad.js";
import type { Expr } from "../model/nodes.js";
import { ERROR } from "../model/value.js";
import { parseAttrText } from "../parser/index.js";

/**
 * One distinct attribute line, shared by every ad that carries it. `expr` is filled on first use.
 * `valueColumn` is the 1-based column of the value text in the source line.
 */
export interface AttrLine {
  readonly name: string;
  readonly lower: string;
  readonly text: string;
  readonly syntax: SourceSyntax;
  readonly valueColumn: number;
  /** The whole source line (loaders compare raw lines to share records). */
  readonly raw: string;
  expr: Expr | null;
  /** Set when parsing the text failed: the attribute then reads as `error`. */
  parseError: string | null;
}

/** A fault found when a lazily stored attribute is parsed on first use. */
export interface LazyParseFault {
  readonly adIndex: number;
  readonly line: number;
  readonly column: number;
  readonly attribute: string;
  readonly message: string;
}

/** Lookup result of a shape: value position (last occurrence) per lower-cased name. */
export interface ShapeIndex {
  readonly byName: Map<string, number>;
  /** Positions of each name's first occurrence, in insertion order (for iteration and spelling). */
  readonly order: readonly number[];
}

/**
 * A node of the shape tree: the sequence of lower-cased names from the root to here.
 * `duplicate` tells whether this node's name already occurred earlier on the path.
 */
export class ShapeNode {
  private soleKey: string | null = null;
  private soleChild: ShapeNode | null = null;
  private children: Map<string, ShapeNode> | null = null;
  private cachedIndex: ShapeIndex | null = null;
  /**
   * The last few distinct lines that followed this node when a loader passed here. Loaders
   * compare the next source line with them first: in a pool dump it is usually one of them.
   */
  nextLines: AttrLine[] | null = null;
  /**
   * Per guess, its length and two of its characters (last, middle), kept next to each other so
   * that ruling a guess out does not touch the guess itself (memory far away).
   */
  nextLineKeys: number[] | null = null;
  /** Consecutive times no guess matched here (a place where every ad has its own line). */
  guessMisses = 0;
  /**
   * Every distinct line seen here, for places where ads take many values (bounded; dropped
   * when it proves useless, i.e. where every ad has a line of its own).
   */
  lineMap: Map<string, AttrLine> | null = null;
  lineMapHits = 0;
  lineMapMisses = 0;
  /** The last few runs of lines that followed this node, compared in one go by loaders. */
  segments: LineSegment[] | null = null;
  /** Per segment: length and two characters (before the final newline, middle), as for guesses. */
  segmentKeys: number[] | null = null;

  constructor(
    readonly parent: ShapeNode | null,
    readonly lower: string,
    readonly depth: number,
    readonly duplicate: boolean,
  ) {}

  static root(): ShapeNode {
    return new ShapeNode(null, "", 0, false);
  }

  /** The existing child for a name, or undefined. Names are interned, so `===` mostly decides. */
  child(lower: string): ShapeNode | undefined {
    if (this.soleKey === lower) return this.soleChild ?? undefined;
    return this.children?.get(lower);
  }

  addChild(lower: string, duplicate: boolean): ShapeNode {
    const node = new ShapeNode(this, lower, this.depth + 1, duplicate);
    if (this.soleKey === null) {
      this.soleKey = lower;
      this.soleChild = node;
    } else {
      (this.children ??= new Map()).set(lower, node);
    }
    return node;
  }

  /** Lower-cased names on the path from the root, in order. */
  path(): string[] {
    const names = new Array<string>(this.depth);
    for (let node: ShapeNode | null = this; node && node.depth > 0; node = node.parent) {
      names[node.depth - 1] = node.lower;
    }
    return names;
  }

  index(): ShapeIndex {
    if (this.cachedIndex) return this.cachedIndex;
    const byName = new Map<string, number>();
    const order: number[] = [];
    const names = this.path();
    for (let pos = 0; pos < names.length; pos++) {
      const lower = names[pos]!;
      if (!byName.has(lower)) order.push(pos);
      byName.set(lower, pos);
    }
    this.cachedIndex = { byName, order };
    return this.cachedIndex;
  }
}

const GUESSES_KEPT = 8;
const SEGMENTS_KEPT = 8;

/** Remembers a segment at its start node (the last few are kept, newest first). */
export function rememberSegment(node: ShapeNode, segment: LineSegment): void {
  const text = segment.text;
  const length = text.length;
  const known = node.segments;
  const keys = node.segmentKeys;
  if (known === null || keys === null) {
    node.segments = [segment];
    node.segmentKeys = [length, text.charCodeAt(length - 2), text.charCodeAt(length >> 1)];
    return;
  }
  if (known.length >= SEGMENTS_KEPT) {
    known.pop();
    keys.length -= 3;
  }
  known.unshift(segment);
  keys.unshift(length, text.charCodeAt(length - 2), text.charCodeAt(length >> 1));
}


/**
 * Consecutive source lines (`text`, newlines included) that once followed a shape node, with
 * their records and the node reached after them. A loader that finds the same text at the same
 * node adds all of them with one comparison.
 */
export interface LineSegment {
  readonly text: string;
  readonly lines: readonly AttrLine[];
  readonly end: ShapeNode;
}

/**
 * Walks the shape tree while an ad's lines are read, and tells which names repeat. The set of
 * names seen is only built when the ad leaves the known part of the tree, so following a known
 * shape costs one identity comparison per attribute.
 */
export class ShapeWalker {
  private node: ShapeNode;
  private seen: Set<string> | null = null;
  private created = 0;

  constructor(readonly root: ShapeNode) {
    this.node = root;
  }

  /** Lines that followed the current position before (a loader's guesses), or null. */
  predicted(): AttrLine[] | null {
    return this.node.nextLines;
  }

  /** Remembers `line` as a guess for the current position (the last few are kept). */
  remember(line: AttrLine): void {
    const node = this.node;
    const raw = line.raw;
    const length = raw.length;
    const known = node.nextLines;
    const keys = node.nextLineKeys;
    if (known === null || keys === null) {
      node.nextLines = [line];
      node.nextLineKeys = [length, raw.charCodeAt(length - 1), raw.charCodeAt(length >> 1)];
      return;
    }
    if (known.length >= GUESSES_KEPT) {
      known.pop();
      keys.length -= 3;
    }
    known.unshift(line);
    keys.unshift(length, raw.charCodeAt(length - 1), raw.charCodeAt(length >> 1));
  }

  /** The node reached so far (loaders attach segments to it). */
  get current(): ShapeNode {
    return this.node;
  }

  /** Moves to the end of a segment that starts at the current node (its names are known not to repeat). */
  jump(segment: LineSegment): void {
    if (this.seen !== null) for (const line of segment.lines) this.seen.add(line.lower);
    this.node = segment.end;
  }

  /** Number of shape nodes created from this walker's root (callers may start a new tree). */
  get nodesCreated(): number {
    return this.created;
  }

  /** Moves on by one name; returns true when the name already occurred in this ad. */
  step(lower: string): boolean {
    const known = this.node.child(lower);
    if (known) {
      this.node = known;
      this.seen?.add(lower);
      return known.duplicate;
    }
    if (!this.seen) this.seen = new Set(this.node.path());
    const duplicate = this.seen.has(lower);
    this.seen.add(lower);
    this.created++;
    this.node = this.node.addChild(lower, duplicate);
    return duplicate;
  }

  finish(): ShapeNode {
    const done = this.node;
    this.node = this.root;
    this.seen = null;
    return done;
  }
}

/** Receives faults of lazily parsed attributes (set by the loader that created the ads). */
export type LazyFaultSink = (fault: LazyParseFault) => void;

/** The lazily parsed attributes of one ad. */
export class LazyAttrs implements AttrSource<AttrLine> {
  /**
   * The ad's lines as loaded: single lines and shared segments (few pointers per ad, which keeps
   * a big load light for the garbage collector); flattened into `lines` on first use.
   */
  private pieces: ReadonlyArray<AttrLine | LineSegment> | null;
  private flat: AttrLine[] | null = null;

  /** The ad's lines in source order (position i holds the i-th attribute line). */
  get lines(): readonly AttrLine[] {
    if (this.flat !== null) return this.flat;
    const flat: AttrLine[] = [];
    for (const piece of this.pieces ?? []) {
      const segmentLines = (piece as Partial<LineSegment>).lines;
      if (segmentLines !== undefined) for (const line of segmentLines) flat.push(line);
      else flat.push(piece as AttrLine);
    }
    this.flat = flat;
    this.pieces = null;
    return flat;
  }

  constructor(
    readonly shape: ShapeNode,
    pieces: ReadonlyArray<AttrLine | LineSegment>,
    readonly origin: AdOrigin | null,
    /** Source line numbers of the attributes when they are not consecutive (comments in between). */
    readonly lineNumbers: readonly number[] | null,
    readonly onFault: LazyFaultSink | null,
  ) {
    this.pieces = pieces;
  }

  get size(): number {
    return this.shape.index().order.length;
  }

  /** The line holding the (last) value of a lower-cased name. */
  find(lower: string): AttrLine | undefined {
    const pos = this.shape.index().byName.get(lower);
    return pos === undefined ? undefined : this.lines[pos];
  }

  /** The first spelling of a lower-cased name. */
  spelling(lower: string): string | undefined {
    const index = this.shape.index();
    const last = index.byName.get(lower);
    if (last === undefined) return undefined;
    for (const pos of index.order) if (this.lines[pos]!.lower === lower) return this.lines[pos]!.name;
    return undefined;
  }

  /** `[first spelling, line of the last value]` per attribute, in insertion order. */
  *attrs(): IterableIterator<[string, AttrLine]> {
    const index = this.shape.index();
    for (const pos of index.order) {
      const first = this.lines[pos]!;
      const last = this.lines[index.byName.get(first.lower)!]!;
      yield [first.name, last];
    }
  }

  /** The expression of a line, parsing it on first use. A syntax error reads as `error` and is reported. */
  expr(line: AttrLine): Expr {
    if (line.expr !== null) return line.expr;
    try {
      line.expr = parseAttrText(line.text, line.syntax);
    } catch (err) {
      line.parseError = err instanceof Error ? err.message : String(err);
      const offset = (err as { offset?: unknown } | null)?.offset;
      line.expr = { kind: "literal", value: ERROR, start: -1, end: -1 };
      this.report(line, typeof offset === "number" && offset > 0 ? offset : 0);
    }
    return line.expr;
  }

  private report(line: AttrLine, offset: number): void {
    if (!this.onFault) return;
    const pos = this.lines.indexOf(line);
    const lineNo = this.lineNumbers?.[pos] ?? (this.origin ? this.origin.line + pos : 0);
    this.onFault({
      adIndex: this.origin?.index ?? -1,
      line: lineNo,
      column: line.valueColumn + offset,
      attribute: line.name,
      message: line.parseError ?? "syntax error",
    });
  }
}

