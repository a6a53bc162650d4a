/**
 * The ClassAd class: a case-insensitive, case-preserving map from attribute names to expressions
 * (the contract is `ClassAd` in `src/model/classad.ts`), with HTCondor's typed evaluations.
 *
 * Attribute names are keyed by `foldName` in a `Map` (never a plain object, so no user-supplied
 * name can reach a prototype). The first spelling inserted is kept, the last value wins, as in
 * HTCondor's `ClassAd::Insert`. An attribute may be stored as unparsed text (`setText`, or a
 * reader's {@link AttrSource}) and is parsed on first use.
 *
 * Strings (src/classad/text.ts): names and text given to the methods are read as text (or as the
 * UTF-8 bytes `names()` hands out); the storage methods that hand out names and trees (`names`,
 * `entries`, `spelling`, `rawText`, `lookup`) show them as stored, as byte strings; everything
 * that evaluates or converts hands out text.
 */
import type { AdOrigin, ClassAd as ClassAdContract, SourceSyntax } from "../model/classad.js";
import type { EvaluateOptions, EvaluationResult } from "../model/evaluation.js";
import type { JSONData, JSValue, ToJSOptions } from "../model/js-value.js";
import type { Expr, RecordNode } from "../model/nodes.js";
import { foldName } from "../model/names.js";
import { byteStringOf, fromByteString } from "../model/bytes.js";
import { intAsBigInt, intAsNumber, type Value } from "../model/value.js";
import { booleanEquiv } from "../eval/operators.js";
import { newState, runInState } from "../eval/run.js";
import { parseAttrText } from "../parser/index.js";
import type { AttrSource, StoredAttr } from "./attr-source.js";
import { adFromJS, adToJS } from "./convert.js";
import { evalSettings } from "./environment.js";
import { nameBytes, valueForUser } from "./text.js";
import { adJSON, adKept, adTexts } from "./unevaluated.js";

interface AttrSlot {
  /** The spelling of the first insertion. */
  readonly name: string;
  expr: Expr | null;
  text: string | null;
  syntax: SourceSyntax;
  /** For a slot copied from a source: parse through it (shared tree, fault report). */
  stored?: { readonly source: AttrSource; readonly attr: StoredAttr };
}

class ClassAdImpl implements ClassAdContract {
  private ownSlots = new Map<string, AttrSlot>();
  /** Attributes still read from a reader's store; the first change copies them into `ownSlots`. */
  private source: AttrSource | null = null;
  origin: AdOrigin | null = null;
  parent: ClassAdContract | null = null;
  chainedParent: ClassAdContract | null = null;

  constructor(attrs?: Iterable<readonly [string, Expr]>) {
    if (attrs) for (const [name, expr] of attrs) this.insert(name, expr);
  }

  /** An ad from a parsed `[ ... ]` record, with `parent` as its lexical parent scope. */
  static fromRecord(node: RecordNode, parent: ClassAdContract | null = null): ClassAdContract {
    const ad = new ClassAdImpl();
    for (const attr of node.attrs) ad.insert(attr.name, attr.expr);
    ad.parent = parent;
    return ad;
  }

  /** An ad from a plain object or a Map: values are converted as `fromJSValue` does. */
  static fromJS(obj: object): ClassAdContract {
    return adFromJS(obj, newClassAd, isClassAd);
  }

  /** An ad reading its attributes through a reader's store (see {@link AttrSource}). */
  static fromSource(source: AttrSource): ClassAdContract {
    const ad = new ClassAdImpl();
    ad.source = source;
    ad.origin = source.origin;
    return ad;
  }

  /** The attribute map; copies the attributes of a source first. */
  private get slots(): Map<string, AttrSlot> {
    if (this.source !== null) this.copySource();
    return this.ownSlots;
  }

