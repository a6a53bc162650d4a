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
import { parseAttrText, type AdOrigin, type AttrLine, type LazyAttrs } from "./lazy-attrs.js";
import { fromByteString } from "../ast/bytes.js";
import { evaluateAttribute, evaluateWithStatus, type EvaluateOptions } from "./evaluate.js";
import { adFromJS, adToJS, type JSValue } from "./convert.js";
import { intAsBigInt, intAsNumber, type Value } from "./value.js";
import { booleanEquiv } from "./operators.js";

/** How a lazily stored attribute text is to be lexed when it is parsed. */
export type SourceSyntax = "old" | "new";

interface AttrSlot {
  /** The spelling of the first insertion. */
  readonly name: string;
  expr: Expr | null;
  text: string | null;
  syntax: SourceSyntax;
  /** For a slot moved from lazily stored lines: parse through them (shared tree, fault report). */
  lazySource?: { readonly lazy: LazyAttrs; readonly line: AttrLine };
}

export class ClassAd {
  private ownSlots = new Map<string, AttrSlot>();
  /**
   * Attributes of a loaded ad kept as shared, unparsed lines (see `lazy-attrs.ts`). Reads use
   * them directly; the first access through `slots` (any change) moves them into the map.
   */
  private lazy: LazyAttrs | null = null;
  /** Where a loaded ad came from: its index among the source's ads and its first line. */
  origin: AdOrigin | null = null;

  /** The attribute map; converts lazily stored attributes first. */
  private get slots(): Map<string, AttrSlot> {
    if (this.lazy !== null) this.materialize();
    return this.ownSlots;
  }
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

  /** An ad whose attributes are lazily stored lines (used by the ad readers). */
  static fromLazy(lazy: LazyAttrs): ClassAd {
    const ad = new ClassAd();
    ad.lazy = lazy;
    ad.origin = lazy.origin;
    return ad;
  }

  /** Moves lazily stored lines into the attribute map (before a change). */
  private materialize(): void {
    const lazy = this.lazy;
    if (lazy === null) return;
    this.lazy = null;
    const slots = new Map<string, AttrSlot>();
    for (const [name, line] of lazy.attrs()) {
      slots.set(line.lower, line.expr !== null
        ? { name, expr: line.expr, text: null, syntax: line.syntax }
        : { name, expr: null, text: line.text, syntax: line.syntax, lazySource: { lazy, line } });
    }
    for (const [key, slot] of this.ownSlots) slots.set(key, slot);
    this.ownSlots = slots;
  }

  /** Number of attributes defined in this ad itself (not its chained parent). */
  get size(): number {
    if (this.lazy !== null) return this.lazy.size;
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
    if (this.lazy !== null) return this.lazy.find(name.toLowerCase()) !== undefined;
    return this.slots.has(name.toLowerCase());
  }

  delete(name: string): boolean {
    return this.slots.delete(name.toLowerCase());
  }

  /** The expression of an attribute of this ad or its chained parent, parsing stored text if needed. */
  lookup(name: string): Expr | undefined {
    if (this.lazy !== null) return this.lookupLower(name.toLowerCase());
    const slot = this.slots.get(name.toLowerCase());
    if (slot) return slotExpr(slot);
    return this.chainedParent?.lookup(name);
  }

  /** Like `lookup` with an already lower-cased name: the evaluator's hot path. */
  lookupLower(lowerName: string): Expr | undefined {
    const lazy = this.lazy;
    if (lazy !== null) {
      const line = lazy.find(lowerName);
      if (line !== undefined) return line.expr ?? lazy.expr(line);
      return this.chainedParent?.lookupLower(lowerName);
    }
    const slot = this.slots.get(lowerName);
    if (slot) return slotExpr(slot);
    return this.chainedParent?.lookupLower(lowerName);
  }

  /** The stored spelling of an attribute name, or undefined. */
  spelling(name: string): string | undefined {
    if (this.lazy !== null) return this.lazy.spelling(name.toLowerCase());
    return this.slots.get(name.toLowerCase())?.name;
  }

  /** The unparsed text of an attribute stored with `setText` and not parsed yet, else undefined. */
  rawText(name: string): string | undefined {
    if (this.lazy !== null) {
      const line = this.lazy.find(name.toLowerCase());
      return line !== undefined && line.expr === null ? line.text : undefined;
    }
    return this.slots.get(name.toLowerCase())?.text ?? undefined;
  }

  /** Attribute names of this ad (first spellings), in insertion order. */
  names(): string[] {
    const out: string[] = [];
    if (this.lazy !== null) {
      for (const [name] of this.lazy.attrs()) out.push(name);
      return out;
    }
    for (const slot of this.slots.values()) out.push(slot.name);
    return out;
  }

