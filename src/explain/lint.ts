/**
 * `lintExpression` and `lintAd`: hints about expressions that probably do not say what their
 * author meant, in HTCondor's own terms:
 *
 * - precedence: an `is`/`isnt` or `? :` whose grouping differs from what the spacing or the
 *   wording suggests (htcondor-ce#439), `?:` inside arithmetic;
 * - comparisons: `== undefined` (always UNDEFINED), `==`/`!=` on a reference the other ad may not
 *   define (the comparison, and its negation, are then UNDEFINED), `is` across types, a string
 *   compared with `==` (which ignores case) where case looks significant;
 * - policies that can only be UNDEFINED or ERROR, whatever the ads hold.
 *
 * Each hint names the attribute and the `&&` clause it sits in and prints the sub-expression with
 * parentheses as HTCondor groups it.
 */
import type { ClassAd } from "../model/classad.js";
import type { Environment, FunctionTable } from "../model/evaluation.js";
import type { AttrRefNode, BinaryNode, Expr, TernaryNode } from "../model/nodes.js";
import type { ValueKind } from "../model/value.js";
import { fromByteString, toByteString } from "../model/bytes.js";
import { foldName } from "../model/names.js";
import { childrenOf } from "../ast/walk.js";
import { unparse } from "../ast/print.js";
import { parseAttrText, parseExpression } from "../parser/index.js";
import { builtinFunctions } from "../functions/registry.js";
import { groupedText, shownText } from "./grouped.js";
import type { LintHint } from "./hints.js";
import { elvisOperand, identityOperand, spacing, type Finding } from "./precedence.js";
import { onlyProblems, possibleKinds } from "./kinds.js";

export interface LintOptions {
  /** The text the expression was parsed from, for the spacing hints (automatic when linting text). */
  readonly source?: string;
  /** The attribute the expression belongs to, named in the hints. */
  readonly attribute?: string;
  /** The ad the expression is evaluated in (MY): its attributes are followed, and names it defines are not the other ad's. */
  readonly my?: ClassAd;
  /**
   * Ads of the other side (the slots, for a job's Requirements). With them, a comparison on an
   * attribute some of them lack is reported with the count; without them only the negated forms are.
   */
  readonly targets?: readonly ClassAd[];
  /** The functions the expression may call (default: the environment's); an unknown one is always ERROR. */
  readonly functions?: FunctionTable;
  /** The environment whose functions the expression may call (default: every builtin), as every other call takes it. */
  readonly environment?: Environment;
}

/** Hints for one expression (text, parsed first, or a tree). @throws ClassAdParseError for text that does not parse. */
export function lintExpression(expr: Expr | string, options: LintOptions = {}): LintHint[] {
  const source = typeof expr === "string" ? toByteString(expr) : options.source !== undefined ? toByteString(options.source) : null;
  const tree = typeof expr === "string" ? parseExpression(source as string) : expr;
  const fits = source !== null && tree.start >= 0 && tree.end <= source.length;
  return new Linter(tree, fits ? source : null, options).run();
}

/**
 * Hints for every expression attribute of an ad (a job ad, say), MY being the ad itself. The
 * spacing hints need the attribute's text as read: they are given for ads read from `-long`
 * text whose attributes were not used yet.
 */
export function lintAd(ad: ClassAd, options: Omit<LintOptions, "my" | "source" | "attribute"> & { readonly attributes?: readonly string[] } = {}): LintHint[] {
  const out: LintHint[] = [];
  const names = options.attributes ?? ad.names();
  for (const name of names) {
    const raw = ad.rawText(name);
    const expr = ad.lookup(name);
    if (expr === undefined || expr.kind === "literal") continue;
    const fits = raw !== undefined && sameTree(raw, expr);
    const attribute = fromByteString(ad.spelling(name) ?? name);
    out.push(...new Linter(expr, fits ? (raw as string) : null, { ...options, my: ad, attribute }).run());
  }
  return out;
}

/** True when `raw` is the text `expr` was parsed from (its offsets point into it). */
function sameTree(raw: string, expr: Expr): boolean {
  if (expr.start < 0 || expr.end > raw.length) return false;
  try {
    return unparse(parseAttrText(raw, "old")) === unparse(expr);
  } catch {
    return false;
  }
}

