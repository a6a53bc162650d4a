/**
 * The ClassAd grammar as a chevrotain embedded-actions parser that builds the AST of
 * `src/model/nodes.ts` directly (no CST). It accepts exactly what HTCondor's recursive-descent
 * parser (`src/classad/source.cpp`) accepts; `grammar/classad.ebnf` is the reviewed EBNF.
 *
 * Shaped for speed and stack depth (docs/grammar.md, "How the parser is built"), with five rules:
 * - `expression` parses the whole binary-operator level itself: operands with their prefix
 *   operators, then the operators, grouped by precedence in one pass ({@link buildBinary}),
 *   then an optional `? :` tail. HTCondor's ten-level chain would cost ten rule calls per operand;
 * - `postfix` parses a primary (inlined alternatives, including calls), its `[i]` and `.name`
 *   suffixes, then any `?:` operands (rule `elvisOperand`) in a loop, folded to the right;
 * - `record` and `list` parse `[ ... ]` and `{ ... }` (`recordOnly` is the `parseRecord` entry).
 * So one nesting level of parentheses costs two rule frames (`expression` → `postfix`) on the
 * JavaScript stack, which keeps HTCondor's default depth limit (500) well clear of a stack
 * overflow (measured in docs/grammar.md, checked by test/parser/nesting-cold.test.ts).
 *
 * Nesting is counted exactly as HTCondor's `DepthGuard` counts it: one unit for each entry into
 * an expression, one per prefix operator plus one for the operand (HTCondor's recursive unary
 * rule), and one per postfix expression, against `maxDepth`.
 *
 * `OR` alternatives are built once and cached on the instance; they close over `this` only,
 * never over locals of a rule call (a cached closure would otherwise keep the first call's locals).
 * Code that builds values runs under `if (!this.RECORDING_PHASE)` (or returns {@link RECORDING}
 * while chevrotain records the grammar) rather than inside `ACTION(() => ...)`: the same
 * semantics without allocating a closure per call, measurably faster on short inputs.
 *
 * The parser is a module singleton reset per input; see `./index.ts` for the entry points.
 */
import { foldName } from "../model/names.js";
import type { IOrAlt, IRecognitionException, IToken, TokenType } from "chevrotain";
import { EmbeddedActionsParser, EOF } from "chevrotain";
import type { BinaryOp, Expr, RecordAttr, RecordNode, UnaryOp } from "../model/nodes.js";
import { parseAbsTime, parseRelTime } from "../ast/time-text.js";
import type { Value } from "../model/value.js";
import { UNDEFINED, ERROR, TRUE, FALSE, realValue } from "../model/value.js";
import * as T from "../lexer/tokens.js";
import type { NumberPayload, StringPayload } from "../lexer/tokens.js";
import { ClassAdLimitError, ClassAdParseError, ErrorCode } from "../model/errors.js";

type BinaryEntry = readonly [BinaryOp, number];

