import { createRequire } from "node:module";
import type { Node as YamlNode } from "yaml";
import type { PositionMember, PositionNode } from "./position-tree.js";

type YamlModule = typeof import("yaml");
let yamlModule: YamlModule | undefined;

/**
 * The `yaml` package, loaded on the first position lookup: most files never get a
 * diagnostic, and `check`/`validate` should not pay its start-up when none does.
 */
function yaml(): YamlModule {
  return (yamlModule ??= createRequire(import.meta.url)("yaml") as YamlModule);
}

/**
 * Builds the position tree of a YAML text with the `yaml` package, which keeps exact node
 * ranges (js-yaml, used for values, does not). Called only when a finding needs a position.
 * Offsets become lines and columns through the document's own `LineIndex` rather than
 * `yaml`'s `LineCounter`, so YAML and JSON count columns the same way. A block value's span
 * ends at its last character, not at the line break after it.
 */
export function yamlPositions(text: string): PositionNode {
  const document = yaml().parseDocument(text, {
    keepSourceTokens: false,
    uniqueKeys: false,
    schema: "core",
    merge: false,
    prettyErrors: false,
  });
  const root = document.contents as YamlNode | null;
  return root ? toPositionNode(root, text) : { start: 0, end: 0 };
}

function toPositionNode(node: YamlNode, text: string): PositionNode {
  const { isMap, isScalar, isSeq } = yaml();
  const [start, valueEnd] = node.range ?? [0, 0];
  const span: PositionNode = { start, end: trimEnd(text, start, valueEnd) };
  if (isMap(node)) {
    const members = new Map<string, PositionMember>();
    for (const pair of node.items) {
      const key = pair.key as YamlNode | null;
      if (!isScalar(key) || !key.range) continue;
      const name = String(key.value);
      if (members.has(name)) continue;
      const value = pair.value as YamlNode | null;
      const keyEnd = trimEnd(text, key.range[0], key.range[1]);
      const valueNode = value?.range ? toPositionNode(value, text) : { start: keyEnd, end: keyEnd };
      members.set(name, { keyStart: key.range[0], keyEnd, value: valueNode });
    }
    span.members = members;
  } else if (isSeq(node)) {
    span.elements = node.items.map((item) => {
      const element = item as YamlNode | null;
      return element?.range ? toPositionNode(element, text) : { start, end: start };
    });
  }
  return span;
}

/** Moves an end offset back over trailing spaces and line breaks. */
function trimEnd(text: string, start: number, end: number): number {
  let at = end;
  while (at > start) {
    const code = text.charCodeAt(at - 1);
    if (code === 10 || code === 13 || code === 32 || code === 9) at--;
    else break;
  }
  return at;
}
