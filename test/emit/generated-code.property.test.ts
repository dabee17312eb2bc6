import fc from "fast-check";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { generatedHeader, type GeneratedFile } from "../../compiler/emit/emitter.js";
import { flowEmitter } from "../../compiler/emit/flow-emitter.js";
import { flowTestEmitter } from "../../compiler/emit/flow-test-emitter.js";
import { gateEmitter } from "../../compiler/emit/gate-emitter.js";
import { stateMachineEmitter } from "../../compiler/emit/state-machine-emitter.js";
import { testEmitter } from "../../compiler/emit/test-emitter.js";
import { lineCommentText } from "../../compiler/emit/ts-source.js";
import type { PhaseReport } from "../../compiler/types/phase-report.js";
import { emitInputFromPhase, emitInputFromReports, readFixture, specsEmitInput } from "./emit-input.js";
import { RUNTIME_IMPORT, stringLiterals, syntaxErrors, typeCheck } from "./type-check.js";

const EMITTERS = [gateEmitter, stateMachineEmitter, testEmitter, flowEmitter, flowTestEmitter];

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
  rollbackTrigger: fc.oneof(nastyString, nastyString.map((s) => `${s} error rate > 1% for 10 min`)),
  rollbackAction: nastyString,
  targetVersion: nastyString,
  models: fc.array(fc.record({ name: nastyString, keys: nastyList(0), appendOnly: fc.boolean() }), { maxLength: 3 }),
});

type PhaseStrings = typeof phaseArbitrary extends fc.Arbitrary<infer T> ? T : never;

function reportOf(phaseId: string, s: PhaseStrings): PhaseReport {
  return {
    phase_meta: { phase_id: phaseId, title: s.title, priority: "low", version: "v1", owner: "property" },
    objective: { problem: "p", outcome: "o" },
    invariants: ["i"],
    module_scope: { write_modules: [], read_modules: [], external_surfaces: [] },
    data_models: s.models.map((m) => ({ name: m.name || "m", kind: "event", keys: m.keys, append_only: m.appendOnly })),
    flow: { trigger: s.trigger, steps: s.steps as [string, ...string[]], exit_conditions: s.exits },
    guardrails: { runtime_gate: s.runtimeGate, policy_gate: s.policyGate, audit_trace: ["trace_id", "session_id", "task_id", "capability_id", "version", ...s.extraIds] },
    tests: { unit: s.unit, integration: s.integration, e2e: s.e2e },
    acceptance: s.acceptance as [string, ...string[]],
    rollback: { trigger: s.rollbackTrigger || "t", action: s.rollbackAction || "a", target_version: s.targetVersion || "v1" },
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

/** What the golden fixtures and specs/ emit: the identifiers and comments every other emission may use. */
function vocabulary(): { identifiers: Set<string>; comments: Set<string> } {
  const identifiers = new Set<string>();
  const comments = new Set<string>();
  for (const [file, fixture] of [["P7.yaml", "phases/valid.yaml"], ["P2-min.yaml", "emit/phases/P2-min.yaml"], ["P9.yaml", "emit/phases/P9-trust.yaml"]] as const) {
    for (const generated of EMITTERS.flatMap((emitter) => [...emitter.emit(emitInputFromPhase(file, readFixture(fixture))).files, ...emitter.emit(specsEmitInput()).files])) {
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
        expect(files.map((f) => f.path)).toEqual([`gates/${phaseId}.ts`, `state-machines/${phaseId}.ts`, `tests/${phaseId}.test.ts`, `flows/${phaseId}.ts`, `tests/${phaseId}.flows.test.ts`]);
        const [gate, machine, suite, flow, flowSuite] = files.map((f) => f.content) as [string, string, string, string, string];
        for (const content of [gate, machine, suite, flow, flowSuite]) {
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
        const flowLiterals = stringLiterals(flow);
        const report = reportOf(phaseId, strings);
        for (const s of [report.rollback.trigger, report.rollback.action, report.rollback.target_version]) expect(flowLiterals).toContain(s);
        for (const model of report.data_models) {
          expect(flowLiterals).toContain(model.name);
          for (const key of model.keys.filter((k) => k !== "")) expect(flowLiterals).toContain(key);
        }
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
