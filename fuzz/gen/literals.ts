/**
 * Literal text for the generators: numbers at their edges, strings with every escape HTCondor's
 * lexer knows (and some it does not), absolute and relative time literals, and the string
 * arguments functions care about (versions, user names, regular expressions, time formats,
 * string lists). Everything is a byte string (one char per byte), as the library reads text.
 */
import type { Rng } from "../lib/rng.js";

const EDGE_INTS = [
  "0", "1", "2", "3", "7", "10", "-1", "-7", "100", "255", "1000", "86400", "3600", "60",
  "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967295", "4294967296",
  "9223372036854775807", "-9223372036854775807", "9223372036854775806", "4611686018427387904",
  "1700000000", "1783286200", "-62135596800", "253402300800",
  "0x1F", "0xff", "0X10", "017", "010", "00", "0x7fffffffffffffff",
];

const EDGE_REALS = [
  "0.0", "1.0", "1.5", "-2.5", ".5", "0.1", "0.25", "3.0", "2.0", "1e3", "1E-3", "1.5e300",
  "1e308", "1.7976931348623157e308", "1e309", "1e-320", "4.9e-324", "2.2250738585072014e-308",
  "123456789.125", "9007199254740993.0", "0.30000000000000004", "-0.0", "1e16", "1e15",
  "9.999999999999999e22", "1e-7", "5e-1", "100.5", "86400.5", "-1.5",
];

/** Spellings HTCondor's parser rejects (leading zeros: no octal, no hexadecimal). */
const INVALID_INT = /^-?0[0-9xX]/;
const VALID_EDGE_INTS = EDGE_INTS.filter((text) => !INVALID_INT.test(text));

/** Integer literal text; `validOnly` leaves out the spellings the parser rejects. */
export function intText(rng: Rng, validOnly = false): string {
  switch (rng.int(6)) {
    case 0:
    case 1:
      return rng.pick(validOnly ? VALID_EDGE_INTS : EDGE_INTS);
    case 2:
      return String(rng.range(-20, 40));
    case 3:
      return String(rng.range(-100000, 100000));
    case 4: {
      const digits = rng.range(1, 19);
      let text = String(rng.range(1, 9));
      for (let i = 1; i < digits; i++) text += String(rng.int(10));
      return rng.chance(0.3) ? "-" + text : text;
    }
    default:
      return String(rng.range(0, 5));
  }
}

/** Real literal text (always with a point or an exponent). */
export function realText(rng: Rng): string {
  switch (rng.int(5)) {
    case 0:
    case 1:
      return rng.pick(EDGE_REALS);
    case 2: {
      const value = (rng.float() - 0.5) * Math.pow(10, rng.range(-5, 8));
      const text = String(value);
      return /[.eE]/.test(text) ? text : text + ".0";
    }
    case 3:
      return `${rng.range(0, 999)}.${rng.range(0, 999)}${rng.chance(0.3) ? `e${rng.range(-30, 30)}` : ""}`;
    default:
      return `${rng.range(0, 20)}.${rng.pick(["0", "5", "25", "125", "75", "1", "9"])}`;
  }
}

export function boolText(rng: Rng): string {
  return rng.pick(["true", "false", "TRUE", "FALSE", "True", "False"]);
}

/** Escapes one byte for a new-syntax string literal, choosing among equivalent spellings. */
function escapeByte(rng: Rng, code: number): string {
  const c = String.fromCharCode(code);
  if (c === '"') return '\\"';
  if (c === "\\") return "\\\\";
  if (code === 10) return rng.pick(["\\n", "\\012", "\\12"]);
  if (code === 9) return rng.pick(["\\t", "\\011"]);
  if (code === 13) return "\\r";
  if (code < 0x20 || code === 0x7f) {
    const named: Record<number, string> = { 7: "\\a", 8: "\\b", 12: "\\f", 11: "\\v" };
    return named[code] ?? "\\" + code.toString(8).padStart(3, "0");
  }
  if (code >= 0x80 && rng.chance(0.3)) return "\\" + code.toString(8).padStart(3, "0");
  if (c === "'" && rng.chance(0.5)) return "\\'";
  if (c === "?" && rng.chance(0.5)) return "\\?";
  return c;
}

