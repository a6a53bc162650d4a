/**
 * This library's side of each comparison, doing exactly what the reference drivers do:
 * - eval: the line parsed as a new-syntax expression, inserted as a temporary attribute of MY (an
 *   empty ad, or the context's MY ad in a match with TARGET) and that attribute evaluated; the
 *   value printed as classad_eval prints it; `PARSE_ERROR` when the line does not parse;
 * - unparse: the parsed expression printed back;
 * - convert and match: through the public readers, writers and matchmaker.
 * Anything thrown (other than the parser's typed errors) is an answer too, `THROWN ...`: the
 * library promises that nothing a user types makes it throw.
 */
import "../../scripts/re2js-for-sources.js";
import { unparse, unparseValue } from "../../src/ast/print.js";
import { ClassAd, evaluateAttributeOf } from "../../src/classad/classad.js";
import type { Expr } from "../../src/model/nodes.js";
import { ClassAdLimitError, ClassAdParseError, parseExpression } from "../../src/parser/index.js";
import { ERROR } from "../../src/model/value.js";
import { FROZEN_NOW } from "./oracle.js";

export const PARSE_ERROR = "PARSE_ERROR";
/** The temporary attribute the eval driver evaluates (its name shows in `root`, `self`, ...). */
const TMP_ATTR = "__oracle_expr__";

export function parseLine(line: string): Expr | null {
  try {
    return parseExpression(line);
  } catch (error) {
    if (error instanceof ClassAdParseError || error instanceof ClassAdLimitError) return null;
    throw error;
  }
}

function thrown(error: unknown): string {
  const name = error instanceof Error ? error.constructor.name : typeof error;
  const message = error instanceof Error ? error.message : String(error);
  return `THROWN ${name}: ${message}`.replace(/\n/g, " ");
}

/** Evaluates lines as eval_oracle does, in an empty ad or in a match of `my` and `target`. */
export class OurEvaluator {
  private readonly my: ClassAd;

  constructor(my?: ClassAd, private readonly target?: ClassAd) {
    this.my = my ?? new ClassAd();
  }

  answer(line: string): string {
    let expr: Expr | null;
    try {
      expr = parseLine(line);
    } catch (error) {
      return thrown(error);
    }
    if (expr === null) return PARSE_ERROR;
    return this.answerExpr(expr);
  }

  answerExpr(expr: Expr): string {
    try {
      this.my.set(TMP_ATTR, expr);
      const result = evaluateAttributeOf(this.my, TMP_ATTR, {
        target: this.target,
        now: FROZEN_NOW,
        timeZone: "UTC",
      });
      return unparseValue(result.failed ? ERROR : result.value);
    } catch (error) {
      return thrown(error);
    } finally {
      this.my.delete(TMP_ATTR);
    }
  }
}

/** eval_oracle --unparse. */
export function unparseAnswer(line: string): string {
  try {
    const expr = parseLine(line);
    return expr === null ? PARSE_ERROR : unparse(expr);
  } catch (error) {
    return thrown(error);
  }
}
