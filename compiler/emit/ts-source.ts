/**
 * Shared helpers of the TypeScript emitters: which phases can be emitted, a writer and the
 * statement structures modules are printed from, and the only ways spec text may enter generated code — as an escaped
 * string literal, or (for the header's source path) sanitised for a line comment.
 */
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

/**
 * A code writer for the generated modules: text is indented by two spaces per level at the
 * start of each line, and blocks are opened and closed by the writer. It writes what ts-morph's
 * printer and formatter wrote for the same statements (spec text enters only through
 * {@link stringLiteral}, so no literal spans a line) at a small part of their cost.
 */
export class SourceWriter {
  #parts: string[] = [];
  #level = 0;
  #newLineOnNextWrite = false;
  /** How many line breaks the text ends in (0 when its last character is something else). */
  #trailingNewLines = 0;

  /** Writes `text`; each line of it that starts a line is indented. */
  write(text: string): this {
    this.#flushNewLine();
    if (text.length === 0) {
      this.#indentIfLineStart();
      return this;
    }
    const lines = text.split("\n");
    for (let i = 0; i < lines.length; i++) {
      if (i > 0) this.#append("\n");
      const line = lines[i]!;
      if (line.length === 0) continue;
      this.#indentIfLineStart();
      this.#append(line);
    }
    return this;
  }

  /** Ends the line. */
  newLine(): this {
    this.#newLineOnNextWrite = false;
    this.#append("\n");
    return this;
  }

  /** Writes `text` on a line of its own. */
  writeLine(text: string): this {
    this.#flushNewLine();
    if (this.#parts.length > 0) this.#newLineIfLastNot();
    this.write(text);
    return this.newLine();
  }

  /** Writes what `block` writes one level deeper, on lines of its own. */
  indent(block: () => void): this {
    this.#indentBlock(block);
    if (!this.#lastIsNewLine()) this.#newLineOnNextWrite = true;
    return this;
  }

  /** Writes `{`, what `block` writes one level deeper, then `}` on a line of its own. */
  inlineBlock(block: () => void): this {
    this.#flushNewLine();
    this.write("{");
    this.#indentBlock(block);
    this.#flushNewLine();
    this.#newLineIfLastNot();
    return this.write("}");
  }

  /** Ends the line and leaves one blank line, unless the text already ends in a blank line. */
  blankLineIfLastNot(): this {
    if (this.#trailingNewLines < 2) {
      this.#flushNewLine();
      this.#newLineIfLastNot();
      this.newLine();
    }
    return this;
  }

  toString(): string {
    return this.#parts.join("");
  }

  #append(text: string): void {
    this.#parts.push(text);
    this.#trailingNewLines = text === "\n" ? this.#trailingNewLines + 1 : 0;
  }

  #indentBlock(block: () => void): void {
    if (this.#parts.length > 0) {
      this.#flushNewLine();
      this.#newLineIfLastNot();
    }
    this.#level++;
    block();
    this.#level = Math.max(0, this.#level - 1);
  }

  #lastIsNewLine(): boolean {
    return this.#trailingNewLines > 0;
  }

  #newLineIfLastNot(): void {
    if (!this.#lastIsNewLine()) this.newLine();
  }

  #flushNewLine(): void {
    if (this.#newLineOnNextWrite) this.newLine();
  }

  #indentIfLineStart(): void {
    if (this.#level > 0 && (this.#parts.length === 0 || this.#lastIsNewLine())) this.#append("  ".repeat(this.#level));
  }
}

/** Writes part of a generated module. */
export type WriterFunction = (writer: SourceWriter) => void;

/** An import declaration of named values and types (see {@link namedImport}). */
export interface ImportStructure {
  moduleSpecifier: string;
  namedImports: readonly { name: string; isTypeOnly?: boolean }[];
}

/** `[export ]const name[: type] = initializer;` under its doc comment. */
export interface ConstStructure {
  kind: "const";
  docs: string;
  isExported: boolean;
  name: string;
  type?: string;
  initializer: string | WriterFunction;
}

