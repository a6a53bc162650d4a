/**
 * Compiling match expressions to JavaScript closures.
 *
 * A compiled expression is evaluated for one (MY, TARGET) pair with HTCondor's old-semantics
 * resolution (unscoped names missing from MY are looked up in TARGET). Only what is common in
 * real pools is compiled: operators (applied with the evaluator's own value rules from
 * `eval/operators.ts`), MY/TARGET/unscoped references, `c ? a : b`, `?:` (elvis), subscripts of
 * lists of literals, and calls to the registered builtins. Everything else (record literals,
 * reference cycles, deep recursion, names of the match ad's scopes, functions that evaluate
 * something other than their own arguments, `random`, ...) throws `BAIL`; the caller then
 * asks the evaluator, so a compiled expression never answers differently from the evaluator.
 * The trace a run records is described in `run.ts`.
 */
import type { BinaryNode, CallNode, Expr, SubscriptNode, UnaryNode } from "../../model/nodes.js";
import { foldName } from "../../model/names.js";
import { ERROR, FALSE, TRUE, UNDEFINED, listValue } from "../../model/value.js";
import { call } from "../../ast/build.js";
import {
  bitwiseNot,
  booleanEquiv,
  logicalAndRest,
  logicalNot,
  logicalOrRest,
  strictBinary,
  unaryMinus,
  unaryPlus,
} from "../../eval/operators.js";
import { CallContext } from "./call-context.js";
import { compileComparison } from "./comparison.js";
import { BAIL, CONTEXT_NAMES, bailCode, unshadowed, type Code, type CodeSource, type Compiled } from "./run.js";
import { DEPTH_LIMIT, staticDepth, staticSize } from "./sizes.js";

/**
 * The compiled form of expressions, cached by tree identity (a WeakMap: a tree no longer used
 * takes its code with it). Owned by a `Pool`; compiled code depends on nothing but the tree.
 */
export class ExprCompiler implements CodeSource {
  private readonly cache = new WeakMap<Expr, Compiled>();

  compiled(expr: Expr): Compiled {
    let compiled = this.cache.get(expr);
    if (compiled === undefined) {
      compiled = compileExpr(expr);
      this.cache.set(expr, compiled);
    }
    return compiled;
  }
}

/** Compile a tree (uncached). */
export function compileExpr(expr: Expr): Compiled {
  const depth = staticDepth(expr);
  // A tree deeper than the compiled path's depth limit always goes to the evaluator: not compiled,
  // so that chains deeper than the call stack (`1 + 1 + ...`) are never walked recursively.
  const code = depth > DEPTH_LIMIT ? bailCode : compileNode(expr);
  return { code, depth, size: staticSize(expr) };
}

function compileNode(expr: Expr): Code {
  switch (expr.kind) {
    case "literal": {
      const value = expr.value;
      return () => value;
    }
    case "paren":
      return compileNode(expr.inner);
    case "attr":
      return compileAttr(expr.name, expr.scope, expr.absolute);
    case "unary":
      return compileUnary(expr);
    case "binary":
      return compileBinary(expr);
    case "ternary": {
      const cond = compileNode(expr.cond);
      const then = compileNode(expr.then);
      const otherwise = compileNode(expr.otherwise);
      return (run, cur, other, side) => {
        const c = cond(run, cur, other, side);
        const truth = booleanEquiv(c);
        if (truth !== null) return truth ? then(run, cur, other, side) : otherwise(run, cur, other, side);
        if (c.kind === "undefined") return UNDEFINED;
        if (c.kind === "error") return ERROR;
        // No truth value: the evaluator still evaluates both branches (for their failures) first.
        then(run, cur, other, side);
        otherwise(run, cur, other, side);
        return ERROR;
      };
    }
    case "elvis": {
      const left = compileNode(expr.left);
      const right = compileNode(expr.right);
      return (run, cur, other, side) => {
        const value = left(run, cur, other, side);
        return value.kind === "undefined" ? right(run, cur, other, side) : value;
      };
    }
    case "subscript":
      return compileSubscript(expr);
    case "call":
      return compileCall(expr);
    case "list": {
      const items = expr.items;
      return (_run, cur) => listValue(items, cur);
    }
    case "record":
      return bailCode;
  }
}

// ---------------------------------------------------------------------------------------------
// Attribute references

