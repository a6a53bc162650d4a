/**
 * `classad lint`: precedence and comparison traps in ad attributes or expressions.
 * Exit 0 when nothing warrants a warning, 1 when something does, 2 on bad input.
 */
import { fromByteString, toByteString } from "../../model/bytes.js";
import type { ClassAd } from "../../classad/classad.js";
import { lintAd, lintExpression } from "../../explain/lint.js";
import { formatHint, type LintHint } from "../../explain/hints.js";
import { ClassAdParseError } from "../../model/errors.js";
import type { CliIO } from "../io.js";
import { defineCommand } from "../command.js";
import { InputError, UsageError } from "../errors.js";
import { loadFirstAd, loadPool, sourceLabel } from "./ad-input.js";

const HELP = `usage: classad lint [FILE ...] [options]

Point at expressions that probably do not say what their author meant, in HTCondor's terms: an
\`is\`/\`isnt\` or \`? :\` grouped otherwise than its spacing or wording suggests, \`?:\` inside
arithmetic, \`== undefined\`, comparisons on attributes the other ad may not define, \`is\` across
types, strings compared with \`==\` (which ignores case) where case looks significant, and
policies that can only be UNDEFINED or ERROR. Each hint names the attribute and the clause and
prints the expression with parentheses as HTCondor groups it.

  FILE              ad files (-long, -long:new, JSON or XML; gzip accepted; - for stdin): every
                    expression attribute of every ad is checked, the ad itself being MY

options:
  -e, --expr EXPR   check this expression (repeatable), evaluated in the --my ad
  --my FILE         the ad --expr expressions are evaluated in (the first ad of FILE)
  --target FILE     ads of the other side (the slots, for a job): a comparison on an attribute
                    some of them lack is reported with the count
  --attr NAME       check only these attributes of the FILE ads (repeatable)
  --json            print {"hints": [...]} (each hint with its file and ad)
  -h, --help        show this help
  --version         print the version

exit status: 0 no warning (info hints may be printed), 1 at least one warning, 2 bad input.
`;

interface Located {
  readonly file: string;
  /** The ad's name (Name, or ClusterId.ProcId), or its 1-based position in the file. */
  readonly ad: string | null;
  /** Further ads of the file with the same hint (a pool dump repeats its policies). */
  readonly alsoIn: number;
  readonly hint: LintHint;
}

export const run = defineCommand({
  name: "lint",
  help: HELP,
  positionals: { min: 0, max: Infinity, what: "ad files" },
  options: {
    expr: { type: "string", short: "e", multiple: true },
    my: { type: "string" },
    target: { type: "string" },
    attr: { type: "string", multiple: true },
    json: { type: "boolean" },
  },
  async run({ values, positionals }, io) {
    const expressions = values.expr ?? [];
    if (expressions.length === 0 && positionals.length === 0) throw new UsageError("expected FILE or --expr EXPR");
    if (positionals.filter((p) => p === "-").length + (values.my === "-" ? 1 : 0) + (values.target === "-" ? 1 : 0) > 1) {
      throw new UsageError("only one input can be read from stdin");
    }
    const found: Located[] = [];
    const my = values.my !== undefined ? await loadFirstAd(values.my, io) : undefined;
    const targets = values.target !== undefined ? await loadPool(values.target, io, { json: values.json === true }) : undefined;
    const context = { ...(targets !== undefined ? { targets } : {}) };
    for (const text of expressions) {
      let hints: LintHint[];
      try {
        hints = lintExpression(text, { ...context, ...(my !== undefined ? { my } : {}) });
      } catch (err) {
        if (err instanceof ClassAdParseError) throw new InputError(`--expr: ${err.message}`);
        throw err;
      }
      for (const hint of hints) found.push({ file: "--expr", ad: null, alsoIn: 0, hint });
    }
    for (const path of positionals) {
      const ads = await loadPool(path, io, { json: values.json === true });
      found.push(...lintFile(sourceLabel(path), ads, { ...context, ...(values.attr !== undefined ? { attributes: values.attr } : {}) }));
    }
    if (values.json === true) {
      const hints = found.map((f) => ({ file: f.file, ad: f.ad, alsoIn: f.alsoIn, ...f.hint }));
      io.write(JSON.stringify({ hints }, null, 2).replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`) + "\n");
    } else {
      io.write(toByteString(textOutput(found)));
    }
    return found.some((f) => f.hint.severity === "warning") ? 1 : 0;
  },
});

/** The hints of every ad of a file; a hint repeated by later ads is reported once, with the count. */
function lintFile(file: string, ads: readonly ClassAd[], options: Parameters<typeof lintAd>[1]): Located[] {
  const byKey = new Map<string, { first: Located; more: number }>();
  ads.forEach((ad, i) => {
    for (const hint of lintAd(ad, options)) {
      const key = `${hint.code}\u0000${hint.attribute ?? ""}\u0000${hint.expression}\u0000${hint.message}`;
      const seen = byKey.get(key);
      if (seen !== undefined) seen.more++;
      else byKey.set(key, { first: { file, ad: adLabel(ad, i), alsoIn: 0, hint }, more: 0 });
    }
  });
  return [...byKey.values()].map((e) => ({ ...e.first, alsoIn: e.more }));
}

function adLabel(ad: ClassAd, index: number): string {
  const literalText = (name: string): string | null => {
    const expr = ad.lookup(name);
    if (expr === undefined || expr.kind !== "literal") return null;
    const v = expr.value;
    return v.kind === "string" ? fromByteString(v.v) : v.kind === "int" ? String(v.v) : null;
  };
  const name = literalText("Name");
  if (name !== null) return name;
  const cluster = literalText("ClusterId");
  const proc = literalText("ProcId");
  if (cluster !== null && proc !== null) return `${cluster}.${proc}`;
  return `ad ${index + 1}`;
}

function textOutput(found: readonly Located[]): string {
  if (found.length === 0) return "No hints.\n";
  const out: string[] = [];
  for (const f of found) {
    const where = f.ad !== null ? `${f.file}: ${f.ad}${f.alsoIn > 0 ? ` (and ${f.alsoIn} more ad${f.alsoIn === 1 ? "" : "s"})` : ""}` : f.file;
    out.push(`${where}: ${formatHint(f.hint)}`, "");
  }
  const warnings = found.filter((f) => f.hint.severity === "warning").length;
  out.push(`${warnings} warning${warnings === 1 ? "" : "s"}, ${found.length - warnings} info.`);
  return out.join("\n") + "\n";
}
