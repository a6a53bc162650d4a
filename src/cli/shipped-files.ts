/**
 * Finding the files shipped with the package (the built page, the bundled samples) from wherever
 * the command runs: walking up from this module's folder (CommonJS bundles), from the running
 * script's real path (`npx` runs it through a symlink), then from the working directory. No
 * `import.meta` here: this module is also bundled as CommonJS.
 */
import { realpathSync } from "node:fs";
import { dirname } from "node:path";

function startingFolders(): string[] {
  const starts: string[] = [];
  if (typeof __dirname === "string") starts.push(__dirname);
  const script = process.argv[1];
  if (script !== undefined) {
    try {
      starts.push(dirname(realpathSync(script)));
    } catch {
      // not a file (node -e, a REPL): skip
    }
  }
  starts.push(process.cwd());
  return starts;
}

/**
 * The first answer `lookIn` gives for a folder, trying each starting folder and then its parents
 * up to the root; null when no folder answers.
 */
export function findUpwards(lookIn: (dir: string) => string | null): string | null {
  for (const start of startingFolders()) {
    for (let dir = start; ; dir = dirname(dir)) {
      const found = lookIn(dir);
      if (found !== null) return found;
      if (dirname(dir) === dir) break;
    }
  }
  return null;
}
