/**
 * Expression generators. Three kinds, all seeded:
 * - `typed`: a tree built top-down for a wanted result type, so most of it evaluates to real
 *   values (and so reaches deep into functions); now and then an operand of another type, to
 *   reach the error paths too;
 * - `random`: any production with any operands (wrong types, wrong arities, unknown names);
 * - `mangled`: a typed expression with bytes deleted, doubled or swapped, and token soup: the
 *   parser's side (both must agree on what parses, and then on the value).
 * With a match context, attribute references name the attributes of the generated MY and TARGET
 * ads, scoped (`MY.`, `TARGET.`) and unscoped (old-ClassAd fallback to TARGET).
 */
import type { Rng } from "../lib/rng.js";
import { SIGNATURES, signaturesReturning, type ArgTy, type Signature, type Ty } from "./functions.js";
import {
  absTimeText,
  boolText,
  freshName,
  intText,
  oddStringText,
  patternText,
  quote,
  realText,
  regexOptionsText,
  relTimeText,
  stringText,
  stringValueOf,
} from "./literals.js";

/** The attributes a context offers, by type, for references. */
export interface ContextNames {
  readonly my: ReadonlyMap<Ty, readonly string[]>;
  readonly target: ReadonlyMap<Ty, readonly string[]>;
}

const VALUE_TYPES: readonly Ty[] = ["int", "real", "bool", "string", "list", "ad", "abstime", "reltime", "undef", "error"];

const ARITH = ["+", "-", "*", "/", "%"];
const BITWISE = ["&", "|", "^", "<<", ">>", ">>>"];
const COMPARE = ["<", "<=", ">", ">=", "==", "!="];
const META = ["=?=", "=!=", "is", "isnt", "IS", "ISNT"];
const LOGIC = ["&&", "||"];
const ALL_BINARY = [...ARITH, ...BITWISE, ...COMPARE, ...META, ...LOGIC];
const UNARY = ["-", "+", "!", "~"];
const COMPARE_NAMES = ["<", "<=", "==", "!=", ">=", ">", "=?=", "=!=", "is", "isnt", "<>", "bad"];
const SPECIAL_SCOPES = ["self", "parent", "root", "toplevel", "my", "SELF", "Parent", "ROOT", "MY"];

export class ExprGenerator {
  /** Calls generated per function name (coverage report). */
  readonly calls = new Map<string, number>();

  /**
   * @param validOnly leave out literal spellings HTCondor's parser rejects (for ads: one bad
   *   attribute makes HTCondor's reader drop the whole ad).
   */
  constructor(
    private readonly rng: Rng,
    private readonly context: ContextNames | null = null,
    private readonly validOnly = false,
  ) {}

  /** A well-typed expression of a random type. */
  typed(): string {
    const ty = this.rng.pick(VALUE_TYPES.slice(0, 8));
    return this.gen(ty, this.rng.range(1, 5));
  }

  /** Any production, any operands. */
  random(): string {
    return this.any(this.rng.range(1, 6), true);
  }

  /** A typed expression with its bytes disturbed, or a soup of tokens. */
  mangled(): string {
    const rng = this.rng;
    if (rng.chance(0.25)) return this.tokenSoup();
    let text = this.typed();
    const edits = rng.range(1, 3);
    for (let i = 0; i < edits && text.length > 0; i++) {
      const at = rng.int(text.length);
      switch (rng.int(4)) {
        case 0:
          text = text.slice(0, at) + text.slice(at + 1);
          break;
        case 1:
          text = text.slice(0, at) + text[at] + text.slice(at);
          break;
        case 2: {
          const other = rng.int(text.length);
          const chars = [...text];
          [chars[at], chars[other]] = [chars[other] as string, chars[at] as string];
          text = chars.join("");
          break;
        }
        default:
          text = text.slice(0, at) + rng.pick(["(", ")", "[", "]", "{", "}", ",", ";", ".", "'", '"', "?", ":", "=", " ", "\\", "/*", "//"]) + text.slice(at);
      }
    }
    return text.replace(/[\n\r]/g, " ");
  }

