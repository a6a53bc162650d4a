/**
 * `classad probe`: the slot ad this machine would advertise, with the container readiness
 * attributes OSPool matching depends on. `--explain` adds each check, its result and why;
 * `--watch SECONDS` re-probes and prints the attributes that change.
 */
import type { ClassAd } from "../../classad/classad.js";
import type { CliIO } from "../io.js";
import type { ProbeCheck } from "../../probe/index.js";
import { probe, watchProbe, type ProbeOptions } from "../../probe/node.js";
import { formatAds } from "../../formats/index.js";

export const summary = "print the slot ad this machine would advertise (container readiness included)";

const FORMATS = ["long", "new", "json", "xml"] as const;
type Format = (typeof FORMATS)[number];

const HELP = `usage: classad probe [options]

Probe this host and print the slot ad an HTCondor execution point here would
advertise: Arch, OpSys*, Cpus, Memory (MiB), Disk (KiB), GPUs, CVMFS, and the
container attributes HasSingularity (HTCondor's view) and HAS_SINGULARITY (the
OSPool pilot's view), each false with its reason when the check fails.

options:
  --format long|new|json|xml   output format (default long)
  --json                       same as --format json
  --explain                    also print every check: attributes, value, why, source
  --watch SECONDS              re-probe every SECONDS and print changed attributes
  --timeout SECONDS            limit for each program run or CVMFS listing (default 20)
  --singularity PATH           the runtime HTCondor would test (its SINGULARITY knob)
  --test-image PATH            image for the startd-style test run
  --default-image PATH         the pilot's default image
  --registry-test              also test pulling a docker:// image (needs network)
  -h, --help                   this help

exit status: 0 printed, 2 bad usage.
`;

interface UsageError {
  readonly kind: "usage-error";
  readonly error: string;
}

interface ParsedArgs {
  readonly kind: "args";
  format: Format;
  explain: boolean;
  watchSeconds: number | null;
  options: ProbeOptions;
}

function parseArgs(argv: readonly string[]): ParsedArgs | UsageError | "help" {
  let format: Format = "long";
  let explain = false;
  let watchSeconds: number | null = null;
  const options: {
    timeoutMs?: number;
    singularityPath?: string;
    testImage?: string;
    defaultImage?: string;
    registryTest?: boolean;
  } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const value = (): string | null => {
      const v = argv[i + 1];
      if (v === undefined) return null;
      i++;
      return v;
    };
    switch (arg) {
      case "-h":
      case "--help":
        return "help";
      case "--json":
        format = "json";
        break;
      case "--explain":
        explain = true;
        break;
      case "--registry-test":
        options.registryTest = true;
        break;
      case "--format": {
        const v = value();
        const match = FORMATS.find((f) => f === v);
        if (!match) return { kind: "usage-error", error: `--format needs one of ${FORMATS.join(", ")}` };
        format = match;
        break;
      }
      case "--watch":
      case "--timeout": {
        const v = value();
        const n = v === null ? NaN : Number(v);
        if (!Number.isFinite(n) || n <= 0 || n > 86_400) return { kind: "usage-error", error: `${arg} needs a number of seconds between 0 and 86400` };
        if (arg === "--watch") watchSeconds = n;
        else options.timeoutMs = Math.round(n * 1000);
        break;
      }
      case "--singularity":
      case "--test-image":
      case "--default-image": {
        const v = value();
        if (v === null || v === "") return { kind: "usage-error", error: `${arg} needs a path` };
        if (arg === "--singularity") options.singularityPath = v;
        else if (arg === "--test-image") options.testImage = v;
        else options.defaultImage = v;
        break;
      }
      default:
        return { kind: "usage-error", error: `unknown option '${arg}'` };
    }
  }
  return { kind: "args", format, explain, watchSeconds, options };
}

/** Only printable ASCII goes out; other bytes become `\xNN` so a terminal is never confused. */
function asciiSafe(text: string): string {
  return text.replace(/[^\x09\x0a\x20-\x7e]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/** The ad in one of the formats' writers (the same bytes `classad convert` would print). */
function formatAd(ad: ClassAd, format: Format): string {
  return formatAds([ad], format);
}

function explainText(checks: readonly ProbeCheck[]): string {
  const out: string[] = ["# checks"];
  for (const c of checks) {
    out.push(`[${c.check}] ${c.value || "(informational)"}`);
    out.push(`  why:    ${c.reason}`);
    out.push(`  source: ${c.source}`);
  }
  return out.join("\n") + "\n";
}

async function printResult(io: CliIO, ad: ClassAd, checks: readonly ProbeCheck[], parsed: ParsedArgs): Promise<void> {
  if (parsed.format === "json" && parsed.explain) {
    const adText = formatAd(ad, "json");
    const adJson: unknown = (JSON.parse(adText) as unknown[])[0];
    io.write(asciiSafe(JSON.stringify({ ad: adJson, checks }, null, 2)) + "\n");
    return;
  }
  io.write(formatAd(ad, parsed.format));
  if (parsed.explain) io.write(asciiSafe(explainText(checks)));
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed === "help") {
    io.write(HELP);
    return 0;
  }
  if (parsed.kind === "usage-error") {
    io.error(`classad probe: ${parsed.error}\n${HELP}`);
    return 2;
  }
  if (parsed.watchSeconds === null) {
    const result = await probe(parsed.options);
    await printResult(io, result.ad, result.checks, parsed);
    return 0;
  }
  const handle = watchProbe(
    parsed.options,
    parsed.watchSeconds * 1000,
    (event) => {
      if (event.initial) {
        void printResult(io, event.result.ad, event.result.checks, parsed);
        return;
      }
      const stamp = new Date().toISOString();
      for (const change of event.changes) {
        io.write(asciiSafe(`${stamp} ${change.name}: ${change.before ?? "(absent)"} -> ${change.after ?? "(absent)"}\n`));
      }
    },
    { onError: (err) => io.error(`classad probe: ${err instanceof Error ? err.message : String(err)}\n`) },
  );
  const stop = (): void => handle.stop();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  await handle.done;
  process.off("SIGINT", stop);
  process.off("SIGTERM", stop);
  return 0;
}