  private copySource(): void {
    const source = this.source;
    if (source === null) return;
    this.source = null;
    const slots = new Map<string, AttrSlot>();
    for (const [name, attr] of source.attrs()) {
      slots.set(foldName(name), attr.expr !== null
        ? { name, expr: attr.expr, text: null, syntax: attr.syntax }
        : { name, expr: null, text: attr.text, syntax: attr.syntax, stored: { source, attr } });
    }
    for (const [key, slot] of this.ownSlots) slots.set(key, slot);
    this.ownSlots = slots;
  }

  get size(): number {
    if (this.source !== null) return this.source.size;
    return this.slots.size;
  }

  set(name: string, expr: Expr): this {
    return this.insert(nameBytes(name), expr);
  }

  /** `set` with a name that is a byte string already (trees, readers). */
  private insert(name: string, expr: Expr): this {
    const key = foldName(name);
    const slot = this.slots.get(key);
    if (slot) {
      slot.expr = expr;
      slot.text = null;
      slot.stored = undefined;
    } else {
      this.slots.set(key, { name, expr, text: null, syntax: "new" });
    }
    return this;
  }

  setText(name: string, text: string, syntax: SourceSyntax = "old"): this {
    name = nameBytes(name);
    text = byteStringOf(text);
    const key = foldName(name);
    const slot = this.slots.get(key);
    if (slot) {
      slot.expr = null;
      slot.text = text;
      slot.syntax = syntax;
      slot.stored = undefined;
    } else {
      this.slots.set(key, { name, expr: null, text, syntax });
    }
    return this;
  }

  has(name: string): boolean {
    const key = foldName(nameBytes(name));
    if (this.source !== null) return this.source.find(key) !== undefined;
    return this.slots.has(key);
  }

  delete(name: string): boolean {
    return this.slots.delete(foldName(nameBytes(name)));
  }

  lookup(name: string): Expr | undefined {
    return this.lookupLower(foldName(nameBytes(name)));
  }

  lookupLower(foldedName: string): Expr | undefined {
    const source = this.source;
    if (source !== null) {
      const attr = source.find(foldedName);
      if (attr !== undefined) return attr.expr ?? source.expr(attr);
      return this.chainedParent?.lookupLower(foldedName);
    }
    const slot = this.ownSlots.get(foldedName);
    if (slot) return slotExpr(slot);
    return this.chainedParent?.lookupLower(foldedName);
  }

  spelling(name: string): string | undefined {
    const key = foldName(nameBytes(name));
    if (this.source !== null) return this.source.spelling(key);
    return this.slots.get(key)?.name;
  }

  rawText(name: string): string | undefined {
    const key = foldName(nameBytes(name));
    if (this.source !== null) {
      const attr = this.source.find(key);
      return attr !== undefined && attr.expr === null ? attr.text : undefined;
    }
    return this.slots.get(key)?.text ?? undefined;
  }

  names(): string[] {
    const out: string[] = [];
    if (this.source !== null) {
      for (const [name] of this.source.attrs()) out.push(name);
      return out;
    }
    for (const slot of this.slots.values()) out.push(slot.name);
    return out;
  }

  *entries(): IterableIterator<[string, Expr]> {
    const source = this.source;
    if (source !== null) {
      for (const [name, attr] of source.attrs()) yield [name, attr.expr ?? source.expr(attr)];
      return;
    }
    for (const slot of this.slots.values()) yield [slot.name, slotExpr(slot)];
  }

  // ---- evaluation

  evaluate(nameOrExpr: string | Expr, options: EvaluateOptions = {}): Value {
    if (typeof nameOrExpr === "string") return valueForUser(this.evaluateNamed(nameOrExpr, options).value);
    return valueForUser(runInState(newState(evalSettings(options, newClassAd), { ...options, my: this }), nameOrExpr).value);
  }

  getInteger(name: string, options: EvaluateOptions = {}): number | undefined {
    const value = this.evaluateTyped(name, options);
    return value?.kind === "int" ? intAsNumber(value) : undefined;
  }

  getBigInt(name: string, options: EvaluateOptions = {}): bigint | undefined {
    const value = this.evaluateTyped(name, options);
    return value?.kind === "int" ? intAsBigInt(value) : undefined;
  }

