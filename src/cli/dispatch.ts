/**
 * The `classad` command: one binary, one subcommand per job.
 * Exit codes: 0 success, 1 a negative answer (no match, a failed check), 2 bad input or usage.
 */
import { processIO, type CliIO, type Command } from "./io.js";

interface CommandModule {
  readonly run: Command;
  readonly summary: string;
}

const COMMANDS = new Map<string, () => Promise<CommandModule>>([
  ["eval", () => import("./commands/eval.js")],
  ["match", () => import("./commands/match.js")],
  ["analyze", () => import("./commands/analyze.js")],
  ["convert", () => import("./commands/convert.js")],
  ["probe", () => import("./commands/probe.js")],
  ["demo", () => import("./commands/demo.js")],
  ["lint", () => import("./commands/lint.js")],
  ["web", () => import("./commands/web.js")],
]);

async function usage(io: CliIO): Promise<void> {
  const lines = ["usage: classad <command> [options]", "", "commands:"];
  for (const [name, load] of COMMANDS) {
    const mod = await load();
    lines.push(`  ${name.padEnd(9)} ${mod.summary}`);
  }
  lines.push("", "Run `classad <command> --help` for a command's options.");
  io.write(lines.join("\n") + "\n");
}

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    await usage(io);
    return name === undefined ? 2 : 0;
  }
  const load = COMMANDS.get(name);
  if (!load) {
    io.error(`classad: unknown command '${name}'\n`);
    await usage(io);
    return 2;
  }
  const mod = await load();
  return mod.run(rest, io);
}

