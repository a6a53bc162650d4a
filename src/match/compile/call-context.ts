/**
 * What a builtin sees when the compiled path calls it: its own arguments evaluated by their
 * compiled code, the run's clock, zone and regex engine. Anything else it asks for (an expression
 * from a list built elsewhere, another scope, a failure, a reference lookup) defers the whole
 * evaluation to the evaluator.
 */
import type { ClassAd } from "../../model/classad.js";
import type { CompiledRegex, EvalContext, RegexOptions } from "../../model/evaluation.js";
import type { BinaryNode, Expr } from "../../model/nodes.js";
import type { Value } from "../../model/value.js";
import { strictBinary } from "../../eval/operators.js";
import { BAIL, type Code, type Run } from "./run.js";

export class CallContext implements EvalContext {
  constructor(
    private readonly run: Run,
    readonly scope: ClassAd,
    private readonly other: ClassAd,
    private readonly side: number,
    private readonly args: readonly Expr[],
    private readonly argCodes: readonly Code[],
    private readonly argSizes: readonly number[],
  ) {}

  get timeZone(): string {
    return this.run.timeZone;
  }

  zoneOffset(epochSecs: number): number {
    return this.run.environment.zoneOffset(epochSecs, this.run.timeZone);
  }

  regex(pattern: string, options: RegexOptions): CompiledRegex | null {
    return this.run.environment.compileRegex(pattern, options);
  }

  evaluate(expr: Expr, scope: ClassAd | null): Value {
    if (expr.kind === "literal") return expr.value;
    if (scope === this.scope) {
      const i = this.args.indexOf(expr);
      const code = this.argCodes[i];
      if (code !== undefined) {
        this.run.step(this.argSizes[i] as number);
        return code(this.run, this.scope, this.other, this.side);
      }
    }
    if (expr.kind === "binary" && expr.left.kind === "literal" && expr.right.kind === "literal") {
      // Functions such as `member` and `sum` apply an operator to two values they already have.
      return applyLiteralOperator(expr);
    }
    throw BAIL;
  }

  now(): number {
    return this.run.clock();
  }

  fail(): never {
    throw BAIL;
  }

  debug(): void {
    throw BAIL;
  }

  random(): number {
    throw BAIL;
  }

  resolveReference(): never {
    throw BAIL;
  }

  newAd(): never {
    throw BAIL;
  }

  externalReferences(): never {
    throw BAIL;
  }
}

function applyLiteralOperator(expr: BinaryNode): Value {
  if (expr.left.kind !== "literal" || expr.right.kind !== "literal") throw BAIL;
  return strictBinary(expr.op, expr.left.value, expr.right.value);
}
