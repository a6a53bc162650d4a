#!/usr/bin/env node
/** Entry point of the `classad` binary; the dispatcher lives in dispatch.ts so tests can call it. */
import { main } from "./dispatch.js";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`classad: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
