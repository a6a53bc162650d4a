/**
 * `classad eval`: evaluate expressions as HTCondor's `classad_eval` does, printing one line per
 * expression: the value as HTCondor unparses it (or, with --unparse, the expression's canonical
 * form). Without expressions on the command line, one expression is read per stdin line and
 * exactly one line is printed per input line (`PARSE_ERROR` for a line that does not parse).
 *
 * On the command line, an inline ad (`'[ a = 1; b = 2 ]'`) or an assignment (`'a = 1'`) updates
 * the context ad instead of being evaluated, as classad_eval does. classad_eval's own flags
 * (`-file`, `-my-file`, `-target-file`, `-quiet`, `-help`; HTCondor 25's
 * src/condor_scripts/classad_eval) are understood; `-debug` is refused; no other word starting
 * with `-` and a letter is taken for an expression.
 */
import { toByteString } from "../../model/bytes.js";
import { ClassAdLimitError, ClassAdParseError } from "../../model/errors.js";
import type { Expr } from "../../model/nodes.js";
import { unparse, unparseValue } from "../../ast/print.js";
import { ClassAd } from "../../classad/classad.js";
import { evaluateRaw } from "../../classad/evaluate.js";
import type { EvaluateOptions } from "../../model/evaluation.js";
import { parseExpression, parseRecord } from "../../parser/index.js";
import { UsageError } from "../errors.js";
import { defineCommand } from "../command.js";
import type { CliIO } from "../io.js";
import { explanationOutput, lintOutput } from "./eval-explain.js";

const HELP = `usage: classad eval [options] [EXPR | ASSIGNMENT | AD ...]

Evaluate ClassAd expressions and print each value on its own line, as HTCondor prints it.
Without EXPR, read one expression per line from stdin and print one line per input line
(PARSE_ERROR for a line that does not parse).

An assignment ('a = 2') or an inline ad ('[ a = 2; b = "x" ]') on the command line updates the
context ad (MY) for the expressions after it, as classad_eval does. An expression that starts
with '-' and a letter goes after '--' (classad eval -- '-a').

options:
  --my FILE         the context ad (MY): any ad format, gzip accepted, - for stdin; the first
                    ad of the file is used (classad_eval: -file, -my-file)
  --target FILE     the target ad: expressions are evaluated in a match (MY = context,
                    TARGET = it) (classad_eval: -target-file)
  --now EPOCH|now   the current time of time() and CurrentTime, in seconds since the epoch
                    (default: the current time)
  --time-zone ZONE  IANA time zone for local-time functions (default UTC; 'local': the
                    host's); --tz is the same
  --strict          ClassAd library semantics (no TARGET fallback, no MY/CurrentTime specials)
  --unparse         print each expression's canonical form instead of evaluating it
  --explain         print each expression as a tree: every sub-expression with its value, every
                    attribute reference with where it was found (MY, TARGET, the fallback) or
                    that it is missing, the path from the first UNDEFINED/ERROR marked, and hints
  --json            with --explain: one JSON document per expression instead of the tree
  --lint            also print precedence and comparison hints for each expression (to stderr)
  -h, --help        show this help (classad_eval: -help)
  --version         print the version

classad_eval's -quiet is accepted and changes nothing: the context ad is never printed.

exit status: 0 every expression was evaluated; 2 bad usage, an unreadable ad file, or an
expression that does not parse (on the command line: the first such argument stops the command;
on stdin: every line is still answered, PARSE_ERROR for the bad ones, then the status is 2).
`;

/** classad_eval's flags (HTCondor 25), as the options they mean here. */
const CLASSAD_EVAL_FLAGS = new Map([
  ["-file", "--my"],
  ["-my-file", "--my"],
  ["-target-file", "--target"],
  ["-quiet", "--quiet"],
  ["-help", "--help"],
]);
const REFUSED = new Map([["-debug", "-debug (classad_eval's HTCondor debug log) has no equivalent here"]]);

interface EvalContext {
  readonly my: ClassAd;
  readonly options: EvaluateOptions;
  readonly unparseOnly: boolean;
  readonly explain: boolean;
  readonly json: boolean;
  readonly lint: boolean;
}

