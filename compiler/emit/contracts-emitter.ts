/**
 * Emits the bundle's own contracts (mission contracts and phase data models) under contracts/:
 * per contract its schema (`<Stem>.schema.json`, draft 2020-12 with an `$id`) and its type
 * (`<Stem>.ts`, rendered by json-schema-to-typescript before the emit stage, see
 * compiler/contracts/render-types.ts), one ajv standalone module with every validator
 * (`validators.js` and its `.d.ts`), and the entry point `index.ts` with, per contract, the type,
 * `is<Name>`, `assert<Name>` and, for append-only event models, `append<Name>(log, record)`.
 */
import { createAjv, standaloneCode } from "../contracts/ajv.js";
import { planContracts, type PlannedContract } from "../contracts/contract-plan.js";
import { validationKey } from "../contracts/schema-identity.js";
import { generatedHeader, type Emitter, type EmitInput, type EmitResult, type GeneratedFile } from "./emitter.js";
import { lineCommentText, stringLiteral } from "./ts-source.js";

/** The folder the contracts are written to. */
export const CONTRACTS_DIR = "contracts";

export { validationKey } from "../contracts/schema-identity.js";

/** Thrown when the emit stage runs without the contract types rendered first: a bug of ours, never of the input. */
export class ContractTypesMissingError extends Error {
  override readonly name = "ContractTypesMissingError";
}

function source(contract: PlannedContract): string {
  return lineCommentText(`${contract.definition.document.file} (${contract.definition.origin === "contract" ? "contract" : "data model"} ${JSON.stringify(contract.name)})`);
}

function schemaFile(contract: PlannedContract): GeneratedFile {
  return { path: `${CONTRACTS_DIR}/${contract.identifier}.schema.json`, content: `${JSON.stringify(contract.schema, null, 2)}\n` };
}

function typeFile(contract: PlannedContract, types: ReadonlyMap<string, string> | undefined): GeneratedFile {
  const text = types?.get(contract.name);
  if (text === undefined) throw new ContractTypesMissingError(`the type of contract ${JSON.stringify(contract.name)} was not rendered before emit (renderContractTypes)`);
  return { path: `${CONTRACTS_DIR}/${contract.identifier}.ts`, content: `${generatedHeader(source(contract))}\n\n${text.trimEnd()}\n` };
}

/**
 * A validator that checks what an identical contract's validator checks, with its own `errors`:
 * the compiled one's `errors` are left as its own last call set them.
 */
function sharedValidator(identifier: string, compiled: string): string {
  return [
    `/** Checks what validate${compiled} checks (their schemas differ only in $id, title and description); \`errors\` are its own. */`,
    `export function validate${identifier}(data) {`,
    `  const before = validate${compiled}.errors;`,
    `  const valid = validate${compiled}(data);`,
    `  validate${identifier}.errors = validate${compiled}.errors;`,
    `  validate${compiled}.errors = before;`,
    "  return valid;",
    "}",
  ].join("\n");
}

