/**
 * What a cursor in a document being typed is inside, read from the text alone: the document
 * may not parse while it is being written (`depends_on: [P1, P` is not YAML yet), so completion
 * cannot wait for a parse. YAML (flow and block) and JSON alike.
 */

/** The key whose value the cursor is typing, and the part of the value typed so far. */
export interface CursorContext {
  key: string;
  /** The text of the value typed before the cursor (without a quote it starts with). */
  prefix: string;
}

const KEY_BEFORE = /["']?([A-Za-z_$][\w$-]*)["']?\s*:\s*$/;

/** The offset of the `[` that is still open at `offset`, skipping quoted strings; -1 when none is. */
function openBracket(text: string, offset: number): number {
  let depth = 0;
  for (let index = offset - 1; index >= 0; index--) {
    const char = text[index];
    if (char === "\n" && depth === 0) {
      // A flow list may span lines in JSON; in YAML a block line that ends with ":" closes the search.
      const line = text.slice(text.lastIndexOf("\n", index - 1) + 1, index);
      if (/:\s*$/.test(line) && !line.includes("[")) return -1;
    }
    if (char === "]" || char === "}") depth++;
    else if (char === "[" || char === "{") {
      if (depth === 0) return char === "[" ? index : -1;
      depth--;
    }
  }
  return -1;
}

/**
 * The key the cursor at `offset` is typing a value of: in a flow or JSON list
 * (`depends_on: [P1, |`), after a key on its line (`stage: in_|`, `"stage": "in_|`), or in a
 * block list item under a key (`  - P|` below `depends_on:`). Undefined elsewhere.
 */
export function cursorContext(text: string, offset: number): CursorContext | undefined {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const line = text.slice(lineStart, offset);
  const token = /["']?([^\s"',[\]{}:]*(?: [^\s"',[\]{}:]+)*)$/.exec(line)?.[1] ?? "";
  const bracket = openBracket(text, offset);
  if (bracket >= 0) {
    const before = text.slice(text.lastIndexOf("\n", bracket - 1) + 1, bracket);
    const key = KEY_BEFORE.exec(before)?.[1];
    const listPrefix = /(?:^|[[,])\s*["']?([^,[\]"']*)$/.exec(text.slice(bracket, offset))?.[1] ?? token;
    return key === undefined ? undefined : { key, prefix: listPrefix.trimStart() };
  }
  const sameLine = /["']?([A-Za-z_$][\w$-]*)["']?\s*:\s*["']?([^"'[\]{},]*)$/.exec(line);
  if (sameLine) return { key: sameLine[1]!, prefix: sameLine[2]! };
  const item = /^(\s*)-\s+["']?([^"']*)$/.exec(line) ?? /^(\s*)-\s*$/.exec(line);
  if (item) {
    const indent = item[1]!.length;
    const lines = text.slice(0, lineStart).split("\n");
    for (let index = lines.length - 1; index >= 0; index--) {
      const above = lines[index]!;
      if (above.trim() === "" || above.trimStart().startsWith("#")) continue;
      const aboveIndent = above.length - above.trimStart().length;
      if (aboveIndent > indent || (aboveIndent === indent && above.trimStart().startsWith("-"))) continue;
      const key = /^\s*["']?([A-Za-z_$][\w$-]*)["']?\s*:\s*$/.exec(above)?.[1];
      return key === undefined ? undefined : { key, prefix: item[2] ?? "" };
    }
  }
  return undefined;
}