  private tokenSoup(): string {
    const rng = this.rng;
    const tokens = [
      ...ALL_BINARY, ...UNARY, "(", ")", "[", "]", "{", "}", ",", ";", ".", "?", ":", "?:", "=", "a", "b", "x",
      "true", "undefined", "error", "1", "2.5", '"s"', "size", "strcat", "/* c */", "[a=1]", "{1,2}", "'q'", "0x", "1e", "..",
    ];
    const n = rng.range(1, 12);
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(rng.pick(tokens));
    return out.join(rng.chance(0.5) ? " " : "");
  }

  // ------------------------------------------------------------------ typed

  /** An expression meant to evaluate to `ty`. */
  gen(ty: Ty, depth: number): string {
    const rng = this.rng;
    if (ty === "any") return this.any(depth, false);
    // Now and then an operand of the wrong type, for the error paths.
    if (rng.chance(0.06)) return this.gen(rng.pick(VALUE_TYPES), Math.max(0, depth - 1));
    if (depth <= 0 || rng.chance(0.2)) return this.leaf(ty);
    const d = depth - 1;
    const common: Array<readonly [number, () => string]> = [
      [2, () => this.call(ty, d)],
      [1, () => `(${this.gen(ty, d)})`],
      [1, () => `${this.gen("bool", d)} ? ${this.gen(ty, d)} : ${this.gen(ty, d)}`],
      [0.5, () => `${this.gen(rng.pick(["undef", ty]), d)} ?: ${this.gen(ty, d)}`],
      [1, () => this.viaRecord(ty, d)],
      [0.7, () => this.viaList(ty, d)],
      [this.context ? 2 : 0, () => this.reference(ty)],
    ];
    const specific = this.specific(ty, d);
    return rng.weighted<() => string>([...common, ...specific])();
  }

  private specific(ty: Ty, d: number): Array<readonly [number, () => string]> {
    const rng = this.rng;
    const num = (): string => this.gen(rng.pick(["int", "real", "int", "bool"]), d);
    switch (ty) {
      case "int":
        return [
          [3, () => `${this.gen("int", d)} ${rng.pick(ARITH)} ${this.gen(rng.pick(["int", "int", "bool"]), d)}`],
          [2, () => `${this.gen("int", d)} ${rng.pick(BITWISE)} ${this.gen("int", d)}`],
          [1, () => `${rng.pick(["-", "+", "~"])}${this.gen("int", d)}`],
          [0.5, () => `${rng.pick(["-", "+", "~"])} ${this.gen("int", d)}`],
        ];
      case "real":
        return [
          [3, () => `${num()} ${rng.pick(ARITH.slice(0, 4))} ${this.gen("real", d)}`],
          [1, () => `${this.gen("real", d)} ${rng.pick(ARITH)} ${num()}`],
          [1, () => `-${this.gen("real", d)}`],
        ];
      case "bool":
        return [
          [2, () => this.comparison(d)],
          [2, () => `${this.gen("bool", d)} ${rng.pick(LOGIC)} ${this.gen(rng.pick(["bool", "bool", "int", "undef", "error", "string"]), d)}`],
          [1, () => `!${this.gen(rng.pick(["bool", "bool", "int", "real"]), d)}`],
          [1, () => `${this.any(d, false)} ${rng.pick(META)} ${this.any(d, false)}`],
          [1, () => { const t = rng.pick(VALUE_TYPES); return `${this.gen(t, d)} ${rng.pick(META)} ${this.gen(t, d)}`; }],
        ];
      case "string":
        return [[1, () => `${this.gen("list", d)}[${this.gen("int", d)}]`]];
      case "list":
        return [
          [2, () => this.listLiteral(d)],
          [1, () => `${this.listOfRecords(d)}.${freshName(rng)}`],
        ];
      case "ad":
        return [[3, () => this.recordLiteral(d)]];
      case "abstime":
        return [
          [2, () => `${this.gen("abstime", d)} ${rng.pick(["+", "-"])} ${this.gen("reltime", d)}`],
          [1, () => `${this.gen("reltime", d)} + ${this.gen("abstime", d)}`],
        ];
      case "reltime":
        return [
          [2, () => `${this.gen("reltime", d)} ${rng.pick(["+", "-"])} ${this.gen("reltime", d)}`],
          [1, () => `${this.gen("abstime", d)} - ${this.gen("abstime", d)}`],
          [1, () => `${this.gen("reltime", d)} ${rng.pick(["*", "/"])} ${num()}`],
          [1, () => `${num()} * ${this.gen("reltime", d)}`],
          [0.5, () => `-${this.gen("reltime", d)}`],
        ];
      default:
        return [];
    }
  }

