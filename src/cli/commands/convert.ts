import type { CliIO } from "../io.js";

export const summary = "(not built yet)";

/** Placeholder until this subcommand is written; replaced by its owner. */
export async function run(_argv: string[], io: CliIO): Promise<number> {
  io.error("classad convert: not built yet\n");
  return 2;
}
