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
import { UsageError } from "../errors.js";
import { defineCommand } from "../command.js";
import { openAdSource } from "./ad-input.js";
import { MAX_FAULT_LINES } from "../faults.js";
import { escapeControls } from "../terminal.js";

const HELP = `usage: classad convert [options] --to long|new|json|xml [FILE]

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
  --version        print the version

Malformed ads are reported on stderr with their position and left out (exit status 2).
`;

const FORMATS: ReadonlySet<string> = new Set(["long", "new", "json", "xml"]);

export const run = defineCommand({
  name: "convert",
  help: HELP,
  positionals: { min: 0, max: 1, what: "at most one FILE" },
  options: {
    from: { type: "string" },
    to: { type: "string" },
    "keep-private": { type: "boolean" },
    strict: { type: "boolean" },
  },
  async run({ values, positionals }, io) {
    const from = values.from ?? "auto";
    if (from !== "auto" && !FORMATS.has(from)) throw new UsageError(`unknown input format '${from}'`);
    if (values.to === undefined) throw new UsageError("--to is required");
    if (!FORMATS.has(values.to)) throw new UsageError(`unknown output format '${values.to}'`);
    const to = values.to as AdFormat;

    const source = await openAdSource(positionals[0] ?? "-", io);
    // Fault messages quote the input: escaped for the terminal, and capped (the rest counted).
    let reported = 0;
    const report = (fault: AdFault): void => {
      if (reported++ < MAX_FAULT_LINES) io.error(escapeControls(`classad convert: ${source.label}: ${formatFault(fault)}\n`));
    };
    const stream = streamAds(source.stream, {
      format: from as AdFormat | "auto",
      strict: values.strict === true,
      // Every attribute is printed, so parse at load: a bad expression drops its ad, as HTCondor does.
      validation: "eager",
      onFault: report,
    });
    const writer = new AdWriter(to, { keepPrivate: values["keep-private"] === true, encoding: "bytes" });
    let started = false;
    try {
      for await (const ad of stream) {
        if (!started) {
          io.write(writer.begin());
          started = true;
        }
        io.write(writer.ad(ad));
        await io.drain();
      }
    } catch (error) {
      if (!(error instanceof AdFormatError)) throw error;
      // Already reported through onFault.
      if (started) io.write(writer.end());
      return 2;
    }
    if (reported > MAX_FAULT_LINES) io.error(`classad convert: ${source.label}: ... and ${reported - MAX_FAULT_LINES} more faults\n`);
    const unreadable = stream.faults.some((fault) => fault.code === "read-error");
    if (!started && !unreadable) io.write(writer.begin());
    if (started || !unreadable) io.write(writer.end());
    return stream.summary.faults > 0 ? 2 : 0;
  },
});
