/**
 * A ClassAd: a case-insensitive, case-preserving map from attribute names to expressions.
 *
 * Attribute names are keyed by their lower-cased spelling in a `Map` (never a plain object, so no
 * user-supplied name can reach a prototype). The first spelling inserted is kept, the last value
 * wins, as in HTCondor's `ClassAd::Insert`.
 *
 * An attribute may be stored as unparsed text (`setText`): readers of big dumps keep each
 * attribute's text and parse it only when it is first used. Parsed texts are shared between ads
 * through an expression cache, since most slots of a pool repeat the same policy expressions.
 */
import type { Expr, RecordNode } from "../ast/nodes.js";
import { parseExpression } from "../parser/index.js";

/** How a lazily stored attribute text is to be lexed when it is parsed. */
export type SourceSyntax = "old" | "new";

interface AttrSlot {
  /** The spelling of the first insertion. */
  readonly name: string;
  expr: Expr | null;
  text: string | null;
  syntax: SourceSyntax;
}

export class ClassAd {
  private readonly slots = new Map<string, AttrSlot>();
  /** The ad lexically enclosing this one (a record literal nested in an ad), or null. */
  parent: ClassAd | null = null;
  /** An ad whose attributes show through where this one has none (HTCondor's ChainToAd). */
  chainedParent: ClassAd | null = null;

  constructor(attrs?: Iterable<readonly [string, Expr]>) {
    if (attrs) for (const [name, expr] of attrs) this.set(name, expr);
  }

  /** An ad from a parsed `[ ... ]` record, with `parent` as its lexical parent scope. */
  static fromRecord(node: RecordNode, parent: ClassAd | null = null): ClassAd {
    const ad = new ClassAd();
    for (const attr of node.attrs) ad.set(attr.name, attr.expr);
    ad.parent = parent;
    return ad;
  }

  /** Number of attributes defined in this ad itself (not its chained parent). */
  get size(): number {
    return this.slots.size;
  }

  /** Set an attribute to an expression. */
  set(name: string, expr: Expr): this {
    const key = name.toLowerCase();
    const slot = this.slots.get(key);
    if (slot) {
      slot.expr = expr;
      slot.text = null;
    } else {
      this.slots.set(key, { name, expr, text: null, syntax: "new" });
    }
    return this;
  }

  /** Set an attribute to expression text, parsed on first use (`old`: HTCondor's old string lexing). */
  setText(name: string, text: string, syntax: SourceSyntax = "old"): this {
    const key = name.toLowerCase();
    const slot = this.slots.get(key);
    if (slot) {
      slot.expr = null;
      slot.text = text;
      slot.syntax = syntax;
    } else {
      this.slots.set(key, { name, expr: null, text, syntax });
    }
    return this;
  }

  /** True when this ad itself defines the attribute (case-insensitive). */
  has(name: string): boolean {
    return this.slots.has(name.toLowerCase());
  }

  delete(name: string): boolean {
    return this.slots.delete(name.toLowerCase());
  }

  /** The expression of an attribute of this ad or its chained parent, parsing stored text if needed. */
  lookup(name: string): Expr | undefined {
    const slot = this.slots.get(name.toLowerCase());
    if (slot) return slotExpr(slot);
    return this.chainedParent?.lookup(name);
  }

  /** Like `lookup` with an already lower-cased name: the evaluator's hot path. */
  lookupLower(lowerName: string): Expr | undefined {
    const slot = this.slots.get(lowerName);
    if (slot) return slotExpr(slot);
    return this.chainedParent?.lookupLower(lowerName);
  }

  /** The stored spelling of an attribute name, or undefined. */
  spelling(name: string): string | undefined {
    return this.slots.get(name.toLowerCase())?.name;
  }

  /** The unparsed text of an attribute stored with `setText` and not parsed yet, else undefined. */
  rawText(name: string): string | undefined {
    return this.slots.get(name.toLowerCase())?.text ?? undefined;
  }

  /** Attribute names of this ad (first spellings), in insertion order. */
  names(): string[] {
    const out: string[] = [];
    for (const slot of this.slots.values()) out.push(slot.name);
    return out;
  }

  /** `[name, expr]` pairs of this ad in insertion order (stored texts are parsed). */
  *entries(): IterableIterator<[string, Expr]> {
    for (const slot of this.slots.values()) yield [slot.name, slotExpr(slot)];
  }
}

function slotExpr(slot: AttrSlot): Expr {
  if (slot.expr === null) {
    slot.expr = parseCached(slot.text ?? "", slot.syntax);
    slot.text = null;
  }
  return slot.expr;
}

/**
 * Shared parsed expressions keyed by their text. Expressions are immutable, so one tree can
 * serve every ad that carries the same text. Bounded so a stream of unique texts cannot grow it
 * without limit.
 */
const EXPRESSION_CACHE_LIMIT = 65_536;
const expressionCache = new Map<string, Expr>();

function parseCached(text: string, syntax: SourceSyntax): Expr {
  const key = syntax === "old" ? text : "\u0000new\u0000" + text;
  const hit = expressionCache.get(key);
  if (hit) return hit;
  const expr = parseExpression(text, { oldStringLexing: syntax === "old" });
  if (expressionCache.size >= EXPRESSION_CACHE_LIMIT) expressionCache.clear();
  expressionCache.set(key, expr);
  return expr;
}
