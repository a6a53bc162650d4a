/**
 * `classad eval`: evaluate expressions as HTCondor's `classad_eval` does, printing one line per
 * expression: the value as HTCondor unparses it (or, with --unparse, the expression's canonical
 * form). Without expressions on the command line, one expression is read per stdin line and
 * exactly one line is printed per input line (`PARSE_ERROR` for a line that does not parse).
 *
 * On the command line, an inline ad (`'[ a = 1; b = 2 ]'`) or an assignment (`'a = 1'`) updates
 * the context ad instead of being evaluated, as classad_eval does.
 */
import { readFileSync } from "node:fs";
import { toByteString } from "../../model/bytes.js";
import type { Expr } from "../../model/nodes.js";
import { unparse, unparseValue } from "../../ast/print.js";
import { ClassAd } from "../../classad/classad.js";
import { evaluateWithStatus } from "../../classad/evaluate.js";
import type { EvaluateOptions } from "../../model/evaluation.js";
import { parseAds } from "../../formats/read.js";
import { parseExpression, parseRecord } from "../../parser/index.js";
import type { CliIO } from "../io.js";
import { explanationOutput, lintOutput } from "./eval-explain.js";

export const summary = "evaluate ClassAd expressions (like classad_eval)";

const USAGE = `usage: classad eval [options] [EXPR | ASSIGNMENT | AD ...]

Evaluate ClassAd expressions and print each value on its own line, as HTCondor prints it.
Without EXPR, read one expression per line from stdin and print one line per input line
(PARSE_ERROR for a line that does not parse).

An assignment ('a = 2') or an inline ad ('[ a = 2; b = "x" ]') on the command line updates the
context ad (MY) for the expressions after it, as classad_eval does.

options:
  --my FILE       the context ad (MY); any ad format, the first ad of the file is used
  --target FILE   the target ad: expressions are evaluated in a match (MY = context, TARGET = it)
  --now EPOCH     the current time in seconds since the epoch (time(), CurrentTime)
  --tz ZONE       IANA time zone for local-time functions (default: the host's)
  --strict        ClassAd library semantics (no TARGET fallback, no MY/CurrentTime specials)
  --unparse       print each expression's canonical form instead of evaluating it
  --explain       print each expression as a tree: every sub-expression with its value, every
                  attribute reference with where it was found (MY, TARGET, the fallback) or
                  that it is missing, the path from the first UNDEFINED/ERROR marked, and hints
  --json          with --explain: one JSON document per expression instead of the tree
  --lint          also print precedence and comparison hints for each expression (to stderr)
  -h, --help      show this help
`;

interface EvalCommand {
  my: ClassAd;
  target: ClassAd | undefined;
  now: number | undefined;
  timeZone: string | undefined;
  strict: boolean;
  unparseOnly: boolean;
  explain: boolean;
  json: boolean;
  lint: boolean;
  items: string[];
}

class UsageError extends Error {}

export async function run(argv: string[], io: CliIO): Promise<number> {
  let command: EvalCommand | "help";
  try {
    command = parseArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.error(`classad eval: ${error.message}\n${USAGE}`);
    return 2;
  }
  if (command === "help") {
    io.write(USAGE);
    return 0;
  }
  if (command.items.length > 0) {
    for (const item of command.items) runArgument(command, item, io);
    return 0;
  }
  await runStdin(command, io);
  return 0;
}

function parseArguments(argv: string[]): EvalCommand | "help" {
  const command: EvalCommand = {
    my: new ClassAd(),
    target: undefined,
    now: undefined,
    timeZone: undefined,
    strict: false,
    unparseOnly: false,
    explain: false,
    json: false,
    lint: false,
    items: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${arg} requires an argument`);
      return next;
    };
    switch (arg) {
      case "-h":
      case "--help":
        return "help";
      case "--my":
        command.my = readAdFile(value());
        break;
      case "--target":
        command.target = readAdFile(value());
        break;
      case "--now": {
        const text = value();
        const now = Number(text);
        if (text.trim() === "" || !Number.isFinite(now)) throw new UsageError(`--now expects epoch seconds, got '${text}'`);
        command.now = Math.floor(now);
        break;
      }
      case "--tz":
        command.timeZone = checkTimeZone(value());
        break;
      case "--strict":
        command.strict = true;
        break;
      case "--unparse":
        command.unparseOnly = true;
        break;
      case "--explain":
        command.explain = true;
        break;
      case "--json":
        command.json = true;
        break;
      case "--lint":
        command.lint = true;
        break;
      case "--":
        command.items.push(...argv.slice(i + 1).map(toByteString));
        return command;
      default:
        // Only `--name` is an option: `-a`, `-5 + 1` are expressions.
        if (arg.startsWith("--")) {
          throw new UsageError(`unknown option '${arg}'`);
        }
        command.items.push(toByteString(arg));
    }
  }
  if (command.json && !command.explain) throw new UsageError("--json goes with --explain");
  return command;
}

function checkTimeZone(zone: string): string {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
  } catch {
    throw new UsageError(`unknown time zone '${zone}'`);
  }
  return zone;
}

/** The first ad of a file in any format HTCondor reads, read as bytes (latin1). */
function readAdFile(path: string): ClassAd {
  let text: string;
  try {
    text = readFileSync(path, "latin1");
  } catch (error) {
    throw new UsageError(`cannot read '${path}': ${error instanceof Error ? error.message : String(error)}`);
  }
  const ad = parseAds(text).ads[0];
  if (ad === undefined) throw new UsageError(`'${path}' holds no ad`);
  return ad;
}

function options(command: EvalCommand): EvaluateOptions {
  return {
    my: command.my,
    target: command.target,
    now: command.now,
    timeZone: command.timeZone,
    strict: command.strict,
  };
}

/** One command-line argument: an ad or assignment updates the context, an expression is printed. */
function runArgument(command: EvalCommand, text: string, io: CliIO): void {
  const update = contextUpdate(text);
  if (update !== null) {
    for (const attr of update.attrs) command.my.set(attr.name, attr.expr);
    return;
  }
  io.write(outputFor(command, text, io) + "\n");
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

/** The line printed for one expression: its value, its canonical form, or PARSE_ERROR. */
function outputFor(command: EvalCommand, text: string, io: CliIO, where = ""): string {
  let expr: Expr;
  try {
    expr = parseExpression(text);
  } catch (error) {
    io.error(`classad eval: ${where}${error instanceof Error ? error.message : String(error)}\n`);
    return "PARSE_ERROR";
  }
  if (command.unparseOnly) return unparse(expr);
  if (command.lint && !command.explain) io.error(lintOutput(expr, text, options(command)));
  if (command.explain) return explanationOutput(expr, text, options(command), command.json);
  return unparseValue(evaluateWithStatus(expr, options(command)).value);
}

async function runStdin(command: EvalCommand, io: CliIO): Promise<void> {
  let pending = "";
  let lineNumber = 0;
  const flushLine = (line: string): void => {
    lineNumber++;
    const text = line.endsWith("\r") ? line.slice(0, -1) : line;
    io.write(outputFor(command, text, io, `line ${lineNumber}: `) + "\n");
  };
  for await (const chunk of io.stdin as AsyncIterable<Buffer | string>) {
    const text = pending + (typeof chunk === "string" ? chunk : chunk.toString("latin1"));
    let start = 0;
    let newline = text.indexOf("\n");
    while (newline >= 0) {
      flushLine(text.slice(start, newline));
      start = newline + 1;
      newline = text.indexOf("\n", start);
    }
    pending = text.slice(start);
  }
  if (pending !== "") flushLine(pending);
}
