/**
 * The one argument parser of every `classad` subcommand, on node's `util.parseArgs`. A
 * subcommand declares its own options; the parser adds what all of them share:
 * - `-h`/`--help` and `--version`;
 * - with `time: true`, `--now` (whole seconds since the epoch, or `now` for the clock) and
 *   `--time-zone` (alias `--tz`; default UTC, `local` for the host's zone);
 * - `--name=value` and `--name value` forms alike;
 * - exact words a subcommand takes from another tool (classad_eval's `-target-file`), mapped to
 *   its own options, or refused with a message;
 * - for subcommands whose arguments are expressions, arguments that start with `-` but do not
 *   look like an option (`-5 + 1`, `-(a)`) are positionals.
 * Bad usage throws {@link UsageError}; the caller prints it on stderr and exits 2.
 */
import { parseArgs } from "node:util";
import { UsageError } from "./errors.js";



export interface OptionSpec {
  readonly type: "string" | "boolean";
  readonly short?: string;
  readonly multiple?: boolean;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** What parsing gives for each declared option (parseArgs' own typing, spelled out). */
export type OptionValues<O extends OptionSpecs> = {
  [K in keyof O]?: O[K] extends { type: "boolean" } ? boolean : O[K] extends { multiple: true } ? string[] : string;
};

/** How a command was told to read the clock. */
export type NowChoice =
  | { readonly kind: "given"; readonly seconds: number }
  | { readonly kind: "clock" }
  /** Not given: the command picks (a saved dump's own time, or the clock). */
  | { readonly kind: "default" };

export interface CommandSpec<O extends OptionSpecs> {
  /** The subcommand's name, for messages (`classad NAME: ...`). */
  readonly name: string;
  readonly options: O;
  /** Offer `--now` and `--time-zone`/`--tz`. */
  readonly time?: boolean;
  /** How many positionals are accepted (default none). */
  readonly positionals?: { readonly min: number; readonly max: number; readonly what: string };
  /** Arguments starting with `-` that do not look like options are positionals (expressions). */
  readonly dashPositionals?: boolean;
  /** Exact words accepted as another spelling of an option: `-target-file` → `--target`. */
  readonly aliases?: ReadonlyMap<string, string>;
  /** Exact words refused with a message of their own. */
  readonly refused?: ReadonlyMap<string, string>;
}

export interface ParsedCommand<O extends OptionSpecs> {
  readonly kind: "run";
  readonly values: OptionValues<O>;
  readonly positionals: string[];
  readonly now: NowChoice;
  /** An IANA zone name; UTC unless `--time-zone` says otherwise. */
  readonly timeZone: string;
}

export type ParseResult<O extends OptionSpecs> = ParsedCommand<O> | { readonly kind: "help" } | { readonly kind: "version" };

const COMMON: OptionSpecs = {
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
};
const TIME: OptionSpecs = {
  now: { type: "string" },
  "time-zone": { type: "string" },
};
/** Other spellings every command with time options accepts. */
const TIME_ALIASES = new Map([["--tz", "--time-zone"]]);

/** `-x`, `--name`, `--name=value`: what a person types as an option (not `-5`, not `-(a)`). */
const OPTION_LIKE = /^--?[A-Za-z]/;

/** Parse a subcommand's arguments (after its name). Throws {@link UsageError}. */
export function parseCommand<O extends OptionSpecs>(argv: readonly string[], spec: CommandSpec<O>): ParseResult<O> {
  const options: OptionSpecs = { ...spec.options, ...COMMON, ...(spec.time === true ? TIME : {}) };
  const aliases = new Map([...(spec.time === true ? TIME_ALIASES : []), ...(spec.aliases ?? [])]);
  const { optionArgs, positionals } = separate(argv, spec, options, aliases);

  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  try {
    values = parseArgs({ args: optionArgs, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(parseArgsMessage(error));
  }
  if (values.help === true) return { kind: "help" };
  if (values.version === true) return { kind: "version" };

  const range = spec.positionals ?? { min: 0, max: 0, what: "no arguments" };
  if (positionals.length < range.min || positionals.length > range.max) {
    throw new UsageError(`expected ${range.what}, got ${positionals.length === 0 ? "none" : positionals.map((p) => `'${p}'`).join(" ")}`);
  }
  return {
    kind: "run",
    values: values as OptionValues<O>,
    positionals,
    now: parseNow(values.now as string | undefined),
    timeZone: parseTimeZone(values["time-zone"] as string | undefined),
  };
}

/**
 * Splits the arguments into those for parseArgs (options, each value joined to its option as
 * `--name=value` so that a value may start with `-`) and positionals, in order.
 */
function separate(
  argv: readonly string[],
  spec: CommandSpec<OptionSpecs>,
  options: OptionSpecs,
  aliases: ReadonlyMap<string, string>,
): { optionArgs: string[]; positionals: string[] } {
  const optionArgs: string[] = [];
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] as string;
    if (raw === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    const refusal = spec.refused?.get(raw);
    if (refusal !== undefined) throw new UsageError(refusal);
    const arg = aliases.get(raw) ?? aliasWithValue(raw, aliases) ?? raw;
    if (!OPTION_LIKE.test(arg)) {
      if (arg.startsWith("-") && arg !== "-" && spec.dashPositionals !== true) throw new UsageError(`unknown option '${arg}'`);
      positionals.push(arg);
      continue;
    }
    const spec_ = optionFor(arg, options);
    if (spec_ === undefined) {
      const hint = spec.dashPositionals === true ? ` (an expression starting with '-' goes after '--': classad ${spec.name} -- '${raw}')` : "";
      throw new UsageError(`unknown option '${raw}'${hint}`);
    }
    if (spec_.type === "string" && !arg.includes("=")) {
      const value = argv[i + 1];
      if (value === undefined || OPTION_LIKE.test(value)) {
        throw new UsageError(`${raw} needs a value${value === undefined ? "" : ` (for a value that starts with '-', write ${raw}=VALUE)`}`);
      }
      i++;
      optionArgs.push(`--${spec_.name}=${value}`);
      continue;
    }
    optionArgs.push(arg);
  }
  return { optionArgs, positionals };
}

/** `-target-file=x` → `--target=x` when `-target-file` is an alias. */
function aliasWithValue(arg: string, aliases: ReadonlyMap<string, string>): string | undefined {
  const eq = arg.indexOf("=");
  if (eq < 0) return undefined;
  const target = aliases.get(arg.slice(0, eq));
  return target === undefined ? undefined : target + arg.slice(eq);
}

/** The declared option an option-like argument names (long name, or short letter), if any. */
function optionFor(arg: string, options: OptionSpecs): (OptionSpec & { name: string }) | undefined {
  if (arg.startsWith("--")) {
    const eq = arg.indexOf("=");
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    const found = Object.hasOwn(options, name) ? options[name] : undefined;
    return found === undefined ? undefined : { ...found, name };
  }
  if (arg.length !== 2) return undefined;
  for (const [name, option] of Object.entries(options)) if (option.short === arg[1]) return { ...option, name };
  return undefined;
}

function parseArgsMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // parseArgs' messages end with advice on '--' meant for its own positionals; the first line is the fact.
  return message.split("\n")[0]?.replace(/\. To specify a positional argument.*$/, "") ?? message;
}

/** `--now`: whole seconds since the epoch, or `now` for the clock. Fractions are refused. */
export function parseNow(text: string | undefined): NowChoice {
  if (text === undefined) return { kind: "default" };
  if (text === "now") return { kind: "clock" };
  const seconds = /^-?\d{1,16}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(seconds)) {
    throw new UsageError(`--now expects whole seconds since the epoch (e.g. 1783286200) or 'now', got '${text}'`);
  }
  return { kind: "given", seconds };
}

/** `--time-zone`: an IANA zone name, `local` for the host's zone; default UTC. */
export function parseTimeZone(text: string | undefined): string {
  if (text === undefined || text === "UTC") return "UTC";
  if (text === "local") return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: text });
  } catch {
    throw new UsageError(`unknown time zone '${text}' (an IANA name such as America/Chicago, or 'local')`);
  }
  return text;
}

/** A whole number option of at least `min`. */
export function countOption(name: string, text: string, min: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min) throw new UsageError(`${name} expects a whole number of at least ${min}, got '${text}'`);
  return value;
}
