/**
 * The tree-walking evaluator: HTCondor's `ExprTree::Evaluate` family (`operators.cpp`,
 * `attrrefs.cpp`, `classad.cpp` LookupInScope, `exprList.cpp`).
 *
 * One {@link EvalState} lives for one top-level evaluation. It carries the current and root ads,
 * the depth and step budgets, the stack of attributes being evaluated (cycle detection), the
 * evaluation-failure flag, and it is the {@link EvalContext} handed to builtin functions, so a
 * function call allocates nothing.
 *
 * JS recursion is bounded: every operator, attribute dereference and list-element access counts
 * against `maxDepth` (HTCondor's 400), and nested function calls against `maxCallNesting`;
 * a stack overflow that still happens is turned into ERROR by the public entry points.
 */
import type {
  AttrRefNode,
  BinaryNode,
  CallNode,
  ElvisNode,
  Expr,
  RecordNode,
  SubscriptNode,
  TernaryNode,
  UnaryNode,
} from "../model/nodes.js";
import { call, literal, literalOfValue } from "../ast/build.js";
import type { ClassAd } from "../model/classad.js";
import type {
  CompiledRegex,
  EvalContext,
  Environment,
  FunctionTable,
  MatchFrame,
  RegexOptions,
} from "../model/evaluation.js";
import { Lookup } from "./lookup.js";
import { collectExternalReferences } from "./references.js";
import {
  booleanEquiv,
  bitwiseNot,
  logicalAndRest,
  logicalNot,
  logicalOrRest,
  strictBinary,
  unaryMinus,
  unaryPlus,
} from "./operators.js";
import {
  ERROR,
  FALSE,
  TRUE,
  UNDEFINED,
  classAdValue,
  listValue,
  ownedValue,
  type ClassAdValue,
  type ErrorValue,
  type ListValue,
  type Value,
} from "../model/value.js";

/**
 * Settings of one evaluation: the environment's values with the per-call options applied
 * (see `src/classad/environment.ts`).
 */
export interface EvalSettings {
  /** Where the regex engine and zone offsets come from. */
  readonly environment: Environment;
  /** The environment's folded names (`foldName`, cached), reached directly on the hot path. */
  readonly names: { fold(name: string): string };
  /** HTCondor's library default semantics: no MY/CurrentTime specials, no TARGET fallback. */
  readonly strict: boolean;
  readonly maxDepth: number;
  readonly maxSteps: number;
  /** Size budget: bytes of strings and lists one top-level evaluation may build (see {@link valueBytes}). */
  readonly maxBuiltBytes: number;
  /** Bound on nested function calls, which HTCondor does not count against the depth. */
  readonly maxCallNesting: number;
  readonly functions: FunctionTable;
  /** Makes the ads that record literals and functions (`splitTime`) evaluate to. */
  readonly newAd: (attrs?: Iterable<readonly [string, Expr]>) => ClassAd;
  /** Seconds since the epoch. */
  readonly clock: () => number;
  readonly timeZone: string;
  readonly random?: (() => number) | undefined;
  readonly debugHook?: ((expr: Expr, value: Value) => void) | undefined;
}


/** `time()`, which old-ClassAd `CurrentTime` stands for. */
const CURRENT_TIME_CALL = call("time", []);

/** Scope walks give up after this many hops (protects against parent cycles built by code). */
const MAX_SCOPE_HOPS = 100_000;

/** What one list element or ad attribute counts against the size budget (a pointer and its slot). */
export const ELEMENT_BYTES = 16;

/**
 * What a value built by a function counts against the size budget: a string its bytes, a list
 * {@link ELEMENT_BYTES} per element; other values nothing (their size is fixed).
 */
export function valueBytes(value: Value): number {
  if (value.kind === "string") return value.v.length;
  if (value.kind === "list") return value.items.length * ELEMENT_BYTES;
  return 0;
}


/** A saved position of an {@link EvalState}'s stacks (see `mark`/`unwind`). */
export interface StateMark {
  readonly depthLeft: number;
  readonly callNesting: number;
  readonly active: number;
  readonly cur: ClassAd | null;
}

