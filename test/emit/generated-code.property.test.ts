import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import type { Bundle, LoadedDocument } from "../../compiler/bundle.js";
import { START_OF_FILE } from "../../compiler/diagnostics.js";
import { emitContracts } from "../../compiler/emit/contracts-emitter.js";
import { generatedHeader, type EmitInput, type GeneratedFile } from "../../compiler/emit/emitter.js";
import { gateEmitter } from "../../compiler/emit/gate-emitter.js";
import { stateMachineEmitter } from "../../compiler/emit/state-machine-emitter.js";
import { testEmitter } from "../../compiler/emit/test-emitter.js";
import { lineCommentText } from "../../compiler/emit/ts-source.js";
import type { PhaseReport } from "../../compiler/types/phase-report.js";
import { emitInputFromFiles, emitInputFromPhase, emitInputFromReports, readFixture, REPO_ROOT, specsEmitInput, withContractTypes } from "./emit-input.js";
import { RUNTIME_IMPORT, stringLiterals, syntaxErrors, typeCheck } from "./type-check.js";

const EMITTERS = [gateEmitter, stateMachineEmitter, testEmitter];

/** Pieces that break naive code generation. */
const NASTY = [
  '"', "'", "\\", "\\\\", "\n", "\r\n", "\r", "*/", "/*", "//", "${", "${x}", "}", "`", "</script>", "<!--", "\u2028", "\u2029",
  "\0", "\0" + "1", "\ud800", "\udfff", "\udfff\ud800", "\ud83d\ude00", "\ufeff", "\u0085", "\t", "%s", "%d", "$&", "\\u0041", "\\x41",
];

/** Any UTF-16 code unit, so lone surrogates occur. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
const piece = fc.oneof(fc.constantFrom(...NASTY), codeUnit, fc.string({ unit: "binary", maxLength: 3 }));
const nastyString = fc.oneof(fc.string({ unit: "binary", maxLength: 12 }), fc.array(piece, { maxLength: 8 }).map((parts) => parts.join("")));
const nastyList = (min: number) => fc.array(nastyString, { minLength: min, maxLength: 3 });

const phaseArbitrary = fc.record({
  title: nastyString,
  source: nastyString,
  trigger: nastyString,
  steps: nastyList(1),
  exits: nastyList(0),
  runtimeGate: nastyList(0),
  policyGate: nastyList(0),
  extraIds: nastyList(0),
  unit: nastyList(0),
  integration: nastyList(0),
  e2e: nastyList(0),
  acceptance: fc.array(fc.oneof(nastyString, nastyString.map((s) => `${s} latency <= 5 ms`)), { minLength: 1, maxLength: 3 }),
});

type PhaseStrings = typeof phaseArbitrary extends fc.Arbitrary<infer T> ? T : never;

function reportOf(phaseId: string, s: PhaseStrings): PhaseReport {
  return {
    phase_meta: { phase_id: phaseId, title: s.title, priority: "low", version: "v1", owner: "property" },
    objective: { problem: "p", outcome: "o" },
    invariants: ["i"],
    module_scope: { write_modules: [], read_modules: [], external_surfaces: [] },
    data_models: [],
    flow: { trigger: s.trigger, steps: s.steps as [string, ...string[]], exit_conditions: s.exits },
    guardrails: { runtime_gate: s.runtimeGate, policy_gate: s.policyGate, audit_trace: ["trace_id", "session_id", "task_id", "capability_id", "version", ...s.extraIds] },
    tests: { unit: s.unit, integration: s.integration, e2e: s.e2e },
    acceptance: s.acceptance as [string, ...string[]],
    rollback: { trigger: "t", action: "a", target_version: "v1" },
    dependency_graph: { depends_on: [], unblocks: [] },
    status: { stage: "planned", completion: 0, risks: [], next_actions: [] },
  };
}

function emitAll(input: ReturnType<typeof emitInputFromReports>): GeneratedFile[] {
  return EMITTERS.flatMap((emitter) => emitter.emit(input).files);
}

/** Identifiers and comments of a file (the header line excluded): fixed by the emitters, never taken from a spec. */
function identifiersAndComments(text: string): { identifiers: Set<string>; comments: Set<string> } {
  const source = ts.createSourceFile("generated.ts", text, ts.ScriptTarget.ES2022, true);
  const identifiers = new Set<string>();
  const comments = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) identifiers.add(node.text);
    for (const range of ts.getLeadingCommentRanges(text, node.getFullStart()) ?? []) {
      if (range.pos > 0) comments.add(text.slice(range.pos, range.end));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { identifiers, comments };
}

