/**
 * What a subcommand may touch of its process: streams and the environment. Tests pass fakes.
 * Output is written as byte strings (latin1), so ClassAd text round-trips byte for byte.
 */
export interface CliIO {
  readonly stdin: NodeJS.ReadableStream;
  write(text: string): void;
  error(text: string): void;
  /** Resolves once stdout has taken what was written (backpressure for long outputs). */
  drain(): Promise<void>;
  readonly env: NodeJS.ProcessEnv;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
}

/** A subcommand: gets its own arguments (after the subcommand name), returns the exit code. */
export type Command = (argv: string[], io: CliIO) => Promise<number>;

/** 128 + SIGPIPE: the status a shell shows for a command whose reader went away. */
export const CLOSED_PIPE_STATUS = 141;

export function processIO(): CliIO {
  endQuietlyOnClosedPipe(process.stdout);
  endQuietlyOnClosedPipe(process.stderr);
  return {
    stdin: process.stdin,
    write: (text) => void process.stdout.write(Buffer.from(text, "latin1")),
    error: (text) => void process.stderr.write(Buffer.from(text, "latin1")),
    drain: () => drained(process.stdout),
    env: process.env,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
  };
}

/**
 * `classad convert ... | head -1`: once the reader has gone, writing fails with EPIPE. A C tool
 * dies of SIGPIPE there, silently; Node ignores SIGPIPE and would report an unhandled 'error'
 * event with a stack trace. End the same way a C tool does: at once, quietly, status 141.
 */
function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  if (stream.listenerCount("error") > 0) return;
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(CLOSED_PIPE_STATUS);
    throw error;
  });
}

function drained(stream: NodeJS.WriteStream): Promise<void> {
  if (!stream.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve) => stream.once("drain", resolve));
}
