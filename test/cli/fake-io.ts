/** A CliIO for in-process CLI tests: captured output, a given stdin, a given environment. */
import { Readable } from "node:stream";
import type { CliIO } from "../../src/cli/io.js";

export interface CapturedIO extends CliIO {
  readonly stdout: () => string;
  readonly stderr: () => string;
}

export function fakeIO(options: { stdin?: string | Buffer; env?: NodeJS.ProcessEnv; stderrIsTTY?: boolean } = {}): CapturedIO {
  let out = "";
  let err = "";
  const input = options.stdin ?? "";
  return {
    stdin: Readable.from([typeof input === "string" ? Buffer.from(input, "latin1") : input]),
    write: (text) => void (out += text),
    error: (text) => void (err += text),
    drain: async () => {},
    env: options.env ?? { PATH: "" },
    stdoutIsTTY: false,
    stderrIsTTY: options.stderrIsTTY ?? false,
    stdout: () => out,
    stderr: () => err,
  };
}
