/**
 * `explain(expr, context)`: an expression as a tree, every sub-expression with the value the
 * evaluator gave it, every attribute reference with the ad it was found in (MY, TARGET, the
 * old-ClassAd fallback from one to the other) or the fact that nothing defined it, and the path
 * from the first UNDEFINED or ERROR to the result marked.
 *
 * The values come from one recorded run of the evaluator itself ({@link traceEvaluation}), so the
 * explanation reports what `evaluate()` computes and nothing else: same lookups, same match frame,
 * same short-circuits (a sub-expression the evaluator skipped is shown as not evaluated).
 */
import type { ClassAd } from "../model/classad.js";
import type { EvaluateOptions } from "../model/evaluation.js";
import type { AttrRefNode, BinaryNode, Expr } from "../model/nodes.js";
import type { Value, ValueKind } from "../model/value.js";
import { fromByteString, toByteString } from "../model/bytes.js";
import { foldName } from "../model/names.js";
import { childrenOf } from "../ast/walk.js";
import { unparseValue } from "../ast/print.js";
import { parseExpression } from "../parser/index.js";
import { traceEvaluation, type Trace, type TraceFrame } from "./trace.js";
import { lintExpression } from "./lint.js";
import { shownText } from "./grouped.js";
import type { LintHint } from "./hints.js";
import { valueForUser } from "../classad/text.js";

/** Where an attribute reference found its value. */
export type ReferenceSource =
  /** The MY ad (the context ad). */
  | "MY"
  /** The TARGET ad of a match. */
  | "TARGET"
  /** The match frame's own ads (what `MY`, `TARGET`, `LEFT`, ... stand for). */
  | "match"
  /** An enclosing ad of MY or TARGET (their `parent`). */
  | "parent"
  /** An ad inside the expression or inside an attribute value (a record literal, a nested ad). */
  | "nested"
  /** Old-ClassAd `CurrentTime`, which stands for `time()`. */
  | "CurrentTime"
  /** Nothing defines the name: the reference is UNDEFINED. */
  | "missing";

export interface ExplainReference {
  /** The attribute name as written. */
  readonly name: string;
  /** The scope as written (`TARGET`, `MY`, ...), null for an unscoped name. */
  readonly scope: string | null;
  readonly source: ReferenceSource;
  /** True when an unscoped name missing from one side of the match was found in the other (HTCondor's old-ClassAd fallback). */
  readonly fallback: boolean;
  /** True when the name is defined but the evaluator cut the reference as circular (it is then UNDEFINED). */
  readonly circular: boolean;
  /** The expression found, as HTCondor prints it (null when missing). */
  readonly definition: string | null;
  /** A short phrase for people: `TARGET`, `MY (not in TARGET: old-ClassAd fallback)`, `missing: TARGET does not define it`. */
  readonly note: string;
}

export interface ExplainNode {
  /** The sub-expression as HTCondor prints it (long texts are cut, ending in ` ...`). */
  readonly text: string;
  /** The node kind (`binary`, `attr`, `call`, ...) and, for operators and calls, the operator or function name. */
  readonly kind: Expr["kind"];
  readonly op: string | null;
  /** `operand` for a part of its parent, `definition` for the expression an attribute reference found, `scope` for the `x` of `x.name`. */
  readonly role: "root" | "operand" | "definition" | "scope";
  /** False when the evaluator never evaluated it (a short-circuit, an unused branch). */
  readonly evaluated: boolean;
  /** The value as HTCondor prints it; an ad is shown by its role (`the TARGET ad`) or, when short, its text. */
  readonly value: string | null;
  readonly type: ValueKind | null;
  readonly reference: ExplainReference | null;
  /** True on the path from the first UNDEFINED or ERROR (see {@link Explanation.problem}) up to the root. */
  readonly onProblemPath: boolean;
  /** True on the node where that UNDEFINED or ERROR starts. */
  readonly problemOrigin: boolean;
  /** True when the tree was cut here (too deep or too large to show); its children are not listed. */
  readonly elided: boolean;
  readonly children: readonly ExplainNode[];
}

export interface ExplainProblem {
  readonly kind: "undefined" | "error";
  /** The sub-expression it starts at. */
  readonly text: string;
  /** Its reference note when it is an attribute reference (`missing: TARGET does not define it`). */
  readonly note: string | null;
  /** True when it carries through to the result; false when an operator absorbed it (`undefined || true`). */
  readonly reachesResult: boolean;
}

