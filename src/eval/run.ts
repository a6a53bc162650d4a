/**
 * Running one top-level evaluation: set a state up for its scope (MY alone, MY and TARGET, or a
 * whole match frame), evaluate, and turn what the JS engine may still throw (a stack overflow)
 * into HTCondor's failed evaluation.
 */
import type { ClassAd } from "../model/classad.js";
import type { EvaluationResult, EvaluationScope } from "../model/evaluation.js";
import type { Expr } from "../model/nodes.js";
import { ERROR, type Value } from "../model/value.js";
import { EvalState, type EvalSettings } from "./eval-state.js";
import { MutableMatchFrame } from "./match-frame.js";

/** A fresh state set up for `scope`: MY current, root and match frame in place. */
export function newState(settings: EvalSettings, scope: EvaluationScope): EvalState {
  return prepareState(new EvalState(settings), scope);
}

/** Set a fresh or reset state up for `scope`. */
export function prepareState(state: EvalState, scope: EvaluationScope): EvalState {
  const newAd = state.settings.newAd;
  let match = scope.match;
  if (match === undefined && scope.target !== undefined) {
    match = new MutableMatchFrame(scope.my ?? newAd(), scope.target, newAd);
  }
  if (match !== undefined) {
    state.match = match;
    state.setScopes(match.left);
  } else {
    state.setScopes(scope.my ?? newAd());
  }
  return state;
}

/** Run `expr` in `state`, with the failure flag. */
export function runInState(state: EvalState, expr: Expr): EvaluationResult {
  const value = runValue(state, expr);
  return { value, failed: state.failed };
}

/** Run `expr` in `state` and return only the value (ERROR when the evaluation failed). */
export function runValue(state: EvalState, expr: Expr): Value {
  let value: Value;
  state.busy = true;
  try {
    value = state.eval(expr);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    state.failed = true;
    value = ERROR;
  } finally {
    state.busy = false;
  }
  return state.failed ? ERROR : value;
}

/**
 * Evaluate `expr` inside a running state as a separate evaluation: a failure makes only this
 * value ERROR and leaves the state's flag as it was (list elements and attributes converted to JS).
 */
export function runNested(state: EvalState, expr: Expr): Value {
  const failedBefore = state.failed;
  const mark = state.mark();
  let value: Value;
  try {
    value = state.eval(expr);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    // The state goes on serving other evaluations: put its stacks back.
    state.unwind(mark);
    return ERROR;
  }
  if (state.failed && !failedBefore) {
    state.failed = false;
    return ERROR;
  }
  return value;
}

/** A state for reference collection: HTCondor treats the ad as the root, so its parents count as outside. */
export function referenceState(settings: EvalSettings, ad: ClassAd): EvalState {
  const state = new EvalState(settings);
  state.cur = ad;
  state.root = ad;
  return state;
}
