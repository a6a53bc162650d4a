/**
 * C's `pow` as HTCondor gets it from glibc: the exact power rounded to the nearest double.
 *
 * `Math.pow` cannot stand in for it: V8 computes integer exponents by repeated multiplication
 * (and others through its own log/exp), so about one result in ten lands one unit in the last
 * place away from glibc's (`pow(1e3, -7)` is 9.999999999999999E-22 in glibc and
 * 1.0000000000000001E-21 in V8). Here the logarithm and the exponential are carried in
 * double-double arithmetic (about 100 bits), so the final rounding is correct except when the
 * exact power lies within about 2^-100 of a midpoint between two doubles. glibc's own pow is
 * accurate to 0.52 units in the last place, not correctly rounded: on exact and near-exact
 * midpoints it may round the other way (docs/quirks.md, "pow").
 */

/** A double-double: the unevaluated sum hi + lo, |lo| <= ulp(hi) / 2. */
interface DD {
  hi: number;
  lo: number;
}

const SPLITTER = 134217729; // 2^27 + 1

/** a + b exactly, as hi + lo (Knuth's two-sum). */
function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return { hi: s, lo: a - (s - bb) + (b - bb) };
}

function fastTwoSum(a: number, b: number): DD {
  const s = a + b;
  return { hi: s, lo: b - (s - a) };
}

/** a * b exactly, as hi + lo (Dekker's product). */
function twoProd(a: number, b: number): DD {
  const p = a * b;
  let t = SPLITTER * a;
  const ahi = t - (t - a);
  const alo = a - ahi;
  t = SPLITTER * b;
  const bhi = t - (t - b);
  const blo = b - bhi;
  return { hi: p, lo: ahi * bhi - p + ahi * blo + alo * bhi + alo * blo };
}

function add(a: DD, b: DD): DD {
  const s = twoSum(a.hi, b.hi);
  const t = twoSum(a.lo, b.lo);
  let r = fastTwoSum(s.hi, s.lo + t.hi);
  r = fastTwoSum(r.hi, r.lo + t.lo);
  return r;
}

function mul(a: DD, b: DD): DD {
  const p = twoProd(a.hi, b.hi);
  return fastTwoSum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
}

function mulNumber(a: DD, b: number): DD {
  const p = twoProd(a.hi, b);
  return fastTwoSum(p.hi, p.lo + a.lo * b);
}

function div(a: DD, b: DD): DD {
  const q1 = a.hi / b.hi;
  let r = add(a, mulNumber(b, -q1));
  const q2 = r.hi / b.hi;
  r = add(r, mulNumber(b, -q2));
  const q3 = r.hi / b.hi;
  return add(fastTwoSum(q1, q2), { hi: q3, lo: 0 });
}

const dd = (hi: number, lo = 0): DD => ({ hi, lo });

/** ln 2 to about 160 bits, as three doubles. */
const LN2_1 = 0.6931471805599453;
const LN2_2 = 2.3190468138462996e-17;
const LN2_3 = 5.707708438416212e-34;
const LN2: DD = { hi: LN2_1, lo: LN2_2 };

/** 1 / (2k + 1) as double-doubles, for the atanh series of the logarithm. */
const ODD_RECIPROCALS: DD[] = Array.from({ length: 30 }, (_, k) => div(dd(1), dd(2 * k + 1)));

/** Natural logarithm of a positive finite double, as a double-double. */
function logDD(x: number): DD {
  // x = m * 2^e with m in [sqrt(1/2), sqrt(2)).
  let e = 0;
  let m = x;
  if (m < 2.2250738585072014e-308) {
    m *= 18014398509481984; // 2^54: out of the subnormals first
    e -= 54;
  }
  const exponent = Math.floor(Math.log2(m));
  m = scale(m, -exponent);
  e += exponent;
  while (m >= Math.SQRT2) {
    m /= 2;
    e++;
  }
  while (m < Math.SQRT1_2) {
    m *= 2;
    e--;
  }
  // log(m) = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.1716.
  const s = div(twoSum(m, -1), twoSum(m, 1));
  const s2 = mul(s, s);
  let sum = ODD_RECIPROCALS[ODD_RECIPROCALS.length - 1] as DD;
  for (let k = ODD_RECIPROCALS.length - 2; k >= 0; k--) sum = add(mul(sum, s2), ODD_RECIPROCALS[k] as DD);
  const logM = mulNumber(mul(sum, s), 2);
  // e * ln2 with a third word of ln2, so that it stays exact to ~2^-150 for any exponent.
  const eLn2 = add(twoProd(e, LN2_1), add(twoProd(e, LN2_2), dd(e * LN2_3)));
  return add(eLn2, logM);
}

/** 1 / k! for k = 0..12, as double-doubles. */
const INVERSE_FACTORIALS: DD[] = (() => {
  const out: DD[] = [dd(1)];
  for (let k = 1; k <= 12; k++) out.push(div(out[k - 1] as DD, dd(k)));
  return out;
})();