export interface Explanation {
  /** The expression as HTCondor prints it. */
  readonly expression: string;
  /** Exactly the value `evaluateWithStatus(expr, context)` returns. */
  readonly value: Value;
  /** That value as HTCondor prints it (`classad_eval`'s output). */
  readonly valueText: string;
  readonly failed: boolean;
  readonly tree: ExplainNode;
  /** The first UNDEFINED or ERROR: the one the result carries, else the first the evaluation met. */
  readonly problem: ExplainProblem | null;
  /** Precedence and comparison hints for the expression (see `lintExpression`). */
  readonly hints: readonly LintHint[];
  /** True when the evaluation ran too long to record in full (the value is still exact). */
  readonly truncated: boolean;
}

export interface ExplainOptions extends EvaluateOptions {
  /** Expression text the tree was parsed from, for the spacing hints (given automatically when `expr` is text). */
  readonly source?: string;
}

/** Nodes shown at most; deeper or further parts are marked `elided`. */
const MAX_NODES = 5_000;
const MAX_TREE_DEPTH = 200;
/** Longest value text shown (a string value is always shown whole). */
const MAX_VALUE_TEXT = 240;
const MAX_AD_TEXT = 120;

/**
 * Explain an expression (text, parsed first, or a tree) in a context: the same options as
 * `evaluate()` (`my`, `target` or `match`, `now`, `timeZone`, `strict`, ...).
 *
 * ```ts
 * const e = explain("TARGET.Memory >= RequestMemory && TARGET.HasDocker", { my: job, target: slot });
 * e.valueText;               // "undefined"
 * e.problem?.text;           // "TARGET.HasDocker"
 * e.problem?.note;           // "missing: TARGET does not define it"
 * ```
 * @throws ClassAdParseError when `expr` is text that does not parse.
 */
export function explain(expr: Expr | string, context: ExplainOptions = {}): Explanation {
  const source = typeof expr === "string" ? toByteString(expr) : context.source !== undefined ? toByteString(context.source) : undefined;
  const tree = typeof expr === "string" ? parseExpression(source as string) : expr;
  const trace = traceEvaluation(tree, context);
  const builder = new TreeBuilder(trace);
  const root = builder.build(tree, trace.root, [], "root", 0);
  const problem = markProblem(root);
  return {
    expression: shownText(tree),
    value: valueForUser(trace.value),
    valueText: builder.valueText(trace.value),
    failed: trace.failed,
    tree: root,
    problem,
    hints: lintExpression(tree, {
      ...(source !== undefined ? { source: fromByteString(source) } : {}),
      // No targets: that a reference is missing here, the tree already shows.
      ...(context.my !== undefined ? { my: context.my } : {}),
    }),
    truncated: trace.truncated || builder.elided,
  };
}

/** An explanation node while it is built (the public type is read-only). */
interface Draft extends ExplainNode {
  onProblemPath: boolean;
  problemOrigin: boolean;
  elided: boolean;
  reference: ExplainReference | null;
  children: Draft[];
}


/** Names that stand for a whole ad: `x.name` with such an `x` needs no separate line for `x`. */
const AD_NAMES = new Set(["my", "target", "other", "self", "parent", "root", "toplevel", "left", "right", "ad"]);

function isPlainScope(scope: Expr): boolean {
  return scope.kind === "attr" && scope.scope === null && AD_NAMES.has(foldName(scope.name));
}

class TreeBuilder {
  private nodes = 0;
  elided = false;
  private readonly claimed = new Set<TraceFrame>();

  constructor(private readonly trace: Trace) {}

  /**
   * The node for `node`, evaluated as `frame` (null when it was not evaluated). `pool` holds
   * frames of the parent that no child claimed yet: a function evaluates the items of a list
   * argument itself, so an item's frame sits beside the list's, not under it.
   */
  build(node: Expr, frame: TraceFrame | null, pool: readonly TraceFrame[], role: Draft["role"], depth: number): Draft {
    // Parentheses pass their operand's value through: show the operand (the tree shows the grouping).
    while (node.kind === "paren") {
      const inner: Expr = node.inner;
      if (frame !== null) this.claimed.add(frame);
      frame = frame === null ? null : this.take(frame.children, inner);
      node = inner;
    }
    if (frame !== null) this.claimed.add(frame);
    const draft: Draft = {
      text: shownText(node),
      kind: node.kind,
      op: operatorOf(node),
      role,
      evaluated: frame !== null,
      value: frame?.value ? this.valueText(frame.value) : null,
      type: frame?.value ? frame.value.kind : null,
      reference: null,
      onProblemPath: false,
      problemOrigin: false,
      elided: false,
      children: [],
    };
    if (++this.nodes > MAX_NODES || depth > MAX_TREE_DEPTH) {
      const hasChildren = childrenOf(node).length > 0 || (frame !== null && frame.children.length > 0);
      if (hasChildren) {
        draft.elided = true;
        this.elided = true;
      }
      return draft;
    }
    if (node.kind === "attr") {
      this.attribute(draft, node, frame, depth);
      return draft;
    }
    if (node.kind === "binary" && (node.op === "&&" || node.op === "||")) {
      for (const [operand, operandFrame] of this.chain(node, frame)) {
        draft.children.push(this.build(operand, operandFrame, [], "operand", depth + 1));
      }
      return draft;
    }
    const own = frame?.children ?? [];
    const inherited = own.length > 0 ? own : pool;
    for (const child of childrenOf(node)) {
      const found = this.take(own, child) ?? this.take(pool, child);
      draft.children.push(this.build(child, found, inherited, "operand", depth + 1));
    }
    return draft;
  }

