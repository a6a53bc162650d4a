/**
 * Evaluations sharing one set of options (an environment and the flat options over it: clock,
 * time zone, limits, functions): the options are resolved once, which matters when the same
 * expression runs against thousands of ads.
 */
import { EvalState, type EvalSettings } from "../eval/eval-state.js";
import { MutableMatchFrame } from "../eval/match-frame.js";
import { prepareState, runInState, runValue } from "../eval/run.js";
import type { EvaluateOptions, EvaluationResult, EvaluationScope } from "../model/evaluation.js";
import type { ClassAd } from "../model/classad.js";
import type { Expr } from "../model/nodes.js";
import type { Value } from "../model/value.js";
import { newClassAd } from "./classad.js";
import { evalSettings } from "./environment.js";
import { parseText } from "./evaluate.js";
import { resultForUser, valueForUser } from "./text.js";

/** Expression texts an evaluator keeps parsed (the most recent ones). */
const PARSED_TEXTS = 64;

/**
 * ```ts
 * const ev = new Evaluator({ environment: createEnvironment({ now: 1_700_000_000 }) });
 * const context = new MatchContext(job, slots[0]);
 * for (const slot of slots) if (isMatchTrue(ev.evaluate("Requirements", { match: context.setRight(slot) }))) ...
 * ```
 *
 * Every method takes an `Expr` or expression text (parsed as `evaluate()` parses it: a syntax
 * error throws `ClassAdParseError`); the evaluator keeps the last few texts it parsed, so a loop
 * over many ads parses its text once. Values are returned as `evaluate()` returns them (strings as
 * text).
 */
export class Evaluator {
  private readonly settings: EvalSettings;
  /** Reused between evaluations (not while one runs: a function may evaluate re-entrantly). */
  private readonly spare: EvalState;
  /**
   * The match frame of the spare state, reused for every `{ my, target }` pair (making one costs
   * three ads); dropped when a result could hold one of its ads (a record or a list).
   */
  private spareFrame: MutableMatchFrame | null = null;
  private readonly parsed = new Map<string, Expr>();

  constructor(options: Omit<EvaluateOptions, "my" | "target" | "match"> = {}) {
    this.settings = evalSettings(options, newClassAd);
    this.spare = new EvalState(this.settings);
  }

  private state(scope: EvaluationScope): EvalState {
    if (this.spare.busy) return prepareState(new EvalState(this.settings), scope);
    this.spare.reset();
    if (scope.match !== undefined || scope.target === undefined) return prepareState(this.spare, scope);
    const my = scope.my ?? this.settings.newAd();
    if (this.spareFrame === null) this.spareFrame = new MutableMatchFrame(my, scope.target, this.settings.newAd);
    else this.spareFrame.setLeft(my).setRight(scope.target);
    return prepareState(this.spare, { match: this.spareFrame });
  }

  /** Forget the spare frame when `value` may reach its ads (so a later pair cannot change it). */
  private released(value: Value): Value {
    if (value.kind === "classad" || value.kind === "list") this.spareFrame = null;
    return value;
  }

  /** The tree of `expr`: itself, or its text parsed (through the bounded cache of recent texts). */
  private tree(expr: Expr | string): Expr {
    if (typeof expr !== "string") return expr;
    let tree = this.parsed.get(expr);
    if (tree === undefined) {
      tree = parseText(expr);
      if (this.parsed.size >= PARSED_TEXTS) this.parsed.delete(this.parsed.keys().next().value as string);
      this.parsed.set(expr, tree);
    }
    return tree;
  }

  /** `expr` with MY, and TARGET or a match, from `scope`. */
  evaluate(expr: Expr | string, scope: EvaluationScope = {}): Value {
    return valueForUser(this.released(runValue(this.state(scope), this.tree(expr))));
  }

  /** {@link evaluate}, also telling whether HTCondor would report the evaluation as failed. */
  evaluateWithStatus(expr: Expr | string, scope: EvaluationScope = {}): EvaluationResult {
    const result = runInState(this.state(scope), this.tree(expr));
    this.released(result.value);
    return resultForUser(result);
  }

  /**
   * `expr` in a match with MY = `my` and TARGET = `target`, as HTCondor's
   * `EvalExprTree(expr, my, target)` (the function `evaluateInMatch` with this evaluator's options).
   */
  evaluateInMatch(expr: Expr | string, my: ClassAd, target: ClassAd): Value {
    return valueForUser(this.released(runValue(this.state({ my, target }), this.tree(expr))));
  }
}