/** e^t for |t| <= ln2 / 2, as a double-double. */
function expSmall(t: DD): DD {
  // e^t = (e^(t / 256))^256; the Taylor series of the small argument converges fast.
  const r: DD = { hi: t.hi / 256, lo: t.lo / 256 };
  let sum = INVERSE_FACTORIALS[12] as DD;
  for (let k = 11; k >= 0; k--) sum = add(mul(sum, r), INVERSE_FACTORIALS[k] as DD);
  for (let i = 0; i < 8; i++) sum = mul(sum, sum);
  return sum;
}

/** x * 2^n exactly (while the result is a normal double), without overflowing on the way. */
function scale(x: number, n: number): number {
  let v = x;
  let k = n;
  while (k > 1000) {
    v *= 2 ** 1000;
    k -= 1000;
  }
  while (k < -1000) {
    v *= 2 ** -1000;
    k += 1000;
  }
  return v * 2 ** k;
}

/** The smallest subnormal, 2^-1074. */
const TINY = 5e-324;

/** e^t rounded to the nearest double. */
function expRounded(t: DD): number {
  if (t.hi > 709.8) return Infinity;
  if (t.hi < -745.2) return 0;
  const k = Math.round(t.hi / LN2_1);
  // r = t - k ln2, with k ln2 carried to three words.
  const kLn2 = add(twoProd(k, LN2_1), add(twoProd(k, LN2_2), dd(k * LN2_3)));
  const e = expSmall(add(t, { hi: -kLn2.hi, lo: -kLn2.lo }));
  const result = scale(e.hi, k);
  if (result === Infinity || result >= 2.2250738585072014e-308) {
    return result === Infinity ? Infinity : scale(e.hi + e.lo, k);
  }
  // A subnormal result: round the exact value once, on the grid of 2^-1074.
  const units: DD = { hi: scale(e.hi, k + 1074), lo: scale(e.lo, k + 1074) };
  const floor = Math.floor(units.hi);
  const fraction = units.hi - floor + units.lo;
  let n = floor;
  if (fraction > 0.5 || (fraction === 0.5 && floor % 2 !== 0)) n = floor + 1;
  else if (fraction < 0) n = floor - (fraction < -0.5 || (fraction === -0.5 && floor % 2 !== 0) ? 1 : 0);
  return n * TINY;
}

/** The significand and exponent of a positive finite double: x = m * 2^e, m an integer. */
function decompose(x: number): { m: bigint; e: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  return biased === 0 ? { m: fraction, e: -1074 } : { m: fraction | 0x10000000000000n, e: biased - 1075 };
}

/** p * 2^e (p > 0) rounded to the nearest double, ties to even, subnormals and overflow included. */
function roundScaled(p: bigint, e: number): number {
  const length = p.toString(2).length;
  // Drop bits so that 53 remain, or fewer where the result is subnormal (lsb 2^-1074).
  const drop = Math.max(length - 53, -1074 - e);
  if (drop <= 0) return scale(Number(p), e);
  const shift = BigInt(drop);
  let q = p >> shift;
  const rest = p - (q << shift);
  const half = 1n << (shift - 1n);
  if (rest > half || (rest === half && (q & 1n) === 1n)) q += 1n;
  return scale(Number(q), e + drop);
}

/**
 * x^n for a small positive integer n, computed exactly and rounded once. Only here can the exact
 * power fall on a midpoint between two doubles (then it rounds to even, as x * x does).
 */
function exactPower(x: number, n: number): number {
  const { m, e } = decompose(x);
  return roundScaled(m ** BigInt(n), e * n);
}

function isOddInteger(y: number): boolean {
  return Number.isInteger(y) && Math.abs(y) < 2 ** 53 && Math.abs(y % 2) === 1;
}

/** C's `pow(x, y)` (C99 Annex F special cases; otherwise the exact power, correctly rounded). */
export function cPow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x === 0 || !Number.isFinite(x) || !Number.isFinite(y)) {
    // Annex F agrees with JavaScript here, except for pow(-1, +-Infinity), which is 1.
    if (x === -1) return 1;
    return Math.pow(x, y);
  }
  if (y === 1) return x;
  let sign = 1;
  let base = x;
  if (x < 0) {
    if (!Number.isInteger(y)) return NaN;
    if (isOddInteger(y)) sign = -1;
    base = -x;
  }
  if (Number.isInteger(y) && y > 1 && y <= 64) return sign * exactPower(base, y);
  // Far beyond the range of doubles either way (and beyond what the exact product can hold).
  const rough = Math.log(base) * y;
  if (rough > 800) return sign * Infinity;
  if (rough < -800) return sign * 0;
  const t = mulNumber(logDD(base), y);
  return sign * expRounded(t);
}
