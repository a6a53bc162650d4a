/**
 * The canonical unparser: prints expressions and values exactly as HTCondor's `ClassAdUnParser`
 * does, in new syntax (the default: `-long:new`, `classad_eval`, `string()`, JSON and XML
 * expressions) or old syntax (`-long` output: `=?=`/`=!=`, only `"` escaped in strings,
 * `%.16G` reals).
 *
 * Spacing rules worth knowing: binary operators get one space each side; unary operators print as
 * a space, the operator, then the operand (`-a` prints ` -a`) while a negative literal prints `-5`;
 * parentheses appear exactly where the source had them; call arguments are joined by `,` alone;
 * lists print `{ a,b }` (`{  }` when empty) and records `[ a = 1; b = 2 ]` (`[  ]`), the record's
 * attributes ordered by name length, then case-insensitively, as HTCondor stores them.
 */
import type { SourceSyntax } from "../model/classad.js";
import type { BinaryNode, Expr, RecordAttr } from "../model/nodes.js";
import { TextStringValue, asLiteralValue, type StringValue, type Value } from "../model/value.js";
import { foldName, compareStorageOrder } from "../model/names.js";
import { formatExponential, formatGeneral } from "./c-format.js";
import { formatAbsTime, formatRelTime } from "./time-text.js";

export interface UnparseOptions {
  /**
   * `new` (default) or `old`: HTCondor's old-syntax unparser, what `condor_status -long` shows
   * (`=?=`/`=!=`, `%.16G` reals, only `"` escaped in strings).
   */
  readonly syntax?: SourceSyntax;
  /** @deprecated Same as `syntax: "old"` (ignored when `syntax` is given). */
  readonly oldSyntax?: boolean;
  /**
   * Quote a selected name that is not a plain name (`x.'a b'`), so that the text parses back to
   * the same tree. HTCondor prints it bare (`x.a b`), which the default follows; the ad writers
   * set this.
   */
  readonly quoteSelectedNames?: boolean;
}

/** Names that must be quoted when printed as attribute names. */
const RESERVED_NAMES = new Set(["error", "false", "is", "isnt", "parent", "true", "undefined"]);
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Print an expression. */
export function unparse(expr: Expr, options: UnparseOptions = {}): string {
  return new Printer(syntaxOf(options), options.quoteSelectedNames === true).expr(expr);
}

/**
 * Print a value as `classad_eval` and `ExprTree.simplify()` print a result: lists and ads print
 * their unevaluated members; any other value is first made a literal (`Literal::MakeLiteral`),
 * which keeps only the whole seconds of a relative time, read as a C `int`
 * (`relTime(-1.5)` prints `relTime("-01")`).
 */
export function unparseValue(value: Value, options: UnparseOptions = {}): string {
  return new Printer(syntaxOf(options)).value(asLiteralValue(value));
}

function syntaxOf(options: UnparseOptions): SourceSyntax {
  return options.syntax ?? (options.oldSyntax === true ? "old" : "new");
}

/**
 * An attribute name as HTCondor prints it in an expression or record: bare, or `'quoted'`. The
 * old-syntax printer escapes only the quote inside (other bytes go out as they are).
 */
