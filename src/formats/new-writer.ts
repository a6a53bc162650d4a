/**
 * `condor_status -long:new`: `{`, one `[ name = value; ... ]` line per ad in new syntax with a
 * `,` line between ads, `}`.
 */
import { unparse, unparseAttrName } from "../ast/print.js";
import type { AdListLayout, PrintedAttrs } from "./writer.js";

/** Printed so that it reads back as the same tree (`x.'a b'` quoted, where HTCondor prints it bare). */
const ROUND_TRIP = { quoteSelectedNames: true } as const;

function newAd(attrs: PrintedAttrs): string {
  if (attrs.length === 0) return "[  ]";
  return "[ " + attrs.map(([name, expr]) => unparseAttrName(name) + " = " + unparse(expr, ROUND_TRIP)).join("; ") + " ]";
}

export const NEW_LAYOUT: AdListLayout = {
  begin: "",
  open: "{\n",
  between: "\n,\n",
  ad: newAd,
  end: (count) => (count > 0 ? "\n}\n" : ""),
};