  getReal(name: string, options: EvaluateOptions = {}): number | undefined {
    const value = this.evaluateTyped(name, options);
    return value?.kind === "real" ? value.v : undefined;
  }

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

  getString(name: string, options: EvaluateOptions = {}): string | undefined {
    const value = this.evaluateTyped(name, options);
    return value?.kind === "string" ? fromByteString(value.v) : undefined;
  }

  getBool(name: string, options: EvaluateOptions = {}): boolean | undefined {
    const value = this.evaluateTyped(name, options);
    return value?.kind === "bool" ? value.v : undefined;
  }

  getBoolEquiv(name: string, options: EvaluateOptions = {}): boolean | undefined {
    const value = this.evaluateTyped(name, options);
    return value == null ? undefined : (booleanEquiv(value) ?? undefined);
  }

  toJS(options: ToJSOptions = {}): { [name: string]: JSValue } {
    switch (options.expressions) {
      case "text":
        return adTexts(this);
      case "keep":
        return adKept(this);
      default:
        return adToJS(this, evalSettings(options, newClassAd), options);
    }
  }

  /**
   * What `JSON.stringify(ad)` writes: the ad in the shape of HTCondor's JSON ads once parsed
   * (literals as JSON values, expressions as `"/Expr(<text>)/"`; see src/classad/unevaluated.ts).
   */
  toJSON(): { [name: string]: JSONData } {
    return adJSON(this);
  }

  /** HTCondor's `EvaluateAttr`: the attribute of this ad (UNDEFINED when nothing defines it). */
  private evaluateNamed(name: string, options: EvaluateOptions): EvaluationResult {
    return evaluateAttributeOf(this, name, options);
  }

  /** The attribute's value, or null when the evaluation failed (typed getters then say "not found"). */
  private evaluateTyped(name: string, options: EvaluateOptions): Value | null {
    const result = this.evaluateNamed(name, options);
    return result.failed ? null : result.value;
  }
}

function slotExpr(slot: AttrSlot): Expr {
  if (slot.expr === null) {
    const stored = slot.stored;
    slot.expr = stored !== undefined ? stored.source.expr(stored.attr) : parseAttrText(slot.text ?? "", slot.syntax);
    slot.stored = undefined;
    slot.text = null;
  }
  return slot.expr;
}

/** The attribute `name` of `ad`, evaluated with `ad` as MY (HTCondor's `EvaluateAttr`). */
export function evaluateAttributeOf(ad: ClassAdContract, name: string, options: EvaluateOptions): EvaluationResult {
  const state = newState(evalSettings(options, newClassAd), { ...options, my: ad });
  const ref: Expr = { kind: "attr", name: nameBytes(name), scope: null, absolute: false, start: -1, end: -1 };
  return runInState(state, ref);
}

/** Makes the ads evaluations create (record literals, `splitTime`, match frames). */
export function newClassAd(attrs?: Iterable<readonly [string, Expr]>): ClassAdContract {
  return new ClassAdImpl(attrs);
}

/** True for an ad made by this class. */
export function isClassAd(x: unknown): x is ClassAdContract {
  return x instanceof ClassAdImpl;
}

/** The constructor side of {@link ClassAd}. */
export interface ClassAdConstructor {
  new (attrs?: Iterable<readonly [string, Expr]>): ClassAd;
  readonly prototype: ClassAd;
  /** An ad from a parsed `[ ... ]` record, with `parent` as its lexical parent scope. */
  fromRecord(node: RecordNode, parent?: ClassAd | null): ClassAd;
  /** An ad from a plain object or a Map: values are converted as `fromJSValue` does. */
  fromJS(obj: object): ClassAd;
  /** An ad reading its attributes through a reader's store (see `AttrSource`). */
  fromSource(source: AttrSource): ClassAd;
}

/** A ClassAd: see `src/model/classad.ts` for every member. */
export type ClassAd = ClassAdContract;
export const ClassAd: ClassAdConstructor = ClassAdImpl;