export class EvalState implements EvalContext {
  /** The ad unscoped references start from (HTCondor's `curAd`). */
  cur: ClassAd | null = null;
  /**
   * The ad the expression being evaluated belongs to: the parent a record or list literal gets,
   * as HTCondor sets a literal's parent scope when its expression is put in an ad. It is `cur`
   * except after a function that dereferences an argument moved `cur` (see resolveReference).
   */
  lexical: ClassAd | null = null;
  /** Outermost ad of the evaluation; absolute references and `root` start here. */
  root: ClassAd | null = null;
  depthLeft: number;
  stepsLeft: number;
  /** What is left of the size budget (strings and lists built by functions, JS conversion). */
  bytesLeft: number;
  callNesting = 0;
  /** Set when the evaluation failed (budget exhausted, `random(0)`, ...): the result is ERROR. */
  failed = false;
  match: MatchFrame | null = null;
  readonly settings: EvalSettings;
  readonly env: Environment;
  private readonly names: { fold(name: string): string };
  readonly timeZone: string;
  readonly random: (() => number) | undefined;

  // Attributes being evaluated (parallel stacks of ad and expression), for cycle detection.
  private readonly activeAds: (ClassAd | null)[] = [];
  private readonly activeExprs: Expr[] = [];
  // Result slots of lookupInScope (avoids allocating a result object per lookup).
  foundExpr: Expr | null = null;
  foundAd: ClassAd | null = null;
  private clockValue: number | null = null;

  constructor(settings: EvalSettings) {
    this.settings = settings;
    this.env = settings.environment;
    this.names = settings.names;
    this.depthLeft = settings.maxDepth;
    this.stepsLeft = settings.maxSteps;
    this.bytesLeft = settings.maxBuiltBytes;
    this.timeZone = settings.timeZone;
    this.random = settings.random;
  }

  /** True while an evaluation runs in this state (a re-entrant call must use another state). */
  busy = false;

  /** Make the state ready for a new top-level evaluation (budgets, stacks, flags, clock). */
  reset(): void {
    this.depthLeft = this.settings.maxDepth;
    this.stepsLeft = this.settings.maxSteps;
    this.bytesLeft = this.settings.maxBuiltBytes;
    this.callNesting = 0;
    this.failed = false;
    this.match = null;
    this.cur = null;
    this.lexical = null;
    this.root = null;
    if (this.activeExprs.length !== 0) {
      this.activeAds.length = 0;
      this.activeExprs.length = 0;
    }
    this.foundExpr = null;
    this.foundAd = null;
    this.clockValue = null;
  }

  // ------------------------------------------------------------ EvalContext

  get scope(): ClassAd | null {
    return this.cur;
  }

  evaluate(expr: Expr, scope: ClassAd | null): Value {
    // A function's argument evaluated where the call is: HTCondor evaluates it in the same state,
    // so a current ad the argument leaves behind (`unresolved(x)`) stays for what follows.
    if (scope === this.cur) return this.eval(expr);
    const saved = this.cur;
    const savedLexical = this.lexical;
    this.cur = scope;
    this.lexical = scope;
    const value = this.eval(expr);
    this.cur = saved;
    this.lexical = savedLexical;
    return value;
  }

  /** Like `evaluate`, counting one level against the depth limit (HTCondor's `eval()`, `strcat`). */
  evaluateNested(expr: Expr, scope: ClassAd | null): Value {
    if (this.depthLeft <= 0) return this.fail();
    this.depthLeft--;
    const value = this.evaluate(expr, scope);
    this.depthLeft++;
    return value;
  }

  /** The clock is read once per top-level evaluation, so `time() == time()` holds. */
  now(): number {
    if (this.clockValue === null) this.clockValue = this.settings.clock();
    return this.clockValue;
  }

  zoneOffset(epochSecs: number): number {
    return this.env.zoneOffset(epochSecs, this.timeZone);
  }

  regex(pattern: string, options: RegexOptions): CompiledRegex | null {
    return this.env.compileRegex(pattern, options);
  }

  fail(): ErrorValue {
    this.failed = true;
    return ERROR;
  }