/** What the golden fixture emits: the identifiers and comments every other emission may use. */
function vocabulary(): { identifiers: Set<string>; comments: Set<string> } {
  const identifiers = new Set<string>();
  const comments = new Set<string>();
  for (const [file, fixture] of [["P7.yaml", "phases/valid.yaml"], ["P2-min.yaml", "emit/phases/P2-min.yaml"]] as const) {
    for (const generated of EMITTERS.flatMap((emitter) => emitter.emit(emitInputFromPhase(file, readFixture(fixture))).files)) {
      const found = identifiersAndComments(generated.content);
      for (const id of found.identifiers) identifiers.add(id);
      for (const comment of found.comments) comments.add(comment);
    }
  }
  return { identifiers, comments };
}

describe("generated code holds arbitrary spec strings as data", () => {
  it("parses, keeps each string as an exact literal, takes no identifier or comment from the spec, and type-checks", () => {
    const known = vocabulary();
    const collected: GeneratedFile[] = [];
    let run = 0;
    fc.assert(
      fc.property(phaseArbitrary, (strings) => {
        const phaseId = `Q${run++}`;
        const input = emitInputFromReports([{ file: strings.source, report: reportOf(phaseId, strings) }], RUNTIME_IMPORT);
        const files = emitAll(input);
        expect(files.map((f) => f.path)).toEqual([`gates/${phaseId}.ts`, `state-machines/${phaseId}.ts`, `tests/${phaseId}.test.ts`]);
        const [gate, machine, suite] = files.map((f) => f.content) as [string, string, string];
        for (const content of [gate, machine, suite]) {
          expect(syntaxErrors(content)).toEqual([]);
          expect(content.split("\n")[0]).toBe(generatedHeader(lineCommentText(strings.source)));
          expect(content.split("\n")[0]).not.toMatch(/[\r\u2028\u2029]/u);
          const { identifiers, comments } = identifiersAndComments(content);
          for (const id of identifiers) expect(known.identifiers, `identifier ${id}`).toContain(id);
          for (const comment of comments) expect(known.comments, `comment ${comment}`).toContain(comment);
        }
        const gateLiterals = stringLiterals(gate);
        for (const s of [...strings.runtimeGate, ...strings.policyGate, ...strings.extraIds]) expect(gateLiterals).toContain(s);
        const machineLiterals = stringLiterals(machine);
        for (const s of [strings.title, strings.trigger, ...strings.steps, ...strings.exits]) expect(machineLiterals).toContain(s);
        const suiteLiterals = stringLiterals(suite);
        for (const kind of ["unit", "integration", "e2e"] as const) {
          for (const s of strings[kind]) expect(suiteLiterals).toContain(`${kind}: ${s}`);
        }
        for (const s of strings.acceptance) expect(suiteLiterals.includes(s) || suiteLiterals.includes(`not measurable: ${s}`)).toBe(true);
        if (run <= 10) collected.push(...files);
      }),
      { numRuns: 30, seed: 20261124 },
    );
    // One program for ten random phases, both fixtures and the 13 phases of specs/: a cold
    // type-check costs seconds, so it runs once over everything.
    collected.push(...emitAll(emitInputFromPhase("P7.yaml", readFixture("phases/valid.yaml"), RUNTIME_IMPORT)));
    collected.push(...emitAll(emitInputFromPhase("P2-min.yaml", readFixture("emit/phases/P2-min.yaml"), RUNTIME_IMPORT)));
    collected.push(...emitAll(specsEmitInput(RUNTIME_IMPORT)));
    expect(typeCheck(collected)).toEqual([]);
  }, 60_000);
});