/** `export type name = type;` under its doc comment. */
export interface TypeAliasStructure {
  kind: "type";
  docs: string;
  name: string;
  type: string;
}

/** `export function name<typeParameters>(parameters): returnType { body }` under its doc comment. */
export interface FunctionStructure {
  kind: "function";
  docs: string;
  name: string;
  typeParameters: readonly string[];
  parameters: readonly { name: string; type: string }[];
  returnType: string;
  body: string;
}

/** A statement of a generated module. */
export type StatementStructure = ConstStructure | TypeAliasStructure | FunctionStructure;

/** The parts of a generated module, printed in this order: the header, the imports, then the statements, each after a blank line. */
export interface ModuleParts {
  /** The generated-file header line (a `//` comment). */
  header: string;
  imports: readonly ImportStructure[];
  statements: readonly (string | WriterFunction | StatementStructure)[];
}

/** A doc comment: on one line, or one ` * ` line per line of `docs`. */
function writeDocs(writer: SourceWriter, docs: string): void {
  const lines = docs.split(/\r?\n/u);
  if (lines.length === 1) {
    writer.write(`/** ${docs} */`).newLine();
    return;
  }
  writer.write("/**").newLine();
  for (const line of lines[0] === "" ? lines.slice(1) : lines) writer.write(line.length > 0 ? ` * ${line}` : " *").newLine();
  writer.write(" */").newLine();
}

function writeStatement(writer: SourceWriter, statement: string | WriterFunction | StatementStructure): void {
  if (typeof statement === "string") {
    writer.write(statement);
    return;
  }
  if (typeof statement === "function") {
    statement(writer);
    return;
  }
  writeDocs(writer, statement.docs);
  switch (statement.kind) {
    case "const":
      writer.write(`${statement.isExported ? "export " : ""}const ${statement.name}${statement.type === undefined ? "" : `: ${statement.type}`} = `);
      if (typeof statement.initializer === "string") writer.write(statement.initializer);
      else statement.initializer(writer);
      writer.write(";");
      break;
    case "type":
      writer.write(`export type ${statement.name} = ${statement.type};`);
      break;
    case "function": {
      const typeParameters = statement.typeParameters.length > 0 ? `<${statement.typeParameters.join(", ")}>` : "";
      const parameters = statement.parameters.map((p) => `${p.name}: ${p.type}`).join(", ");
      writer.write(`export function ${statement.name}${typeParameters}(${parameters}): ${statement.returnType} `).inlineBlock(() => writer.write(statement.body));
      break;
    }
  }
}

/** Prints a module: the header, a blank line, the imports, then each statement after a blank line; it ends in one newline. */
export function printModule(parts: ModuleParts): string {
  const writer = new SourceWriter();
  writer.write(parts.header).newLine().newLine();
  for (const declaration of parts.imports) {
    const names = declaration.namedImports.map((named) => (named.isTypeOnly === true ? `type ${named.name}` : named.name));
    writer.write(`import { ${names.join(", ")} } from "${declaration.moduleSpecifier}";`).newLine();
  }
  for (const statement of parts.statements) {
    writer.blankLineIfLastNot();
    writeStatement(writer, statement);
  }
  return `${writer.toString().replace(/\s+$/u, "")}\n`;
}

/** What a module specifier may hold: it is printed verbatim between quotes. */
const SAFE_SPECIFIER = /^[A-Za-z0-9@._/:-]+$/;

/** An import declaration: named values, then `type` imports, each group sorted. Throws on an unsafe specifier (a caller bug). */
export function namedImport(moduleSpecifier: string, values: readonly string[], types: readonly string[] = []): ImportStructure {
  if (!SAFE_SPECIFIER.test(moduleSpecifier)) throw new TypeError(`unsafe module specifier ${JSON.stringify(moduleSpecifier)}`);
  return {
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
export function writeValue(writer: SourceWriter, value: LiteralValue): void {
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