  /**
   * Count `bytes` against the size budget; false (and the evaluation failed) when they do not
   * fit. Builders check before building too (`bytesLeft`), so no call builds past the budget.
   */
  charge(bytes: number): boolean {
    this.bytesLeft -= bytes;
    if (this.bytesLeft >= 0) return true;
    this.bytesLeft = -1;
    this.failed = true;
    return false;
  }

  /** Where the state's stacks and counters are, to put them back after a thrown stack overflow. */
  mark(): StateMark {
    return { depthLeft: this.depthLeft, callNesting: this.callNesting, active: this.activeExprs.length, cur: this.cur };
  }

  /** Put the stacks and counters back where {@link mark} saw them (budgets spent stay spent). */
  unwind(mark: StateMark): void {
    this.depthLeft = mark.depthLeft;
    this.callNesting = mark.callNesting;
    this.activeAds.length = mark.active;
    this.activeExprs.length = mark.active;
    this.cur = mark.cur;
  }

  debug(expr: Expr, value: Value): void {
    this.settings.debugHook?.(expr, value);
  }

  newAd(attrs?: Iterable<readonly [string, Expr]>): ClassAd {
    return this.settings.newAd(attrs);
  }

  /** The ad a record literal evaluates to, its lexical parent the current ad. */
  private recordAd(node: RecordNode): ClassAd {
    const ad = this.settings.newAd();
    for (const attr of node.attrs) ad.set(attr.name, attr.expr);
    ad.parent = this.lexical ?? this.cur;
    return ad;
  }

  /**
   * HTCondor's `AttributeReference::Deref`. Like it, the lookup leaves the evaluation's current ad
   * where the walk stopped (the functions that dereference an argument, `unresolved`,
   * `evalInEachContext` and `countMatches`, do not restore it, so what is evaluated after them in
   * the same expression starts from there).
   */
  resolveReference(ref: AttrRefNode): { readonly expr: Expr; readonly scope: ClassAd | null } | null {
    if (ref.scope !== null) {
      // `list.name` dereferences to the projected list (FindExpr builds it as a new list).
      const base = this.evalScopeOf(ref);
      if (base.kind === "list") {
        // HTCondor projects in a state of its own: the current ad stays where it was.
        const saved = this.cur;
        const projected = this.project(base, this.names.fold(ref.name));
        this.cur = saved;
        return projected.kind === "list" ? { expr: literal(projected), scope: this.cur } : null;
      }
      if (base.kind !== "classad") return null;
      const outcome = this.lookupInScope(base.ad, this.names.fold(ref.name));
      return this.dereferenced(outcome, this.cur);
    }
    const outcome = this.findExpr(ref);
    return this.dereferenced(outcome, this.cur);
  }

  /** What `resolveReference` hands back for the outcome of a lookup that stopped at `where`. */
  private dereferenced(outcome: Lookup, where: ClassAd | null): { readonly expr: Expr; readonly scope: ClassAd | null } | null {
    switch (outcome) {
      case Lookup.Found:
        return this.foundExpr === null ? null : { expr: this.foundExpr, scope: this.foundAd };
      case Lookup.FoundAd: {
        // `self`, `parent`, `root`...: HTCondor's Deref hands back the ad itself as the tree.
        return { expr: literal(classAdValue(this.foundAd as ClassAd)), scope: where };
      }
      case Lookup.CurrentTime:
        return { expr: CURRENT_TIME_CALL, scope: where };
      default:
        return null;
    }
  }

  externalReferences(expr: Expr, scope: ClassAd | null): string[] {
    const saved = this.cur;
    const savedLexical = this.lexical;
    this.cur = scope;
    this.lexical = scope;
    const collected = collectExternalReferences(this, expr, true);
    this.cur = saved;
    this.lexical = savedLexical;
    return collected.ok ? collected.names : [];
  }

  // ------------------------------------------------------------ scopes

  /** The lexical parent of an ad, as the match structure sees it. */
  parentOf(ad: ClassAd): ClassAd | null {
    const match = this.match;
    if (match !== null) {
      if (ad === match.left) return match.leftContext;
      if (ad === match.right) return match.rightContext;
    }
    return ad.parent;
  }

