/**
 * The `classad` command: one binary, one subcommand per job.
 * Exit codes: 0 success, 1 a negative answer (no match, a failed check), 2 bad input or usage.
 */
import { processIO, type CliIO, type Command } from "./io.js";
import { VERSION } from "./version.js";

interface CommandEntry {
  readonly summary: string;
  /** Loaded only when the subcommand runs, so `classad eval` does not load the others. */
  readonly load: () => Promise<{ readonly run: Command }>;
}

/** Subcommands in the order `classad --help` lists them. */
const COMMANDS = new Map<string, CommandEntry>([
  ["eval", { summary: "evaluate ClassAd expressions (like classad_eval)", load: () => import("./commands/eval.js") }],
  ["match", { summary: "list the slots a job matches, in negotiator order", load: () => import("./commands/match.js") }],
  ["analyze", { summary: "explain whether a job matches a pool or a machine, clause by clause", load: () => import("./commands/analyze.js") }],
  ["convert", { summary: "convert ads between HTCondor's long, new, JSON and XML formats", load: () => import("./commands/convert.js") }],
  ["probe", { summary: "print the slot ad this machine would advertise (container readiness included)", load: () => import("./commands/probe.js") }],
  ["demo", { summary: "probe this machine, make a sample OSPool, and analyze example jobs against both", load: () => import("./commands/demo.js") }],
  ["lint", { summary: "point out precedence and comparison traps in expressions and ads", load: () => import("./commands/lint.js") }],
  ["web", { summary: "serve the 'Would my job match?' page on 127.0.0.1", load: () => import("./commands/web.js") }],
]);

function usage(): string {
  const lines = ["usage: classad <command> [options]", "", "commands:"];
  for (const [name, entry] of COMMANDS) lines.push(`  ${name.padEnd(9)} ${entry.summary}`);
  lines.push("", "Run `classad <command> --help` for a command's options; `classad --version` for the version.");
  return lines.join("\n") + "\n";
}

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.error(usage());
    return 2;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    if (name === "help" && rest[0] !== undefined && COMMANDS.has(rest[0])) return main([rest[0], "--help"], io);
    io.write(usage());
    return 0;
  }
  if (name === "--version") {
    io.write(`classad ${VERSION}\n`);
    return 0;
  }
  const entry = COMMANDS.get(name);
  if (entry === undefined) {
    io.error(`classad: unknown command '${name}'\n${usage()}`);
    return 2;
  }
  const { run } = await entry.load();
  return run(rest, io);
}