  /** Stored lines when this ad is still lazily stored, else null (for writers that reuse raw text). */
  lazyLines(): Iterable<[string, AttrLine]> | null {
    return this.lazy === null ? null : this.lazy.attrs();
  }

  /** `[name, expr]` pairs of this ad in insertion order (stored texts are parsed). */
  *entries(): IterableIterator<[string, Expr]> {
    const lazy = this.lazy;
    if (lazy !== null) {
      for (const [name, line] of lazy.attrs()) yield [name, line.expr ?? lazy.expr(line)];
      return;
    }
    for (const slot of this.slots.values()) yield [slot.name, slotExpr(slot)];
  }

  // ---- evaluation (implemented in api.ts / convert.ts; see there for the semantics)

  /**
   * Evaluate an attribute of this ad by name (HTCondor's `EvaluateAttr`: UNDEFINED when nothing
   * defines it), or an expression with this ad as MY. `options.target` makes it a match.
   */
  evaluate(nameOrExpr: string | Expr, options: EvaluateOptions = {}): Value {
    const context = { ...options, my: this };
    if (typeof nameOrExpr === "string") return evaluateAttribute(nameOrExpr, context).value;
    return evaluateWithStatus(nameOrExpr, context).value;
  }

  /** An INTEGER attribute as a JS number (HTCondor `EvaluateAttrInt`); else undefined. */
  getInteger(name: string, options: EvaluateOptions = {}): number | undefined {
    const value = this.evaluateTyped(name, options);
    return value?.kind === "int" ? intAsNumber(value) : undefined;
  }

  /** An INTEGER attribute exactly, as a bigint; else undefined. */
  getBigInt(name: string, options: EvaluateOptions = {}): bigint | undefined {
    const value = this.evaluateTyped(name, options);
    return value?.kind === "int" ? intAsBigInt(value) : undefined;
  }

  /** A REAL attribute (HTCondor `EvaluateAttrReal`: integers do not qualify); else undefined. */
  getReal(name: string, options: EvaluateOptions = {}): number | undefined {
    const value = this.evaluateTyped(name, options);
    return value?.kind === "real" ? value.v : undefined;
  }

  /** A boolean, integer or real attribute as a number (HTCondor `EvaluateAttrNumber`); else undefined. */
  getNumber(name: string, options: EvaluateOptions = {}): number | undefined {
    const value = this.evaluateTyped(name, options);
    switch (value?.kind) {
      case "bool":
        return value.v ? 1 : 0;
      case "int":
        return intAsNumber(value);
      case "real":
        return value.v;
      default:
        return undefined;
    }
  }

  /** A STRING attribute decoded from UTF-8 (HTCondor `EvaluateAttrString`); else undefined. */
  getString(name: string, options: EvaluateOptions = {}): string | undefined {
    const value = this.evaluateTyped(name, options);
    return value?.kind === "string" ? fromByteString(value.v) : undefined;
  }

  /** A BOOLEAN attribute (HTCondor `EvaluateAttrBool`: numbers do not qualify); else undefined. */
  getBool(name: string, options: EvaluateOptions = {}): boolean | undefined {
    const value = this.evaluateTyped(name, options);
    return value?.kind === "bool" ? value.v : undefined;
  }

  /**
   * A boolean or a number read as one, non-zero being true (HTCondor `EvaluateAttrBoolEquiv`,
   * i.e. `LookupBool`); else undefined.
   */
  getBoolEquiv(name: string, options: EvaluateOptions = {}): boolean | undefined {
    const value = this.evaluateTyped(name, options);
    return value == null ? undefined : (booleanEquiv(value) ?? undefined);
  }

  /** The attribute's value, or null when the evaluation failed (typed getters then say "not found"). */
  private evaluateTyped(name: string, options: EvaluateOptions): Value | null {
    const result = evaluateAttribute(name, { ...options, my: this });
    return result.failed ? null : result.value;
  }

  /** Every attribute evaluated and converted to plain JS (see `convert.ts` for the mapping). */
  toJS(options: EvaluateOptions = {}): { [name: string]: JSValue } {
    return adToJS(this, options);
  }

  /** An ad from a plain object or a Map: values are converted as `fromJSValue` does. */
  static fromJS(obj: object): ClassAd {
    return adFromJS(obj);
  }
}

function slotExpr(slot: AttrSlot): Expr {
  if (slot.expr === null) {
    const source = slot.lazySource;
    slot.expr = source !== undefined && slot.text === source.line.text ? source.lazy.expr(source.line) : parseCached(slot.text ?? "", slot.syntax);
    slot.lazySource = undefined;
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
  const expr = parseAttrText(text, syntax);
  if (expressionCache.size >= EXPRESSION_CACHE_LIMIT) expressionCache.clear();
  expressionCache.set(key, expr);
  return expr;
}