  /** Make `start` the current ad and its outermost ancestor the root (`EvalState::SetScopes`). */
  setScopes(start: ClassAd | null): void {
    this.cur = start;
    this.lexical = start;
    if (start === null) {
      this.root = null;
      return;
    }
    let previous = start;
    let scope = this.parentOf(start);
    let hops = 0;
    while (scope !== null) {
      if (scope === start || ++hops > MAX_SCOPE_HOPS) {
        this.root = null;
        return;
      }
      previous = scope;
      scope = this.parentOf(scope);
    }
    this.root = previous;
  }

  private alternateOf(ad: ClassAd): ClassAd | null {
    const match = this.match;
    if (match === null || this.settings.strict) return null;
    if (ad === match.left) return match.right;
    if (ad === match.right) return match.left;
    return ad === this.nestedAd ? this.nestedAlternate : null;
  }

  /** The ad `evaluateInNestedAd` lends an alternate scope to while it evaluates in it. */
  private nestedAd: ClassAd | null = null;
  private nestedAlternate: ClassAd | null = null;

  /**
   * HTCondor's `evaluateInContext` (evalInEachContext, countMatches): `expr` evaluated in the
   * nested ad `ad`, which for the time lends the alternate scope of the match side it belongs to
   * (an ad inside MY looks missing names up in TARGET, as MY does).
   */
  evaluateInNestedAd(expr: Expr, ad: ClassAd): Value {
    const match = this.match;
    let alternate: ClassAd | null = null;
    if (match !== null && ad.parent !== null) {
      if (this.isAncestorOrSelf(ad.parent, match.left)) alternate = this.alternateOf(match.left);
      else if (this.isAncestorOrSelf(ad.parent, match.right)) alternate = this.alternateOf(match.right);
    }
    const savedAd = this.nestedAd;
    const savedAlternate = this.nestedAlternate;
    this.nestedAd = alternate === null ? savedAd : ad;
    this.nestedAlternate = alternate === null ? savedAlternate : alternate;
    const value = this.evaluate(expr, ad);
    this.nestedAd = savedAd;
    this.nestedAlternate = savedAlternate;
    return value;
  }

  /** Whether `member` is `leaf` or one of its scope ancestors (HTCondor's `is_in_tree`). */
  private isAncestorOrSelf(member: ClassAd, leaf: ClassAd): boolean {
    let hops = 0;
    for (let ad: ClassAd | null = leaf; ad !== null && hops < MAX_SCOPE_HOPS; ad = this.parentOf(ad), hops++) {
      if (ad === member) return true;
    }
    return false;
  }

  private isSpecial(lower: string): boolean {
    switch (lower) {
      case "toplevel":
      case "root":
      case "self":
      case "parent":
        return true;
      case "my":
      case "currenttime":
        return !this.settings.strict;
      default:
        return false;
    }
  }

  /**
   * `ClassAd::LookupInScope`: walk from `start` outward to the root; a special name is
   * interpreted at the first ad that does not define it. Sets `cur` to the ad where the walk
   * stopped and `foundExpr`/`foundAd` on success.
   */
  lookupInScope(start: ClassAd, lower: string): Lookup {
    let current: ClassAd | null = start;
    let hops = 0;
    while (current !== null) {
      this.cur = current;
      const expr = current.lookupLower(lower);
      if (expr !== undefined) {
        this.foundExpr = expr;
        this.foundAd = current;
        return Lookup.Found;
      }
      const superScope: ClassAd | null = this.root === current ? null : this.parentOf(current);
      if (!this.isSpecial(lower)) {
        current = superScope;
        if (current === start || ++hops > MAX_SCOPE_HOPS) return Lookup.Undefined;
        continue;
      }
      switch (lower) {
        case "toplevel":
        case "root":
          if (this.root === null) return Lookup.Fail;
          this.foundAd = this.root;
          return Lookup.FoundAd;
        case "self":
        case "my":
          this.foundAd = current;
          return Lookup.FoundAd;
        case "parent":
          if (superScope === null) return Lookup.Undefined;
          this.foundAd = superScope;
          return Lookup.FoundAd;
        default:
          return Lookup.CurrentTime;
      }
    }
    return Lookup.Undefined;
  }