  /**
   * The operands of a chain of one logical operator (`a && b && c` is `(a && b) && c`), leftmost
   * first, each with its frame: shown side by side, as the clauses they are.
   */
  private chain(top: BinaryNode, frame: TraceFrame | null): [Expr, TraceFrame | null][] {
    const operands: [Expr, TraceFrame | null][] = [];
    let link: Expr = top;
    let linkFrame = frame;
    while (link.kind === "binary" && link.op === top.op) {
      if (linkFrame !== null) this.claimed.add(linkFrame);
      const children: readonly TraceFrame[] = linkFrame?.children ?? [];
      operands.push([link.right, this.take(children, link.right)]);
      linkFrame = this.take(children, link.left);
      link = link.left;
    }
    operands.push([link, linkFrame]);
    return operands.reverse();
  }

  /** Frames of one list by the node they evaluated, built on first use. */
  private readonly byNode = new WeakMap<readonly TraceFrame[], Map<Expr, TraceFrame[]>>();

  /** The first frame of `frames` that evaluated `node` and is not claimed yet. */
  private take(frames: readonly TraceFrame[], node: Expr): TraceFrame | null {
    let index = this.byNode.get(frames);
    if (index === undefined) {
      index = new Map();
      for (const frame of frames) {
        const same = index.get(frame.node);
        if (same === undefined) index.set(frame.node, [frame]);
        else same.push(frame);
      }
      this.byNode.set(frames, index);
    }
    for (const frame of index.get(node) ?? []) if (!this.claimed.has(frame)) return frame;
    return null;
  }

  private attribute(draft: Draft, node: AttrRefNode, frame: TraceFrame | null, depth: number): void {
    const scopeNode = node.scope;
    const scopeFrame = scopeNode === null || frame === null ? null : this.take(frame.children, scopeNode);
    if (scopeNode !== null && !isPlainScope(scopeNode)) {
      draft.children.push(this.build(scopeNode, scopeFrame, [], "scope", depth + 1));
    }
    if (frame === null) return;
    const definition = frame.children.find((f) => f !== scopeFrame && f.node !== scopeNode) ?? null;
    draft.reference = this.reference(node, frame, scopeFrame, definition);
    if (definition !== null && definition.node.kind !== "literal" && draft.reference.source !== "CurrentTime") {
      draft.children.push(this.build(definition.node, definition, [], "definition", depth + 1));
    }
  }

  private reference(node: AttrRefNode, frame: TraceFrame, scopeFrame: TraceFrame | null, definition: TraceFrame | null): ExplainReference {
    const name = fromByteString(node.name);
    const scope = node.scope === null ? (node.absolute ? "." : null) : shownText(node.scope);
    const base = { name, scope, fallback: false, circular: false, definition: null as string | null };
    if (definition !== null) {
      if (node.scope === null && !node.absolute && foldName(node.name) === "currenttime" && isTimeCall(definition.node)) {
        return { ...base, source: "CurrentTime", definition: "time()", note: "CurrentTime: time()" };
      }
      const where = this.label(definition.scope);
      const from = this.label(frame.scope);
      const fallback = node.scope === null && !node.absolute && (where === "MY" || where === "TARGET") && (from === "MY" || from === "TARGET") && where !== from;
      const note = fallback ? `${where} (not in ${from}: old-ClassAd fallback)` : where === "match" ? "the match frame" : where;
      return { ...base, source: where, fallback, definition: shownText(definition.node), note };
    }
    const value = frame.value;
    if (value !== null && value.kind === "classad") {
      // A name that stands for an ad (`MY`, `TARGET`, `parent`) where no ad defines it.
      const where = this.label(value.ad);
      return { ...base, source: where, note: `the ${where === "match" ? "match frame's" : where} ad` };
    }
    const owner = this.trace.lookUp(node, frame.scope);
    if (owner !== undefined) {
      const where = this.label(owner);
      return { ...base, source: where, circular: true, note: `circular: ${where === "match" ? "the match frame" : where} defines it in terms of itself (undefined)` };
    }
    return { ...base, source: "missing", note: `missing: ${this.missingWhere(node, frame, scopeFrame)}` };
  }

