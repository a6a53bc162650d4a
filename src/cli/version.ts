/** The package's version, put in by the build (tsup `define`); vitest defines it the same way. */
declare const __CLASSAD_VERSION__: string | undefined;

export const VERSION: string = typeof __CLASSAD_VERSION__ === "string" ? __CLASSAD_VERSION__ : "0.0.0-dev";
