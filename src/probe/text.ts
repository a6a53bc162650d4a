/**
 * A small ClassAd text writer for what the probe itself builds (literals, attribute references,
 * operators, lists, records). It serves the probe's check summaries and change reports; full
 * ad formats (long/new/json/xml) belong to src/formats.
 */
import type { Expr } from "../ast/nodes.js";
import type { Value } from "../eval/value.js";

const BINARY_PRECEDENCE = new Map<string, number>([
  ["||", 1],
  ["&&", 2],
  ["|", 3],
  ["^", 4],
  ["&", 5],
  ["==", 6],
  ["!=", 6],
  ["is", 6],
  ["isnt", 6],
  ["<", 7],
  ["<=", 7],
  [">", 7],
  [">=", 7],
  ["<<", 8],
  [">>", 8],
  [">>>", 8],
  ["+", 9],
  ["-", 9],
  ["*", 10],
  ["/", 10],
  ["%", 10],
]);

const OPERATOR_SPELLING = new Map<string, string>([
  ["is", "=?="],
  ["isnt", "=!="],
]);

/** A string literal in ClassAd syntax (backslash and quote escaped). */
export function quoteString(text: string): string {
  let out = '"';
  for (const ch of text) {
    if (ch === "\\" || ch === '"') out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else out += ch;
  }
  return out + '"';
}

function realText(v: number): string {
  if (Number.isNaN(v)) return "real(\"NaN\")";
  if (!Number.isFinite(v)) return v > 0 ? 'real("INF")' : 'real("-INF")';
  if (Number.isInteger(v)) return v.toFixed(1);
  return String(Number(v.toPrecision(15)));
}

/** A value as ClassAd text. */
export function valueText(value: Value): string {
  switch (value.kind) {
    case "undefined":
      return "undefined";
    case "error":
      return "error";
    case "bool":
      return value.v ? "true" : "false";
    case "int":
      return String(value.v);
    case "real":
      return realText(value.v);
    case "string":
      return quoteString(value.v);
    case "list":
      return "{ " + value.items.map(exprText).join(",") + " }";
    case "classad":
      return recordText([...value.ad.entries()].map(([name, expr]) => ({ name, expr })));
    case "abstime":
      return `absTime(${value.secs})`;
    case "reltime":
      return `relTime(${value.secs})`;
  }
}

/** An expression as ClassAd text, with parentheses only where precedence needs them. */
export function exprText(expr: Expr): string {
  switch (expr.kind) {
    case "literal":
      return valueText(expr.value);
    case "attr": {
      const scope = expr.scope ? exprText(expr.scope) + "." : expr.absolute ? "." : "";
      return scope + expr.name;
    }
    case "unary":
      return expr.op + operandText(expr.operand, 11);
    case "binary": {
      const prec = BINARY_PRECEDENCE.get(expr.op) ?? 0;
      const op = OPERATOR_SPELLING.get(expr.op) ?? expr.op;
      return `${operandText(expr.left, prec)} ${op} ${operandText(expr.right, prec + 1)}`;
    }
    case "ternary":
      return `${exprText(expr.cond)} ? ${exprText(expr.then)} : ${exprText(expr.otherwise)}`;
    case "elvis":
      return `${exprText(expr.left)} ?: ${exprText(expr.right)}`;
    case "paren":
      return `(${exprText(expr.inner)})`;
    case "subscript":
      return `${exprText(expr.target)}[${exprText(expr.index)}]`;
    case "call":
      return `${expr.name}(${expr.args.map(exprText).join(",")})`;
    case "list":
      return "{ " + expr.items.map(exprText).join(",") + " }";
    case "record":
      return recordText(expr.attrs);
  }
}

function recordText(attrs: ReadonlyArray<{ readonly name: string; readonly expr: Expr }>): string {
  if (attrs.length === 0) return "[  ]";
  return "[ " + attrs.map((a) => `${a.name} = ${exprText(a.expr)}`).join("; ") + " ]";
}

/** A command line for messages: arguments with blanks or quotes are single-quoted. */
export function commandLine(cmd: string, args: readonly string[]): string {
  const quote = (arg: string): string => (arg === "" || /[\s'"\\$`]/.test(arg) ? `'${arg.replace(/'/g, `'\\''`)}'` : arg);
  return [cmd, ...args].map(quote).join(" ");
}

function operandText(expr: Expr, minPrecedence: number): string {
  if (expr.kind === "binary" && (BINARY_PRECEDENCE.get(expr.op) ?? 0) < minPrecedence) return `(${exprText(expr)})`;
  if (expr.kind === "ternary" || expr.kind === "elvis") return `(${exprText(expr)})`;
  return exprText(expr);
}
