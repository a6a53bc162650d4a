/**
 * Buckets for minimised divergences: the construct at the root of the minimised expression (a
 * function by name, an operator, a subscript, a selection, a literal, the parser), with the kinds
 * of its operands' values, e.g. `call formatTime(classad)` or `binary *(reltime,real)`.
 *
 * Known deviations are divergences docs/quirks.md explains (HTCondor's answer is undefined
 * behaviour of C++, or depends on its C library, or a documented design decision); each has a
 * recogniser here, named as its section in docs/quirks.md, so that a campaign reports them apart
 * from new ones.
 */
import type { Expr } from "../../src/model/nodes.js";
import { walkExpr } from "../../src/ast/walk.js";
import { ORACLE_CRASH, ORACLE_TIMEOUT } from "./oracle.js";
import { OurEvaluator, PARSE_ERROR, parseLine } from "./ours.js";

/** The kind of value a printed answer shows. */
export function answerKind(answer: string): string {
  if (answer === PARSE_ERROR || answer === ORACLE_CRASH || answer === ORACLE_TIMEOUT) return answer;
  if (answer.startsWith("THROWN")) return "THROWN";
  if (answer === "undefined" || answer === "error" || answer === "true" || answer === "false") return answer;
  if (answer.startsWith('"')) return "string";
  if (answer.startsWith("{")) return "list";
  if (answer.startsWith("[")) return "classad";
  if (answer.startsWith("absTime(")) return "abstime";
  if (answer.startsWith("relTime(")) return "reltime";
  if (/^-?[0-9]+$/.test(answer)) return "int";
  return "real";
}

function operandKinds(exprs: readonly Expr[], ours: OurEvaluator): string {
  return exprs.map((e) => answerKind(ours.answerExpr(e))).join(",");
}

/** The bucket of a minimised expression. */
export function bucketOf(text: string, mode: "eval" | "unparse", ours: OurEvaluator): string {
  const tree = parseLine(text);
  if (tree === null) return `${mode}: parse`;
  if (mode === "unparse") return `unparse: ${tree.kind}`;
  return `eval: ${describe(tree, ours)}`;
}

function describe(tree: Expr, ours: OurEvaluator): string {
  switch (tree.kind) {
    case "call":
      return `call ${tree.name.toLowerCase()}(${operandKinds(tree.args, ours)})`;
    case "binary":
      return `binary ${tree.op}(${operandKinds([tree.left, tree.right], ours)})`;
    case "unary":
      return `unary ${tree.op}(${operandKinds([tree.operand], ours)})`;
    case "subscript":
      return `subscript (${operandKinds([tree.target, tree.index], ours)})`;
    case "attr":
      return tree.scope ? `select .${tree.name.toLowerCase()} (${operandKinds([tree.scope], ours)})` : `reference ${tree.name.toLowerCase()}`;
    case "literal":
      return `literal ${tree.value.kind}`;
    case "paren":
      return describe(tree.inner, ours);
    default:
      return tree.kind;
  }
}

export interface KnownDeviation {
  /** The anchor of its entry in docs/quirks.md. */
  readonly id: string;
  readonly title: string;
  /** `evaluate` gives our answer for a subexpression (in the divergence's context). */
  readonly matches: (minimised: string, theirs: string, ours: string, evaluate: (expr: Expr) => string, contextText: string) => boolean;
}

