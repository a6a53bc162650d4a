/**
 * Keys: what a lookup found, as a small integer. Equal keys mean the compiled path evaluates the
 * two expressions identically: scalar literals are keyed by value, other trees by their structure
 * (a canonical text, positions ignored), trees holding a non-scalar literal by identity.
 *
 * The interner that hands keys out is owned by a `Pool` and bounded: a long-running process that
 * sees millions of distinct jobs would otherwise keep every structure it ever saw.
 *
 * Why the bound is sound. Once `capacity` keys are interned, a tree not seen before gets a fresh
 * identity key instead (negative, unique per tree object, held in a WeakMap, so it keeps nothing
 * alive): equal identity keys still mean the same tree, hence the same evaluation; the memo only
 * shares less (a literal with an identity key has no `literalOf` value, so its slots are grouped
 * by key rather than by comparison outcome, and those memo branches end in the evaluator). The
 * interner never forgets on its own: keys already handed out stay meaningful while the pool's
 * columns and memos hold them. The owner starts a new generation (`reset`) between two matches,
 * when nothing keyed by the old generation is in use, and drops everything it keyed with it.
 */
import type { Expr } from "../../model/nodes.js";
import type { Value } from "../../model/value.js";

/** The key of an absent attribute. */
export const ABSENT_KEY = 0;

/** Keys of comparison outcomes, far from expression keys (which fit an Int32Array column). */
const OUTCOME_BASE = 2 ** 40;

/** The outcome of a comparison as a memo key. */
export function outcomeKey(value: Value): number {
  switch (value.kind) {
    case "bool":
      return OUTCOME_BASE + (value.v ? 0 : 1);
    case "undefined":
      return OUTCOME_BASE + 2;
    default:
      return OUTCOME_BASE + 3;
  }
}

/** Interned keys kept by default (each costs a map entry and, for a structure, its text). */
export const DEFAULT_KEY_CAPACITY = 100_000;

export class KeyInterner {
  private structures = new Map<string, number>();
  private literalValues = new Map<number, Value>();
  private intKeys = new Map<number, number>();
  private realKeys = new Map<number, number>();
  private stringKeys = new Map<string, number>();
  private fixedKeys = new Map<string, number>();
  private byTree = new WeakMap<Expr, number>();
  private lastKey = 0;
  private identityKeys = 0;
  private generationNumber = 0;
  private overflow = false;

  /** At most `capacity` keys are interned per generation (see the file comment). */
  constructor(readonly capacity: number = DEFAULT_KEY_CAPACITY) {
    if (!(capacity >= 1)) throw new RangeError(`key capacity must be at least 1, got ${capacity}`);
  }

  /** Keys interned in this generation (never more than `capacity`). */
  get size(): number {
    return this.lastKey;
  }

  /** True once a tree was given an identity key because the interner was full. */
  get overflowed(): boolean {
    return this.overflow;
  }

  /** Counts the resets; keys of different generations must never meet. */
  get generation(): number {
    return this.generationNumber;
  }

  /** Forget every key: only for an owner that also drops everything keyed with them. */
  reset(): void {
    this.structures = new Map();
    this.literalValues = new Map();
    this.intKeys = new Map();
    this.realKeys = new Map();
    this.stringKeys = new Map();
    this.fixedKeys = new Map();
    this.byTree = new WeakMap();
    this.lastKey = 0;
    this.identityKeys = 0;
    this.overflow = false;
    this.generationNumber++;
  }

  /** The literal value a key stands for, or undefined when the key is not an interned scalar literal's. */
  literalOf(key: number): Value | undefined {
    return this.literalValues.get(key);
  }

  /** The key of a lookup result (0 when the attribute is absent). */
  keyOf(expr: Expr | undefined): number {
    if (expr === undefined) return ABSENT_KEY;
    if (expr.kind === "literal") {
      const quick = this.literalKey(expr.value);
      if (quick !== 0) return quick;
    }
    let key = this.byTree.get(expr);
    if (key === undefined) {
      const text = structure(expr);
      key = text === null ? undefined : this.structures.get(text);
      if (key === undefined) {
        if (text === null || this.lastKey >= this.capacity) {
          if (text !== null) this.overflow = true;
          key = -(++this.identityKeys);
        } else {
          key = ++this.lastKey;
          this.structures.set(text, key);
          if (expr.kind === "literal") this.literalValues.set(key, expr.value);
        }
      }
      this.byTree.set(expr, key);
    }
    return key;
  }

