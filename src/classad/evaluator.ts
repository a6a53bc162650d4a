/**
 * Evaluations sharing one set of options (an environment and the flat options over it: clock,
 * time zone, limits, functions): the options are resolved once, which matters when the same
 * expression runs against thousands of ads.
 */
import { EvalState, type EvalSettings } from "../eval/eval-state.js";
import { prepareState, runInState, runValue } from "../eval/run.js";
import type { EvaluateOptions, EvaluationResult, EvaluationScope } from "../model/evaluation.js";
import type { ClassAd } from "../model/classad.js";
import type { Expr } from "../model/nodes.js";
import type { Value } from "../model/value.js";
import { newClassAd } from "./classad.js";
import { evalSettings } from "./environment.js";

/**
 * ```ts
 * const ev = new Evaluator({ environment: createEnvironment({ now: 1_700_000_000 }) });
 * const context = new MatchContext(job, slots[0]);
 * for (const slot of slots) if (isMatchTrue(ev.evaluate(requirements, { match: context.setRight(slot) }))) ...
 * ```
 */
export class Evaluator {
  private readonly settings: EvalSettings;
  /** Reused between evaluations (not while one runs: a function may evaluate re-entrantly). */
  private readonly spare: EvalState;

  constructor(options: Omit<EvaluateOptions, "my" | "target" | "match"> = {}) {
    this.settings = evalSettings(options, newClassAd);
    this.spare = new EvalState(this.settings);
  }

  private state(scope: EvaluationScope): EvalState {
    const state = this.spare.busy ? new EvalState(this.settings) : this.spare;
    if (state === this.spare) state.reset();
    return prepareState(state, scope);
  }

  evaluate(expr: Expr, scope: EvaluationScope = {}): Value {
    return runValue(this.state(scope), expr);
  }

  evaluateWithStatus(expr: Expr, scope: EvaluationScope = {}): EvaluationResult {
    return runInState(this.state(scope), expr);
  }

  /**
   * `expr` in a match with MY = `my` and TARGET = `target`, as HTCondor's
   * `EvalExprTree(expr, my, target)` (the function `evaluateInMatch` with this evaluator's options).
   */
  evaluateInMatch(expr: Expr, my: ClassAd, target: ClassAd): Value {
    return runValue(this.state({ my, target }), expr);
  }
}