/** Field types of the arbitrary contracts, each with a value that matches it. */
const FIELD_TYPES: readonly (readonly [string, unknown])[] = [
  ["string", "text"],
  ["UUID", "5f0c8c4e-8a6b-4f7e-9b61-2f0d3c1e9a10"],
  ["timestamp", "2026-01-02T03:04:05Z"],
  ["integer", 3],
  ["'a' | 'b'", "b"],
  ["string[]", ["x"]],
];

const nonEmpty = nastyString.filter((text) => text.length > 0);
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const contractArbitrary = fc.record({
  name: nonEmpty,
  fields: fc.uniqueArray(fc.record({ name: nonEmpty, type: fc.integer({ min: 0, max: FIELD_TYPES.length - 1 }), optional: fc.boolean() }), {
    minLength: 1,
    maxLength: 4,
    selector: (field) => field.name,
  }),
});
const modelArbitrary = fc.record({ name: nonEmpty, keys: fc.uniqueArray(nonEmpty, { minLength: 0, maxLength: 3 }), event: fc.boolean() });
const bundleArbitrary = fc.record({
  source: nastyString,
  contracts: fc.uniqueArray(contractArbitrary, { minLength: 1, maxLength: 3, selector: (c) => c.name }),
  models: fc.uniqueArray(modelArbitrary, { minLength: 0, maxLength: 2, selector: (m) => m.name }),
});

type ContractStrings = typeof bundleArbitrary extends fc.Arbitrary<infer T> ? T : never;

/** A document as the loader would give it, bypassing the parser (so lone surrogates survive). */
function loaded<T>(file: string, kind: "mission" | "phase", data: T): LoadedDocument<T> {
  return { document: { file, format: "json", text: "", value: data, locate: () => ({ ...START_OF_FILE }) }, kind, data, valid: true, schemaIssues: [] };
}

/** An emit input with one mission whose contracts, and one phase whose data models, carry the arbitrary names. */
function contractInput(s: ContractStrings): EmitInput {
  const base = emitInputFromFiles({});
  const names = s.contracts.map((c) => c.name);
  const mission = {
    mission: { id: "m", title: "M", system: "S" },
    contracts: s.contracts.map((c) => ({
      name: c.name,
      schema: { fields: c.fields.map((f) => ({ name: f.name, type: FIELD_TYPES[f.type]![0], ...(f.optional ? { optional: true } : {}) })) },
      producers: [],
      consumers: [],
    })),
  };
  // Data models named like a contract would conflict (contract/conflict): keep them apart.
  const models = s.models.filter((m) => !names.includes(m.name));
  const report = reportOf("C1", { title: "t", source: "", trigger: "t", steps: ["s"], exits: [], runtimeGate: [], policyGate: [], extraIds: [], unit: [], integration: [], e2e: [], acceptance: ["a"] });
  report.data_models = models.map((m) => ({ name: m.name, kind: m.event ? "event" : "table", keys: m.keys, append_only: true }));
  const bundle: Bundle = { ...base.bundle, missions: [loaded(s.source || "m.json", "mission", mission)], phases: [loaded("phases/C1.json", "phase", report)], fileCount: 3 };
  return { ...base, bundle, runtimeImport: RUNTIME_IMPORT };
}

