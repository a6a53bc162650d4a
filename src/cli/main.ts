#!/usr/bin/env node
/** Entry point of the `classad` binary; the dispatcher lives in dispatch.ts so tests can call it. */
import * as nodeModule from "node:module";
import { main } from "./dispatch.js";

// Node 22.1 and later can keep the compiled code of the modules loaded from here on (the
// subcommands and the library chunks) between runs, as tsc does: start-up then skips most of the
// parsing. Node 20 has no such cache; the call is skipped there.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`classad: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