interface Clause {
  readonly index: number | null;
  readonly node: Expr;
}

interface Visit {
  readonly node: Expr;
  readonly clause: Clause | null;
  /** Under a `!`: an UNDEFINED comparison stays UNDEFINED where the author expected true. */
  readonly negated: boolean;
  /** Set on the condition of a `? :` (the ternary itself). */
  readonly conditionOf: TernaryNode | null;
}

function stripParens(node: Expr): Expr {
  let e = node;
  while (e.kind === "paren") e = e.inner;
  return e;
}

/** The `&&` spine of an expression (parentheses looked through) and its clauses, in order. */
function clausesOf(root: Expr): { spine: Set<Expr>; clauses: Expr[] } {
  const spine = new Set<Expr>();
  const clauses: Expr[] = [];
  const stack: Expr[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Expr;
    const inner = stripParens(node);
    if (inner.kind === "binary" && inner.op === "&&") {
      for (let e: Expr = node; e !== inner; e = (e as { inner: Expr }).inner) spine.add(e);
      spine.add(inner);
      stack.push(inner.right, inner.left);
    } else {
      clauses.push(node);
    }
  }
  return { spine, clauses };
}

const COMPARISONS = new Set(["==", "!=", "<", "<=", ">", ">="]);
/** Attribute names whose string values are case-sensitive (paths, URLs, images, digests). */
const CASE_SENSITIVE_NAME = /image|path|file|dir|url|uri|sif|container|executable|cmd|iwd|checksum|hash|digest|token/i;
/** String values that look case-sensitive themselves: a path or a URL with a path, an image file. */
const CASE_SENSITIVE_TEXT = /[^/]\/[^/]|^\/.|\.(sif|img|simg)$/i;
/** A URL scheme alone (`docker://`) or an extension alone (`.sif`) compares as well ignoring case. */
const CASELESS_PART = /^([a-z][a-z0-9+.-]*:\/\/|\.[a-z0-9]+)$/i;
/** Scopes that name the other ad of a match. */
const OTHER_SIDE = new Set(["target", "other"]);

class Linter {
  private readonly hints: LintHint[] = [];
  private readonly spine: Set<Expr>;
  private readonly clauses: Expr[];
  private readonly clauseOf = new Map<Expr, Clause>();
  private readonly functions: FunctionTable;
  private readonly reported = new Set<string>();

  constructor(
    private readonly root: Expr,
    private readonly source: string | null,
    private readonly options: LintOptions,
  ) {
    const { spine, clauses } = clausesOf(root);
    this.spine = spine;
    this.clauses = clauses;
    clauses.forEach((node, i) => this.clauseOf.set(node, { index: clauses.length > 1 ? i + 1 : null, node }));
    this.functions = options.functions ?? options.environment?.functions ?? builtinFunctions;
  }

  run(): LintHint[] {
    const stack: Visit[] = [{ node: this.root, clause: null, negated: false, conditionOf: null }];
    while (stack.length > 0) {
      const visit = stack.pop() as Visit;
      const clause = this.clauseOf.get(visit.node) ?? visit.clause;
      const here = { ...visit, clause };
      this.check(here);
      const node = visit.node;
      const children = childrenOf(node);
      for (let i = children.length - 1; i >= 0; i--) {
        const child = children[i] as Expr;
        stack.push({
          node: child,
          clause,
          negated: visit.negated || (node.kind === "unary" && node.op === "!"),
          conditionOf: node.kind === "ternary" && i === 0 ? node : null,
        });
      }
    }
    this.policy();
    return this.hints.sort((a, b) => (a.start === b.start ? 0 : a.start < b.start ? -1 : 1));
  }

  private check(visit: Visit): void {
    const { node } = visit;
    const findings: (Finding | null)[] = [identityOperand(node, visit.conditionOf), elvisOperand(node)];
    if (this.source !== null) findings.push(spacing(node, this.source));
    if (node.kind === "binary") findings.push(...this.comparison(node, visit.negated));
    for (const finding of findings) if (finding !== null) this.add(finding, visit.clause, node);
  }

