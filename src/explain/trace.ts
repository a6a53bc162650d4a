/**
 * A recording run of the evaluator: the same {@link EvalState} (same lookups, scopes, match
 * frame, budgets and failure rules), with every node evaluation written down as it happens.
 *
 * Nothing is re-evaluated afterwards: each frame holds the value the evaluator itself computed
 * for that node at that moment, in the ad it was evaluating in, so the explanation cannot drift
 * from what `evaluate()` answers. Frames nest as the evaluation nested: an attribute reference's
 * frame holds the frame of its scope and of the definition it found (evaluated in the ad that
 * defines it), a call's frame the frames of the arguments the function chose to evaluate.
 */
import type { ClassAd } from "../model/classad.js";
import type { EvaluateOptions } from "../model/evaluation.js";
import type { AttrRefNode, Expr } from "../model/nodes.js";
import type { Value } from "../model/value.js";
import { EvalState, type EvalSettings } from "../eval/eval-state.js";
import { prepareState, runInState } from "../eval/run.js";
import { newClassAd } from "../classad/classad.js";
import { evalSettings } from "../classad/environment.js";

/** One node evaluation. */
export interface TraceFrame {
  readonly node: Expr;
  /** The ad unscoped references started from (the evaluator's current ad) when the node was evaluated. */
  readonly scope: ClassAd | null;
  /** The value the evaluator returned; null when the evaluation was cut short (a stack overflow). */
  value: Value | null;
  readonly children: TraceFrame[];
}

/** Frames kept per explanation: beyond this the evaluation goes on unrecorded (the value stays exact). */
export const MAX_TRACE_FRAMES = 50_000;

class TracingState extends EvalState {
  readonly roots: TraceFrame[] = [];
  truncated = false;
  private readonly open: TraceFrame[] = [];
  private recorded = 0;
  /** Above zero while the evaluator answers a side question (a function resolving a reference). */
  private paused = 0;

  override eval(node: Expr): Value {
    if (this.paused > 0) return super.eval(node);
    if (this.recorded >= MAX_TRACE_FRAMES) {
      this.truncated = true;
      return super.eval(node);
    }
    this.recorded++;
    const frame: TraceFrame = { node, scope: this.cur, value: null, children: [] };
    const parent = this.open[this.open.length - 1];
    (parent === undefined ? this.roots : parent.children).push(frame);
    this.open.push(frame);
    try {
      frame.value = super.eval(node);
    } finally {
      this.open.pop();
    }
    return frame.value;
  }

  override resolveReference(ref: AttrRefNode): ReturnType<EvalState["resolveReference"]> {
    this.paused++;
    try {
      return super.resolveReference(ref);
    } finally {
      this.paused--;
    }
  }

  override externalReferences(expr: Expr, scope: ClassAd | null): string[] {
    this.paused++;
    try {
      return super.externalReferences(expr, scope);
    } finally {
      this.paused--;
    }
  }

  /**
   * Where `ref`, evaluated with `scope` as the current ad, resolves, asked after the run (the
   * evaluator's own lookup, recording paused, budgets untouched): used to tell a reference the
   * evaluator cut as circular from one that names nothing.
   */
  lookUpAfterwards(ref: AttrRefNode, scope: ClassAd | null): ClassAd | null | undefined {
    const saved = { cur: this.cur, depth: this.depthLeft, steps: this.stepsLeft, failed: this.failed };
    this.cur = scope;
    this.depthLeft = this.settings.maxDepth;
    this.stepsLeft = this.settings.maxSteps;
    try {
      const found = this.resolveReference(ref);
      return found === null ? undefined : found.scope;
    } finally {
      this.cur = saved.cur;
      this.depthLeft = saved.depth;
      this.stepsLeft = saved.steps;
      this.failed = saved.failed;
    }
  }
}

/** The outcome of a recorded evaluation. */
export interface Trace {
  /** Exactly what `evaluateWithStatus` returns for the same expression and options. */
  readonly value: Value;
  readonly failed: boolean;
  /** The frame of the top-level expression (null only when nothing ran). */
  readonly root: TraceFrame | null;
  /** True when more than {@link MAX_TRACE_FRAMES} evaluations happened: later ones are not recorded. */
  readonly truncated: boolean;
  /** The MY ad and, in a match, the TARGET ad and the match frame's own ads. */
  readonly my: ClassAd | null;
  readonly target: ClassAd | null;
  readonly frameAds: readonly ClassAd[];
  readonly strict: boolean;
  /** Resolve a reference as the evaluator would from `scope` (see TracingState.lookUpAfterwards). */
  lookUp(ref: AttrRefNode, scope: ClassAd | null): ClassAd | null | undefined;
}

/** Evaluate `expr` as `evaluateWithStatus(expr, options)` does, recording every node evaluation. */
export function traceEvaluation(expr: Expr, options: EvaluateOptions): Trace {
  const settings: EvalSettings = evalSettings(options, newClassAd);
  const state = new TracingState(settings);
  prepareState(state, options);
  const my = state.cur;
  const match = state.match;
  const { value, failed } = runInState(state, expr);
  return {
    value,
    failed,
    root: state.roots[0] ?? null,
    truncated: state.truncated,
    my,
    target: match === null ? null : match.right,
    frameAds: match === null ? [] : [match.root, match.leftContext, match.rightContext],
    strict: settings.strict,
    lookUp: (ref, scope) => state.lookUpAfterwards(ref, scope),
  };
}
