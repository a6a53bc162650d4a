/**
 * The ClassAd grammar as a chevrotain embedded-actions parser that builds the AST of
 * `src/ast/nodes.ts` directly (no CST). It follows HTCondor's recursive-descent parser
 * (`src/classad/source.cpp`):
 *
 * - every binary operator is handled by one rule (`binary`) that collects operands and operators
 *   and builds the tree by precedence (one rule invocation instead of a ten-level chain);
 * - prefix operators are collected iteratively; postfix `[i]`, `.name` and `?:` bind tighter than
 *   any prefix or binary operator, and the right side of `?:` is itself a postfix expression;
 * - `absTime("...")`/`relTime("...")` with one string literal are folded into literals;
 * - nesting is counted exactly as HTCondor's `DepthGuard` does (one unit per entry into an
 *   expression, a unary expression and a postfix expression), against `maxDepth`.
 *
 * The parser is a module singleton, reset per input; see `./index.ts` for the entry points.
 */
import type { IToken, TokenType } from "chevrotain";
import { EmbeddedActionsParser, EOF } from "chevrotain";
import type { BinaryOp, Expr, RecordAttr, RecordNode, UnaryOp } from "../ast/nodes.js";
import { parseAbsTime, parseRelTime } from "../ast/time-text.js";
import type { Value } from "../eval/value.js";
import { UNDEFINED, ERROR, TRUE, FALSE, realValue } from "../eval/value.js";
import * as T from "../lexer/tokens.js";
import type { NumberPayload, StringPayload } from "../lexer/tokens.js";
import { ClassAdLimitError, ClassAdParseError, ErrorCode } from "./errors.js";

/** Binary operator token → operator and precedence (higher binds tighter). */
const BINARY = new Map<TokenType, readonly [BinaryOp, number]>([
  [T.OrOr, ["||", 1]],
  [T.AndAnd, ["&&", 2]],
  [T.Pipe, ["|", 3]],
  [T.Caret, ["^", 4]],
  [T.Amp, ["&", 5]],
  [T.EqualEqual, ["==", 6]],
  [T.NotEqual, ["!=", 6]],
  [T.MetaEqual, ["is", 6]],
  [T.Is, ["is", 6]],
  [T.MetaNotEqual, ["isnt", 6]],
  [T.Isnt, ["isnt", 6]],
  [T.Less, ["<", 7]],
  [T.LessEqual, ["<=", 7]],
  [T.Greater, [">", 7]],
  [T.GreaterEqual, [">=", 7]],
  [T.LeftShift, ["<<", 8]],
  [T.RightShift, [">>", 8]],
  [T.URightShift, [">>>", 8]],
  [T.Plus, ["+", 9]],
  [T.Minus, ["-", 9]],
  [T.Star, ["*", 10]],
  [T.Slash, ["/", 10]],
  [T.Percent, ["%", 10]],
]);

const UNARY = new Map<TokenType, UnaryOp>([
  [T.Minus, "-"],
  [T.Plus, "+"],
  [T.Bang, "!"],
  [T.Tilde, "~"],
]);

type Suffix =
  | { readonly kind: "subscript"; readonly index: Expr; readonly end: number }
  | { readonly kind: "select"; readonly name: string; readonly end: number }
  | { readonly kind: "elvis"; readonly right: Expr };

/** The attribute name a (bare or quoted) identifier token stands for. */
function nameOf(token: IToken): string {
  return token.tokenType === T.BareName ? token.image : (token.payload as StringPayload).value;
}

function tokenEnd(token: IToken): number {
  return token.startOffset + token.image.length;
}

export class ClassAdGrammar extends EmbeddedActionsParser {
  /** Current nesting, counted as HTCondor's parser counts it. */
  depth = 0;
  maxDepth = 500;
  /** The text being parsed (for error positions). */
  source = "";

  private altsPrimary: Parameters<EmbeddedActionsParser["OR"]>[0] | undefined;
  private altsPostfix: Parameters<EmbeddedActionsParser["OR"]>[0] | undefined;

  constructor(validate: boolean) {
    super(T.ALL_TOKENS, { maxLookahead: 2, recoveryEnabled: false, skipValidations: !validate });
    this.performSelfAnalysis();
  }