  private comparison(d: number): string {
    const rng = this.rng;
    const pairs: Ty[][] = [["int", "int"], ["int", "real"], ["real", "real"], ["string", "string"], ["bool", "int"], ["abstime", "abstime"], ["reltime", "reltime"], ["bool", "bool"]];
    const [a, b] = rng.pick(pairs) as [Ty, Ty];
    return `${this.gen(a, d)} ${rng.pick(COMPARE)} ${this.gen(b, d)}`;
  }

  /** A literal (or a near-literal) of the type. */
  leaf(ty: Ty): string {
    const rng = this.rng;
    switch (ty) {
      case "int":
        return intText(rng, this.validOnly);
      case "real":
        return rng.chance(0.1) ? `real(${quote(rng, rng.pick(["NaN", "INF", "-INF", "nan", "1e999", "-0"]))})` : realText(rng);
      case "bool":
        return boolText(rng);
      case "string":
        return rng.chance(0.03) && !this.validOnly ? oddStringText(rng) : stringText(rng);
      case "list":
        return this.listLiteral(0);
      case "ad":
        return this.recordLiteral(0);
      case "abstime":
        return rng.chance(0.1) ? "currentTime()" : absTimeText(rng);
      case "reltime":
        return relTimeText(rng);
      case "undef":
        return rng.pick(["undefined", "UNDEFINED", "Undefined", "missingAttr", "[a=1].b", "{}[0] ?: undefined"]);
      case "error":
        return rng.pick(["error", "ERROR", "Error", "1/0", "\"a\" + 1", "{1}[5]"]);
      default:
        return this.leaf(rng.pick(VALUE_TYPES));
    }
  }

  /** Any value type, or an untyped production when `wild`. */
  any(depth: number, wild: boolean): string {
    const rng = this.rng;
    if (!wild) return this.gen(rng.pick(VALUE_TYPES), depth);
    if (depth <= 0 || rng.chance(0.15)) return this.leaf(rng.pick(VALUE_TYPES));
    const d = depth - 1;
    return rng.weighted<() => string>([
      [4, () => `${this.any(d, true)} ${rng.pick(ALL_BINARY)} ${this.any(d, true)}`],
      [1, () => `${rng.pick(UNARY)}${this.any(d, true)}`],
      [1, () => `${this.any(d, true)} ? ${this.any(d, true)} : ${this.any(d, true)}`],
      [0.5, () => `${this.any(d, true)} ?: ${this.any(d, true)}`],
      [1, () => `(${this.any(d, true)})`],
      [3, () => this.wildCall(d)],
      [1, () => `${this.any(d, true)}[${this.any(d, true)}]`],
      [1, () => `${this.any(d, true)}.${this.name()}`],
      [1, () => `{${this.items(d, true)}}`],
      [1, () => this.recordLiteral(d, true)],
      [1, () => this.gen(rng.pick(VALUE_TYPES), d)],
      [this.context ? 1 : 0.3, () => this.reference(rng.pick(VALUE_TYPES))],
    ])();
  }

