/**
 * `classad convert`: read ads in any of HTCondor's formats and print them as HTCondor's tools
 * print them (`condor_status -long`, `-long:new`, `-json`, `-xml`). Streams: ads are written as
 * they are read, so memory does not grow with the input.
 *
 * Exit codes: 0 all ads converted, 2 bad usage, unreadable input, or faults in the input (the
 * well-formed ads are still written; each fault is reported on stderr with its position).
 */
import { AdWriter } from "../../formats/writer.js";
import { formatFault, AdFormatError, type AdFault } from "../../formats/faults.js";
import { streamAds } from "../../formats/stream.js";
import type { AdFormat } from "../../formats/reader-types.js";
import type { CliIO } from "../io.js";

export const summary = "convert ads between HTCondor's long, new, JSON and XML formats";

const USAGE = `usage: classad convert [options] --to long|new|json|xml [FILE]

Read ads (FILE, or stdin when FILE is absent or '-'; gzip is undone) and print them in another
format, byte for byte as HTCondor's tools print them:
  long   condor_status -long      new   condor_status -long:new
  json   condor_status -json      xml   condor_status -xml

options:
  --from FORMAT    input format: auto (default, detected as condor_status -ads:auto does),
                   long, new, json or xml
  --to FORMAT      output format (required)
  --keep-private   also print private attributes (ClaimId, Capability, _condor_priv*, ...)
  --strict         stop at the first malformed attribute or ad
  -h, --help       show this help

Malformed ads are reported on stderr with their position and left out (exit status 2).
`;

const FORMATS: ReadonlySet<string> = new Set(["long", "new", "json", "xml"]);

interface ConvertCommand {
  from: AdFormat | "auto";
  to: AdFormat;
  keepPrivate: boolean;
  strict: boolean;
  file: string | null;
}

class UsageError extends Error {}

function parseArguments(argv: string[]): ConvertCommand | "help" {
  let from: AdFormat | "auto" = "auto";
  let to: AdFormat | null = null;
  let keepPrivate = false;
  let strict = false;
  let file: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "-h":
      case "--help":
        return "help";
      case "--from": {
        const v = value();
        if (v !== "auto" && !FORMATS.has(v)) throw new UsageError(`unknown input format '${v}'`);
        from = v as AdFormat | "auto";
        break;
      }
      case "--to": {
        const v = value();
        if (!FORMATS.has(v)) throw new UsageError(`unknown output format '${v}'`);
        to = v as AdFormat;
        break;
      }
      case "--keep-private":
        keepPrivate = true;
        break;
      case "--strict":
        strict = true;
        break;
      default:
        if (arg.startsWith("-") && arg !== "-") throw new UsageError(`unknown option '${arg}'`);
        if (file !== null) throw new UsageError("only one input file can be converted at a time");
        file = arg;
    }
  }
  if (to === null) throw new UsageError("--to is required");
  return { from, to, keepPrivate, strict, file };
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  let command: ConvertCommand | "help";
  try {
    command = parseArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.error(`classad convert: ${error.message}\n${USAGE}`);
    return 2;
  }
  if (command === "help") {
    io.write(USAGE);
    return 0;
  }
  const label = command.file === null || command.file === "-" ? "<stdin>" : command.file;
  const report = (fault: AdFault): void => io.error(`classad convert: ${label}: ${formatFault(fault)}\n`);
  const stream = streamAds(command.file === null || command.file === "-" ? io.stdin : command.file, {
    format: command.from,
    strict: command.strict,
    // Every attribute is printed, so parse at load: a bad expression drops its ad, as HTCondor does.
    validation: "eager",
    onFault: report,
  });
  const writer = new AdWriter(command.to, { keepPrivate: command.keepPrivate });
  let started = false;
  try {
    for await (const ad of stream) {
      if (!started) {
        io.write(writer.begin());
        started = true;
      }
      io.write(writer.ad(ad));
    }
  } catch (error) {
    if (!(error instanceof AdFormatError)) throw error;
    // Already reported through onFault.
    if (started) io.write(writer.end());
    return 2;
  }
  const unreadable = stream.faults.some((fault) => fault.code === "read-error");
  if (!started && !unreadable) io.write(writer.begin());
  if (started || !unreadable) io.write(writer.end());
  return stream.summary.faults > 0 ? 2 : 0;
}
