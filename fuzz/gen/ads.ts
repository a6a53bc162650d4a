/**
 * Generated ads: slot ads and job ads shaped like the OSPool's (resources, platform, policy
 * expressions, Requirements and Rank that refer to the other side), plus attributes of every
 * type with generated expressions, nested ads and lists. An ad is kept as (name, expression text
 * in new syntax) pairs and written in any of HTCondor's formats:
 * - `long` (`condor_status -long`): old syntax, with its string quirks (a backslash is a plain
 *   character; `\"` inside a string is a quote; a string may end in a backslash);
 * - `new` (`[ ... ]`), `json` (values as JSON, expressions as `"\/Expr(...)\/"`), `xml`.
 */
import type { Rng } from "../lib/rng.js";
import type { Ty } from "./functions.js";
import { ExprGenerator, type ContextNames } from "./expr.js";
import { intText, realText, stringValueOf } from "./literals.js";

export type AdFormat = "long" | "new" | "json" | "xml";

/** One attribute: its name, its value as new-syntax text, and how it can be written natively. */
export interface GenAttr {
  readonly name: string;
  readonly text: string;
  readonly type: Ty;
  /** A plain value: JSON and XML write it natively; else it is an expression. */
  readonly plain?: { readonly kind: "int" | "real" | "bool" | "string"; readonly value: string };
  /** For a plain string: the old-syntax spelling (long format), which may differ from `text`. */
  readonly oldText?: string;
}

export interface GenAd {
  readonly attrs: readonly GenAttr[];
}

const SITES = ["UCSD", "Wisconsin", "Nebraska", "SU-ITS", "UChicago", "FNAL", "Purdue", "SDSC"];
const ARCHES = ["X86_64", "x86_64", "aarch64", "INTEL", "ppc64le"];
const OSES = ["LINUX", "Linux", "WINDOWS", "OSX"];

function plainInt(name: string, value: number | string): GenAttr {
  const text = String(value);
  return { name, text, type: "int", plain: { kind: "int", value: text } };
}

function plainReal(name: string, text: string): GenAttr {
  return { name, text, type: "real", plain: { kind: "real", value: text } };
}

function plainBool(name: string, value: boolean): GenAttr {
  return { name, text: String(value), type: "bool", plain: { kind: "bool", value: String(value) } };
}

/** A string attribute: new-syntax text escapes; the old-syntax text keeps bytes as they are. */
function plainString(name: string, value: string): GenAttr {
  let text = '"';
  for (const c of value) {
    const code = c.charCodeAt(0);
    if (c === '"' || c === "\\") text += "\\" + c;
    else if (code < 0x20 || code === 0x7f) text += "\\" + code.toString(8).padStart(3, "0");
    else text += c;
  }
  text += '"';
  return { name, text, type: "string", plain: { kind: "string", value }, oldText: oldStringText(value) };
}

/**
 * A string in old syntax (`-long`): bytes as they are, a quote written `\"`. A value with a
 * newline, or ending in a backslash, has no faithful old-syntax spelling in every reader, so the
 * generator does not make those for the long format.
 */
