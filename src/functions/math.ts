/**
 * Math functions (`fnCall.cpp` doRound, doMath2, random): `floor`, `ceil`/`ceiling`, `round`
 * (C `rint`: halves go to even), `pow`, `quantize`, `random`.
 */
import {
  ERROR,
  intAsBigInt,
  intAsNumber,
  intValue,
  realValue,
  type Value,
} from "../model/value.js";
import { cPow } from "./c-pow.js";
import { evalArg, evalItem, int32Of, toRealValue } from "./support.js";
import type { BuiltinFunction } from "../model/evaluation.js";

/** C `rint` in the default rounding mode: to nearest, ties to even. */
export function roundHalfEven(v: number): number {
  if (!Number.isFinite(v)) return v;
  const floor = Math.floor(v);
  const diff = v - floor;
  if (diff < 0.5) return floor;
  if (diff > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

const rounding =
  (round: (v: number) => number): BuiltinFunction =>
  (args, cx) => {
    if (args.length !== 1 || !args[0]) return ERROR;
    const arg = evalArg(cx, args[0]);
    if (arg.kind === "int") return arg;
    const real = toRealValue(arg);
    if (real.kind !== "real") return ERROR;
    return intValue(round(real.v));
  };

/** Integer power as HTCondor computes it: `(long long)(pow((double)b, (double)e) + 0.5)`. */
function integerPower(base: Value & { kind: "int" }, exponent: number): Value {
  return intValue(cPow(intAsNumber(base), exponent) + 0.5);
}

const pow: BuiltinFunction = (args, cx) => {
  const [baseArg, exponentArg] = args;
  if (args.length !== 2 || !baseArg || !exponentArg) return ERROR;
  const base = evalArg(cx, baseArg);
  const exponent = evalArg(cx, exponentArg);
  if (base.kind === "int" && exponent.kind === "int" && intAsBigInt(exponent) >= 0n) {
    return integerPower(base, intAsNumber(exponent));
  }
  const realBase = toRealValue(base);
  const realExponent = toRealValue(exponent);
  if (realBase.kind !== "real" || realExponent.kind !== "real") return ERROR;
  return realValue(cPow(realBase.v, realExponent.v));
}

const quantize: BuiltinFunction = (args, cx) => {
  const [valueArg, baseArg] = args;
  if (args.length !== 2 || !valueArg || !baseArg) return ERROR;
  const arg = evalArg(cx, valueArg);
  let base = evalArg(cx, baseArg);
  const real = toRealValue(arg);
  if (real.kind !== "real") return ERROR;
  const target = real.v;
  let realBase = 0;
  if (base.kind === "list") {
    const list = base;
    base = realValue(0);
    for (const element of list.items) {
      base = evalItem(cx, list, element);
      const converted = toRealValue(base);
      if (converted.kind !== "real") return ERROR;
      realBase = converted.v;
      if (realBase >= target) return base;
    }
  } else {
    const converted = toRealValue(base);
    if (converted.kind !== "real") return ERROR;
    realBase = converted.v;
  }
  if (base.kind === "int") {
    const step = intAsBigInt(base);
    if (step === 0n) return arg;
    if (arg.kind === "int") {
      const value = intAsBigInt(arg);
      // C++ integer division truncates toward zero, as BigInt division does.
      const rounded = BigInt.asIntN(64, value + step - 1n);
      return intValue((rounded / step) * step);
    }
    return realValue(Math.ceil(target / intAsNumber(base)) * intAsNumber(base));
  }
  if (realBase >= -1e-8 && realBase <= 1e-8) return arg;
  return realValue(Math.ceil(target / realBase) * realBase);
};

const random: BuiltinFunction = (args, cx) => {
  if (args.length > 1) return ERROR;
  const arg: Value = args[0] ? evalArg(cx, args[0]) : realValue(1);
  const draw = cx.random ? cx.random() : Math.random();
  if (arg.kind === "int") {
    const max = int32Of(arg);
    if (max <= 0) return cx.fail();
    return intValue(Math.floor(draw * 2147483648) % max);
  }
  if (arg.kind === "real") {
    if (arg.v <= 0) return cx.fail();
    return realValue(arg.v * draw);
  }
  return ERROR;
};

export const mathFunctions: ReadonlyArray<readonly [string, BuiltinFunction]> = [
  ["floor", rounding(Math.floor)],
  ["ceil", rounding(Math.ceil)],
  ["ceiling", rounding(Math.ceil)],
  ["round", rounding(roundHalfEven)],
  ["pow", pow],
  ["quantize", quantize],
  ["random", random],
];