  /** Which ads were searched for a reference that found nothing, in words. */
  private missingWhere(node: AttrRefNode, frame: TraceFrame, scopeFrame: TraceFrame | null): string {
    if (node.scope !== null) {
      const scopeValue = scopeFrame?.value ?? null;
      if (scopeValue !== null && scopeValue.kind === "classad") return `${this.adWords(this.label(scopeValue.ad))} does not define it`;
      if (scopeValue !== null && scopeValue.kind === "undefined") return `${shownText(node.scope)} is undefined`;
      return `${shownText(node.scope)} is not an ad`;
    }
    if (node.absolute) return "the root ad does not define it";
    const from = this.label(frame.scope);
    if (!this.trace.strict && this.trace.target !== null && (from === "MY" || from === "TARGET")) return "neither MY nor TARGET defines it";
    return `${this.adWords(from)} does not define it`;
  }

  private adWords(label: ReferenceSource): string {
    if (label === "match") return "the match frame";
    if (label === "parent" || label === "nested") return `the ${label} ad`;
    return label;
  }

  /** Which of the evaluation's ads `ad` is. */
  private label(ad: ClassAd | null): ReferenceSource {
    const { my, target, frameAds } = this.trace;
    if (ad === null) return "nested";
    if (ad === my) return "MY";
    if (ad === target) return "TARGET";
    if (frameAds.includes(ad)) return "match";
    for (const start of [my, target]) {
      let hops = 0;
      for (let p = start?.parent ?? null; p !== null && hops < 100; p = p.parent, hops++) if (p === ad) return "parent";
    }
    return "nested";
  }

  valueText(value: Value): string {
    if (value.kind === "classad") {
      const label = this.label(value.ad);
      if (label === "MY" || label === "TARGET") return `the ${label} ad`;
      if (label === "match") return "the match frame";
      const text = fromByteString(unparseValue(value));
      return text.length <= MAX_AD_TEXT ? text : `[ an ad of ${value.ad.size} attributes ]`;
    }
    const text = fromByteString(unparseValue(value));
    return text.length <= MAX_VALUE_TEXT || value.kind === "string" ? text : text.slice(0, MAX_VALUE_TEXT - 4) + " ...";
  }
}

function isTimeCall(node: Expr): boolean {
  return node.kind === "call" && foldName(node.name) === "time" && node.args.length === 0;
}

function operatorOf(node: Expr): string | null {
  switch (node.kind) {
    case "binary":
    case "unary":
      return node.op;
    case "ternary":
      return "?:";
    case "elvis":
      return "?:";
    case "call":
      return fromByteString(node.name);
    case "subscript":
      return "[]";
    default:
      return null;
  }
}

function isProblem(node: Draft): boolean {
  return node.type === "undefined" || node.type === "error";
}

/**
 * Mark the first UNDEFINED or ERROR and its path to the root. When the result is one, follow it
 * down: at each node the first evaluated child of the same kind (else of the other problem kind);
 * where none is left, the problem starts. Otherwise take the first problem the evaluation
 * finished (depth first, children before parents), skipping literals, which only state a value.
 */
function markProblem(root: Draft): ExplainProblem | null {
  let path: Draft[];
  if (isProblem(root)) {
    path = [root];
    for (let node = root; ; ) {
      const next = node.children.find((c) => c.type === node.type) ?? node.children.find(isProblem);
      if (next === undefined) break;
      path.push(next);
      node = next;
    }
  } else {
    path = firstProblemPath(root) ?? [];
  }
  const origin = path[path.length - 1];
  if (origin === undefined) return null;
  for (const node of path) node.onProblemPath = true;
  origin.problemOrigin = true;
  return {
    kind: origin.type === "error" ? "error" : "undefined",
    text: origin.text,
    note: origin.reference?.note ?? null,
    reachesResult: isProblem(root),
  };
}

/** The path to the first problem node in evaluation-finish order (iterative: trees can be deep). */
function firstProblemPath(root: Draft): Draft[] | null {
  const stack: { node: Draft; next: number }[] = [{ node: root, next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as { node: Draft; next: number };
    const child = top.node.children[top.next++];
    if (child !== undefined) {
      stack.push({ node: child, next: 0 });
      continue;
    }
    if (isProblem(top.node) && top.node.kind !== "literal") return stack.map((s) => s.node);
    stack.pop();
  }
  return null;
}
