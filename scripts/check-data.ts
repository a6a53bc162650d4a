/**
 * Reports drift between the project's copy of the reference vectors and real ads (test/data)
 * and the shared reference folder they were copied from (../shared), when that folder exists.
 * Exit code 1 when any file differs or is missing.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const pairs: Array<[string, string]> = [
  [join(root, "../shared/conformance"), join(root, "test/data/conformance")],
  [join(root, "../shared/data"), join(root, "test/data/ads")],
];

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

let drift = 0;
for (const [reference, copy] of pairs) {
  if (!existsSync(reference)) {
    console.log(`reference folder ${reference} not present: nothing to compare`);
    continue;
  }
  for (const file of files(reference)) {
    const mirrored = join(copy, relative(reference, file));
    if (!existsSync(mirrored) || !readFileSync(mirrored).equals(readFileSync(file))) {
      console.log(`differs: ${relative(root, mirrored)}`);
      drift++;
    }
  }
}
console.log(drift === 0 ? "test data in sync with the reference" : `${drift} file(s) out of sync`);
process.exitCode = drift === 0 ? 0 : 1;