function compileAttr(name: string, scope: Expr | null, absolute: boolean): Code {
  const lower = foldName(name);
  if (absolute) return bailCode;
  if (scope === null) return compileUnscoped(lower);
  if (scope.kind !== "attr" || scope.scope !== null || scope.absolute) return bailCode;
  const scopeName = foldName(scope.name);
  // `MY.x`: `my` is special (self) in old semantics; `TARGET.x` / `OTHER.x`: the match ad's context.
  const inOther = scopeName === "target" || scopeName === "other";
  if (!inOther && scopeName !== "my" && scopeName !== "self") return bailCode;
  if (lower === "currenttime") {
    return (run, cur, other, side) => {
      unshadowed(run, cur, side, scopeName);
      const ad = inOther ? other : cur;
      const adSide = inOther ? 1 - side : side;
      const found = run.lookup(ad, adSide, lower);
      if (found !== undefined) return inOther ? run.deref(found, other, cur, 1 - side) : run.deref(found, cur, other, side);
      return CURRENT_TIME(run, cur, other, side);
    };
  }
  // Names missing from the selected ad would continue into the match ad's scopes.
  if (CONTEXT_NAMES.has(lower)) return bailCode;
  if (inOther) {
    return (run, cur, other, side) => {
      unshadowed(run, cur, side, scopeName);
      const found = run.lookup(other, 1 - side, lower);
      return found === undefined ? UNDEFINED : run.deref(found, other, cur, 1 - side);
    };
  }
  return (run, cur, other, side) => {
    unshadowed(run, cur, side, scopeName);
    const found = run.lookup(cur, side, lower);
    return found === undefined ? UNDEFINED : run.deref(found, cur, other, side);
  };
}

function compileUnscoped(lower: string): Code {
  if (lower === "currenttime") {
    return (run, cur, other, side) => {
      const found = run.lookup(cur, side, lower);
      return found === undefined ? CURRENT_TIME(run, cur, other, side) : run.deref(found, cur, other, side);
    };
  }
  if (CONTEXT_NAMES.has(lower)) return bailCode;
  return (run, cur, other, side) => {
    const found = run.lookup(cur, side, lower);
    if (found !== undefined) return run.deref(found, cur, other, side);
    const fallback = run.lookup(other, 1 - side, lower);
    return fallback === undefined ? UNDEFINED : run.deref(fallback, other, cur, 1 - side);
  };
}

// ---------------------------------------------------------------------------------------------
// Operators: the evaluator's own value rules (`eval/operators.ts`), with its short circuits.

function compileUnary(expr: UnaryNode): Code {
  const operand = compileNode(expr.operand);
  switch (expr.op) {
    case "!":
      return (run, cur, other, side) => logicalNot(operand(run, cur, other, side));
    case "-":
      return (run, cur, other, side) => unaryMinus(operand(run, cur, other, side));
    case "+":
      return (run, cur, other, side) => unaryPlus(operand(run, cur, other, side));
    case "~":
      return (run, cur, other, side) => bitwiseNot(operand(run, cur, other, side));
  }
}

function compileBinary(expr: BinaryNode): Code {
  const left = compileNode(expr.left);
  const right = compileNode(expr.right);
  switch (expr.op) {
    case "&&":
      return (run, cur, other, side) => {
        const a = left(run, cur, other, side);
        if (booleanEquiv(a) === false) return FALSE;
        if (a.kind === "error") return ERROR;
        return logicalAndRest(a, right(run, cur, other, side));
      };
    case "||":
      return (run, cur, other, side) => {
        const a = left(run, cur, other, side);
        if (booleanEquiv(a) === true) return TRUE;
        if (a.kind === "error") return ERROR;
        return logicalOrRest(a, right(run, cur, other, side));
      };
    case "==":
    case "!=":
    case "<":
    case "<=":
    case ">":
    case ">=":
    case "is":
    case "isnt": {
      const special = compileComparison(expr.op, expr.left, expr.right, left, right);
      if (special !== null) return special;
      const op = expr.op;
      return (run, cur, other, side) => strictBinary(op, left(run, cur, other, side), right(run, cur, other, side));
    }
    default: {
      const op = expr.op;
      return (run, cur, other, side) => strictBinary(op, left(run, cur, other, side), right(run, cur, other, side));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Subscripts and calls

function compileSubscript(expr: SubscriptNode): Code {
  const target = compileNode(expr.target);
  const index = compileNode(expr.index);
  return (run, cur, other, side) => {
    const base = target(run, cur, other, side);
    const at = index(run, cur, other, side);
    if (base.kind === "error" || at.kind === "error") return ERROR;
    if (base.kind === "undefined" || at.kind === "undefined") return UNDEFINED;
    if (base.kind !== "list") throw BAIL;
    if (at.kind !== "int") return ERROR;
    if (typeof at.v !== "number") throw BAIL;
    const i = at.v | 0;
    const item = base.items[i];
    if (i < 0 || item === undefined) return ERROR;
    if (item.kind !== "literal") throw BAIL;
    return item.value;
  };
}

/** Builtins whose answer is not a function of their arguments. */
const IMPURE_FUNCTIONS: ReadonlySet<string> = new Set(["random", "debug"]);

function compileCall(expr: CallNode): Code {
  const lower = foldName(expr.name);
  if (IMPURE_FUNCTIONS.has(lower)) return bailCode;
  const args = expr.args;
  const argCodes = args.map(compileNode);
  const argSizes = args.map(staticSize);
  return (run, cur, other, side) => {
    const fn = run.functions.getLower(lower);
    if (fn === undefined) throw BAIL;
    run.step(1);
    return fn(args, new CallContext(run, cur, other, side, args, argCodes, argSizes));
  };
}

/** `CurrentTime` (old semantics) is `time()` evaluated in the current ad. */
const CURRENT_TIME: Code = compileCall(call("time", []));
