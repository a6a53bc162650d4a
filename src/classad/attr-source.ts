/**
 * Attributes kept as unparsed text by a reader, parsed when first used. The `-long` reader's
 * shared line store (`src/formats/lazy-attrs.ts`) implements this; a ClassAd made from a source
 * reads through it until the first change, then copies its attributes into its own map.
 */
import type { AdOrigin, SourceSyntax } from "../model/classad.js";
import type { Expr } from "../model/nodes.js";

/** One stored attribute: its value text, and its expression once parsed. */
export interface StoredAttr {
  readonly text: string;
  readonly syntax: SourceSyntax;
  /** The parsed expression, or null before the first use. */
  readonly expr: Expr | null;
}

export interface AttrSource<A extends StoredAttr = StoredAttr> {
  readonly origin: AdOrigin | null;
  /** Number of distinct attributes. */
  readonly size: number;
  /** The attribute stored under a folded name (its last value), or undefined. */
  find(foldedName: string): A | undefined;
  /** The first spelling of a folded name, or undefined. */
  spelling(foldedName: string): string | undefined;
  /** `[first spelling, last value]` per attribute, in insertion order. */
  attrs(): IterableIterator<[string, A]>;
  /** The expression of an attribute, parsing it on first use (a syntax error reads as `error`; the source reports it). */
  expr(attr: A): Expr;
}
