/**
 * Shared helpers of the TypeScript emitters: which phases can be emitted, a ts-morph project
 * that prints structures, and the only ways spec text may enter generated code — as an escaped
 * string literal, or (for the header's source path) sanitised for a line comment.
 */
import {
  IndentationText,
  NewLineKind,
  Project,
  QuoteKind,
  StructureKind,
  type CodeBlockWriter,
  type ImportDeclarationStructure,
  type SourceFileStructure,
  type StatementStructures,
  type WriterFunction,
} from "ts-morph";
import { compareStrings } from "../diagnostics.js";
import type { PhaseReport } from "../types/phase-report.js";
import { PHASE_ID_PATTERN, foldedName, windowsDeviceName } from "../portable-names.js";
import type { EmitInput, EmitNote } from "./emitter.js";

/** One phase an emitter generates code for. */
export interface EmitPhase {
  phaseId: string;
  /** The phase document's path relative to the bundle root. */
  source: string;
  report: PhaseReport;
}

/**
 * The valid phase documents of a bundle whose ids are safe to put in a file name, sorted by id.
 * A document skipped for an unsafe or repeated id gets a note instead (`apply` refuses such a
 * bundle before it emits: see emit-readiness.ts); ids that differ only in case count as
 * repeated, since they would share files on a case-insensitive file system, and Windows
 * device names (CON, NUL, …) are unsafe.
 */
export function emittablePhases(input: EmitInput, emitter: string): { phases: EmitPhase[]; notes: EmitNote[] } {
  const notes: EmitNote[] = [];
  const byId = new Map<string, EmitPhase>();
  const documents = [...input.bundle.phases].sort((a, b) => compareStrings(a.document.file, b.document.file));
  for (const doc of documents) {
    if (!doc.valid) continue;
    const phaseId = doc.data.phase_meta.phase_id;
    if (!PHASE_ID_PATTERN.test(phaseId) || windowsDeviceName(phaseId) !== undefined) {
      notes.push({ emitter, message: `${doc.document.file}: skipped, its phase id ${JSON.stringify(phaseId)} is not a safe file name` });
    } else if (byId.has(foldedName(phaseId))) {
      const first = byId.get(foldedName(phaseId))!;
      notes.push({ emitter, message: `${doc.document.file}: skipped, phase ${phaseId} would share its files with phase ${first.phaseId} of ${first.source}` });
    } else {
      byId.set(foldedName(phaseId), { phaseId, source: doc.document.file, report: doc.data });
    }
  }
  const phases = [...byId.values()].sort((a, b) => compareStrings(a.phaseId, b.phaseId));
  return { phases, notes };
}

let sharedProject: Project | undefined;

/**
 * The in-memory ts-morph project emitters print through, with the house print settings (2
 * spaces, LF, double quotes). Created once: its formatter is costly to start, and
 * {@link printModule} leaves no file behind, so reuse carries no state between emissions.
 */
export function emitProject(): Project {
  sharedProject ??= new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: {
      indentationText: IndentationText.TwoSpaces,
      newLineKind: NewLineKind.LineFeed,
      quoteKind: QuoteKind.Double,
      useTrailingCommas: true,
    },
  });
  return sharedProject;
}

/** The parts of a generated module, printed in this order: the header, the imports, then the statements, each after a blank line. */
export interface ModuleParts {
  /** The generated-file header line (a `//` comment). */
  header: string;
  imports: readonly ImportDeclarationStructure[];
  statements: readonly (string | WriterFunction | StatementStructures)[];
}

/** Prints a module through the shared {@link emitProject}, ending in one newline. */
export function printModule(path: string, parts: ModuleParts): string {
  const project = emitProject();
  const blank: WriterFunction = (writer) => writer.blankLineIfLastNot();
  const structure: SourceFileStructure = {
    kind: StructureKind.SourceFile,
    statements: [parts.header, blank, ...parts.imports, ...parts.statements.flatMap((statement) => [blank, statement])],
  };
  const file = project.createSourceFile(path, structure, { overwrite: true });
  // Structure printers give initializers a hanging indent; the formatter lines broken ones up again.
  for (const statement of file.getVariableStatements()) {
    if (statement.getText().includes("\n")) statement.formatText({ indentSize: 2, tabSize: 2, convertTabsToSpaces: true });
  }
  const text = file.getFullText();
  project.removeSourceFile(file);
  return `${text.replace(/\s+$/u, "")}\n`;
}

/** What a module specifier may hold: it is printed verbatim between quotes. */
const SAFE_SPECIFIER = /^[A-Za-z0-9@._/:-]+$/;