export function unparseAttrName(name: string, oldSyntax = false): string {
  if (PLAIN_NAME.test(name) && !RESERVED_NAMES.has(foldName(name))) return name;
  return "'" + (oldSyntax ? name.replace(/'/g, "\\'") : escapeString(name, "'")) + "'";
}

/** C's `%.15E` on a finite non-zero double: `1.500000000000000E+00`. */
export function formatRealExponent(value: number): string {
  return formatExponential(value, 15, true);
}

/** A real in new syntax: `0.0`, `-0.0`, `real("NaN")`, `real("INF")`, `real("-INF")` or `%1.15E`. */
export function formatRealNew(value: number): string {
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  if (Number.isNaN(value)) return 'real("NaN")';
  if (value === Infinity) return 'real("INF")';
  if (value === -Infinity) return 'real("-INF")';
  return formatRealExponent(value);
}

/**
 * C's `%.16G` followed by `.0` when the text has no `.`, `e` or `E`: how the old-syntax
 * unparser and JSON print reals (`1.5`, `100.0`, `1E-07`, `123456789.1234568`).
 */
export function formatRealShort(value: number): string {
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  if (Number.isNaN(value)) return value < 0 ? "-NAN" : "NAN";
  if (!Number.isFinite(value)) return value < 0 ? "-INF" : "INF";
  // glibc rounds exact decimal ties to even; formatGeneral does the same.
  let text = formatGeneral(value, 16, true);
  if (!/[.eE]/.test(text)) text += ".0";
  return text;
}

/** New-syntax string escaping (without the quotes); `quote` is the delimiter to escape. */
export function escapeString(text: string, quote: '"' | "'" = '"'): string {
  let out = "";
  let plainFrom = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let replacement: string | null = null;
    if (code === 34 || code === 39) {
      if (text[i] === quote) replacement = "\\" + quote;
    } else if (code === 92) replacement = "\\\\";
    else if (code < 32 || code >= 127) replacement = controlEscape(code);
    if (replacement !== null) {
      out += text.slice(plainFrom, i) + replacement;
      plainFrom = i + 1;
    }
  }
  return plainFrom === 0 ? text : out + text.slice(plainFrom);
}

function controlEscape(code: number): string {
  switch (code) {
    case 7:
      return "\\a";
    case 8:
      return "\\b";
    case 9:
      return "\\t";
    case 10:
      return "\\n";
    case 11:
      return "\\v";
    case 12:
      return "\\f";
    case 13:
      return "\\r";
    default:
      return "\\" + (code & 0xff).toString(8).padStart(3, "0");
  }
}

/** A string literal as printed: new syntax escapes; old syntax escapes only `"`. */
export function quoteString(text: string, syntax: SourceSyntax = "new"): string {
  if (syntax === "old") return '"' + text.replace(/"/g, '\\"') + '"';
  return '"' + escapeString(text) + '"';
}

class Printer {
  constructor(
    private readonly syntax: SourceSyntax,
    private readonly quoteSelected = false,
  ) {}

  expr(node: Expr): string {
    switch (node.kind) {
      case "literal":
        if (node.relTimeLiteral === true && node.value.kind === "real") {
          return `relTime("${formatRelTime(node.value.v)}")`;
        }
        return this.value(node.value);
      case "attr":
        if (node.absolute) return "." + unparseAttrName(node.name, this.syntax === "old");
        if (node.scope !== null) return this.postfixChain(node);
        return unparseAttrName(node.name, this.syntax === "old");
      case "unary":
        return " " + node.op + this.expr(node.operand);
      case "binary":
        return this.binaryChain(node);
      case "ternary":
        return `${this.expr(node.cond)} ? ${this.expr(node.then)} : ${this.expr(node.otherwise)}`;
      case "elvis":
        return `${this.expr(node.left)} ?: ${this.expr(node.right)}`;
      case "paren":
        return "(" + this.expr(node.inner) + ")";
      case "subscript":
        return this.postfixChain(node);
      case "call":
        return `${node.name}(${node.args.map((arg) => this.expr(arg)).join(",")})`;
      case "list":
        return this.list(node.items);
      case "record":
        return this.record(node.attrs);
    }
  }

  /** Left-associative chains (`1+1+...`) can be far deeper than the call stack: walk the left spine in a loop. */
  private binaryChain(node: BinaryNode): string {
    const spine: BinaryNode[] = [];
    let left: Expr = node;
    while (left.kind === "binary") {
      spine.push(left);
      left = left.left;
    }
    const parts = [this.expr(left)];
    for (let i = spine.length - 1; i >= 0; i--) {
      const link = spine[i] as BinaryNode;
      parts.push(` ${this.binaryOp(link.op)} `, this.expr(link.right));
    }
    return parts.join("");
  }

  /** Selection and subscript chains (`a.b.c`, `a[0][1]`) can be as deep as binary ones: a loop too. */
  private postfixChain(node: Expr): string {
    const spine: Expr[] = [];
    let base: Expr = node;
    while ((base.kind === "attr" && base.scope !== null) || base.kind === "subscript") {
      spine.push(base);
      base = base.kind === "attr" ? (base.scope as Expr) : base.target;
    }
    const parts = [this.expr(base)];
    for (let i = spine.length - 1; i >= 0; i--) {
      const link = spine[i] as Expr;
      // HTCondor prints a selected name as it is, quoted or not (`x.'a b'` prints `x.a b`).
      if (link.kind === "attr") parts.push(".", this.quoteSelected ? unparseAttrName(link.name, this.syntax === "old") : link.name);
      else if (link.kind === "subscript") parts.push("[", this.expr(link.index), "]");
    }
    return parts.join("");
  }

  private binaryOp(op: string): string {
    if (this.syntax === "old") {
      if (op === "is") return "=?=";
      if (op === "isnt") return "=!=";
    }
    return op;
  }

  value(value: Value): string {
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
        return this.syntax === "old" ? formatRealOld(value.v) : formatRealNew(value.v);
      case "string":
        return quoteString(stringBytes(value), this.syntax);
      case "abstime":
        return `absTime("${formatAbsTime(value.secs, value.offset)}")`;
      case "reltime":
        return `relTime("${formatRelTime(value.secs)}")`;
      case "list":
        return this.list(value.items);
      case "classad": {
        const attrs: RecordAttr[] = [];
        for (const [name, expr] of value.ad.entries()) attrs.push({ name, expr });
        return this.record(attrs);
      }
    }
  }

  private list(items: readonly Expr[]): string {
    return "{ " + items.map((item) => this.expr(item)).join(",") + " }";
  }

  private record(attrs: readonly RecordAttr[]): string {
    const sorted = [...attrs].sort((a, b) => compareStorageOrder(a.name, b.name));
    return "[ " + sorted.map((attr) => `${unparseAttrName(attr.name, this.syntax === "old")} = ${this.expr(attr.expr)}`).join("; ") + " ]";
  }
}

/**
 * The bytes a string value holds: its `v`, or for a value the public API handed out (text) the
 * bytes that text was decoded from, so a user's value prints as the evaluator's would.
 */
function stringBytes(value: StringValue): string {
  return value instanceof TextStringValue ? TextStringValue.bytesOf(value) : value.v;
}

/** Old syntax prints NaN and infinities the way new syntax does; finite reals as `%.16G`. */
function formatRealOld(value: number): string {
  if (Number.isNaN(value) || !Number.isFinite(value)) return formatRealNew(value);
  return formatRealShort(value);
}
