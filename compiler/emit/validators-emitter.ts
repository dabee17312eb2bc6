import { RENDERED_VALIDATORS, type RenderedContract } from "./contract-artifacts.js";
import { generatedHeader, type Emitter, type EmitResult } from "./emitter.js";
import { typesPath } from "./types-emitter.js";

/** The module of the contract validators, relative to the output folder (a `.js` file with its `.d.ts`). */
export const VALIDATORS_MODULE = "validators/contracts";

const SOURCE = "schemas/*.schema.json (ajv standalone code)";

function javascript(): string {
  return [
    generatedHeader(SOURCE),
    "// Needs ajv and ajv-formats at run time (spec-kit depends on both); no schema is compiled.",
    'import { createRequire } from "node:module";',
    "",
    "const require = createRequire(import.meta.url);",
    "",
    RENDERED_VALIDATORS.code,
    "",
  ].join("\n");
}

function declaration(contract: RenderedContract): string {
  return [
    `/** Checks a value against schemas/${contract.schema}; on failure \`errors\` says why. */`,
    `export declare const ${contract.validator}: ContractValidator<${contract.typeName}>;`,
  ].join("\n");
}

function declarations(): string {
  const contracts = RENDERED_VALIDATORS.contracts;
  const imports = contracts.map((c) => `import type { ${c.typeName} } from "../${typesPath(c.typeModule).replace(/\.ts$/, ".js")}";`);
  return [
    generatedHeader(SOURCE),
    "",
    ...imports,
    "",
    "/** One reason a value failed its contract (ajv's error object). */",
    "export interface ContractError {",
    "  instancePath: string;",
    "  schemaPath: string;",
    "  keyword: string;",
    "  params: Record<string, unknown>;",
    "  message?: string;",
    "}",
    "",
    "/** A compiled contract validator: a type guard whose `errors` lists the failures of its last call. */",
    "export interface ContractValidator<T> {",
    "  (data: unknown): data is T;",
    "  errors?: ContractError[] | null;",
    "}",
    "",
    contracts.map(declaration).join("\n\n"),
    "",
  ].join("\n");
}

/**
 * Emits `validators/contracts.js` and its `.d.ts`: ajv standalone validators of the data
 * contracts (MissionPrompt, ArtifactEvidence, ValidationReport, AgentLifecycleEvent,
 * Trajectory, EvidenceBundle), typed by the generated `types/`, so that runners validate
 * contracts without compiling schemas. The code is rendered when spec-kit is built.
 */
export const validatorsEmitter: Emitter = {
  name: "validators",
  emit(): EmitResult {
    return {
      files: [
        { path: `${VALIDATORS_MODULE}.js`, content: javascript() },
        { path: `${VALIDATORS_MODULE}.d.ts`, content: declarations() },
      ],
      notes: [],
    };
  },
};