export const run = defineCommand({
  name: "eval",
  help: HELP,
  time: true,
  positionals: { min: 0, max: Infinity, what: "expressions" },
  dashPositionals: true,
  aliases: CLASSAD_EVAL_FLAGS,
  refused: REFUSED,
  options: {
    my: { type: "string" },
    target: { type: "string" },
    strict: { type: "boolean" },
    unparse: { type: "boolean" },
    quiet: { type: "boolean" },
    explain: { type: "boolean" },
    json: { type: "boolean" },
    lint: { type: "boolean" },
  },
  async run({ values, positionals, now, timeZone }, io) {
    const fromStdin = positionals.length === 0;
    if (fromStdin && (values.my === "-" || values.target === "-")) {
      throw new UsageError("stdin cannot hold both an ad file and the expressions: give the expressions as arguments");
    }
    if (values.my === "-" && values.target === "-") throw new UsageError("--my and --target cannot both be read from stdin");
    if (values.json === true && values.explain !== true) throw new UsageError("--json goes with --explain");
    // The readers are loaded only when an ad file is given: `classad eval '1 + 1'` starts faster.
    const files = values.my !== undefined || values.target !== undefined ? await import("./ad-input.js") : null;
    const my = values.my === undefined || files === null ? new ClassAd() : await files.loadFirstAd(values.my, io);
    const target = values.target === undefined || files === null ? undefined : await files.loadFirstAd(values.target, io);
    const context: EvalContext = {
      my,
      options: {
        my,
        target,
        now: now.kind === "given" ? now.seconds : undefined,
        timeZone,
        strict: values.strict === true,
      },
      unparseOnly: values.unparse === true,
      explain: values.explain === true,
      json: values.json === true,
      lint: values.lint === true,
    };
    return fromStdin ? runStdin(context, io) : runArguments(context, positionals.map(toByteString), io);
  },
});

/** Command-line arguments in order; the first that does not parse ends the command (exit 2). */
function runArguments(context: EvalContext, items: readonly string[], io: CliIO): number {
  for (const [i, text] of items.entries()) {
    const update = contextUpdate(text);
    if (update !== null) {
      for (const attr of update.attrs) context.my.set(attr.name, attr.expr);
      continue;
    }
    const expr = parseOrReport(text, (e) => `argument ${i + 1}, line ${e.line}, column ${e.column}`, io);
    if (expr === null) return 2;
    io.write(outputFor(context, expr, text, io) + "\n");
  }
  return 0;
}

/** `[ ... ]`, or `a = 1` read as `[ a = 1 ]`; null when the text is neither. */
function contextUpdate(text: string): ReturnType<typeof parseRecord> | null {
  for (const candidate of [text, `[${text}]`]) {
    try {
      return parseRecord(candidate);
    } catch {
      // not an ad: try the next reading
    }
  }
  return null;
}

/**
 * The expression, or null after printing why it does not parse: where (line and column of the
 * text, in bytes) with the offending line and a caret under the place.
 */
function parseOrReport(text: string, where: (error: ClassAdParseError | ClassAdLimitError) => string, io: CliIO): Expr | null {
  try {
    return parseExpression(text);
  } catch (error) {
    if (!(error instanceof ClassAdParseError || error instanceof ClassAdLimitError)) throw error;
    const snippet = error.snippet.split("\n").map((line) => `  ${line}`).join("\n");
    io.error(`classad eval: ${where(error)}: ${error.message} (${error.code})\n${snippet}\n`);
    return null;
  }
}

/** What is printed for one expression: its value, its canonical form, or its explanation (lint hints go to stderr). */
function outputFor(context: EvalContext, expr: Expr, text: string, io: CliIO): string {
  if (context.unparseOnly) return unparse(expr);
  if (context.lint && !context.explain) io.error(lintOutput(expr, text, context.options));
  if (context.explain) return explanationOutput(expr, text, context.options, context.json);
  return unparseValue(evaluateRaw(expr, context.options).value);
}

/** One expression per stdin line, one output line each; exit 2 when a line did not parse. */
async function runStdin(context: EvalContext, io: CliIO): Promise<number> {
  let pending = "";
  let lineNumber = 0;
  let failed = false;
  const answer = (line: string): void => {
    lineNumber++;
    const text = line.endsWith("\r") ? line.slice(0, -1) : line;
    const expr = parseOrReport(text, (e) => `stdin line ${lineNumber}, column ${e.column}`, io);
    if (expr === null) failed = true;
    io.write((expr === null ? "PARSE_ERROR" : outputFor(context, expr, text, io)) + "\n");
  };
  for await (const chunk of io.stdin as AsyncIterable<Buffer | string>) {
    const text = pending + (typeof chunk === "string" ? chunk : chunk.toString("latin1"));
    let start = 0;
    let newline = text.indexOf("\n");
    while (newline >= 0) {
      answer(text.slice(start, newline));
      start = newline + 1;
      newline = text.indexOf("\n", start);
    }
    pending = text.slice(start);
    await io.drain();
  }
  if (pending !== "") answer(pending);
  return failed ? 2 : 0;
}
