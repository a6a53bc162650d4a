/**
 * The one Node global the core mentions, always behind `typeof process !== "undefined"` (a
 * development switch): declared here so the page type-checks without Node's types.
 */
declare const process: { readonly env?: Readonly<Record<string, string | undefined>> } | undefined;
