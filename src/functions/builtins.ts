/**
 * The table of every builtin function, built from the family modules' exported tables (no
 * side-effect registration, so bundlers can rely on `sideEffects: false`).
 *
 * 73 functions of HTCondor's ClassAd library (`src/classad/fnCall.cpp`) and 21 of its
 * compatibility layer (`src/condor_utils/compat_classad.cpp`): 94 names.
 */
import { compatFunctions } from "./compat.js";
import { controlFunctions } from "./control.js";
import { conversionFunctions } from "./conversions.js";
import { listFunctions } from "./lists.js";
import { mathFunctions } from "./math.js";
import { patternFunctions } from "./patterns.js";
import { predicateFunctions } from "./predicates.js";
import { stringListFunctions } from "./string-lists.js";
import { stringFunctions } from "./strings.js";
import { timeFunctions } from "./time.js";
import type { BuiltinFunction } from "../model/evaluation.js";

export const builtinEntries: ReadonlyArray<readonly [string, BuiltinFunction]> = [
  ...predicateFunctions,
  ...listFunctions,
  ...timeFunctions,
  ...stringFunctions,
  ...patternFunctions,
  ...conversionFunctions,
  ...mathFunctions,
  ...controlFunctions,
  ...stringListFunctions,
  ...compatFunctions,
];