  private items(d: number, wild: boolean): string {
    const n = this.rng.range(0, 4);
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.any(d, wild));
    return out.join(this.rng.pick([",", ", "]));
  }

  private name(): string {
    return this.rng.chance(0.15) ? this.rng.pick(SPECIAL_SCOPES) : freshName(this.rng);
  }

  // ------------------------------------------------------------------ calls

  private spell(name: string): string {
    const rng = this.rng;
    this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
    if (rng.chance(0.9)) return name;
    return rng.chance(0.5) ? name.toUpperCase() : name.toLowerCase();
  }

  private call(ty: Ty, d: number): string {
    const candidates = signaturesReturning(ty);
    if (candidates.length === 0) return this.leaf(ty);
    const sig = this.rng.pick(candidates);
    return this.callWith(sig, d);
  }

  private callWith(sig: Signature, d: number): string {
    const args = sig.args.map((arg) => this.argument(arg, d));
    return `${this.spell(sig.name)}(${args.join(this.rng.pick([",", ", "]))})`;
  }

  private wildCall(d: number): string {
    const rng = this.rng;
    if (rng.chance(0.05)) return `${rng.pick(["noSuchFunction", "log", "exp", "sqrt", "concat", "len"])}(${this.items(d, true)})`;
    const sig = rng.pick(SIGNATURES);
    if (rng.chance(0.7)) {
      const n = Math.max(0, sig.args.length + rng.range(-1, 1));
      const args: string[] = [];
      for (let i = 0; i < n; i++) args.push(this.any(d, true));
      return `${this.spell(sig.name)}(${args.join(", ")})`;
    }
    return this.callWith(sig, d);
  }

  private argument(arg: ArgTy, d: number): string {
    const rng = this.rng;
    if (rng.chance(0.05)) return this.any(d, true);
    switch (arg) {
      case "p":
        return rng.chance(0.8) ? patternText(rng) : this.gen("string", d);
      case "o":
        return regexOptionsText(rng);
      case "f":
        return rng.chance(0.85) ? quote(rng, stringValueOf(rng).includes("%") ? stringValueOf(rng) : rng.pick(["%Y-%m-%d", "%H:%M:%S", "%c", "%A %B %d %Y", "%j %U %W %V %G %g %u %w", "%s", "%e %k %l %p %P %I", "%D %F %T %R %r %x %X", "%y %C %Y %h %b %a", "%%", "%Z %z", "%n%t", "%5Y", "%-d", "%_H", "%^a %#b", "%Ey %OH", "%+4Y", "%10j", "%q"])) : this.gen("string", d);
      case "sl":
        return rng.chance(0.8) ? quote(rng, rng.pick(["a,b,c", "a, b, c", "A,b,C", "1,2,3", "1.5,2.5", "3,1,2", "-1,0,1", "", " ", ",a,,b,", "x", "a b c", "a;b;c", "red,green,blue", "1,x,2", "abc,ABC", "  a ,  b  "])) : this.gen("string", d);
      case "op":
        return rng.chance(0.9) ? quote(rng, rng.pick(COMPARE_NAMES)) : this.gen("string", d);
      case "v":
        return rng.chance(0.8) ? quote(rng, rng.pick(["8.9.1", "9.0", "10.0.0", "8.9.10", "23.0.1", "1.2.3.4", "v1", "1a", "a1b2", "0.5.0", "9", "", "10", "8.10", "8.9.1a", "01.2", "1..2"])) : this.gen("string", d);
      case "attr":
        return this.context && rng.chance(0.7) ? this.reference("any") : rng.pick(["a", "x", "MY.x", "TARGET.y", ".x", "self", "nosuch"]);
      case "num":
        return this.gen(rng.pick(["int", "real"]), d);
      case "time":
        return rng.chance(0.15) ? this.splitTimeRecord() : this.gen(rng.pick(["abstime", "reltime", "int", "real"]), d);
      default:
        return this.gen(arg, d);
    }
  }

  /** A record shaped like splitTime's result, its fields anywhere in (or out of) range. */
  private splitTimeRecord(): string {
    const rng = this.rng;
    const fields = ["Year", "Month", "Day", "Hours", "Minutes", "Seconds", "Offset", "Type"].filter(() => rng.chance(0.7));
    const value = (): string =>
      rng.weighted<() => string>([
        [6, () => String(rng.pick([0, 1, -1, 2, 12, 13, 24, 25, 31, 59, 60, 99, 366, 1900, 1970, 2024, -5, 5, 10000]))],
        [2, () => String(rng.range(-100000, 100000))],
        [1, () => rng.pick(["2147483647", "-2147483648", "4294967297", "1.5", '"x"', "true", "undefined", "error"])],
      ])();
    return `[${fields.map((f) => `${f} = ${f === "Type" ? '"AbsoluteTime"' : value()}`).join("; ")}]`;
  }

  // ------------------------------------------------------------------ lists and records

  private listLiteral(d: number): string {
    const rng = this.rng;
    const n = rng.range(0, 4);
    const elementType = rng.pick([...VALUE_TYPES, "any" as Ty]);
    const items: string[] = [];
    for (let i = 0; i < n; i++) items.push(this.gen(rng.chance(0.7) ? elementType : rng.pick(VALUE_TYPES), Math.max(0, d - 1)));
    return `{${items.join(rng.pick([",", ", "]))}}`;
  }

  private listOfRecords(d: number): string {
    const n = this.rng.range(0, 3);
    const items: string[] = [];
    for (let i = 0; i < n; i++) items.push(this.rng.chance(0.8) ? this.recordLiteral(Math.max(0, d - 1)) : this.gen(this.rng.pick(VALUE_TYPES), 0));
    return `{${items.join(", ")}}`;
  }

  /**
   * A record literal. Its attributes may refer to each other, to special scopes and to the
   * enclosing record (scoping: lexical parents, `parent`, `root`, `.x`).
   */
  recordLiteral(d: number, wild = false): string {
    const rng = this.rng;
    const n = rng.range(0, 4);
    const names = ["a", "b", "c", "x"];
    const attrs: string[] = [];
    for (let i = 0; i < n; i++) {
      const name = rng.chance(0.8) ? (names[i] as string) : freshName(rng);
      const value = rng.weighted<() => string>([
        [4, () => (wild ? this.any(Math.max(0, d - 1), true) : this.gen(rng.pick(VALUE_TYPES), Math.max(0, d - 1)))],
        [1, () => `${rng.pick(names)} ${rng.pick(["+", "*", "-"])} ${intText(rng, this.validOnly)}`],
        [0.5, () => `${rng.pick([...SPECIAL_SCOPES, "a", "b"])}.${rng.pick(names)}`],
        [0.3, () => `.${rng.pick(names)}`],
        [0.3, () => this.recordLiteral(Math.max(0, d - 2), wild)],
      ])();
      attrs.push(`${name} = ${value}`);
    }
    return `[${attrs.join(rng.pick(["; ", ";"]))}${rng.chance(0.1) ? ";" : ""}]`;
  }

  /** Reaches a value of `ty` through a record: `[a = e].a`, `[a = e]["a"]`, nested scopes. */
  private viaRecord(ty: Ty, d: number): string {
    const rng = this.rng;
    const inner = this.gen(ty, d);
    return rng.weighted<() => string>([
      [3, () => `[a = ${inner}].a`],
      [1, () => `[a = ${inner}; b = a].b`],
      [1, () => `[a = ${inner}][${quote(rng, rng.pick(["a", "A", "b"]))}]`],
      [1, () => `[b = [c = a]; a = ${inner}].b.c`],
      [1, () => `[x = [a = ${inner}]].x.a`],
      [0.5, () => `[a = ${inner}; b = [c = parent.a]].b.c`],
      [0.5, () => `[a = ${inner}; b = self.a].b`],
      [0.5, () => `[a = ${inner}; b = [c = root.a]].b.c`],
      [0.3, () => `[a = ${inner}; b = [a = 0; c = .a]].b.c`],
      [0.3, () => `${this.listOfRecords(d)}[${rng.range(0, 2)}].${freshName(rng)}`],
    ])();
  }

  /** Reaches a value of `ty` through a list: `{e}[0]`, `{e, ...}[i]`. */
  private viaList(ty: Ty, d: number): string {
    const rng = this.rng;
    const inner = this.gen(ty, d);
    return rng.weighted<() => string>([
      [3, () => `{${inner}}[0]`],
      [1, () => `{${this.gen(rng.pick(VALUE_TYPES), 0)}, ${inner}}[${rng.pick(["1", "1", "0", "2", "-1", "1.0", "true", "4294967297"])}]`],
      [1, () => `ifThenElse(${this.gen("bool", Math.max(0, d - 1))}, ${inner}, ${this.gen(ty, Math.max(0, d - 1))})`],
    ])();
  }

  /** An attribute of the context's ads, scoped or not. */
  private reference(ty: Ty): string {
    const rng = this.rng;
    const ctx = this.context;
    if (!ctx) return rng.pick(["missing", "self", "root", "parent", "my", "CurrentTime"]);
    const side = rng.pick(["my", "target"] as const);
    const table = side === "my" ? ctx.my : ctx.target;
    const pool = (ty === "any" ? [...table.values()].flat() : table.get(ty)) ?? [];
    const name = pool.length > 0 && rng.chance(0.9) ? rng.pick(pool) : rng.pick(["missing", "Requirements", "Rank", "CurrentTime", "MY", "TARGET"]);
    const scope = rng.weighted<string>([
      [3, ""],
      [2, side === "my" ? "MY." : "TARGET."],
      [0.5, side === "my" ? "TARGET." : "MY."],
      [0.3, "self."],
      [0.2, "."],
      [0.2, "root."],
      [0.2, rng.pick(["LEFT.", "RIGHT.", "other.", "parent."])],
    ]);
    return scope + name;
  }
}
