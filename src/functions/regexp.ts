/**
 * Regular expressions for `regexp()` and friends behind a small {@link RegexEngine} interface.
 *
 * HTCondor compiles with PCRE2 (a backtracking engine, byte mode, no UTF). The default engine
 * here is re2js, a linear-time RE2 port, so hostile patterns such as `(a+)+$` cannot hang an
 * evaluation. Strings are byte strings (one char per byte), so matching runs byte by byte as
 * PCRE2's non-UTF mode does. The PCRE syntax RE2 lacks is translated where a faithful rewrite
 * exists (`x` mode, `(?#...)` comments, `\Z`, `\h`, `\v`, `\R`, `\e`, `$` before a final
 * newline); the rest (backreferences, lookahead, atomic groups, possessive quantifiers...)
 * fails to compile, which the functions report as ERROR. docs/functions.md lists the deviations.
 */
import type { RE2JS } from "re2js";

import type { CompiledRegex, RegexEngine, RegexLimits, RegexMatch, RegexOptions } from "../model/evaluation.js";

export type { CompiledRegex, RegexEngine, RegexLimits, RegexMatch, RegexOptions };

/** The regex limits of the default environment. */
export const DEFAULT_REGEX_LIMITS: RegexLimits = Object.freeze({ maxPatternLength: 64 * 1024, cacheSize: 256 });

/**
 * @deprecated The regex limits are no longer process-wide: pass them to the environment,
 * `createEnvironment({ regex: { limits: { maxPatternLength, cacheSize } } })`. Always throws.
 */
export function setRegexLimits(_changes: Partial<RegexLimits>): never {
  throw new Error(
    "setRegexLimits() was removed: regex limits belong to an environment, " +
      "createEnvironment({ regex: { limits: { maxPatternLength, cacheSize } } }), passed as { environment }",
  );
}

/**
 * @deprecated The regex engine is no longer process-wide: pass it to the environment,
 * `createEnvironment({ regex: { engine } })`. Always throws.
 */
export function setRegexEngine(_engine: RegexEngine): never {
  throw new Error(
    "setRegexEngine() was removed: the regex engine belongs to an environment, " +
      "createEnvironment({ regex: { engine } }), passed as { environment }",
  );
}

