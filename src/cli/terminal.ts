/**
 * Text from input on its way to a terminal: ads and dumps may hold control bytes (an ESC sequence
 * in a slot's Name can recolour, retitle or rewrite a terminal), so every report that shows input
 * goes through {@link escapeControls}.
 */

/** C0 controls but tab and newline, DEL, and C1 controls as UTF-8 bytes (0xC2 0x80-0x9F). */
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]/g;

function hex(code: number): string {
  return "\\x" + code.toString(16).padStart(2, "0");
}

/**
 * `text` (a byte string, one char per byte) with every control byte but tab and newline written
 * as `\xNN`, so it shows as text instead of acting on the terminal.
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROLS, (match) => Array.from(match, (c) => hex(c.charCodeAt(0))).join(""));
}
