/**
 * The ClassAd as every layer sees it: a case-insensitive, case-preserving map from attribute names
 * to expressions, with a lexical parent, plus the evaluation conveniences of the public API.
 *
 * This is the contract only. `Value`, `Expr` and `ClassAd` are mutually recursive (a list value
 * keeps the ad it is evaluated in, a literal holds a value, an ad holds expressions), as in
 * HTCondor, so their types live together here at the bottom. The class that implements this
 * interface is in `src/classad/`, above the evaluator and the builtin functions it calls.
 */
import type { EvaluateOptions } from "./evaluation.js";
import type { JSONData, JSValue, ToJSOptions } from "./js-value.js";
import type { Expr } from "./nodes.js";
import type { Value } from "./value.js";

/** How attribute text is lexed when it is parsed: `old` is HTCondor's old-ClassAd string lexing (`-long` files). */
export type SourceSyntax = "old" | "new";

/** Where a loaded ad came from: its 0-based index among the source's ads and its first line (1-based). */
export interface AdOrigin {
  readonly index: number;
  readonly line: number;
}

export interface ClassAd {
  /** The ad lexically enclosing this one (a record literal nested in an ad), or null. */
  parent: ClassAd | null;
  /** An ad whose attributes show through where this one has none (HTCondor's ChainToAd). */
  chainedParent: ClassAd | null;
  /** Where a loaded ad came from (set by the readers), else null. */
  origin: AdOrigin | null;

  /** Number of attributes defined in this ad itself (not its chained parent). */
  readonly size: number;
  /** Set an attribute to an expression (`name` is text, or the UTF-8 bytes `names()` gives). */
  set(name: string, expr: Expr): this;
  /** Set an attribute to expression text, parsed on first use (`old`: HTCondor's old string lexing). */
  setText(name: string, text: string, syntax?: SourceSyntax): this;
  /** True when this ad itself defines the attribute (case-insensitive). */
  has(name: string): boolean;
  /** Remove an attribute of this ad; true when it was there. */
  delete(name: string): boolean;
  /** The expression of an attribute of this ad or its chained parent, parsing stored text if needed. */
  lookup(name: string): Expr | undefined;
  /** Like `lookup` with a name already folded by `foldName`: the evaluator's hot path. */
  lookupLower(foldedName: string): Expr | undefined;
  /** The stored spelling of an attribute name, or undefined. */
  spelling(name: string): string | undefined;
  /** The unparsed text of an attribute stored as text and not parsed yet, else undefined. */
  rawText(name: string): string | undefined;
  /**
   * Attribute names of this ad (first spellings), in insertion order, as stored: byte strings,
   * which are the text itself for ASCII names (every name HTCondor uses); `fromByteString` decodes
   * others. The other calls taking a name accept these as well as text.
   */
  names(): string[];
  /** `[name, expr]` pairs of this ad in insertion order (stored texts are parsed). */
  entries(): IterableIterator<[string, Expr]>;

  /**
   * Evaluate an attribute of this ad by name (HTCondor's `EvaluateAttr`: UNDEFINED when nothing
   * defines it), or an expression with this ad as MY. `options.target` makes it a match. A string
   * value holds text (`"José"`, as `getString` gives it).
   */
  evaluate(nameOrExpr: string | Expr, options?: EvaluateOptions): Value;
  /** An INTEGER attribute as a JS number (HTCondor `EvaluateAttrInt`); else undefined. */
  getInteger(name: string, options?: EvaluateOptions): number | undefined;
  /** An INTEGER attribute exactly, as a bigint; else undefined. */
  getBigInt(name: string, options?: EvaluateOptions): bigint | undefined;
  /** A REAL attribute (HTCondor `EvaluateAttrReal`: integers do not qualify); else undefined. */
  getReal(name: string, options?: EvaluateOptions): number | undefined;
  /** A boolean, integer or real attribute as a number (HTCondor `EvaluateAttrNumber`); else undefined. */
  getNumber(name: string, options?: EvaluateOptions): number | undefined;
  /** A STRING attribute decoded from UTF-8 (HTCondor `EvaluateAttrString`); else undefined. */
  getString(name: string, options?: EvaluateOptions): string | undefined;
  /** A BOOLEAN attribute (HTCondor `EvaluateAttrBool`: numbers do not qualify); else undefined. */
  getBool(name: string, options?: EvaluateOptions): boolean | undefined;
  /**
   * A boolean or a number read as one, non-zero being true (HTCondor `EvaluateAttrBoolEquiv`,
   * i.e. `LookupBool`); else undefined.
   */
  getBoolEquiv(name: string, options?: EvaluateOptions): boolean | undefined;
  /**
   * The ad as a plain object: every attribute evaluated and converted to plain JS (see
   * `toJSValue` for the mapping), or, with `expressions: "text"` or `"keep"`, its expressions
   * (see `ToJSOptions`).
   */
  toJS(options?: ToJSOptions): { [name: string]: JSValue };
  /**
   * What `JSON.stringify(ad)` writes: the ad as HTCondor's JSON ads hold it once parsed
   * (`JSON.parse` of `condor_status -json`): literals as JSON values (undefined as `null`), lists
   * as arrays, nested ads as objects, anything else as the string `"/Expr(<text>)/"`. Nothing is
   * evaluated; an ad nested in itself is cut (`null`).
   */
  toJSON(): { [name: string]: JSONData };
}