  /** The next unconsumed token. */
  nextToken(): IToken {
    return this.LA(1);
  }

  /** True when the next token is the end of input. */
  atEnd(): boolean {
    return this.LA(1).tokenType === EOF;
  }

  private enter(units: number): void {
    this.depth += units;
    if (this.depth > this.maxDepth) {
      throw new ClassAdLimitError(
        ErrorCode.DepthLimit,
        `expression nested deeper than the limit of ${this.maxDepth}`,
        this.source,
        this.LA(1).startOffset,
        this.maxDepth,
      );
    }
  }

  /** Expression ::= Binary [ '?' Expression ':' Expression ] */
  expression = this.RULE("expression", (): Expr => {
    this.ACTION(() => this.enter(1));
    const cond = this.SUBRULE(this.binary);
    let result = cond;
    this.OPTION(() => {
      this.CONSUME(T.Question);
      const then = this.SUBRULE2(this.expression);
      this.CONSUME(T.Colon);
      const otherwise = this.SUBRULE3(this.expression);
      result = this.ACTION(() => ({ kind: "ternary", cond, then, otherwise, start: cond.start, end: otherwise.end }));
    });
    this.ACTION(() => this.depth--);
    return result;
  });

  /** Binary ::= Unary { BinaryOperator Unary }, grouped by precedence, all left-associative. */
  binary = this.RULE("binary", (): Expr => {
    const first = this.SUBRULE(this.unary);
    let operators: IToken[] | undefined;
    let operands: Expr[] | undefined;
    this.MANY(() => {
      const operator = this.CONSUME(T.BinaryOperator);
      const operand = this.SUBRULE2(this.unary);
      this.ACTION(() => {
        (operators ??= []).push(operator);
        (operands ??= [first]).push(operand);
      });
    });
    return this.ACTION(() => (operators === undefined ? first : buildBinary(operands as Expr[], operators)));
  });

  /** Unary ::= { '-' | '+' | '!' | '~' } Postfix */
  unary = this.RULE("unary", (): Expr => {
    let operators: IToken[] | undefined;
    this.MANY(() => {
      const operator = this.CONSUME(T.UnaryOperator);
      this.ACTION(() => (operators ??= []).push(operator));
    });
    const units = this.ACTION(() => 1 + (operators?.length ?? 0));
    this.ACTION(() => this.enter(units));
    let operand = this.SUBRULE(this.postfix);
    this.ACTION(() => {
      this.depth -= units;
      if (operators !== undefined) {
        for (let i = operators.length - 1; i >= 0; i--) {
          const token = operators[i] as IToken;
          operand = { kind: "unary", op: UNARY.get(token.tokenType) as UnaryOp, operand, start: token.startOffset, end: operand.end };
        }
      }
    });
    return operand;
  });

  /** Postfix ::= Primary { '[' Expression ']' | '.' Identifier | '?:' Postfix } */
  postfix = this.RULE("postfix", (): Expr => {
    this.ACTION(() => this.enter(1));
    let expr = this.SUBRULE(this.primary);
    this.MANY(() => {
      const suffix = this.OR(
        (this.altsPostfix ??= [
          {
            ALT: (): Suffix => {
              this.CONSUME(T.LBracket);
              const index = this.SUBRULE(this.expression);
              const close = this.CONSUME(T.RBracket);
              return { kind: "subscript", index, end: tokenEnd(close) } as Suffix;
            },
          },
          {
            ALT: (): Suffix => {
              this.CONSUME(T.Dot);
              const name = this.CONSUME(T.Identifier);
              return this.ACTION(() => ({ kind: "select", name: nameOf(name), end: tokenEnd(name) }) as Suffix);
            },
          },
          {
            ALT: (): Suffix => {
              this.CONSUME(T.Elvis);
              const right = this.SUBRULE2(this.postfix);
              return { kind: "elvis", right } as Suffix;
            },
          },
        ]),
      ) as Suffix;
      this.ACTION(() => {
        const start = expr.start;
        if (suffix.kind === "subscript") {
          expr = { kind: "subscript", target: expr, index: suffix.index, start, end: suffix.end };
        } else if (suffix.kind === "select") {
          expr = { kind: "attr", name: suffix.name, scope: expr, absolute: false, start, end: suffix.end };
        } else {
          expr = { kind: "elvis", left: expr, right: suffix.right, start, end: suffix.right.end };
        }
      });
    });
    this.ACTION(() => this.depth--);
    return expr;
  });

