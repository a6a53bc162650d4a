/**
 * Which kinds of value an expression can have, whatever the ads it meets hold: an abstract
 * evaluation over sets of kinds, with the evaluator's own operator functions applied to a few
 * representative values of each kind (so `x == undefined` comes out as {undefined, error} by
 * HTCondor's rules, not by a second copy of them).
 *
 * Anything not known (a TARGET attribute, a function result) may be of any kind, so the answer
 * over-approximates: "only UNDEFINED or ERROR" is claimed only when no value could make it
 * otherwise.
 */
import type { ClassAd } from "../model/classad.js";
import type { FunctionTable } from "../model/evaluation.js";
import type { Expr } from "../model/nodes.js";
import {
  ERROR,
  FALSE,
  TRUE,
  UNDEFINED,
  absTimeValue,
  classAdValue,
  intValue,
  listValue,
  realValue,
  relTimeValue,
  stringValue,
  type Value,
  type ValueKind,
} from "../model/value.js";
import { foldName } from "../model/names.js";
import { literal } from "../ast/build.js";
import { booleanEquiv, bitwiseNot, logicalNot, strictBinary, unaryMinus, unaryPlus } from "../eval/operators.js";
import { MATCH_CONTEXT_NAMES } from "../eval/match-frame.js";
import { newClassAd } from "../classad/classad.js";

/** A set of value kinds as bits. */
export type KindSet = number;

const KINDS: readonly ValueKind[] = ["undefined", "error", "bool", "int", "real", "string", "list", "classad", "abstime", "reltime"];
const BIT = new Map<ValueKind, number>(KINDS.map((k, i) => [k, 1 << i]));
const bit = (kind: ValueKind): number => BIT.get(kind) as number;

export const ANY_KIND: KindSet = (1 << KINDS.length) - 1;
/** UNDEFINED or ERROR. */
export const PROBLEM_KINDS: KindSet = bit("undefined") | bit("error");

/** True when every value in the set is UNDEFINED or ERROR. */
export function onlyProblems(kinds: KindSet): boolean {
  return kinds !== 0 && (kinds & ~PROBLEM_KINDS) === 0;
}

let representatives: Map<ValueKind, readonly Value[]> | null = null;

/** A few values of each kind, chosen so that value-dependent outcomes (zero, empty) show up. */
function samples(kind: ValueKind): readonly Value[] {
  representatives ??= new Map<ValueKind, readonly Value[]>([
    ["undefined", [UNDEFINED]],
    ["error", [ERROR]],
    ["bool", [TRUE, FALSE]],
    ["int", [intValue(0), intValue(1), intValue(7)]],
    ["real", [realValue(0), realValue(2.5)]],
    ["string", [stringValue(""), stringValue("a")]],
    ["list", [listValue([]), listValue([literal(intValue(1))])]],
    ["classad", [classAdValue(newClassAd())]],
    ["abstime", [absTimeValue(0, 0)]],
    ["reltime", [relTimeValue(1)]],
  ]);
  return representatives.get(kind) ?? [];
}

function valuesOf(kinds: KindSet): Value[] {
  const out: Value[] = [];
  for (const kind of KINDS) if ((kinds & bit(kind)) !== 0) out.push(...samples(kind));
  return out;
}

export interface KindContext {
  /** The ad the expression is evaluated in (MY); its own attributes are followed. */
  readonly my?: ClassAd | undefined;
  readonly functions: FunctionTable;
}

/** Functions whose answer is always a boolean. */
const PREDICATES = new Set([
  "isundefined",
  "iserror",
  "isstring",
  "isinteger",
  "isreal",
  "isboolean",
  "islist",
  "isclassad",
  "isabstime",
  "isreltime",
]);

const MAX_DEPTH = 64;
/** Nodes looked at per question; past it the answer is "any kind" (an ad can nest its attributes exponentially). */
const MAX_VISITS = 20_000;

/** What a match frame's context ad defines (`lCtx`/`rCtx`), found by a lookup that walks out of MY. */
const CONTEXT_NAMES = new Set(MATCH_CONTEXT_NAMES.map(foldName));

/** The kinds `expr` can evaluate to. */
export function possibleKinds(expr: Expr, context: KindContext): KindSet {
  return new KindWalker(context).kinds(expr, 0);
}

class KindWalker {
  private readonly following = new Set<string>();
  /** Kinds of MY's attributes already worked out (only those whose answer cut no cycle). */
  private readonly known = new Map<string, KindSet>();
  private visits = 0;
  private cycleCut = false;
  constructor(private readonly context: KindContext) {}