/** Turn PCRE syntax into the RE2 syntax with the same meaning, or null when impossible. */
export function translatePattern(pattern: string, options: RegexOptions, finalNewline = true): string | null {
  // Under `i`, bytes 0x80-0xff move to a private-use block without case so that only ASCII
  // letters fold, as in PCRE2's C-locale tables (subjects are shifted the same way).
  const shiftHigh = options.caseless;
  const char = (code: number): string => {
    const shifted = shiftHigh && code >= 0x80 && code <= 0xff ? code + HIGH_BYTE_SHIFT : code;
    return shifted >= 0x80 || code < 0x20 ? "\\x{" + shifted.toString(16) + "}" : String.fromCharCode(shifted);
  };
  // `$` (without m) and `\Z` match at the end and before a newline ending the subject. When the
  // subject has no final newline they are plain end-of-text assertions.
  const endAssertion = finalNewline ? "(?:\\n?\\z)" : "\\z";
  let out = "";
  let inClass = false;
  let classStart = false;
  // Whether what precedes can take a quantifier: PCRE2 refuses one at the start, after `(`, `|`
  // or an assertion (`^*`, `{2}` alone), where RE2 would take it or read it literally.
  let repeatable = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? "";
    if (!inClass && !repeatable && (c === "*" || c === "+" || c === "?" || (c === "{" && QUANTIFIER.test(pattern.slice(i))))) {
      return null;
    }
    if (c === "\\") {
      const next = pattern[i + 1];
      if (next === undefined) return null;
      repeatable = !inClass && !ASSERTION_ESCAPES.includes(next);
      // \ddd above \377: PCRE2 refuses an octal code beyond a byte (RE2 would take it).
      const octal = /^[1-7][0-7]{2}/.exec(pattern.slice(i + 1));
      if (!inClass && octal && parseInt(octal[0], 8) > 0xff) return null;
      const code = escapedCode(pattern, i);
      if (code !== null) {
        // \cX, \o{...}: one byte, written as RE2 reads it.
        out += "\\x{" + (shiftHigh && code.code >= 0x80 ? code.code + HIGH_BYTE_SHIFT : code.code).toString(16) + "}";
        i = code.end - 1;
        classStart = false;
        continue;
      }
      if (!inClass && (next === "N" || next === "C") && pattern[i + 2] !== "{") {
        // \N: any byte but a newline; \C: any byte (one code unit in PCRE2's byte mode).
        out += next === "N" ? "[^\\n]" : "(?s:.)";
        i++;
        continue;
      }
      if (next === "Q") {
        // \Q...\E: literal text.
        const end = pattern.indexOf("\\E", i + 2);
        const text = end < 0 ? pattern.slice(i + 2) : pattern.slice(i + 2, end);
        out += [...text].map((ch) => "\\x{" + (ch.charCodeAt(0) + (shiftHigh && ch.charCodeAt(0) >= 0x80 ? HIGH_BYTE_SHIFT : 0)).toString(16) + "}").join("");
        i = end < 0 ? pattern.length : end + 1;
        classStart = false;
        continue;
      }
      if (next === "x") {
        // \xhh or \x{hhh}: a byte value, shifted like literal bytes.
        const braced = /^\{([0-9a-fA-F]+)\}/.exec(pattern.slice(i + 2));
        // `\x{` not closed over hex digits is a PCRE2 syntax error.
        if (!braced && pattern[i + 2] === "{") return null;
        const plain = braced ? null : /^[0-9a-fA-F]{0,2}/.exec(pattern.slice(i + 2));
        const digits = braced ? braced[1] ?? "" : plain?.[0] ?? "";
        const code = digits ? parseInt(digits, 16) : 0;
        if (code > 0xff) return null;
        out += "\\x{" + (shiftHigh && code >= 0x80 ? code + HIGH_BYTE_SHIFT : code).toString(16) + "}";
        i += 1 + (braced ? (braced[0] ?? "").length : digits.length);
        classStart = false;
        continue;
      }
      out += next === "Z" && !inClass ? endAssertion : translateEscape(next, inClass, options);
      i++;
      classStart = false;
      continue;
    }
    if (inClass) {
      if (c === "]" && !classStart) {
        inClass = false;
        repeatable = true;
      }
      else if (c === "[" && pattern[i + 1] === ":") {
        const close = pattern.indexOf(":]", i + 2);
        if (close > 0) {
          out += pattern.slice(i, close + 2);
          i = close + 1;
          classStart = false;
          continue;
        }
      }
      classStart = classStart && c === "^";
      out += c.charCodeAt(0) >= 0x80 ? char(c.charCodeAt(0)) : c;
      continue;
    }
    if (c === "[") {
      inClass = true;
      classStart = true;
      out += c;
      if (pattern[i + 1] === "^") {
        out += "^";
        i++;
      }
      continue;
    }
    if (c === "(" && pattern.startsWith("(?#", i)) {
      const close = pattern.indexOf(")", i);
      if (close < 0) return null;
      i = close;
      continue;
    }
    const quantifier = c === "{" ? QUANTIFIER.exec(pattern.slice(i)) : null;
    if (quantifier) {
      // `{01}` is `{1}` to PCRE2; RE2 reads a leading zero as literal text.
      out += (quantifier[0] ?? "").replace(/[0-9]+/g, (n) => String(Number(n)));
      i += (quantifier[0] ?? "").length - 1;
      repeatable = true;
      continue;
    }
    if (c === "(" || c === "|") {
      out += c;
      if (c === "(" && pattern[i + 1] === "?") {
        out += "?";
        i++;
      }
      repeatable = false;
      continue;
    }
    if (options.extended) {
      if (" \t\n\v\f\r".includes(c)) continue;
      if (c === "#") {
        const newline = pattern.indexOf("\n", i);
        i = newline < 0 ? pattern.length : newline;
        continue;
      }
    }
    repeatable = c !== "^" && c !== "$";
    if (c === "$" && !options.multiline) {
      // PCRE's `$` also matches before a newline that ends the subject.
      out += endAssertion;
      continue;
    }
    out += c.charCodeAt(0) >= 0x80 ? char(c.charCodeAt(0)) : c;
  }
  return inClass ? null : out;
}

/** A `{n}`, `{n,}` or `{n,m}` quantifier (any other `{` is a literal to PCRE2). */
const QUANTIFIER = /^\{[0-9]+(,[0-9]*)?\}/;
/** Escapes that are assertions (nothing to repeat). */
const ASSERTION_ESCAPES = ["b", "B", "A", "z", "Z", "G", "K"];