  primary = this.RULE("primary", (): Expr => {
    return this.OR(
      (this.altsPrimary ??= [
        { ALT: () => this.SUBRULE(this.nameOrCall) },
        {
          ALT: (): Expr => {
            const dot = this.CONSUME(T.Dot);
            const name = this.CONSUME(T.Identifier);
            return this.ACTION(() => ({
              kind: "attr",
              name: nameOf(name),
              scope: null,
              absolute: true,
              start: dot.startOffset,
              end: tokenEnd(name),
            }));
          },
        },
        {
          ALT: (): Expr => {
            const open = this.CONSUME(T.LParen);
            const inner = this.SUBRULE(this.expression);
            const close = this.CONSUME(T.RParen);
            return this.ACTION(() => ({ kind: "paren", inner, start: open.startOffset, end: tokenEnd(close) }));
          },
        },
        { ALT: () => this.SUBRULE(this.record) },
        { ALT: () => this.SUBRULE(this.list) },
        {
          ALT: (): Expr => {
            const token = this.CONSUME(T.NumberLiteral);
            return this.ACTION(() => literalNode(token, (token.payload as NumberPayload).value));
          },
        },
        {
          ALT: (): Expr => {
            const token = this.CONSUME(T.StringLiteral);
            return this.ACTION(() => literalNode(token, { kind: "string", v: (token.payload as StringPayload).value }));
          },
        },
        { ALT: () => literalNode(this.CONSUME(T.True), TRUE) },
        { ALT: () => literalNode(this.CONSUME(T.False), FALSE) },
        { ALT: () => literalNode(this.CONSUME(T.UndefinedLiteral), UNDEFINED) },
        { ALT: () => literalNode(this.CONSUME(T.ErrorKeyword), ERROR) },
      ]),
    ) as Expr;
  });

  /** Identifier [ '(' [ Expression { (',' | ';') Expression } ] ')' ] */
  nameOrCall = this.RULE("nameOrCall", (): Expr => {
    const nameToken = this.CONSUME(T.Identifier);
    let args: Expr[] | undefined;
    let end = 0;
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.ACTION(() => (args = []));
      this.OPTION2(() => {
        const first = this.SUBRULE(this.expression);
        this.ACTION(() => args?.push(first));
        this.MANY(() => {
          this.CONSUME(T.ArgumentSeparator);
          const next = this.SUBRULE2(this.expression);
          this.ACTION(() => args?.push(next));
        });
      });
      const close = this.CONSUME(T.RParen);
      this.ACTION(() => (end = tokenEnd(close)));
    });
    return this.ACTION((): Expr => {
      const name = nameOf(nameToken);
      const start = nameToken.startOffset;
      if (args === undefined) return { kind: "attr", name, scope: null, absolute: false, start, end: tokenEnd(nameToken) };
      return foldTimeLiteral(name, args, start, end, this.source) ?? { kind: "call", name, args, start, end };
    });
  });

  /** Record ::= '[' [ { ';' } Attr { ';' [ Attr ] } ] ']' */
  record = this.RULE("record", (): RecordNode => {
    const open = this.CONSUME(T.LBracket);
    const attrs: RecordAttr[] = [];
    this.OPTION(() => {
      this.MANY(() => this.CONSUME(T.Semicolon));
      this.SUBRULE(this.recordAttr, { ARGS: [attrs] });
      this.MANY2(() => {
        this.CONSUME2(T.Semicolon);
        this.OPTION2(() => this.SUBRULE2(this.recordAttr, { ARGS: [attrs] }));
      });
    });
    const close = this.CONSUME(T.RBracket);
    return this.ACTION(() => ({
      kind: "record",
      attrs: mergeDuplicates(attrs),
      start: open.startOffset,
      end: tokenEnd(close),
    }));
  });

  /** Attr ::= Identifier '=' Expression */
  recordAttr = this.RULE("recordAttr", (attrs: RecordAttr[]): void => {
    const name = this.CONSUME(T.Identifier);
    this.CONSUME(T.Assign);
    const expr = this.SUBRULE(this.expression);
    this.ACTION(() => attrs.push({ name: nameOf(name), expr }));
  });

  /** '{' [ Expression { ',' Expression } ] '}' */
  list = this.RULE("list", (): Expr => {
    const open = this.CONSUME(T.LBrace);
    const items: Expr[] = [];
    this.OPTION(() => {
      const first = this.SUBRULE(this.expression);
      this.ACTION(() => items.push(first));
      this.MANY(() => {
        this.CONSUME(T.Comma);
        const next = this.SUBRULE2(this.expression);
        this.ACTION(() => items.push(next));
      });
    });
    const close = this.CONSUME(T.RBrace);
    return this.ACTION(() => ({ kind: "list", items, start: open.startOffset, end: tokenEnd(close) }));
  });

  /** A whole record as the top-level rule (`parseRecord`). */
  recordOnly = this.RULE("recordOnly", (): RecordNode => this.SUBRULE(this.record));
}