/** Binary operator token → operator and precedence (higher binds tighter). */
const BINARY = new Map<TokenType, BinaryEntry>([
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

/** Keyword literal token → its value. */
const KEYWORD_VALUES = new Map<TokenType, Value>([
  [T.True, TRUE],
  [T.False, FALSE],
  [T.Undefined, UNDEFINED],
  [T.Null, UNDEFINED],
  [T.ErrorKeyword, ERROR],
]);

/** What one postfix suffix adds; applied to the expression so far by the `postfix` rule. */
type Suffix =
  | { readonly kind: "subscript"; readonly index: Expr; readonly end: number }
  | { readonly kind: "select"; readonly name: string; readonly end: number };

/** What the grammar's value-building code returns while chevrotain records the grammar. */
const RECORDING = Object.freeze({});

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

  private altsPrimary: IOrAlt<Expr>[] | undefined;
  private altsSuffix: IOrAlt<Suffix>[] | undefined;

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

  /**
   * The first syntax error of the last parse, ignoring chevrotain's "not all input parsed"
   * (whether leftover input matters is the caller's decision). Reads the error list directly:
   * chevrotain's `errors` getter copies it on every call.
   */
  firstSyntaxError(): IRecognitionException | undefined {
    const errors = (this as unknown as { _errors: IRecognitionException[] })._errors;
    for (const error of errors) if (error.name !== "NotAllInputParsedException") return error;
    return undefined;
  }

  /** Drop the token vector of the last parse (the singleton must not keep a large input alive). */
  release(): void {
    const adapter = this as unknown as { tokVector: IToken[]; tokVectorLength: number };
    adapter.tokVector = [];
    adapter.tokVectorLength = 0;
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

  /**
   * Expression ::= Operand { BinaryOperator Operand } [ '?' Expression ':' Expression ]
   * Operand    ::= { '-' | '+' | '!' | '~' } Postfix
   */
  expression = this.RULE("expression", (): Expr => {
    const live = !this.RECORDING_PHASE;
    if (live) this.enter(1);
    let prefix: IToken[] | undefined;
    this.MANY(() => {
      const operator = this.CONSUME(T.UnaryOperator);
      (prefix ??= []).push(operator);
    });
    const units = live ? this.enterOperand(prefix) : 0;
    const firstPostfix = this.SUBRULE(this.postfix);
    const first = live ? this.leaveOperand(prefix, firstPostfix, units) : firstPostfix;
    let operators: IToken[] | undefined;
    let operands: Expr[] | undefined;
    this.MANY2(() => {
      const operator = this.CONSUME(T.BinaryOperator);
      let morePrefix: IToken[] | undefined;
      this.MANY3(() => {
        const unary = this.CONSUME2(T.UnaryOperator);
        (morePrefix ??= []).push(unary);
      });
      const moreUnits = live ? this.enterOperand(morePrefix) : 0;
      const operandPostfix = this.SUBRULE2(this.postfix);
      if (live) {
        (operators ??= []).push(operator);
        (operands ??= [first]).push(this.leaveOperand(morePrefix, operandPostfix, moreUnits));
      }
    });
    let result = operators === undefined ? first : buildBinary(operands as Expr[], operators);
    this.OPTION(() => {
      this.CONSUME(T.Question);
      const then = this.SUBRULE(this.expression);
      this.CONSUME(T.Colon);
      const otherwise = this.SUBRULE2(this.expression);
      if (live) result = { kind: "ternary", cond: result, then, otherwise, start: result.start, end: otherwise.end };
    });
    if (live) this.depth--;
    return result;
  });

  /** HTCondor's unary rule recurses once per prefix operator, plus once for the operand. */
  private enterOperand(prefix: IToken[] | undefined): number {
    const units = prefix === undefined ? 1 : prefix.length + 1;
    this.enter(units);
    return units;
  }

  private leaveOperand(prefix: IToken[] | undefined, operand: Expr, units: number): Expr {
    this.depth -= units;
    if (prefix === undefined) return operand;
    let result = operand;
    for (let i = prefix.length - 1; i >= 0; i--) {
      const token = prefix[i] as IToken;
      result = { kind: "unary", op: UNARY.get(token.tokenType) as UnaryOp, operand: result, start: token.startOffset, end: result.end };
    }
    return result;
  }

  /**
   * Postfix ::= Primary { '[' Expression ']' | '.' Identifier } [ '?:' Postfix ]
   * Primary ::= Identifier [ '(' [ Expression { (',' | ';') Expression } ] ')' ]
   *           | '.' Identifier | '(' Expression ')' | Record | List
   *           | Number | String | true | false | undefined | error
   *
   * `?:` chains are right-associative (`a ?: b ?: c` is `a ?: (b ?: c)`) and are read
   * iteratively (each right side by `elvisOperand`), so a long chain costs no stack; each `?:`
   * still counts one nesting unit, as HTCondor's recursive postfix rule does.
   */
  postfix = this.RULE("postfix", (): Expr => {
    const live = !this.RECORDING_PHASE;
    if (live) this.enter(1);
    const left = this.selectionChain();
    let chain: Expr[] | undefined;
    this.MANY3(() => {
      this.CONSUME(T.Elvis);
      if (live) this.enter(1);
      const right = this.SUBRULE(this.elvisOperand);
      (chain ??= [left]).push(right);
    });
    if (!live) return left;
    if (chain === undefined) {
      this.depth--;
      return left;
    }
    this.depth -= chain.length;
    let result = chain[chain.length - 1] as Expr;
    for (let i = chain.length - 2; i >= 0; i--) {
      const operand = chain[i] as Expr;
      result = { kind: "elvis", left: operand, right: result, start: operand.start, end: result.end };
    }
    return result;
  });

  /** The right side of `?:`: a primary and its subscripts and selections. */
  elvisOperand = this.RULE("elvisOperand", (): Expr => this.selectionChain());

  /** Primary { '[' Expression ']' | '.' Identifier }, inside `postfix` and `elvisOperand`. */
  private selectionChain(): Expr {
    let expr = this.OR((this.altsPrimary ??= this.primaryAlternatives()));
    this.MANY(() => {
      const suffix = this.OR2((this.altsSuffix ??= this.suffixAlternatives()));
      if (!this.RECORDING_PHASE) {
        expr =
          suffix.kind === "subscript"
            ? { kind: "subscript", target: expr, index: suffix.index, start: expr.start, end: suffix.end }
            : { kind: "attr", name: suffix.name, scope: expr, absolute: false, start: expr.start, end: suffix.end };
      }
    });
    return expr;
  }

  /** The primary alternatives, built once (they use `this` only). */
  private primaryAlternatives(): IOrAlt<Expr>[] {
    return [
      { ALT: () => this.nameOrCall() },
      {
        ALT: (): Expr => {
          const dot = this.CONSUME(T.Dot);
          const name = this.CONSUME2(T.Identifier);
          return this.ACTION(
            (): Expr => ({ kind: "attr", name: nameOf(name), scope: null, absolute: true, start: dot.startOffset, end: tokenEnd(name) }),
          );
        },
      },
      {
        ALT: (): Expr => {
          const open = this.CONSUME(T.LParen);
          const inner = this.SUBRULE(this.expression);
          const close = this.CONSUME(T.RParen);
          return this.RECORDING_PHASE ? (RECORDING as never) : ({ kind: "paren", inner, start: open.startOffset, end: tokenEnd(close) });
        },
      },
      { ALT: () => this.SUBRULE(this.record) },
      { ALT: () => this.SUBRULE(this.list) },
      {
        ALT: (): Expr => {
          const token = this.CONSUME(T.NumberLiteral);
          return this.RECORDING_PHASE ? (RECORDING as never) : literalNode(token, (token.payload as NumberPayload).value);
        },
      },
      {
        ALT: (): Expr => {
          const token = this.CONSUME(T.StringLiteral);
          return this.RECORDING_PHASE ? (RECORDING as never) : literalNode(token, { kind: "string", v: (token.payload as StringPayload).value });
        },
      },
      {
        ALT: (): Expr => {
          const token = this.CONSUME(T.KeywordLiteral);
          return this.RECORDING_PHASE ? (RECORDING as never) : literalNode(token, KEYWORD_VALUES.get(token.tokenType) as Value);
        },
      },
    ];
  }

  /** Identifier [ '(' [ Expression { (',' | ';') Expression } ] ')' ], inside `selectionChain`. */
  private nameOrCall(): Expr {
    const nameToken = this.CONSUME(T.Identifier);
    let args: Expr[] | undefined;
    let end = 0;
    this.OPTION(() => {
      this.CONSUME2(T.LParen);
      args = [];
      this.OPTION2(() => {
        const first = this.SUBRULE2(this.expression);
        args?.push(first);
        this.MANY2(() => {
          this.CONSUME(T.ArgumentSeparator);
          const next = this.SUBRULE3(this.expression);
          args?.push(next);
        });
      });
      const close = this.CONSUME2(T.RParen);
      end = tokenEnd(close);
    });
    if (this.RECORDING_PHASE) return RECORDING as never;
    const name = nameOf(nameToken);
    const start = nameToken.startOffset;
    if (args === undefined) return { kind: "attr", name, scope: null, absolute: false, start, end: tokenEnd(nameToken) };
    return foldTimeLiteral(name, args, start, end, this.source) ?? { kind: "call", name, args, start, end };
  }

  /** The `[i]` and `.name` suffix alternatives, built once (they use `this` only). */
  private suffixAlternatives(): IOrAlt<Suffix>[] {
    return [
      {
        ALT: (): Suffix => {
          this.CONSUME(T.LBracket);
          const index = this.SUBRULE4(this.expression);
          const close = this.CONSUME(T.RBracket);
          return this.RECORDING_PHASE ? (RECORDING as never) : ({ kind: "subscript", index, end: tokenEnd(close) });
        },
      },
      {
        ALT: (): Suffix => {
          this.CONSUME2(T.Dot);
          const name = this.CONSUME3(T.Identifier);
          return this.RECORDING_PHASE ? (RECORDING as never) : ({ kind: "select", name: nameOf(name), end: tokenEnd(name) });
        },
      },
    ];
  }

  /**
   * Record ::= '[' [ { ';' } Attr { ';' [ Attr ] } ] ']'
   * Attr   ::= Identifier '=' Expression
   */
  record = this.RULE("record", (): RecordNode => {
    const open = this.CONSUME(T.LBracket);
    const attrs: RecordAttr[] = [];
    this.OPTION(() => {
      this.MANY(() => this.CONSUME(T.Semicolon));
      const name = this.CONSUME(T.Identifier);
      this.CONSUME(T.Assign);
      const expr = this.SUBRULE(this.expression);
      if (!this.RECORDING_PHASE) attrs.push({ name: this.attrName(name), expr });
      this.MANY2(() => {
        this.CONSUME2(T.Semicolon);
        this.OPTION2(() => {
          const nextName = this.CONSUME2(T.Identifier);
          this.CONSUME2(T.Assign);
          const nextExpr = this.SUBRULE2(this.expression);
          if (!this.RECORDING_PHASE) attrs.push({ name: this.attrName(nextName), expr: nextExpr });
        });
      });
    });
    const close = this.CONSUME(T.RBracket);
    if (this.RECORDING_PHASE) return RECORDING as never;
    return { kind: "record", attrs: mergeDuplicates(attrs), start: open.startOffset, end: tokenEnd(close) };
  });

  /** An attribute name of a record: `''` is refused, as HTCondor's `ClassAd::Insert` refuses an empty name. */
  private attrName(token: IToken): string {
    const name = nameOf(token);
    if (name === "") throw new ClassAdParseError(ErrorCode.UnexpectedToken, "an attribute name cannot be empty", this.source, token.startOffset);
    return name;
  }

  /** List ::= '{' [ Expression { ',' Expression } ] '}' */
  list = this.RULE("list", (): Expr => {
    const open = this.CONSUME(T.LBrace);
    const items: Expr[] = [];
    this.OPTION(() => {
      const first = this.SUBRULE(this.expression);
      items.push(first);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        const next = this.SUBRULE2(this.expression);
        items.push(next);
      });
    });
    const close = this.CONSUME(T.RBrace);
    if (this.RECORDING_PHASE) return RECORDING as never;
    return { kind: "list", items, start: open.startOffset, end: tokenEnd(close) };
  });

  /** A whole record as the top-level rule (`parseRecord`). */
  recordOnly = this.RULE("recordOnly", (): RecordNode => this.SUBRULE(this.record));
}

