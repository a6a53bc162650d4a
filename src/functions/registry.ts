/**
 * Function registries: case-insensitive maps from function names to implementations.
 * `builtinFunctions` holds every function HTCondor's tools register and is read-only; users add
 * their own on a copy (`builtinFunctions.extend()`) and hand it to an environment or an evaluation.
 */
import { builtinEntries } from "./builtins.js";
import type { BuiltinFunction } from "../model/evaluation.js";
import { TextStringValue, stringValue } from "../model/value.js";
import { byteStringOf, isAscii } from "../model/bytes.js";

export class FunctionRegistry {
  private readonly table: Map<string, BuiltinFunction>;
  private readonly frozen: boolean;

  /** A registry holding `entries`; `readOnly` makes `register` throw (see {@link builtinFunctions}). */
  constructor(entries?: Iterable<readonly [string, BuiltinFunction]>, readOnly = false) {
    this.table = new Map();
    if (entries) for (const [name, fn] of entries) this.table.set(name.toLowerCase(), fn);
    this.frozen = readOnly;
  }

  /** True when `register` is refused. */
  get readOnly(): boolean {
    return this.frozen;
  }

  /** Add or replace a function; names are case-insensitive. Throws on a read-only registry. */
  register(name: string, fn: BuiltinFunction): this {
    if (this.frozen) {
      throw new TypeError(
        `cannot register '${name}': this function registry is read-only; ` +
          "register on a copy made by extend() and pass it as { functions } or createEnvironment({ functions })",
      );
    }
    this.table.set(name.toLowerCase(), returningBytes(fn));
    return this;
  }

  /** The function registered under an already lower-cased name. */
  getLower(lowerName: string): BuiltinFunction | undefined {
    return this.table.get(lowerName);
  }

  get(name: string): BuiltinFunction | undefined {
    return this.table.get(name.toLowerCase());
  }

  has(name: string): boolean {
    return this.table.has(name.toLowerCase());
  }

  /** Registered names, lower-cased. */
  names(): string[] {
    return [...this.table.keys()];
  }

  /** A writable copy that can be extended without touching this registry. */
  extend(): FunctionRegistry {
    return new FunctionRegistry(this.table);
  }
}

/**
 * A user's function whose results the evaluator can take: a string made by the public
 * `stringValue(text)` holds text, and is given to the evaluator as its bytes; any other non-ASCII
 * string is read as `parseAds` reads a string (UTF-8 bytes, such as a string argument's value,
 * are kept; anything else is text and is encoded).
 */
function returningBytes(fn: BuiltinFunction): BuiltinFunction {
  return (args, cx) => {
    const value = fn(args, cx);
    if (value.kind !== "string" || isAscii(value.v)) return value;
    return stringValue(value instanceof TextStringValue ? TextStringValue.bytesOf(value) : byteStringOf(value.v));
  };
}

/**
 * Every builtin function (the 94 names HTCondor's tools register; see builtins.ts). Read-only:
 * `register` throws, so no code can change what every evaluation in the process sees. Register
 * your own on a copy: `builtinFunctions.extend().register(...)`.
 */
export const builtinFunctions = new FunctionRegistry(builtinEntries, true);
