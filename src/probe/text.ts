/**
 * Texts for the probe's messages: expressions as `condor_status -long` shows them (the project's
 * unparser, old syntax) and command lines quoted for reading.
 */
import type { Expr } from "../model/nodes.js";
import { unparse } from "../ast/print.js";

/** An expression as `condor_status -long` prints it (`=?=`, `12.4`, `8.0`). */
export function exprText(expr: Expr): string {
  return unparse(expr, { syntax: "old" });
}

/** A command line for messages: arguments with blanks or quotes are single-quoted. */
export function commandLine(cmd: string, args: readonly string[]): string {
  const quote = (arg: string): string => (arg === "" || /[\s'"\\$`]/.test(arg) ? `'${arg.replace(/'/g, `'\\''`)}'` : arg);
  return [cmd, ...args].map(quote).join(" ");
}