/** A string value (bytes) as a new-syntax literal. */
export function quote(rng: Rng, value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) out += escapeByte(rng, value.charCodeAt(i));
  return out + '"';
}

const UTF8_SAMPLES = ["\xc3\xa9", "\xc3\x89", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xce\xbb", "\xff", "\x80"];

const PLAIN_STRINGS = [
  "", "a", "b", "abc", "ABC", "Abc", "x", "X", "hello", "Hello, World", "a b,c;d", " padded ", "  ",
  "1", "10", "2", "-3", "1.5", "1e5", "0x10", "true", "false", "undefined", "error", "%d", "%s",
  "slot1_2@node.example.com", "user@domain.org", "alice", "a.b.c", "a@b@c", "@", "@x", "x@",
  "8.9.1", "9.0", "10.0.0", "8.9.10", "23.0.1", "1.2.3.4", "v1", "1a", "a1b2", "0.5.0", "9",
  "x86_64", "X86_64", "LINUX", "Linux", "INTEL", "CentOS7", "el9", "ospool", "OSPOOL",
  "1,2,3", "a,b,c", "a, b, c", "A,b,C", " a , b ", "1 2 3", "a;b;c", ",a,,b,", "x\ty", "a\nb",
  "red,green,blue", "1.5,2.5", "3,1,2", "-1,0,1", "10,9,8", "abc,ABC", "a:b:c",
  "back\\slash", 'quote"d', "it's", "tab\there", "new\nline", "nul?", "semi;colon",
  "2024-01-02T03:04:05Z", "2024-01-02T03:04:05+01:00", "2024-01-02T03:04:05-0530", "1970-01-01",
  "2024-02-29 12:00:00", "0x10", "-1-12-31T00:00:00-00:00", "9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z",
  "1+02:03:04", "10:00", "1:02:03", "90", "-01", "1d", "2h 3m 4s", "1.5s", "-1+00:00:01", "0", "+1",
  "%Y-%m-%d", "%H:%M:%S", "%c", "%A %B %d", "%j %U %W %V %G %g", "%s", "%e %k %l %p %P", "%D %F %T",
  "%y %C %I %M %S %u %w", "%%", "%Z %z", "%n%t", "%5Y", "%-d", "%_H", "%05d", "%^a %#b", "%E", "%Ey %OH",
  "%r %R %x %X %h", "%", "no format",
  "foo bar 'baz qux'", "a 'b c' d", "''", "'a''b'", "\"a b\" c", "x=1 y=2", "A=1;B=2", "A=1 B=2",
  "PATH=/bin:/usr/bin", "A=x;B=y z", "X='a b'", "ZZZ=", "=bad", "A=1|B=2",
];

const REGEX_PATTERNS = [
  "a", "^a", "a$", "^abc$", "a.c", "a*", "a+", "a?", "[0-9]+", "[a-z]", "[^a-z]", "(a|b)", "(ab)+",
  "a{2}", "a{2,}", "a{1,3}", "\\d+", "\\w+", "\\s", "\\S+", "\\bab", ".*", ".+", "^$", "", "x*",
  "(.)", "^(.)(.)", "(a)(b)?", "[[:alpha:]]+", "[[:digit:]]", "\\.", "a|", "|", "(", ")", "[", "a{",
  "*a", "a**", "\\", "(?i)abc", "[A-Z]+", "^slot[0-9]+@", "@(.*)$", "^([^@]*)@(.*)$", "\\$", "é", ".",
  "(?:ab)", "a(?=b)", "(a)\\1", "a++", "(?>a)", "(?<=a)b", "\\Qa.b\\E", "\\h", "\\R", "[\\d]", "a{1001}",
  "^\\s*$", "(x|xy)*", "(a*)*b", "\\x41", "\\101", "[]a]", "[a-]", "\\z", "\\Z", "\\A", "(?#c)a",
  "\\cA", "\\N", "\\o{101}", "{2}", "^*", "\\b+", "a|*", "(?i)x", "x{2,}?", "\\C", "[\\x41-\\x43]+", "\\x{e9}",
];

const REGEX_OPTIONS = ["", "i", "I", "m", "s", "x", "g", "f", "ig", "gi", "fg", "ms", "q", "xi", "iq"];

/** A byte string drawn from the pools, sometimes mangled. */
export function stringValueOf(rng: Rng): string {
  const base = rng.weighted<() => string>([
    [6, () => rng.pick(PLAIN_STRINGS)],
    [2, () => rng.pick(REGEX_PATTERNS)],
    [1, () => rng.pick(UTF8_SAMPLES) + rng.pick(["", "a", " x"])],
    [1, () => randomBytes(rng)],
  ])();
  return base;
}

function randomBytes(rng: Rng): string {
  const n = rng.range(0, 8);
  let out = "";
  for (let i = 0; i < n; i++) {
    out += String.fromCharCode(
      rng.weighted([
        [8, rng.range(0x20, 0x7e)],
        [1, rng.pick([9, 10, 13, 7, 11, 1, 0x7f])],
        [1, rng.range(0x80, 0xff)],
      ]),
    );
  }
  return out;
}

export function stringText(rng: Rng): string {
  // Adjacent string literals are one string in new syntax ("a" "b" is "ab").
  if (rng.chance(0.02)) return `${quote(rng, stringValueOf(rng))} ${quote(rng, stringValueOf(rng))}`;
  return quote(rng, stringValueOf(rng));
}

/** A string literal whose value is a regular expression. */
export function patternText(rng: Rng): string {
  return quote(rng, rng.pick(REGEX_PATTERNS));
}

export function regexOptionsText(rng: Rng): string {
  return quote(rng, rng.pick(REGEX_OPTIONS));
}

/** Raw (unescaped) string literal spellings the lexer must also take: escapes it does not know. */
export function oddStringText(rng: Rng): string {
  return rng.pick(['"\\q"', '"\\8"', '"\\400"', '"\\0"', '"\\"', '"a\\', '"\\777"', '"\\1a"', "'a'", '"\\x41"']);
}

const ABS_TIME_STRINGS = [
  "2024-01-02T03:04:05Z", "2024-01-02T03:04:05", "2024-01-02T03:04:05+01:00", "2024-01-02T03:04:05-05:30",
  "1970-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "2038-01-19T03:14:08Z", "2000-02-29T12:00:00+0100",
  "0x10", "2024", "2024-13-45T99:99:99Z", "1-2-3", "abcd", "", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59-12:00",
  "2026-07-05T21:16:40Z", "20240102T030405Z", "2024-01-02 03:04:05 +0200", "1900-01-01T00:00:00Z",
];

const REL_TIME_STRINGS = [
  "1+02:03:04", "10:00", "1:02:03", "90", "-01", "1d", "2h 3m 4s", "1.5s", "-1+00:00:01", "0", "+1",
  "100000+00:00:00", "abc", "", "1.25", "-1.5", "3d4h", "00:00:59.5", "59s", "1 2", "99999999999",
];

export function absTimeText(rng: Rng): string {
  return rng.weighted<() => string>([
    [3, () => `absTime(${quote(rng, rng.pick(ABS_TIME_STRINGS))})`],
    [2, () => `absTime(${rng.pick(["0", "1700000000", "1783286200", "-1", "86400", "2147483647", "1e9", "1.5e9", "-86400"])})`],
    [1, () => `absTime(${rng.pick(["0", "1700000000", "-86400"])}, ${rng.pick(["3600", "-18000", "0", "19800", "90000", "1.5"])})`],
  ])();
}

export function relTimeText(rng: Rng): string {
  return rng.weighted<() => string>([
    [3, () => `relTime(${quote(rng, rng.pick(REL_TIME_STRINGS))})`],
    [2, () => `relTime(${rng.pick(["0", "1", "-1", "60", "3600", "86400", "90061", "-90061", "1.5", "-1.5", "2147483648", "1e10"])})`],
  ])();
}

/** An attribute name: plain, folded differently, or quoted. */
export function freshName(rng: Rng): string {
  return rng.weighted<() => string>([
    [6, () => rng.pick(["a", "b", "c", "x", "y", "z", "v", "n", "name", "val", "A", "B", "X", "Name"])],
    [1, () => rng.pick(["'a b'", "'x-y'", "'1a'", "'a'", "'é'", "'it\\'s'"])],
    [1, () => rng.pick(["_a", "a_1", "abc123", "ThisIsLong", "foo", "Foo", "FOO"])],
  ])();
}
