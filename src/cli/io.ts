/**
 * What a subcommand may touch of its process: streams and the environment. Tests pass fakes.
 * Output is written as byte strings (latin1), so ClassAd text round-trips byte for byte.
 */
export interface CliIO {
  readonly stdin: NodeJS.ReadableStream;
  write(text: string): void;
  error(text: string): void;
  readonly env: NodeJS.ProcessEnv;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
}

/** A subcommand: gets its own arguments (after the subcommand name), returns the exit code. */
export type Command = (argv: string[], io: CliIO) => Promise<number>;

export function processIO(): CliIO {
  return {
    stdin: process.stdin,
    write: (text) => void process.stdout.write(Buffer.from(text, "latin1")),
    error: (text) => void process.stderr.write(Buffer.from(text, "latin1")),
    env: process.env,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
  };
}