  kinds(node: Expr, depth: number): KindSet {
    if (depth > MAX_DEPTH || ++this.visits > MAX_VISITS) return ANY_KIND;
    const next = depth + 1;
    switch (node.kind) {
      case "literal":
        return bit(node.value.kind);
      case "paren":
        return this.kinds(node.inner, next);
      case "list":
        return bit("list");
      case "record":
        return bit("classad");
      case "attr":
        return this.reference(node.name, node.scope, node.absolute, next);
      case "unary": {
        const apply = node.op === "-" ? unaryMinus : node.op === "+" ? unaryPlus : node.op === "!" ? logicalNot : bitwiseNot;
        return apply1(this.kinds(node.operand, next), apply);
      }
      case "binary": {
        const left = this.kinds(node.left, next);
        const right = this.kinds(node.right, next);
        return apply2(left, right, (a, b) => strictBinary(node.op, a, b));
      }
      case "ternary":
        return this.choice(this.kinds(node.cond, next), () => this.kinds(node.then, next), () => this.kinds(node.otherwise, next));
      case "elvis": {
        const left = this.kinds(node.left, next);
        if ((left & bit("undefined")) === 0) return left;
        return (left & ~bit("undefined")) | this.kinds(node.right, next);
      }
      case "subscript":
        return ANY_KIND;
      case "call":
        return this.call(node.name, node.args, next);
    }
  }

  /** `c ? a : b` (and `ifThenElse`): a branch where the condition has that truth value, UNDEFINED/ERROR as the evaluator gives them. */
  private choice(cond: KindSet, then: () => KindSet, otherwise: () => KindSet): KindSet {
    let out = 0;
    let thenTaken = false;
    let otherwiseTaken = false;
    for (const value of valuesOf(cond)) {
      const truth = booleanEquiv(value);
      if (truth === true) thenTaken = true;
      else if (truth === false) otherwiseTaken = true;
      else out |= value.kind === "undefined" ? bit("undefined") : bit("error");
    }
    if (thenTaken) out |= then();
    if (otherwiseTaken) out |= otherwise();
    return out;
  }

  private call(name: string, args: readonly Expr[], depth: number): KindSet {
    const lower = foldName(name);
    if (this.context.functions.getLower(lower) === undefined) return bit("error");
    if (PREDICATES.has(lower)) return bit("bool");
    if (lower === "ifthenelse" && args.length === 3) {
      const [cond, then, otherwise] = args as [Expr, Expr, Expr];
      return this.choice(this.kinds(cond, depth), () => this.kinds(then, depth), () => this.kinds(otherwise, depth));
    }
    return ANY_KIND;
  }

  private reference(name: string, scope: Expr | null, absolute: boolean, depth: number): KindSet {
    const my = this.context.my;
    if (my === undefined || absolute) return ANY_KIND;
    const lower = foldName(name);
    if (scope === null) {
      const own = my.lookupLower(lower);
      if (own !== undefined) return this.follow(lower, own, depth);
      if (lower === "currenttime") return bit("int");
      // Not in MY: in a match the other ad may define it (old-ClassAd fallback).
      return ANY_KIND;
    }
    if (scope.kind === "attr" && scope.scope === null && !scope.absolute && foldName(scope.name) === "my" && my.lookupLower("my") === undefined) {
      const own = my.lookupLower(lower);
      if (own !== undefined) return this.follow(lower, own, depth);
      // MY.x that MY lacks is UNDEFINED (no fallback for a scoped name), unless an enclosing
      // ad answers: MY's parent, or the match frame's context ad for its own four names.
      return my.parent === null && !CONTEXT_NAMES.has(lower) ? bit("undefined") : ANY_KIND;
    }
    return ANY_KIND;
  }

  /** An attribute of MY: its expression's kinds; a reference back into itself is UNDEFINED, as the evaluator makes it. */
  private follow(lower: string, expr: Expr, depth: number): KindSet {
    const known = this.known.get(lower);
    if (known !== undefined) return known;
    if (this.following.has(lower)) {
      this.cycleCut = true;
      return bit("undefined");
    }
    const outerCut = this.cycleCut;
    this.cycleCut = false;
    this.following.add(lower);
    const kinds = this.kinds(expr, depth);
    this.following.delete(lower);
    // An answer that relied on cutting a cycle holds only on this path: not kept.
    if (!this.cycleCut) this.known.set(lower, kinds);
    this.cycleCut ||= outerCut;
    return kinds;
  }
}

function apply1(kinds: KindSet, op: (a: Value) => Value): KindSet {
  let out = 0;
  for (const a of valuesOf(kinds)) out |= bit(op(a).kind);
  return out;
}

function apply2(left: KindSet, right: KindSet, op: (a: Value, b: Value) => Value): KindSet {
  let out = 0;
  const rights = valuesOf(right);
  for (const a of valuesOf(left)) for (const b of rights) out |= bit(op(a, b).kind);
  return out;
}