function validatorFiles(contracts: readonly PlannedContract[], runtimeImport: string): GeneratedFile[] {
  // ajv's code generation is most of the cost of apply on a bundle of many contracts: a schema
  // repeated under another name (data models with the same keys) is compiled once.
  const compiledFor = new Map<string, PlannedContract>();
  const compiled: PlannedContract[] = [];
  const shared: string[] = [];
  for (const contract of contracts) {
    const key = validationKey(contract.schema);
    const first = key === undefined ? undefined : compiledFor.get(key);
    if (first !== undefined) {
      shared.push(sharedValidator(contract.identifier, first.identifier));
      continue;
    }
    if (key !== undefined) compiledFor.set(key, contract);
    compiled.push(contract);
  }
  const ajv = createAjv({ strict: true, allErrors: true, code: { source: true, esm: true, lines: true } });
  for (const contract of compiled) ajv.addSchema(contract.schema);
  const refs = Object.fromEntries(compiled.map((c) => [`validate${c.identifier}`, c.schema.$id as string]));
  const code = [standaloneCode(ajv, refs).replace(/^"use strict";\n?/, "").trim(), ...shared].join("\n\n");
  const header = generatedHeader("the bundle's contracts (ajv standalone code of contracts/*.schema.json)");
  const javascript = [
    header,
    "// Needs ajv and ajv-formats at run time; no schema is compiled when it loads.",
    'import { createRequire } from "node:module";',
    "",
    "const require = createRequire(import.meta.url);",
    "",
    code,
    "",
  ].join("\n");
  const declarations = [
    header,
    "",
    `import type * as contractRuntime from ${stringLiteral(runtimeImport)};`,
    ...contracts.map((c) => `import type { ${c.identifier} } from "./${c.identifier}.js";`),
    "",
    ...contracts.map((c) => `/** Validates a value against ${c.identifier}.schema.json; on failure \`errors\` lists ajv's errors. */\nexport declare const validate${c.identifier}: contractRuntime.ContractValidator<${c.identifier}>;`),
    "",
  ].join("\n");
  return [
    { path: `${CONTRACTS_DIR}/validators.js`, content: javascript },
    { path: `${CONTRACTS_DIR}/validators.d.ts`, content: declarations },
  ];
}

function indexFile(contracts: readonly PlannedContract[], runtimeImport: string): GeneratedFile {
  const lines = [
    generatedHeader("the bundle's contracts (mission contracts and phase data models)"),
    "",
    `import * as contractRuntime from ${stringLiteral(runtimeImport)};`,
    'import * as validators from "./validators.js";',
    ...contracts.map((c) => `import type { ${c.identifier} } from "./${c.identifier}.js";`),
    "",
    `export { ContractViolationError } from ${stringLiteral(runtimeImport)};`,
    ...contracts.map((c) => `export type { ${c.identifier} } from "./${c.identifier}.js";`),
  ];
  for (const c of contracts) {
    const id = c.identifier;
    const name = stringLiteral(c.name);
    lines.push(
      "",
      `// ${lineCommentText(JSON.stringify(c.name))}: ${lineCommentText(c.definition.document.file)}`,
      "",
      `/** Whether \`value\` is a valid ${id}. */`,
      `export function is${id}(value: unknown): value is ${id} {`,
      `  return validators.validate${id}(value);`,
      "}",
      "",
      `/** Throws a ContractViolationError listing ajv's errors, each with its path, unless \`value\` is a valid ${id}. */`,
      `export function assert${id}(value: unknown): asserts value is ${id} {`,
      `  contractRuntime.assertContract(${name}, validators.validate${id}, value);`,
      "}",
    );
    if (c.appendable) {
      lines.push(
        "",
        `/** Validates \`record\`, then appends it to the hash-chained log; a record that fails is never appended. */`,
        `export function append${id}(log: contractRuntime.EventLog<${id}>, record: ${id}): contractRuntime.ChainRecord<${id}> {`,
        `  return contractRuntime.appendContract(${name}, validators.validate${id}, log, record);`,
        "}",
      );
    }
  }
  lines.push("");
  return { path: `${CONTRACTS_DIR}/index.ts`, content: lines.join("\n") };
}

/** The contract files of a bundle; nothing when it has no contract. */
export function emitContracts(input: EmitInput, contracts: readonly PlannedContract[] = planContracts(input.bundle)): EmitResult {
  if (contracts.length === 0) return { files: [], notes: [] };
  const files: GeneratedFile[] = [];
  for (const contract of contracts) files.push(schemaFile(contract), typeFile(contract, input.contractTypes));
  files.push(...validatorFiles(contracts, input.runtimeImport), indexFile(contracts, input.runtimeImport));
  return { files, notes: [] };
}

/** The contracts emitter (see the module comment). */
export const contractsEmitter: Emitter = {
  name: "contracts",
  emit: (input) => emitContracts(input),
};