function literalNode(token: IToken, value: Value): Expr {
  return { kind: "literal", value, start: token.startOffset, end: tokenEnd(token) };
}

/** Group operands by precedence (all binary operators are left-associative), iteratively. */
function buildBinary(operands: Expr[], operators: IToken[]): Expr {
  const values: Expr[] = [operands[0] as Expr];
  const pending: BinaryEntry[] = [];
  for (let i = 0; i < operators.length; i++) {
    const entry = BINARY.get((operators[i] as IToken).tokenType) as BinaryEntry;
    while (pending.length > 0 && (pending[pending.length - 1] as BinaryEntry)[1] >= entry[1]) reduce(values, pending);
    pending.push(entry);
    values.push(operands[i + 1] as Expr);
  }
  while (pending.length > 0) reduce(values, pending);
  return values[0] as Expr;
}

function reduce(values: Expr[], pending: BinaryEntry[]): void {
  const right = values.pop() as Expr;
  const left = values.pop() as Expr;
  const [op] = pending.pop() as BinaryEntry;
  values.push({ kind: "binary", op, left, right, start: left.start, end: right.end });
}

/** `[A = 1; a = 2]` is `[A = 2]`: the last value wins, the first spelling stays. */
function mergeDuplicates(attrs: RecordAttr[]): RecordAttr[] {
  if (attrs.length < 2) return attrs;
  const index = new Map<string, number>();
  const merged: RecordAttr[] = [];
  for (const attr of attrs) {
    const key = foldName(attr.name);
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
  const lower = foldName(name);
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