/** The byte `\cX` (X xor 0x40, X upper-cased) or `\o{octal}` at `at` stands for, and where it ends. */
function escapedCode(pattern: string, at: number): { code: number; end: number } | null {
  const kind = pattern[at + 1];
  if (kind === "c") {
    const x = pattern.charCodeAt(at + 2);
    if (!(x >= 0x20 && x <= 0x7e)) return null;
    const upper = x >= 0x61 && x <= 0x7a ? x - 0x20 : x;
    return { code: upper ^ 0x40, end: at + 3 };
  }
  if (kind === "o") {
    const octal = /^\{([0-7]+)\}/.exec(pattern.slice(at + 2));
    if (!octal) return null;
    const code = parseInt(octal[1] ?? "", 8);
    return code <= 0xff ? { code, end: at + 2 + (octal[0] ?? "").length } : null;
  }
  return null;
}

/** Where bytes 0x80-0xff go under `i` (U+E080-U+E0FF: private use, no case mappings). */
const HIGH_BYTE_SHIFT = 0xe000;

function translateEscape(next: string, inClass: boolean, options: RegexOptions): string {
  const high = (code: number): string => "\\x{" + (options.caseless ? code + HIGH_BYTE_SHIFT : code).toString(16) + "}";
  const VERTICAL = "\\n\\x0b\\f\\r" + high(0x85);
  const HORIZONTAL = "\\t " + high(0xa0);
  switch (next) {
    case "Z":
      return "Z";
    case "h":
      return inClass ? HORIZONTAL : `[${HORIZONTAL}]`;
    case "H":
      return inClass ? "\\H" : `[^${HORIZONTAL}]`;
    case "v":
      return inClass ? VERTICAL : `[${VERTICAL}]`;
    case "V":
      return inClass ? "\\V" : `[^${VERTICAL}]`;
    case "R":
      return inClass ? "\\R" : `(?:\\r\\n|[${VERTICAL}])`;
    case "s":
      // PCRE2's \s includes the vertical tab; RE2's does not.
      return inClass ? "\\s\\x0b" : "[\\s\\x0b]";
    case "e":
      return "\\x1b";
    case " ":
      return "\\x20";
    case "#":
      return "\\#";
    default:
      // An escaped white space char in x mode, or anything else: leave it to RE2.
      if (options.extended && "\t\n\v\f\r".includes(next)) return "\\x{" + next.charCodeAt(0).toString(16) + "}";
      return "\\" + next;
  }
}

type Re2Class = typeof RE2JS;

/** re2js, once loaded. */
let re2Class: Re2Class | null = null;

/**
 * re2js, loaded when the first pattern is compiled: evaluating its module is a tenth of the
 * start-up of `classad eval`, and most evaluations use no regular expression. The load is
 * synchronous, as evaluation is: in the package's bundles `require` is the bundler's lazy
 * initialisation of the inlined module (no Node module involved, so the browser build does the
 * same); vitest provides `require`; sources run as ES modules (tsx), which have no `require`,
 * are handed the module by their entry script ({@link provideRe2js}).
 */
function re2js(): Re2Class {
  if (re2Class !== null) return re2Class;
  try {
    // @ts-ignore -- `require` is declared by Node's types only; the browser build has it from the bundler.
    re2Class = (require("re2js") as { RE2JS: Re2Class }).RE2JS;
    return re2Class;
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
  }
  throw new Error("classad: re2js cannot be loaded synchronously here (ES module sources): hand the module to provideRe2js first");
}

/** @internal Hand re2js in where it cannot be loaded synchronously (the sources run as ES modules, by tsx). */
export function provideRe2js(module: { readonly RE2JS: Re2Class }): void {
  re2Class ??= module.RE2JS;
}

function re2Flags(options: RegexOptions): number {
  const RE2 = re2js();
  let flags = 0;
  if (options.caseless) flags |= RE2.CASE_INSENSITIVE;
  if (options.multiline) flags |= RE2.MULTILINE;
  if (options.dotall) flags |= RE2.DOTALL;
  return flags;
}

function spansOf(matcher: ReturnType<RE2JS["matcher"]>, groupCount: number): RegexMatch {
  const spans: number[] = [];
  for (let g = 0; g <= groupCount; g++) spans.push(matcher.start(g), matcher.end(g));
  return { spans };
}

