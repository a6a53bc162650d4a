/**
 * Function registries: case-insensitive maps from function names to implementations.
 * `builtinFunctions` holds every function HTCondor's tools register; users add their own on a
 * copy (`builtinFunctions.extend()`) or register globally.
 */
import { builtinEntries } from "./builtins.js";
import type { BuiltinFunction } from "../model/evaluation.js";

export class FunctionRegistry {
  private readonly table: Map<string, BuiltinFunction>;

  constructor(entries?: Iterable<readonly [string, BuiltinFunction]>) {
    this.table = new Map();
    if (entries) for (const [name, fn] of entries) this.register(name, fn);
  }

  /** Add or replace a function; names are case-insensitive. */
  register(name: string, fn: BuiltinFunction): this {
    this.table.set(name.toLowerCase(), fn);
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

  /** A copy that can be extended without touching this registry. */
  extend(): FunctionRegistry {
    return new FunctionRegistry(this.table);
  }
}

/**
 * Every builtin function (the 94 names HTCondor's tools register; see builtins.ts). Register
 * your own on a copy (`builtinFunctions.extend().register(...)`) or, for every evaluation in
 * the process, on this registry itself.
 */
export const builtinFunctions = new FunctionRegistry(builtinEntries);
