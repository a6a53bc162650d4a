/**
 * `condor_status -long`: one `Name = value` line per attribute, the value in old syntax (`=?=`,
 * `%.16G` reals, only `"` escaped), and a blank line after each ad. Nothing before, between or
 * after the ads.
 */
import { unparse, type UnparseOptions } from "../ast/print.js";
import type { AdListLayout, PrintedAttrs } from "./writer.js";

/** Old syntax, printed so that it reads back as the same tree (`x.'a b'` quoted, where HTCondor prints it bare). */
const OLD_SYNTAX: UnparseOptions = { syntax: "old", quoteSelectedNames: true };

function longAd(attrs: PrintedAttrs): string {
  let out = "";
  for (const [name, expr] of attrs) out += name + " = " + unparse(expr, OLD_SYNTAX) + "\n";
  return out + "\n";
}

export const LONG_LAYOUT: AdListLayout = {
  begin: "",
  open: "",
  between: "",
  ad: longAd,
  end: () => "",
};
