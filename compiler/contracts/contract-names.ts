/**
 * How a contract's name becomes the names of its generated code: a TypeScript identifier for
 * its type (and `isName`, `assertName`, `appendName`), which is also the stem of its files
 * (`contracts/<Stem>.ts`, `<Stem>.schema.json`). Names are free text in a spec, so any string
 * must give a valid, unique identifier and a safe file name: ASCII letters and digits only,
 * starting with a capital; `MissionPrompt.v2` becomes `MissionPromptV2`.
 */
import { compareStrings } from "../diagnostics.js";
import { windowsDeviceName } from "../portable-names.js";

/** Identifiers contracts/index.ts declares itself (it re-exports the runtime's error class). */
const RESERVED_IDENTIFIERS: ReadonlySet<string> = new Set(["ContractViolationError"]);

/** Whether an identifier can name a contract's type and files: not index.ts's own, and no Windows device name (Con.ts, Aux.schema.json). */
function usable(identifier: string, taken: ReadonlySet<string>): boolean {
  return !taken.has(identifier.toLowerCase()) && !RESERVED_IDENTIFIERS.has(identifier) && windowsDeviceName(identifier) === undefined;
}

/** The identifier a contract name turns into before uniqueness is ensured. */
export function contractIdentifier(name: string): string {
  const words = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  let identifier = words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join("");
  // json-schema-to-typescript names the root type the same way (toSafeString): a letter after a digit is capitalized.
  identifier = identifier.replace(/(\d)([a-z])/g, (_, digit: string, letter: string) => digit + letter.toUpperCase());
  if (identifier === "") return "Contract";
  return /^[0-9]/.test(identifier) ? `Contract${identifier}` : identifier;
}

/**
 * Unique identifiers for a set of names, in a way that does not depend on their order: names
 * sorted, the first keeps its identifier, later ones that collide (ignoring case, so that the
 * file names differ on case-insensitive file systems too) get 2, 3, ...; so does an identifier
 * that index.ts declares itself (ContractViolationError) or that Windows reserves as a device
 * name (Con, Aux, Nul, Prn, Com1, Lpt1, ...), whatever its case.
 */
export function contractIdentifiers(names: Iterable<string>): Map<string, string> {
  const out = new Map<string, string>();
  const taken = new Set<string>();
  for (const name of [...new Set(names)].sort(compareStrings)) {
    const base = contractIdentifier(name);
    let identifier = base;
    for (let n = 2; !usable(identifier, taken); n++) identifier = `${base}${n}`;
    taken.add(identifier.toLowerCase());
    out.set(name, identifier);
  }
  return out;
}
