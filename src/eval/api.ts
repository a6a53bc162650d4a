/** The evaluation API (alias module of `evaluate.ts`, kept so both import paths work). */
export * from "./evaluate.js";