  private add(finding: Finding, clause: Clause | null, at: Expr): void {
    const node = finding.node;
    let where: Clause | null;
    if (finding.operand !== undefined && this.clauseOf.has(finding.operand)) where = this.clauseOf.get(finding.operand) ?? null;
    else if (node === this.root) where = null;
    else if (clause === null || this.spine.has(at)) {
      // A hint on the `&&` spine itself: name the clause of its first operand.
      const operand = childrenOf(at).find((c) => this.clauseOf.has(c));
      where = operand === undefined ? null : (this.clauseOf.get(operand) ?? null);
    } else where = clause;
    const key = `${finding.code}:${node.start}:${node.end}:${shownText(node)}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.hints.push({
      code: finding.code,
      severity: finding.severity,
      attribute: this.options.attribute ?? null,
      clauseIndex: where?.index ?? null,
      clause: shownText(where?.node ?? this.root),
      expression: shownText(node),
      grouped: groupedText(node),
      message: finding.message,
      start: this.source !== null ? node.start : -1,
      end: this.source !== null ? node.end : -1,
    });
  }

  // ------------------------------------------------------------ comparisons

  private comparison(node: BinaryNode, negated: boolean): Finding[] {
    const out: Finding[] = [];
    const op = node.op;
    const left = stripParens(node.left);
    const right = stripParens(node.right);
    if (COMPARISONS.has(op)) {
      for (const side of [left, right]) {
        if (side.kind === "literal" && (side.value.kind === "undefined" || side.value.kind === "error")) {
          const other = side === left ? node.right : node.left;
          const fix = side.value.kind === "undefined" ? `${shownText(other)} ${op === "!=" ? "isnt" : "is"} undefined` : `isError(${shownText(other)})`;
          out.push({
            code: "compare-undefined",
            severity: "warning",
            node,
            message: `\`${op}\` with ${side.value.kind} is always ${side.value.kind.toUpperCase()}, never true or false; write \`${fix}\``,
          });
          return out;
        }
      }
      for (const side of [left, right]) {
        if (side.kind !== "attr") continue;
        const prone = this.undefinedProne(side, op === "!=" || negated);
        if (prone !== null) out.push({ code: "undefined-prone", severity: prone.severity, node, message: prone.message(op, shownText(node)) });
      }
      if (op === "==" || op === "!=") {
        const text = left.kind === "literal" && left.value.kind === "string" ? { lit: left.value.v, other: right } : right.kind === "literal" && right.value.kind === "string" ? { lit: right.value.v, other: left } : null;
        if (text !== null && this.caseMatters(text.lit, text.other)) {
          out.push({
            code: "case-insensitive",
            severity: "info",
            node,
            message:
              `\`${op}\` compares strings ignoring case ("ABC" == "abc" is true); if case matters here, write ` +
              `\`${shownText(text.other)} ${op === "==" ? "is" : "isnt"} ${shownText(text.other === left ? right : left)}\` (or strcmp(...) == 0)`,
          });
        }
      }
    }
    if (op === "is" || op === "isnt") {
      const finding = this.identityType(node, left, right);
      if (finding !== null) out.push(finding);
    }
    return out;
  }

  private caseMatters(text: string, other: Expr): boolean {
    if (CASELESS_PART.test(text)) return false;
    if (CASE_SENSITIVE_TEXT.test(text)) return true;
    return other.kind === "attr" && CASE_SENSITIVE_NAME.test(other.name);
  }

  /** The attribute name a reference reads from the other ad of a match, or null (an attribute of MY, a special name). */
  private otherSideName(ref: AttrRefNode): string | null {
    if (ref.absolute) return null;
    if (ref.scope === null) {
      const my = this.options.my;
      if (my === undefined || my.lookup(ref.name) !== undefined) return null;
      return this.options.targets !== undefined ? ref.name : null;
    }
    const scope = stripParens(ref.scope);
    if (scope.kind === "attr" && scope.scope === null && OTHER_SIDE.has(foldName(scope.name))) return ref.name;
    return null;
  }

  private undefinedProne(ref: AttrRefNode, negated: boolean): { severity: "warning" | "info"; message: (op: string, text: string) => string } | null {
    const name = this.otherSideName(ref);
    if (name === null) return null;
    const targets = this.options.targets;
    const shown = shownText(ref);
    if (targets === undefined || targets.length === 0) {
      if (!negated) return null;
      return {
        severity: "info",
        message: (op, text) =>
          `where the other ad does not define ${shown}, \`${text}\` is UNDEFINED, and so is its negation: ` +
          `it is not true there${op === "!=" ? `; write \`${text.replace(" != ", " isnt ")}\` to count a missing ${shown} as different` : ""}`,
      };
    }
    let missing = 0;
    for (const target of targets) {
      const expr = target.lookup(name);
      // A missing attribute and a literal `undefined` read the same.
      if (expr === undefined || (expr.kind === "literal" && expr.value.kind === "undefined")) missing++;
    }
    if (missing === 0) return null;
    const count = `${missing} of ${targets.length} ad${targets.length === 1 ? "" : "s"}`;
    return {
      severity: negated ? "warning" : "info",
      message: (op, text) =>
        `${shown} is undefined on ${count}: there \`${text}\` is UNDEFINED` +
        (negated ? ", and so is its negation, which is then not true" : "") +
        `; write \`${shown} ${op === "!=" ? "isnt" : "is"} ...\` or \`(${shown} ?: default) ${op} ...\` if a missing value should count`,
    };
  }

  /** `is`/`isnt` against a literal of another type than the attribute has on the ads given. */
  private identityType(node: BinaryNode, left: Expr, right: Expr): Finding | null {
    const pair = left.kind === "attr" && right.kind === "literal" ? { ref: left, lit: right } : right.kind === "attr" && left.kind === "literal" ? { ref: right, lit: left } : null;
    if (pair === null) return null;
    const kind = pair.lit.value.kind;
    if (kind === "undefined" || kind === "error") return null;
    const name = this.otherSideName(pair.ref);
    const ads: readonly ClassAd[] = name !== null ? (this.options.targets ?? []) : this.options.my !== undefined && pair.ref.scope === null ? [this.options.my] : [];
    const attr = name ?? pair.ref.name;
    const differing = new Map<ValueKind, number>();
    for (const ad of ads) {
      const expr = ad.lookup(attr);
      if (expr === undefined || expr.kind !== "literal") continue;
      const other = expr.value.kind;
      if (other !== kind && other !== "undefined") differing.set(other, (differing.get(other) ?? 0) + 1);
    }
    if (differing.size === 0) return null;
    const seen = [...differing].map(([k, n]) => `${k} on ${n}`).join(", ");
    return {
      code: "identity-type",
      severity: "warning",
      node,
      message: `\`${node.op}\` compares types too: ${shownText(pair.ref)} is ${seen} of the ads, where \`${shownText(node)}\` is ${node.op === "is" ? "false" : "true"} whatever the value; use \`${node.op === "is" ? "==" : "!="}\` for a value comparison`,
    };
  }

  // ------------------------------------------------------------ policies

  /** The whole expression, or one of its `&&` clauses, that can only be UNDEFINED or ERROR. */
  private policy(): void {
    const context = { my: this.options.my, functions: this.functions };
    if (onlyProblems(possibleKinds(this.root, context))) {
      // `x == undefined` already says why.
      if (this.hints.some((h) => h.code === "compare-undefined")) return;
      this.add({ code: "always-undefined", severity: "warning", node: this.root, message: "this can only be UNDEFINED or ERROR, whatever the ads hold: it is never true" }, null, this.root);
      return;
    }
    if (this.clauses.length < 2) return;
    for (const clause of this.clauses) {
      if (!onlyProblems(possibleKinds(clause, context))) continue;
      const index = this.clauseOf.get(clause)?.index ?? null;
      if (this.hints.some((h) => h.code === "compare-undefined" && h.clauseIndex === index)) continue;
      this.add(
        { code: "always-undefined", severity: "warning", node: clause, message: "this clause can only be UNDEFINED or ERROR, whatever the ads hold, so the whole `&&` is never true" },
        this.clauseOf.get(clause) ?? null,
        clause,
      );
    }
  }
}