  /** `AttributeReference::FindExpr` for unscoped and absolute references. */
  private findExpr(ref: AttrRefNode): Lookup {
    if (ref.scope !== null) {
      const value = this.evalScopeOf(ref);
      if (value.kind !== "classad") return Lookup.Undefined;
      return this.lookupInScope(value.ad, this.names.fold(ref.name));
    }
    const start = ref.absolute ? this.root : this.cur;
    if (start === null) return ref.absolute ? Lookup.Fail : Lookup.Undefined;
    const lower = this.names.fold(ref.name);
    let outcome = this.lookupInScope(start, lower);
    if (outcome === Lookup.Undefined && !ref.absolute) {
      const alternate = this.alternateOf(start);
      if (alternate !== null) outcome = this.lookupInScope(alternate, lower);
    }
    return outcome;
  }

  // ------------------------------------------------------------ evaluation

  /** Evaluate one node in the current state (`ExprTree::Evaluate`). */
  eval(node: Expr): Value {
    if (--this.stepsLeft < 0) return this.fail();
    switch (node.kind) {
      case "literal":
        return node.value;
      case "attr":
        return this.evalAttr(node);
      case "binary":
        return this.evalBinary(node);
      case "unary":
        return this.evalUnary(node);
      case "paren": {
        if (--this.depthLeft < 0) {
          this.depthLeft++;
          return this.fail();
        }
        const value = this.eval(node.inner);
        this.depthLeft++;
        return this.failed ? ERROR : value;
      }
      case "ternary":
        return this.evalTernary(node);
      case "elvis":
        return this.evalElvis(node);
      case "subscript":
        return this.evalSubscript(node);
      case "call":
        return this.evalCall(node);
      case "list":
        return listValue(node.items, this.lexical ?? this.cur);
      case "record":
        return classAdValue(this.recordAd(node));
    }
  }

  private evalBinary(node: BinaryNode): Value {
    if (--this.depthLeft < 0) {
      this.depthLeft++;
      return this.fail();
    }
    const result = this.binaryBody(node);
    this.depthLeft++;
    return result;
  }

  private binaryBody(node: BinaryNode): Value {
    const left = this.eval(node.left);
    if (this.failed) return ERROR;
    const op = node.op;
    if (op === "&&") {
      if (booleanEquiv(left) === false) return FALSE;
      if (left.kind === "error") return ERROR;
      const right = this.eval(node.right);
      if (this.failed) return ERROR;
      return logicalAndRest(left, right);
    }
    if (op === "||") {
      if (booleanEquiv(left) === true) return TRUE;
      if (left.kind === "error") return ERROR;
      const right = this.eval(node.right);
      if (this.failed) return ERROR;
      return logicalOrRest(left, right);
    }
    const right = this.eval(node.right);
    if (this.failed) return ERROR;
    return strictBinary(op, left, right);
  }

  private evalUnary(node: UnaryNode): Value {
    if (--this.depthLeft < 0) {
      this.depthLeft++;
      return this.fail();
    }
    const operand = this.eval(node.operand);
    this.depthLeft++;
    if (this.failed) return ERROR;
    switch (node.op) {
      case "-":
        return unaryMinus(operand);
      case "+":
        return unaryPlus(operand);
      case "!":
        return logicalNot(operand);
      case "~":
        return bitwiseNot(operand);
    }
  }

  private evalTernary(node: TernaryNode): Value {
    if (--this.depthLeft < 0) {
      this.depthLeft++;
      return this.fail();
    }
    const result = this.ternaryBody(node);
    this.depthLeft++;
    return result;
  }

  private ternaryBody(node: TernaryNode): Value {
    const cond = this.eval(node.cond);
    if (this.failed) return ERROR;
    const truth = booleanEquiv(cond);
    if (truth !== null) {
      const chosen = this.eval(truth ? node.then : node.otherwise);
      return this.failed ? ERROR : chosen;
    }
    if (cond.kind === "error") return ERROR;
    if (cond.kind === "undefined") return UNDEFINED;
    // A condition with no truth value: HTCondor still evaluates both branches, then gives ERROR.
    this.eval(node.then);
    if (this.failed) return ERROR;
    this.eval(node.otherwise);
    return ERROR;
  }