/** An import declaration: named values, then `type` imports, each group sorted. Throws on an unsafe specifier (a caller bug). */
export function namedImport(moduleSpecifier: string, values: readonly string[], types: readonly string[] = []): ImportDeclarationStructure {
  if (!SAFE_SPECIFIER.test(moduleSpecifier)) throw new TypeError(`unsafe module specifier ${JSON.stringify(moduleSpecifier)}`);
  return {
    kind: StructureKind.ImportDeclaration,
    moduleSpecifier,
    namedImports: [
      ...[...values].sort(compareStrings).map((name) => ({ name })),
      ...[...types].sort(compareStrings).map((name) => ({ name, isTypeOnly: true })),
    ],
  };
}

function hex4(code: number): string {
  return `\\u${code.toString(16).toUpperCase().padStart(4, "0")}`;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { '"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * Renders `value` as a double-quoted TypeScript string literal that evaluates to exactly
 * `value`. Beyond quotes, backslashes and line breaks it escapes every control character
 * (NUL included), U+2028/U+2029, U+FEFF and lone surrogates as `\uXXXX`; and, so that the
 * text stays inert if it is ever pasted into a comment, a template or an HTML script, the
 * backtick, the `$` of `${` and a slash after `*` or `<`.
 */
export function stringLiteral(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    const code = value.charCodeAt(i);
    const simple = SIMPLE_ESCAPES[ch];
    if (simple !== undefined) {
      out += simple;
    } else if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += ch + value[i + 1]!;
        i++;
      } else {
        out += hex4(code);
      }
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      out += hex4(code);
    } else if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 || code === 0xfeff) {
      out += hex4(code);
    } else if (ch === "`") {
      out += hex4(code);
    } else if (ch === "$" && value[i + 1] === "{") {
      out += hex4(code);
    } else if (ch === "/" && (value[i - 1] === "*" || value[i - 1] === "<")) {
      out += "\\/";
    } else {
      out += ch;
    }
  }
  return `${out}"`;
}

/**
 * Makes a file path safe inside a `//` comment: line terminators, other control characters
 * and lone surrogates become visible `\uXXXX` text, so the comment can never end early.
 */
export function lineCommentText(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const pairs = code >= 0xd800 && code <= 0xdbff && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff;
    if (pairs) {
      out += text.slice(i, i + 2);
      i++;
    } else if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 || code === 0xfeff || (code >= 0xd800 && code <= 0xdfff)) {
      out += hex4(code);
    } else {
      out += text[i]!;
    }
  }
  return out;
}

/** Plain data that {@link writeValue} can render as a TypeScript expression. */
export type LiteralValue = string | number | boolean | null | readonly LiteralValue[] | { readonly [key: string]: LiteralValue };

const IDENTIFIER_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function renderKey(key: string): string {
  // `__proto__: v` (or `"__proto__": v`) in an object literal sets the prototype; a computed key makes it an own property.
  if (key === "__proto__") return `[${stringLiteral(key)}]`;
  return IDENTIFIER_KEY.test(key) ? key : stringLiteral(key);
}

function renderNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`cannot emit the number ${value}`);
  return Object.is(value, -0) ? "-0" : String(value);
}

/** Renders a short value on one line: strings through {@link stringLiteral}, keys quoted unless plain identifiers. */
export function renderValue(value: LiteralValue): string {
  if (typeof value === "string") return stringLiteral(value);
  if (typeof value === "number") return renderNumber(value);
  if (typeof value === "boolean" || value === null) return String(value);
  if (Array.isArray(value)) return `[${(value as readonly LiteralValue[]).map(renderValue).join(", ")}]`;
  const entries = Object.entries(value as { readonly [key: string]: LiteralValue });
  return entries.length === 0 ? "{}" : `{ ${entries.map(([key, item]) => `${renderKey(key)}: ${renderValue(item)}`).join(", ")} }`;
}

/** Lines longer than this are broken, one array item or object entry per line. */
const MAX_INLINE = 100;

/** Writes a value, breaking arrays and objects over lines when they do not fit on one. */
export function writeValue(writer: CodeBlockWriter, value: LiteralValue): void {
  const inline = renderValue(value);
  if (inline.length <= MAX_INLINE || typeof value !== "object" || value === null) {
    writer.write(inline);
    return;
  }
  const isArray = Array.isArray(value);
  const entries: [string | undefined, LiteralValue][] = isArray
    ? (value as readonly LiteralValue[]).map((item) => [undefined, item])
    : Object.entries(value as { readonly [key: string]: LiteralValue });
  writer.write(isArray ? "[" : "{").newLine();
  writer.indent(() => {
    for (const [key, item] of entries) {
      if (key !== undefined) writer.write(`${renderKey(key)}: `);
      writeValue(writer, item);
      writer.write(",").newLine();
    }
  });
  writer.write(isArray ? "]" : "}");
}

/** A writer function for {@link writeValue}, for structure initializers. */
export function valueWriter(value: LiteralValue): WriterFunction {
  return (writer) => writeValue(writer, value);
}