/** The default engine: re2js (linear time). */
export const re2Engine: RegexEngine = {
  compile(pattern, options) {
    const plain = compileVariant(pattern, options, false);
    if (!plain) return null;
    // Subjects ending in a newline need the PCRE reading of `$`; compiled on first use.
    let newlineAware: Re2Variant | null | undefined;
    const variantFor = (subject: string): Re2Variant | null => {
      if (!subject.endsWith("\n")) return plain;
      newlineAware ??= compileVariant(pattern, options, true);
      return newlineAware;
    };
    const prepare = options.caseless ? shiftHighBytes : (subject: string): string => subject;
    // The matcher of the last subject searched: a substitution searches one subject once per
    // match, and a new matcher (and, caseless, a shifted copy) per search would make it quadratic.
    let lastSubject: string | null = null;
    let lastMatcher: ReturnType<RE2JS["matcher"]> | null = null;
    let lastLongest: ReturnType<RE2JS["matcher"]> | null = null;
    const matcherFor = (variant: Re2Variant, subject: string, longest: boolean): ReturnType<RE2JS["matcher"]> => {
      if (subject !== lastSubject) {
        lastSubject = subject;
        lastMatcher = null;
        lastLongest = null;
      }
      if (longest) {
        variant.longest ??= re2js().compile(variant.source, re2Flags(options) | re2js().LONGEST_MATCH);
        lastLongest ??= variant.longest.matcher(prepare(subject));
        return lastLongest;
      }
      lastMatcher ??= variant.regex.matcher(prepare(subject));
      return lastMatcher;
    };
    return {
      groupCount: plain.groupCount,
      test(subject) {
        const variant = variantFor(subject);
        return variant !== null && variant.regex.test(prepare(subject));
      },
      search(subject, from) {
        const variant = variantFor(subject);
        if (!variant) return null;
        const matcher = matcherFor(variant, subject, false);
        return matcher.find(from) ? spansOf(matcher, variant.groupCount) : null;
      },
      nonEmptyAt(subject, at) {
        // RE2 cannot ask for "non-empty"; the leftmost-longest match at `at` is non-empty
        // whenever any match there is.
        const variant = variantFor(subject);
        if (!variant) return null;
        const matcher = matcherFor(variant, subject, true);
        if (!matcher.find(at) || matcher.start(0) !== at || matcher.end(0) === at) return null;
        return spansOf(matcher, variant.groupCount);
      },
    };
  },
};

const HIGH_BYTES = /[\x80-\xff]/g;

/** Move bytes 0x80-0xff to the private-use block the caseless patterns expect (1:1 chars). */
function shiftHighBytes(subject: string): string {
  return subject.replace(HIGH_BYTES, (c) => String.fromCharCode(c.charCodeAt(0) + HIGH_BYTE_SHIFT));
}

interface Re2Variant {
  readonly source: string;
  readonly regex: RE2JS;
  readonly groupCount: number;
  longest?: RE2JS;
}

function compileVariant(pattern: string, options: RegexOptions, finalNewline: boolean): Re2Variant | null {
  const source = translatePattern(pattern, options, finalNewline);
  if (source === null) return null;
  // Loaded outside the try: a missing engine is not a pattern that fails to compile.
  const RE2 = re2js();
  const flags = re2Flags(options);
  try {
    const regex = RE2.compile(source, flags);
    return { source, regex, groupCount: regex.groupCount() };
  } catch {
    return null;
  }
}

/**
 * Patterns compiled by one engine within one set of limits, through an LRU cache of at most
 * `limits.cacheSize` entries (invalid patterns are cached too, as null). Owned by an environment.
 */
export class RegexCompiler {
  private readonly cache = new Map<string, CompiledRegex | null>();

  constructor(
    readonly engine: RegexEngine,
    readonly limits: RegexLimits,
  ) {}

  /** Number of patterns cached (at most `limits.cacheSize`). */
  get cached(): number {
    return this.cache.size;
  }

  /** Compile through the cache; null for an invalid or too long pattern. */
  compile(pattern: string, options: RegexOptions): CompiledRegex | null {
    if (pattern.length > this.limits.maxPatternLength) return null;
    const key =
      (options.caseless ? "i" : "") +
      (options.multiline ? "m" : "") +
      (options.dotall ? "s" : "") +
      (options.extended ? "x" : "") +
      "\u0000" +
      pattern;
    const cache = this.cache;
    const hit = cache.get(key);
    if (hit !== undefined) {
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const compiled = this.engine.compile(pattern, options);
    if (this.limits.cacheSize <= 0) return compiled;
    cache.set(key, compiled);
    if (cache.size > this.limits.cacheSize) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
    return compiled;
  }
}

/** Options from an option string; `upperCaseToo` accepts `I M S X` as compat functions do. */
export function parseRegexOptions(text: string, upperCaseToo: boolean): RegexOptions {
  const source = upperCaseToo ? text.toLowerCase() : text;
  return {
    caseless: source.includes("i"),
    multiline: source.includes("m"),
    dotall: source.includes("s"),
    extended: source.includes("x"),
  };
}
