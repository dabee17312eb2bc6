/** The few ANSI styles the stylish formatter uses. */
export type Style = "bold" | "dim" | "underline" | "red" | "yellow" | "green";

const CODES: Readonly<Record<Style, readonly [number, number]>> = {
  bold: [1, 22],
  dim: [2, 22],
  underline: [4, 24],
  red: [31, 39],
  yellow: [33, 39],
  green: [32, 39],
};

/** A painter: wraps text in the styles given, or returns it unchanged when colour is off. */
export type Paint = (text: string, ...styles: Style[]) => string;

/** Makes a painter that colours only when `enabled`. */
export function painter(enabled: boolean): Paint {
  if (!enabled) return (text) => text;
  return (text, ...styles) => {
    if (text === "") return text;
    let out = text;
    for (const style of styles) {
      const [open, close] = CODES[style];
      out = `\u001b[${open}m${out}\u001b[${close}m`;
    }
    return out;
  };
}

/**
 * Makes text from a source file or a message safe to print on a terminal: control characters
 * (which could move the cursor or recolour the screen) are shown as `\xNN` escapes. Tabs stay.
 */
export function sanitizeForTerminal(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0").toUpperCase()}`);
}