const REGEX_FUNCTIONS = new Set(["regexp", "regexpmember", "regexps", "replace", "replaceall", "stringlist_regexpmember"]);
/** PCRE syntax the linear-time engine has no equivalent for (docs/functions.md). */
const PCRE_ONLY = /\(\?[=!>|]|\(\?<[=!]|\(\?P?<|\\[1-9]|\\[kg]|[*+?}]\+|\(\?R|\(\?[0-9+-]|\(\?&|\(\*|\\[GKX]|\{[0-9]{4,}|\{1[0-9]{3},|\(\?[a-zA-Z]*x/;

/** The string literals a regex function is given as patterns in `tree`. */
function regexPatterns(tree: Expr): string[] {
  const patterns: string[] = [];
  walkExpr(tree, (node) => {
    if (node.kind !== "call") return true;
    const name = node.name.toLowerCase();
    const arg = REGEX_FUNCTIONS.has(name) ? node.args[0] : name === "unresolved" ? node.args[1] : undefined;
    if (arg?.kind === "literal" && arg.value.kind === "string") patterns.push(arg.value.v);
    return true;
  });
  return patterns;
}

/** The string literals given as first argument to a regex function anywhere in `text`. */
function contextRegexPatterns(text: string): string[] {
  const out: string[] = [];
  // The arguments' text runs to the first ")" outside a string literal (patterns hold parentheses).
  const call = /(regexp|regexpMember|regexps|replace|replaceAll|stringList_regexpMember|unresolved)\s*\(((?:"(?:[^"\\]|\\.)*"|[^()"])*)/gi;
  for (const match of text.matchAll(call)) {
    for (const literal of (match[2] ?? "").matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
      const value = parseLine(`"${literal[1] ?? ""}"`);
      if (value?.kind === "literal" && value.value.kind === "string") out.push(value.value.v);
    }
  }
  return out;
}

/** A selection (`.name`) from the ad `x["name"]` copied out (HTCondor reads it after freeing it). */
function selectsFromSubscriptCopy(tree: Expr): boolean {
  let found = false;
  walkExpr(tree, (node) => {
    if (node.kind === "attr" && node.scope !== null) {
      let scope: Expr = node.scope;
      while (scope.kind === "paren") scope = scope.inner;
      if (scope.kind === "subscript" || (scope.kind === "call" && ["split", "splitusername", "splitslotname", "evalineachcontext"].includes(scope.name.toLowerCase()))) found = true;
    }
    return true;
  });
  return found;
}

function numeric(answer: string): number | null {
  if (!/^-?[0-9.]+(E[+-][0-9]+)?$/.test(answer)) return null;
  const n = Number(answer);
  return Number.isFinite(n) ? n : null;
}

/** Divergences docs/quirks.md explains. */
export const KNOWN_DEVIATIONS: readonly KnownDeviation[] = [
  {
    id: "crash-in-htcondor",
    title: "HTCondor's library crashes (segmentation fault) or hangs on the expression",
    matches: (_m, theirs) => theirs === ORACLE_CRASH || theirs === ORACLE_TIMEOUT,
  },
  {
    id: "select-from-a-freed-copy",
    title: "`x[\"name\"].attr` and `f(...).attr`: HTCondor looks the attribute up in an ad or list it has already freed",
    matches: (m) => {
      const tree = parseLine(m);
      return tree !== null && selectsFromSubscriptCopy(tree);
    },
  },
  {
    id: "regex-engine",
    title: "a PCRE-only pattern (lookaround, backreference, atomic group, possessive or counted > 1000 repetition) is ERROR here",
    matches: (m, _theirs, ours, _evaluate, contextText) => {
      const tree = parseLine(m);
      if (tree !== null && regexPatterns(tree).some((p) => PCRE_ONLY.test(p))) return true;
      // An attribute of the match context that calls a regex function with such a pattern.
      return ours === "error" && contextRegexPatterns(contextText).some((p) => PCRE_ONLY.test(p));
    },
  },
  {
    id: "time-beyond-gmtime",
    title: "a time whose year does not fit a C int: gmtime fails and HTCondor reads an uninitialised struct tm",
    matches: (m, _theirs, _ours, evaluate, contextText) => {
      const tree = parseLine(m);
      if (tree === null) return false;
      let hugeTime = false;
      walkExpr(tree, (node) => {
        if (node.kind === "call" && ["splittime", "formattime"].includes(node.name.toLowerCase()) && node.args[0]) {
          const secs = numeric(evaluate(node.args[0]));
          if (secs !== null && Math.abs(secs) >= 67768036191676800) hugeTime = true;
        }
        return true;
      });
      // Or a context attribute that splits or formats such a time.
      return hugeTime || /(splittime|formattime)\(\s*-?[0-9]{17,}/i.test(contextText);
    },
  },
  {
    id: "pow-rounding",
    title: "glibc's pow is not correctly rounded; this library's is",
    matches: (m, theirs, ours) => {
      const tree = parseLine(m);
      if (tree === null || tree.kind !== "call" || tree.name.toLowerCase() !== "pow") return false;
      const a = numeric(theirs);
      const b = numeric(ours);
      return a !== null && b !== null && Math.abs(a - b) <= Math.abs(a) * 4.5e-16;
    },
  },
];

export function knownDeviation(minimised: string, theirs: string, ours: string, evaluator: OurEvaluator, contextText = ""): KnownDeviation | null {
  const evaluate = (expr: Expr): string => evaluator.answerExpr(expr);
  return KNOWN_DEVIATIONS.find((k) => k.matches(minimised, theirs, ours, evaluate, contextText)) ?? null;
}