function literalNode(token: IToken, value: Value): Expr {
  return { kind: "literal", value, start: token.startOffset, end: tokenEnd(token) };
}

/** Group operands by precedence (all binary operators are left-associative). */
function buildBinary(operands: Expr[], operators: IToken[]): Expr {
  const values: Expr[] = [operands[0] as Expr];
  const pending: (readonly [BinaryOp, number])[] = [];
  const reduce = (): void => {
    const right = values.pop() as Expr;
    const left = values.pop() as Expr;
    const [op] = pending.pop() as readonly [BinaryOp, number];
    values.push({ kind: "binary", op, left, right, start: left.start, end: right.end });
  };
  for (let i = 0; i < operators.length; i++) {
    const entry = BINARY.get((operators[i] as IToken).tokenType) as readonly [BinaryOp, number];
    while (pending.length > 0 && (pending[pending.length - 1] as readonly [BinaryOp, number])[1] >= entry[1]) reduce();
    pending.push(entry);
    values.push(operands[i + 1] as Expr);
  }
  while (pending.length > 0) reduce();
  return values[0] as Expr;
}

/** `[A = 1; a = 2]` is `[A = 2]`: the last value wins, the first spelling stays. */
function mergeDuplicates(attrs: RecordAttr[]): RecordAttr[] {
  if (attrs.length < 2) return attrs;
  const index = new Map<string, number>();
  const merged: RecordAttr[] = [];
  for (const attr of attrs) {
    const key = attr.name.toLowerCase();
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, merged.length);
      merged.push(attr);
    } else {
      merged[at] = { name: (merged[at] as RecordAttr).name, expr: attr.expr };
    }
  }
  return merged;
}

/**
 * HTCondor folds `absTime("...")` and `relTime("...")` (any case, exactly one string-literal
 * argument) at parse time; a string it cannot read fails the whole parse.
 */
function foldTimeLiteral(name: string, args: Expr[], start: number, end: number, source: string): Expr | null {
  if (args.length !== 1) return null;
  const arg = args[0] as Expr;
  if (arg.kind !== "literal" || arg.value.kind !== "string") return null;
  const lower = name.toLowerCase();
  if (lower === "abstime") {
    const time = parseAbsTime(arg.value.v);
    if (time === null) {
      throw new ClassAdParseError(ErrorCode.InvalidAbsTime, `absTime literal: cannot read a time from the string`, source, arg.start);
    }
    return { kind: "literal", value: time, start, end };
  }
  if (lower === "reltime") {
    const secs = parseRelTime(arg.value.v);
    if (secs === null) {
      throw new ClassAdParseError(ErrorCode.InvalidRelTime, `relTime literal: cannot read a duration from the string`, source, arg.start);
    }
    return { kind: "literal", value: realValue(secs), relTimeLiteral: true, start, end };
  }
  return null;
}