  private evalElvis(node: ElvisNode): Value {
    if (--this.depthLeft < 0) {
      this.depthLeft++;
      return this.fail();
    }
    let value = this.eval(node.left);
    if (!this.failed && value.kind === "undefined") value = this.eval(node.right);
    this.depthLeft++;
    return this.failed ? ERROR : value;
  }

  private evalSubscript(node: SubscriptNode): Value {
    if (--this.depthLeft < 0) {
      this.depthLeft++;
      return this.fail();
    }
    const result = this.subscriptBody(node);
    this.depthLeft++;
    return result;
  }

  private subscriptBody(node: SubscriptNode): Value {
    const base = this.eval(node.target);
    if (this.failed) return ERROR;
    const index = this.eval(node.index);
    if (this.failed) return ERROR;
    if (base.kind === "error" || index.kind === "error") return ERROR;
    if (base.kind === "undefined" || index.kind === "undefined") return UNDEFINED;
    if (base.kind === "classad" && index.kind === "string") return this.attributeOf(base, index.v);
    if (base.kind === "list" && index.kind === "int") {
      // HTCondor reads the index as a C `int`: the low 32 bits.
      const i = typeof index.v === "number" ? index.v | 0 : Number(BigInt.asIntN(32, index.v));
      const item = base.items[i];
      if (i < 0 || item === undefined) return ERROR;
      return this.listElement(base, item);
    }
    return ERROR;
  }

  /**
   * `ad["name"]`: the attribute of that ad itself (or its chain), evaluated inside it, as
   * HTCondor's `EvaluateAttr`, whose safety check copies a list or ad result into a value of
   * its own (owned).
   */
  private attributeOf(base: ClassAdValue, name: string): Value {
    const ad = base.ad;
    const lower = this.names.fold(name);
    if (ad.lookupLower(lower) === undefined) return UNDEFINED;
    const savedCur = this.cur;
    const savedFailed = this.failed;
    const outcome = this.lookupInScope(ad, lower);
    let value: Value = UNDEFINED;
    if (outcome === Lookup.Found && this.foundExpr !== null) {
      value = this.evalFound(this.foundExpr, this.foundAd);
    }
    this.cur = savedCur;
    // HTCondor evaluates it as a separate evaluation whose failure only makes this ERROR.
    if (this.failed && !savedFailed) {
      this.failed = false;
      return ERROR;
    }
    return value.kind === "list" || value.kind === "classad" ? ownedValue(value) : value;
  }

  /** `ExprList::GetValueAt`: one element evaluated in the list's scope; failures stay local. */
  private listElement(list: ListValue, item: Expr): Value {
    if (this.depthLeft <= 0) return this.fail();
    this.depthLeft--;
    const savedCur = this.cur;
    const savedLexical = this.lexical;
    const savedFailed = this.failed;
    this.cur = list.scope ?? savedCur;
    this.lexical = this.cur;
    const value = this.eval(item);
    this.cur = savedCur;
    this.lexical = savedLexical;
    this.depthLeft++;
    if (this.failed && !savedFailed) this.failed = false;
    return value;
  }

  private evalCall(node: CallNode): Value {
    const fn = this.settings.functions.getLower(this.names.fold(node.name));
    if (fn === undefined) return ERROR;
    if (++this.callNesting > this.settings.maxCallNesting) {
      this.callNesting--;
      return this.fail();
    }
    // The current ad is not restored: HTCondor's function calls leave it as the function left it.
    const value = fn(node.args, this);
    this.callNesting--;
    if (this.failed) return ERROR;
    // Strings and lists a function builds count against the size budget.
    if ((value.kind === "string" || value.kind === "list") && !this.charge(valueBytes(value))) return ERROR;
    return value;
  }

  // ------------------------------------------------------------ attribute references

  /** The value of `ref.scope` for `scope.name` (depth counted; ERROR when out of depth). */
  private evalScopeOf(ref: AttrRefNode): Value {
    if (this.depthLeft <= 0) return ERROR;
    this.depthLeft--;
    const value = this.eval(ref.scope as Expr);
    this.depthLeft++;
    return value;
  }

