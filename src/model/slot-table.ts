/**
 * Slot ads held column by column: what a projecting reader (`src/formats/projection.ts`) hands
 * the matcher (`src/match/pool.ts`), so that a pool built from a dump reads every attribute of
 * every slot as one array of small integers instead of one lookup per slot.
 */
import type { ClassAd } from "./classad.js";
import type { Expr } from "./nodes.js";

/** In a {@link SlotTable} column: the slot does not have the attribute. */
export const ABSENT_VALUE = 0;
/** In a {@link SlotTable} column: the reader did not look for the attribute in this slot (ask the ad). */
export const UNREAD_VALUE = -1;

export interface SlotTable {
  /** The slot ads, in input order; each answers every lookup (through the table or its text). */
  readonly ads: readonly ClassAd[];
  /** The folded names the table holds a column for. */
  readonly names: readonly string[];
  /**
   * One entry per slot for an attribute (a folded name): {@link ABSENT_VALUE}, {@link UNREAD_VALUE},
   * or a value id for {@link SlotTable.expr}. Equal ids mean equal text, hence equal
   * evaluations. Null when the table holds no column for the name.
   */
  column(foldedName: string): Int32Array | null;
  /** The expression of a value id (parsed once, shared by every slot holding it). */
  expr(valueId: number): Expr;
}

/** True for a {@link SlotTable} (as opposed to a plain list of ads). */
export function isSlotTable(x: unknown): x is SlotTable {
  return typeof x === "object" && x !== null && typeof (x as SlotTable).column === "function" && Array.isArray((x as SlotTable).ads);
}
