/**
 * An esbuild plugin for tsup: the build inlines chevrotain and lodash-es, so the package carries
 * their code and must carry their licence texts. After each build this reads the bundle's
 * metafile, finds every npm package whose files went into the output, and writes their names,
 * versions, licences and licence texts to `dist/THIRD-PARTY-LICENSES.txt`.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Plugin } from "esbuild";

const NODE_MODULES = /(?:^|[\\/])node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/;

interface PackageInfo {
  readonly name: string;
  readonly version: string;
  readonly license: string;
  readonly text: string;
}

function packageInfo(dir: string): PackageInfo {
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name: string; version: string; license?: string };
  const licenseFile = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
  if (licenseFile === undefined) throw new Error(`${manifest.name}: bundled, but no licence file found in ${dir}`);
  return {
    name: manifest.name,
    version: manifest.version,
    license: manifest.license ?? "(see text)",
    text: readFileSync(join(dir, licenseFile), "utf8").trimEnd(),
  };
}

/** Writes `<outDir>/THIRD-PARTY-LICENSES.txt` for the packages inlined by the build. */
export function thirdPartyLicenses(outDir: string): Plugin {
  return {
    name: "third-party-licenses",
    setup(build) {
      build.initialOptions.metafile = true;
      build.onEnd((result) => {
        if (result.metafile === undefined || result.errors.length > 0) return;
        const dirs = new Map<string, string>();
        for (const input of Object.keys(result.metafile.inputs)) {
          const match = NODE_MODULES.exec(input);
          if (match === null) continue;
          const name = (match[1] ?? "").replace(/\\/g, "/");
          const dir = input.slice(0, (match.index ?? 0) + match[0].length);
          if (!dirs.has(name) && existsSync(join(dir, "package.json"))) dirs.set(name, dir);
        }
        const packages = [...dirs.keys()].sort().map((name) => packageInfo(dirs.get(name) as string));
        const header =
          "The files in this folder include code from the npm packages below, inlined by the build.\n" +
          "Their licences follow.\n";
        // One section per distinct text: chevrotain's five packages share one Apache-2.0 file.
        const byText = new Map<string, PackageInfo[]>();
        for (const p of packages) byText.set(p.text, [...(byText.get(p.text) ?? []), p]);
        const rule = "=".repeat(78);
        const sections = [...byText].map(([text, owners]) => {
          const names = owners.map((p) => `${p.name}@${p.version} (${p.license})`).join("\n");
          return `${rule}\n${names}\n${rule}\n\n${text}\n`;
        });
        // esbuild ends before tsup writes the build's files: in a fresh clone `dist/` may not exist yet.
        mkdirSync(outDir, { recursive: true });
        writeFileSync(join(outDir, "THIRD-PARTY-LICENSES.txt"), [header, ...sections].join("\n"));
      });
    },
  };
}