  /** A new key for a scalar literal, or 0 when full (the tree then gets an identity key). */
  private newLiteralKey(value: Value): number {
    if (this.lastKey >= this.capacity) {
      this.overflow = true;
      return 0;
    }
    const key = ++this.lastKey;
    this.literalValues.set(key, value);
    return key;
  }

  /**
   * Keys of the common scalar literals, without building their structure text (a pool holds
   * thousands of distinct numbers). 0 for literals that take the general path.
   */
  private literalKey(value: Value): number {
    let key: number | undefined;
    switch (value.kind) {
      case "int":
        if (typeof value.v !== "number") return 0;
        key = this.intKeys.get(value.v);
        if (key === undefined && (key = this.newLiteralKey(value)) !== 0) this.intKeys.set(value.v, key);
        return key;
      case "real":
        if (Object.is(value.v, -0)) return 0;
        key = this.realKeys.get(value.v);
        if (key === undefined && (key = this.newLiteralKey(value)) !== 0) this.realKeys.set(value.v, key);
        return key;
      case "string":
        key = this.stringKeys.get(value.v);
        if (key === undefined && (key = this.newLiteralKey(value)) !== 0) this.stringKeys.set(value.v, key);
        return key;
      case "bool":
      case "undefined":
      case "error": {
        const name = value.kind === "bool" ? String(value.v) : value.kind;
        key = this.fixedKeys.get(name);
        if (key === undefined && (key = this.newLiteralKey(value)) !== 0) this.fixedKeys.set(name, key);
        return key;
      }
      default:
        return 0;
    }
  }
}

/** A canonical text of a tree's structure (positions ignored), or null when it holds a non-scalar literal. */
function structure(expr: Expr): string | null {
  const out: string[] = [];
  // An explicit stack of what is left to write (texts and trees, last first): left-deep chains
  // (`1 + 1 + ...`, `a.b.c...`) parse far deeper than the call stack goes.
  const work: (Expr | string)[] = [expr];
  while (work.length > 0) {
    const next = work.pop() as Expr | string;
    if (typeof next === "string") out.push(next);
    else if (!writeNode(next, out, work)) return null;
  }
  return out.join("");
}

/** Write what `expr` starts with to `out`, and queue its children and the text after them on `work`. */
function writeNode(expr: Expr, out: string[], work: (Expr | string)[]): boolean {
  /** Queue `parts` to be written in order. */
  const then = (...parts: (Expr | string)[]): void => {
    for (let i = parts.length - 1; i >= 0; i--) work.push(parts[i] as Expr | string);
  };
  switch (expr.kind) {
    case "literal":
      return writeLiteral(expr.value, out);
    case "attr":
      out.push(expr.absolute ? "." : "@", String(expr.name.length), ":", expr.name);
      if (expr.scope) then("<", expr.scope, ">");
      return true;
    case "unary":
      out.push("u", expr.op, "(");
      then(expr.operand, ")");
      return true;
    case "binary":
      out.push("b", expr.op, "(");
      then(expr.left, ",", expr.right, ")");
      return true;
    case "ternary":
      out.push("?(");
      then(expr.cond, ",", expr.then, ",", expr.otherwise, ")");
      return true;
    case "elvis":
      out.push("v(");
      then(expr.left, ",", expr.right, ")");
      return true;
    case "paren":
      out.push("p(");
      then(expr.inner, ")");
      return true;
    case "subscript":
      out.push("x(");
      then(expr.target, ",", expr.index, ")");
      return true;
    case "call":
    case "list": {
      const items = expr.kind === "call" ? expr.args : expr.items;
      out.push(expr.kind === "call" ? "c" + String(expr.name.length) + ":" + expr.name : "l", "(");
      then(...items.flatMap((item) => [item, ","]), ")");
      return true;
    }
    case "record":
      out.push("R(");
      then(...expr.attrs.flatMap((attr) => [String(attr.name.length) + ":" + attr.name + "=", attr.expr, ";"]), ")");
      return true;
  }
}

function writeLiteral(v: Value, out: string[]): boolean {
  switch (v.kind) {
    case "undefined":
      out.push("U");
      return true;
    case "error":
      out.push("E");
      return true;
    case "bool":
      out.push(v.v ? "T" : "F");
      return true;
    case "int":
      out.push("i", String(v.v), ";");
      return true;
    case "real":
      out.push("r", Object.is(v.v, -0) ? "-0" : String(v.v), ";");
      return true;
    case "string":
      out.push("s", String(v.v.length), ":", v.v);
      return true;
    case "abstime":
      out.push("a", String(v.secs), ",", String(v.offset), ";");
      return true;
    case "reltime":
      out.push("t", String(v.secs), ";");
      return true;
    default:
      return false;
  }
}