describe("generated contracts hold arbitrary contract and field names safely", () => {
  it("give valid identifiers and file names, exact literals, parseable JSON and TypeScript, working validators, and type-check", async () => {
    const scratch = join(REPO_ROOT, ".tmp", "contract-property");
    rmSync(scratch, { recursive: true, force: true });
    const collected: GeneratedFile[][] = [];
    let run = 0;
    let emittedRuns = 0;
    try {
      await fc.assert(
        fc.asyncProperty(bundleArbitrary, async (strings) => {
          const input = await withContractTypes(contractInput(strings));
          const files = emitContracts(input).files;
          // A field name with an unpaired surrogate is refused by contract/notation (no tool can address it): such a contract is not emitted.
          const emitted = strings.contracts.filter((c) => c.fields.every((f) => !LONE_SURROGATE.test(f.name)));
          const refused = strings.contracts.filter((c) => !emitted.includes(c));
          const titles = files.filter((f) => f.path.endsWith(".schema.json")).map((f) => (JSON.parse(f.content) as { title: string }).title);
          for (const contract of refused) expect(titles).not.toContain(contract.name);
          if (files.length === 0) {
            expect(emitted).toEqual([]);
            return;
          }
          emittedRuns++;
          const byPath = new Map(files.map((f) => [f.path, f.content]));
          const stems = files.filter((f) => f.path.endsWith(".schema.json")).map((f) => f.path.slice("contracts/".length, -".schema.json".length));
          for (const stem of stems) expect(stem).toMatch(/^[A-Z][A-Za-z0-9]*$/);
          expect(new Set(stems.map((stem) => stem.toLowerCase())).size).toBe(stems.length);
          for (const file of files) {
            if (file.path.endsWith(".ts")) expect(syntaxErrors(file.content), file.path).toEqual([]);
            if (file.path.endsWith(".ts") || file.path.endsWith(".js")) expect(file.content.split("\n")[0]).not.toMatch(/[\r\u2028\u2029]/u);
          }
          const index = byPath.get("contracts/index.ts")!;
          const literals = stringLiterals(index);
          for (const contract of emitted) {
            expect(literals).toContain(contract.name);
            const schemaFile = files.find((f) => f.path.endsWith(".schema.json") && (JSON.parse(f.content) as { title: string }).title === contract.name);
            expect(schemaFile, contract.name).toBeDefined();
            const schema = JSON.parse(schemaFile!.content) as { properties: Record<string, unknown>; required?: string[] };
            expect(Object.keys(schema.properties).sort()).toEqual(contract.fields.map((f) => f.name).sort());
            expect((schema.required ?? []).sort()).toEqual(contract.fields.filter((f) => !f.optional).map((f) => f.name).sort());
          }
          // Every identifier in index.ts is the emitter's own or made from a contract's identifier.
          const { identifiers } = identifiersAndComments(index);
          const allowed = new Set(["contractRuntime", "validators", "value", "log", "record", "unknown", "ContractViolationError", "assertContract", "appendContract", "EventLog", "ChainRecord"]);
          for (const stem of stems) for (const id of [stem, `is${stem}`, `assert${stem}`, `append${stem}`, `validate${stem}`]) allowed.add(id);
          for (const id of identifiers) expect(allowed, `identifier ${id}`).toContain(id);
          // The validators accept a record of every contract built from its fields, and refuse one with a field missing.
          const dir = join(scratch, String(run++));
          mkdirSync(dir, { recursive: true });
          writeFileSync(join(dir, "validators.js"), byPath.get("contracts/validators.js")!);
          const validators = (await import(pathToFileURL(join(dir, "validators.js")).href)) as Record<string, (data: unknown) => boolean>;
          for (const [stem, contract] of stems.map((stem) => [stem, emitted.find((c) => (JSON.parse(byPath.get(`contracts/${stem}.schema.json`)!) as { title: string }).title === c.name)] as const)) {
            if (!contract) continue;
            const record: Record<string, unknown> = {};
            for (const field of contract.fields) Object.defineProperty(record, field.name, { value: FIELD_TYPES[field.type]![1], enumerable: true });
            expect(validators[`validate${stem}`]!(record), stem).toBe(true);
            const required = contract.fields.find((f) => !f.optional);
            if (required) {
              const partial = { ...record };
              delete partial[required.name];
              expect(validators[`validate${stem}`]!(partial)).toBe(false);
            }
          }
          if (collected.length < 6) collected.push(files.filter((f) => !f.path.endsWith(".js")));
        }),
        { numRuns: 25, seed: 20261203 },
      );
      expect(emittedRuns, "runs that emitted contracts").toBeGreaterThanOrEqual(10);
      // One program per bundle (each has its own contracts/ folder), the specs' contracts included.
      collected.push(emitContracts(await withContractTypes(specsEmitInput(RUNTIME_IMPORT))).files.filter((f) => !f.path.endsWith(".js")));
      for (const files of collected) expect(typeCheck(files)).toEqual([]);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 180_000);
});