function oldStringText(value: string): string | undefined {
  if (/[\n\r\0]/.test(value) || value.endsWith("\\")) return undefined;
  return '"' + value.replace(/"/g, '\\"') + '"';
}

function expressionAttr(name: string, text: string, type: Ty): GenAttr {
  return { name, text, type };
}

/** Names of the ad's attributes by type, for a generator of references. */
export function namesByType(ad: GenAd): Map<Ty, string[]> {
  const map = new Map<Ty, string[]>();
  for (const attr of ad.attrs) {
    const list = map.get(attr.type) ?? [];
    list.push(attr.name);
    map.set(attr.type, list);
  }
  return map;
}

export class AdGenerator {
  constructor(private readonly rng: Rng) {}

  /** A few typed attributes with generated (possibly cross-referencing) expressions. */
  private extras(prefix: string, context: ContextNames | null, count: number): GenAttr[] {
    const rng = this.rng;
    const gen = new ExprGenerator(rng, context, true);
    const out: GenAttr[] = [];
    const types: Ty[] = ["int", "real", "bool", "string", "list", "ad", "abstime", "reltime", "undef"];
    for (let i = 0; i < count; i++) {
      const type = rng.pick(types);
      const name = `${prefix}${type === "undef" ? "U" : type[0]?.toUpperCase()}${i}`;
      switch (rng.int(4)) {
        case 0:
          if (type === "int") out.push(plainInt(name, intText(rng, true)));
          else if (type === "real") out.push(plainReal(name, realText(rng)));
          else if (type === "bool") out.push(plainBool(name, rng.chance(0.5)));
          else if (type === "string") out.push(plainString(name, stringValueOf(rng)));
          else out.push(expressionAttr(name, gen.gen(type, 2), type));
          break;
        default:
          out.push(expressionAttr(name, gen.gen(type, rng.range(1, 3)), type));
      }
    }
    return out;
  }

  slot(index: number, jobNames: ContextNames | null = null): GenAd {
    const rng = this.rng;
    const cpus = rng.pick([1, 2, 4, 8, 16, 0]);
    const memory = rng.pick([512, 1024, 2048, 4096, 8192, 16384, 65536, 0]);
    const site = rng.pick(SITES);
    const attrs: GenAttr[] = [
      plainString("Name", `slot${index}@node${rng.range(1, 99)}.${site.toLowerCase()}.edu`),
      plainString("MyType", "Machine"),
      plainString("Arch", rng.pick(ARCHES)),
      plainString("OpSys", rng.pick(OSES)),
      plainString("OpSysAndVer", rng.pick(["AlmaLinux9", "CentOS7", "Ubuntu22", "RedHat8"])),
      plainInt("OpSysMajorVer", rng.pick([7, 8, 9, 22])),
      plainInt("Cpus", cpus),
      plainInt("TotalCpus", cpus * rng.range(1, 4)),
      plainInt("Memory", memory),
      plainInt("Disk", rng.pick([1048576, 2104017, 50000000, 0, 1000])),
      plainInt("GPUs", rng.pick([0, 0, 0, 1, 2])),
      plainReal("LoadAvg", rng.pick(["0.0", "0.25", "1.5", "3.75"])),
      plainBool("HasFileTransfer", rng.chance(0.9)),
      plainBool("HasSingularity", rng.chance(0.6)),
      plainString("GLIDEIN_Site", site),
      plainString("SlotType", rng.pick(["Partitionable", "Static", "Dynamic"])),
      plainString("State", rng.pick(["Unclaimed", "Claimed", "Owner"])),
      plainInt("KeyboardIdle", rng.range(0, 100000)),
      plainInt("EnteredCurrentState", 1783286200 - rng.range(0, 100000)),
      expressionAttr("CUDACapability", rng.pick(["7.5", "8.0", "undefined", "6"]), "real"),
      expressionAttr("ChildCpus", `{ ${[1, 1, 2].slice(0, rng.range(0, 3)).join(",")} }`, "list"),
      expressionAttr("AddressV1", `"{[ p=\\"primary\\"; a=\\"10.0.0.${rng.range(1, 254)}\\"; port=9618; ]}"`, "string"),
      expressionAttr("Start", this.policy(rng), "bool"),
      expressionAttr("Requirements", rng.chance(0.8) ? "START" : this.requirements("slot", jobNames), "bool"),
      expressionAttr("Rank", rng.pick(["0", "TARGET.RequestMemory", "-TARGET.RequestCpus", "TARGET.Owner == \"alice\"", "undefined", "1.5 * TARGET.JobPrio"]), "real"),
      ...this.extras("S", jobNames, rng.range(2, 8)),
    ];
    return { attrs: shuffle(rng, attrs) };
  }

  job(id: number, slotNames: ContextNames | null = null): GenAd {
    const rng = this.rng;
    const attrs: GenAttr[] = [
      plainString("MyType", "Job"),
      plainString("TargetType", "Machine"),
      plainInt("ClusterId", id),
      plainInt("ProcId", rng.range(0, 9)),
      plainString("Owner", rng.pick(["alice", "bob", "Alice", "carol\\x"])),
      plainString("User", rng.pick(["alice@ap40.uw.osg-htc.org", "bob@ap1", "x"])),
      plainInt("JobUniverse", rng.pick([5, 5, 5, 7, 9])),
      plainInt("RequestCpus", rng.pick([1, 1, 2, 4, 8, 0])),
      plainInt("RequestMemory", rng.pick([128, 1024, 2048, 4096, 10000])),
      plainInt("RequestDisk", rng.pick([1000, 1048576, 5000000])),
      expressionAttr("RequestGPUs", rng.pick(["0", "1", "undefined", "TARGET.GPUs"]), "int"),
      plainInt("JobPrio", rng.range(-10, 10)),
      plainString("DESIRED_Sites", shuffle(rng, SITES).slice(0, rng.range(0, 4)).join(",")),
      plainBool("WantOS", rng.chance(0.5)),
      expressionAttr("Requirements", this.requirements("job", slotNames), "bool"),
      expressionAttr("Rank", rng.pick(["0", "TARGET.Memory", "TARGET.Cpus * 2 + TARGET.Memory / 1024", "TARGET.LoadAvg", "-TARGET.KeyboardIdle", "undefined", "\"x\""]), "real"),
      ...this.extras("J", slotNames, rng.range(2, 8)),
    ];
    return { attrs: shuffle(rng, attrs) };
  }

  private policy(rng: Rng): string {
    return rng.pick([
      "true",
      "KeyboardIdle > 15 * 60",
      "(KeyboardIdle > 600) && (LoadAvg < 0.3)",
      "TARGET.JobUniverse =!= 7",
      "isUndefined(TARGET.WantOS) || TARGET.WantOS",
      "time() - EnteredCurrentState > 300",
      "TARGET.RequestGPUs =?= undefined || TARGET.RequestGPUs <= GPUs",
      "stringListMember(GLIDEIN_Site, TARGET.DESIRED_Sites)",
      "ifThenElse(TARGET.Owner == \"alice\", true, Cpus > 1)",
      "undefined",
      "false",
    ]);
  }

  private requirements(side: "job" | "slot", other: ContextNames | null): string {
    const rng = this.rng;
    const clauses = side === "job"
      ? [
          'TARGET.Arch == "X86_64"', 'TARGET.OpSys == "LINUX"', "TARGET.Disk >= RequestDisk", "TARGET.Memory >= RequestMemory",
          "TARGET.Cpus >= RequestCpus", "TARGET.HasFileTransfer", "TARGET.HasSingularity", "(TARGET.GPUs ?: 0) >= RequestGPUs",
          "stringListIMember(TARGET.GLIDEIN_Site, DESIRED_Sites)", "TARGET.CUDACapability >= 7.0", "Memory >= 1024",
          "TARGET.OpSysMajorVer == 9", 'regexp("^slot[0-9]+@", TARGET.Name)', "TARGET.SlotType =!= \"Dynamic\"",
          "member(TARGET.Cpus, { 1, 2, 4 })", "TARGET.LoadAvg < 1", "TARGET.KeyboardIdle > 100", "isUndefined(TARGET.NoSuch)",
        ]
      : ["TARGET.RequestMemory <= Memory", "TARGET.RequestCpus <= Cpus", "TARGET.Owner != \"bob\"", "START", "TARGET.JobUniverse == 5"];
    const n = rng.range(1, 5);
    const chosen: string[] = [];
    for (let i = 0; i < n; i++) chosen.push(rng.pick(clauses));
    if (rng.chance(0.2)) chosen.push(new ExprGenerator(rng, other, true).gen("bool", 2));
    return chosen.join(rng.pick([" && ", " && ", " || "]));
  }

  /** A free-form ad for the format campaign: any attributes, nested ads, lists, odd names. */
  anyAd(): GenAd {
    const rng = this.rng;
    const attrs = this.extras(rng.pick(["A", "b", "Attr", "x_", "Z"]), null, rng.range(1, 10));
    if (rng.chance(0.5)) attrs.push(plainString("MyType", rng.pick(["Machine", "Job", "Scheduler"])));
    if (rng.chance(0.3)) attrs.push(plainString(rng.pick(["ClaimId", "Capability", "_condor_priv_x", "TransferKey"]), "secret"));
    if (rng.chance(0.3)) attrs.push(expressionAttr("Nested", "[ a = 1; bb = { 1, \"x\" }; c = [ d = 2.5 ] ]", "ad"));
    if (rng.chance(0.2)) attrs.push(plainString("Quote", rng.pick(['say "hi"', "back\\slash", "tab\there", "C:\\dir\\file", "\xc3\xa9t\xc3\xa9"])));
    return { attrs: shuffle(rng, dedupe(attrs)) };
  }
}

function dedupe(attrs: GenAttr[]): GenAttr[] {
  const seen = new Set<string>();
  return attrs.filter((a) => {
    const key = a.name.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function shuffle<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

// ---------------------------------------------------------------- writers

/** `Name = value` lines in old syntax. Attributes with no old-syntax spelling are left out. */
export function writeLong(ad: GenAd): string {
  let out = "";
  for (const attr of ad.attrs) {
    const text = attr.plain?.kind === "string" ? attr.oldText : attr.text;
    if (text === undefined || /[\n\r]/.test(text)) continue;
    out += `${attr.name} = ${text}\n`;
  }
  return out;
}

/** `[ a = 1; b = 2 ]` on one line. */
export function writeNew(ad: GenAd): string {
  return `[ ${ad.attrs.map((a) => `${a.name} = ${a.text}`).join("; ")} ]`;
}

function jsonString(value: string): string {
  let out = '"';
  for (const c of value) {
    const code = c.charCodeAt(0);
    if (c === '"') out += '\\"';
    else if (c === "\\") out += "\\\\";
    else if (c === "/") out += "\\/";
    else if (code < 0x20) out += "\\u" + code.toString(16).padStart(4, "0");
    else out += c;
  }
  return out + '"';
}

export function writeJson(ad: GenAd): string {
  const members = ad.attrs.map((a) => {
    const plain = a.plain;
    let value: string;
    if (plain?.kind === "int" && /^-?[0-9]+$/.test(plain.value)) value = plain.value;
    else if (plain?.kind === "real" && /^-?[0-9]+\.[0-9]+(e-?[0-9]+)?$/.test(plain.value)) value = plain.value;
    else if (plain?.kind === "bool") value = plain.value;
    else if (plain?.kind === "string") value = jsonString(plain.value);
    else value = jsonString(`/Expr(${a.text})/`);
    return `  ${jsonString(a.name)}: ${value}`;
  });
  return `{\n${members.join(",\n")}\n}`;
}

function xmlText(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

export function writeXml(ad: GenAd): string {
  const rows = ad.attrs.map((a) => {
    const plain = a.plain;
    let body: string;
    if (plain?.kind === "int" && /^-?[0-9]+$/.test(plain.value)) body = `<i>${plain.value}</i>`;
    else if (plain?.kind === "real") body = `<r>${xmlText(plain.value)}</r>`;
    else if (plain?.kind === "bool") body = `<b v="${plain.value === "true" ? "t" : "f"}"/>`;
    else if (plain?.kind === "string" && !/[\x00-\x08\x0b\x0c\x0e-\x1f]/.test(plain.value)) body = `<s>${xmlText(plain.value)}</s>`;
    else body = `<e>${xmlText(a.text)}</e>`;
    return `    <a n="${xmlText(a.name)}">${body}</a>`;
  });
  return `  <c>\n${rows.join("\n")}\n  </c>`;
}

/** A whole file of ads in one format, framed as HTCondor's tools frame them. */
export function writeAds(ads: readonly GenAd[], format: AdFormat): string {
  switch (format) {
    case "long":
      return ads.map((ad) => writeLong(ad) + "\n").join("");
    case "new":
      return ads.map(writeNew).join("\n") + "\n";
    case "json":
      return `[\n${ads.map(writeJson).join(",\n")}\n]\n`;
    case "xml":
      return `<?xml version="1.0"?>\n<!DOCTYPE classads SYSTEM "classads.dtd">\n<classads>\n${ads.map(writeXml).join("\n")}\n</classads>\n`;
  }
}
