/**
 * `classad probe`: the slot ad this machine would advertise, with the container readiness
 * attributes OSPool matching depends on. `--explain` adds each check, its result and why;
 * `--watch SECONDS` re-probes and prints the attributes that change.
 */
import type { ClassAd } from "../../classad/classad.js";
import { UsageError } from "../errors.js";
import { defineCommand } from "../command.js";
import type { CliIO } from "../io.js";
import type { ProbeCheck } from "../../probe/index.js";
import { probe, watchProbe, type ProbeOptions } from "../../probe/node.js";
import { formatAds } from "../../formats/index.js";

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
  --version                    print the version

exit status: 0 printed, 2 bad usage.
`;

interface ProbeCommand {
  readonly format: Format;
  readonly explain: boolean;
  readonly watchSeconds: number | null;
  readonly options: ProbeOptions;
}

/** `--watch` and `--timeout`: a number of seconds in (0, 86400]. */
function seconds(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n) || n <= 0 || n > 86_400) throw new UsageError(`--${flag} needs a number of seconds between 0 and 86400`);
  return n;
}

/** `--singularity`, `--test-image`, `--default-image`: a non-empty path. */
function path(flag: string, text: string | undefined): string | undefined {
  if (text === "") throw new UsageError(`--${flag} needs a path`);
  return text;
}

/** Only printable ASCII goes out; other bytes become `\xNN` so a terminal is never confused. */
function asciiSafe(text: string): string {
  return text.replace(/[^\x09\x0a\x20-\x7e]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/** The ad in one of the formats' writers (the same bytes `classad convert` would print). */
function formatAd(ad: ClassAd, format: Format): string {
  return formatAds([ad], format, { encoding: "bytes" });
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

async function printResult(io: CliIO, ad: ClassAd, checks: readonly ProbeCheck[], parsed: ProbeCommand): Promise<void> {
  if (parsed.format === "json" && parsed.explain) {
    const adText = formatAd(ad, "json");
    const adJson: unknown = (JSON.parse(adText) as unknown[])[0];
    io.write(asciiSafe(JSON.stringify({ ad: adJson, checks }, null, 2)) + "\n");
    return;
  }
  io.write(formatAd(ad, parsed.format));
  if (parsed.explain) io.write(asciiSafe(explainText(checks)));
}

export const run = defineCommand({
  name: "probe",
  help: HELP,
  options: {
    format: { type: "string" },
    json: { type: "boolean" },
    explain: { type: "boolean" },
    watch: { type: "string" },
    timeout: { type: "string" },
    singularity: { type: "string" },
    "test-image": { type: "string" },
    "default-image": { type: "string" },
    "registry-test": { type: "boolean" },
  },
  async run({ values }, io) {
    const format = values.json === true ? "json" : FORMATS.find((f) => f === (values.format ?? "long"));
    if (format === undefined) throw new UsageError(`--format needs one of ${FORMATS.join(", ")}`);
    const timeout = seconds("timeout", values.timeout);
    const singularityPath = path("singularity", values.singularity);
    const testImage = path("test-image", values["test-image"]);
    const defaultImage = path("default-image", values["default-image"]);
    const command: ProbeCommand = {
      format,
      explain: values.explain === true,
      watchSeconds: seconds("watch", values.watch) ?? null,
      options: {
        ...(timeout !== undefined ? { timeoutMs: Math.round(timeout * 1000) } : {}),
        ...(singularityPath !== undefined ? { singularityPath } : {}),
        ...(testImage !== undefined ? { testImage } : {}),
        ...(defaultImage !== undefined ? { defaultImage } : {}),
        ...(values["registry-test"] === true ? { registryTest: true } : {}),
      },
    };
    return command.watchSeconds === null ? probeOnce(io, command) : watch(io, command, command.watchSeconds);
  },
});

async function probeOnce(io: CliIO, command: ProbeCommand): Promise<number> {
  const result = await probe(command.options);
  await printResult(io, result.ad, result.checks, command);
  return 0;
}

async function watch(io: CliIO, command: ProbeCommand, everySeconds: number): Promise<number> {
  const handle = watchProbe(
    command.options,
    everySeconds * 1000,
    (event) => {
      if (event.initial) {
        void printResult(io, event.result.ad, event.result.checks, command);
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