  private evalAttr(node: AttrRefNode): Value {
    const saved = this.cur;
    let outcome: Lookup;
    if (node.scope === null) {
      outcome = this.findExpr(node);
    } else {
      const base = this.evalScopeOf(node);
      if (this.failed) {
        this.cur = saved;
        return ERROR;
      }
      if (base.kind === "classad") {
        outcome = this.lookupInScope(base.ad, this.names.fold(node.name));
      } else if (base.kind === "list") {
        const projected = this.project(base, this.names.fold(node.name));
        this.cur = saved;
        return projected;
      } else {
        this.cur = saved;
        return base.kind === "undefined" ? UNDEFINED : ERROR;
      }
    }
    let value: Value;
    switch (outcome) {
      case Lookup.Found:
        value = this.evalFound(this.foundExpr as Expr, this.foundAd);
        break;
      case Lookup.FoundAd:
        value = this.depthLeft <= 0 ? this.fail() : classAdValue(this.foundAd as ClassAd);
        break;
      case Lookup.CurrentTime:
        value = this.evalFound(CURRENT_TIME_CALL, this.cur);
        break;
      case Lookup.Fail:
        value = this.fail();
        break;
      default:
        value = UNDEFINED;
    }
    this.cur = saved;
    return value;
  }

  /** Evaluate an attribute's expression inside its ad; a reference back to it is UNDEFINED. */
  private evalFound(expr: Expr, ad: ClassAd | null): Value {
    if (this.depthLeft <= 0) return this.fail();
    const ads = this.activeAds;
    const exprs = this.activeExprs;
    for (let i = exprs.length - 1; i >= 0; i--) {
      if (exprs[i] === expr && ads[i] === ad) return UNDEFINED;
    }
    ads.push(ad);
    exprs.push(expr);
    this.depthLeft--;
    const saved = this.cur;
    const savedLexical = this.lexical;
    this.cur = ad;
    this.lexical = ad;
    const value = this.eval(expr);
    this.cur = saved;
    this.lexical = savedLexical;
    this.depthLeft++;
    ads.pop();
    exprs.pop();
    return this.failed ? ERROR : value;
  }

  /**
   * `{...}.name`: a list of each element's `.name` (an element list projects again; an element
   * that is not an ad or a list gives ERROR, UNDEFINED stays UNDEFINED).
   */
  private project(list: ListValue, lower: string): Value {
    const out: Expr[] = [];
    const scope = list.scope ?? this.cur;
    for (const item of list.items) {
      if (--this.stepsLeft < 0) return this.fail();
      if (this.depthLeft <= 0) {
        out.push(literal(ERROR));
        continue;
      }
      this.depthLeft--;
      this.cur = scope;
      const savedLexical = this.lexical;
      this.lexical = scope;
      const element = this.eval(item);
      this.lexical = savedLexical;
      this.depthLeft++;
      if (this.failed) return ERROR;
      let value: Value;
      if (element.kind === "classad") {
        const outcome = this.lookupInScope(element.ad, lower);
        if (outcome === Lookup.Found) value = this.evalFound(this.foundExpr as Expr, this.foundAd);
        else if (outcome === Lookup.FoundAd) value = classAdValue(this.foundAd as ClassAd);
        else if (outcome === Lookup.CurrentTime) value = this.evalFound(CURRENT_TIME_CALL, this.cur);
        else if (outcome === Lookup.Fail) value = this.fail();
        else value = UNDEFINED;
      } else if (element.kind === "list") {
        if (this.depthLeft <= 0) return this.fail();
        this.depthLeft--;
        value = this.project(element, lower);
        this.depthLeft++;
      } else {
        value = element.kind === "undefined" ? UNDEFINED : ERROR;
      }
      if (this.failed) return ERROR;
      out.push(this.detachedLiteral(value));
    }
    return listValue(out, null);
  }

  /**
   * An element of a projected list: HTCondor copies it into a new list whose parent scope is
   * set to none, and the list passes that on to its elements, so a projected ad or list no
   * longer sees the ads around it (`{[a = []; b = 1]}.a.b` is `{ undefined }`).
   */
  private detachedLiteral(value: Value): Expr {
    if (value.kind === "classad") {
      const copy = this.settings.newAd(value.ad.entries());
      copy.parent = null;
      return literal(classAdValue(copy));
    }
    if (value.kind === "list") return literal(listValue(value.items, this.settings.newAd()));
    return literalOfValue(value);
  }
}
