/**
 * What a phase declares decides its flow module and flow suite (rollback section, policy gate,
 * data models with the manifest's tenancy); the protocol's registry decides, by phase id alone,
 * the piece no declaration names. Notes say what the emitter could not take as written.
 */
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import type { EmitInput } from "../../compiler/emit/emitter.js";
import { DEFAULT_METRIC_MODEL, flowEmitter, phaseFlow } from "../../compiler/emit/flow-emitter.js";
import { UNCOMPILED_TRIGGER_SUITE, flowTestEmitter } from "../../compiler/emit/flow-test-emitter.js";
import { PHASE_REGISTRY } from "../../compiler/emit/phase-registry.js";
import { emitInputFromFiles, readFixture, specsEmitInput } from "./emit-input.js";

type Phase = Record<string, unknown> & { phase_meta: { phase_id: string }; data_models: Record<string, unknown>[]; rollback: Record<string, string>; guardrails: Record<string, string[]> };

/** The P9-trust fixture as an object to change. */
function basePhase(): Phase {
  return parse(readFixture("emit/phases/P9-trust.yaml")) as Phase;
}

const TENANCY = "specKit: 1\nname: flow-emitter\ntenancy:\n  key: tenant_id\n  global_models: [SharedCatalog]\n";

function inputOf(phases: readonly Phase[], manifest?: string): EmitInput {
  const files: Record<string, string> = Object.fromEntries(phases.map((p) => [`phases/${p.phase_meta.phase_id}.yaml`, stringify(p)]));
  return emitInputFromFiles(manifest === undefined ? files : { ...files, "spec-kit.yaml": manifest });
}

function withId(id: string, change: (p: Phase) => void = () => {}): Phase {
  const phase = basePhase();
  phase.phase_meta.phase_id = id;
  change(phase);
  return phase;
}

function emitted(input: EmitInput): { modules: Map<string, string>; suites: Map<string, string>; notes: string[] } {
  const flows = flowEmitter.emit(input);
  const suites = flowTestEmitter.emit(input);
  return {
    modules: new Map(flows.files.map((f) => [f.path, f.content])),
    suites: new Map(suites.files.map((f) => [f.path, f.content])),
    notes: [...flows.notes, ...suites.notes].map((n) => `${n.emitter}: ${n.message}`),
  };
}

function flowOf(input: EmitInput, id: string) {
  const { phaseId, source, report } = { phaseId: id, source: `phases/${id}.yaml`, report: input.bundle.phases.find((p) => p.data.phase_meta.phase_id === id)!.data };
  return phaseFlow({ phaseId, source, report }, input.graph);
}

describe("the flow module follows the phase's rollback section and policy gate", () => {
  it("compiles the trigger and carries the action and target version as written", () => {
    const input = inputOf([withId("Q1", (p) => { p.rollback = { trigger: "p95 latency > 250 ms for 5 min", action: "route back to the old pool", target_version: "v7-stable" }; })]);
    const flow = flowOf(input, "Q1");
    expect(flow.trigger.clauses).toEqual([expect.objectContaining({ metric: "p95 latency", comparator: ">", threshold: 250, unit: "ms" })]);
    expect(flow.trigger.sustain).toEqual({ ms: 300_000 });
    expect(flow.plan).toMatchObject({ phaseId: "Q1", action: "route back to the old pool", targetVersion: "v7-stable", approvalRequired: true });
    const module = emitted(input).modules.get("flows/Q1.ts")!;
    expect(module).toContain('targetVersion: "v7-stable"');
    expect(module).toContain('action: "route back to the old pool"');
    expect(module).toContain("sustain: { ms: 300000 }");
  });

  it("requires approval for promotions only where the policy gate lists approval", () => {
    const without = inputOf([withId("Q1", (p) => { p.guardrails.policy_gate = ["permission"]; })]);
    expect(flowOf(without, "Q1").plan.approvalRequired).toBe(false);
    expect(emitted(without).modules.get("flows/Q1.ts")).toContain("approvalRequired: false");
  });

  it("a trigger it cannot read: a note naming phase and reason, no clauses, and an it.todo in the flow suite", () => {
    const input = inputOf([withId("Q2", (p) => { p.rollback.trigger = "error rate > 2% or p99 latency > 1 s"; })]);
    const { modules, suites, notes } = emitted(input);
    expect(notes).toEqual([expect.stringMatching(/^flows: Q2: rollback trigger "error rate > 2% or p99 latency > 1 s" is not machine-readable \(an "or" .*\); its rollout needs deps\.condition/)]);
    expect(modules.get("flows/Q2.ts")).toContain("clauses: []");
    expect(modules.get("flows/Q2.ts")).toMatch(/unreadable: "an \\"or\\"/);
    const suite = suites.get("tests/Q2.flows.test.ts")!;
    expect(suite).toContain(`describe("${UNCOMPILED_TRIGGER_SUITE}", () => {`);
    expect(suite).toContain('it.todo("not compiled, so its rollout needs deps.condition: error rate > 2% or p99 latency > 1 s");');
  });

  it("a trigger it reads gives no note and no it.todo", () => {
    const { suites, notes } = emitted(inputOf([withId("Q3")]));
    expect(notes).toEqual([]);
    expect(suites.get("tests/Q3.flows.test.ts")).not.toContain("it.todo");
  });
});

describe("the flow module follows the phase's data models and the manifest's tenancy", () => {
  const models = [
    { name: "Ledger", kind: "event", keys: ["entry_id", "tenant_id", "trace_id"], append_only: true },
    { name: "SharedCatalog", kind: "table", keys: ["item_id", "tenant_id"], append_only: false },
    { name: "Plain", kind: "table", keys: ["plain_id"], append_only: true },
  ];

  it("carries each model's kind and keys, scopes by the tenant key unless the model is global, and logs only append-only ones", () => {
    const input = inputOf([withId("Q4", (p) => { p.data_models = models; })], TENANCY);
    const flow = flowOf(input, "Q4");
    expect(flow.models).toEqual([
      { name: "Ledger", kind: "event", keys: ["entry_id", "tenant_id", "trace_id"], appendOnly: true, tenantKey: "tenant_id" },
      { name: "SharedCatalog", kind: "table", keys: ["item_id", "tenant_id"], appendOnly: false },
      { name: "Plain", kind: "table", keys: ["plain_id"], appendOnly: true },
    ]);
    const { modules, suites } = emitted(input);
    expect(modules.get("flows/Q4.ts")).toContain('export type AppendOnlyModel = "Ledger" | "Plain";');
    expect(suites.get("tests/Q4.flows.test.ts")).toContain("describeModelLogs({ models, createModelLog });");
  });

  it("without a tenancy section no model is tenant-scoped", () => {
    const flow = flowOf(inputOf([withId("Q4", (p) => { p.data_models = models; })]), "Q4");
    expect(flow.models.every((m) => m.tenantKey === undefined)).toBe(true);
  });

  it("without an append-only model there is no model log, in the module or its suite", () => {
    const input = inputOf([withId("Q5", (p) => { p.data_models = [models[1]!]; })]);
    const { modules, suites } = emitted(input);
    expect(modules.get("flows/Q5.ts")).not.toContain("createModelLog");
    expect(modules.get("flows/Q5.ts")).not.toContain("createRecordLog");
    expect(suites.get("tests/Q5.flows.test.ts")).not.toContain("describeModelLogs");
  });

  it("a model declared twice, or with an empty or repeated key: a note each, the first declaration and each key once", () => {
    const input = inputOf([withId("Q6", (p) => {
      p.data_models = [
        { name: "Twice", kind: "event", keys: ["a_id", "a_id", "b_id"], append_only: true },
        { name: "Twice", kind: "table", keys: ["other"], append_only: false },
      ];
    })]);
    const { notes } = emitted(input);
    expect(notes).toEqual([
      'flows: Q6: data model "Twice" lists an empty or repeated key; each key is generated once and empty ones not at all',
      'flows: Q6: data model "Twice" is declared twice; the first declaration is generated',
    ]);
    expect(flowOf(input, "Q6").models).toEqual([{ name: "Twice", kind: "event", keys: ["a_id", "b_id"], appendOnly: true }]);
  });
});

describe("the registry decides by phase id what no declaration names", () => {
  const EXPORTS: Record<string, string[]> = {
    P8: ["createPhaseAccount"],
    P9: ["createPhaseCapabilityRegistry"],
    P10: ["createPhaseRecorder", "createPhaseReplay"],
    P11: ["createPhaseDegrade"],
    P12: ["learning", "createPhaseLearningGate"],
    P13: ["metricModel", "createPhaseMetricBook"],
  };
  const ALL = Object.values(EXPORTS).flat();
  const exported = (module: string): string[] => [...module.matchAll(/^export (?:function|const) (\w+)/gmu)].map((m) => m[1]!);

  it("the same declarations give each registry phase its own piece and no other, and a phase the registry does not name none", () => {
    const ids = ["P2", "P6", ...Object.keys(EXPORTS), "X9"];
    const { modules, suites } = emitted(inputOf(ids.map((id) => withId(id))));
    for (const id of ids) {
      const own = EXPORTS[id] ?? [];
      const names = exported(modules.get(`flows/${id}.ts`)!);
      expect(names.filter((n) => ALL.includes(n)), id).toEqual(own);
      expect(names, id).toEqual(expect.arrayContaining(["rollback", "createPhaseRollout", "models", "createModelLog"]));
      const suite = suites.get(`tests/${id}.flows.test.ts`)!;
      const batteries = [...suite.matchAll(/^(describe\w+)\(/gmu)].map((m) => m[1]!);
      expect(batteries.slice(0, 2), id).toEqual(["describeRollback", "describeModelLogs"]);
      expect(batteries.length, id).toBe(own.length > 0 ? 3 : 2);
    }
    expect(Object.keys(EXPORTS)).toEqual(PHASE_REGISTRY.filter((entry) => entry.pieces.length > 0).map((entry) => entry.phaseId));
  });

  it("P13's metric model is the phase's event model with task_id and trace_id, else the runtime's default", () => {
    const declared = inputOf([withId("P13", (p) => { p.data_models = [{ name: "Margin", kind: "event", keys: ["metric_id", "task_id", "trace_id"], append_only: true }]; })]);
    expect(flowOf(declared, "P13").metricModel?.name).toBe("Margin");
    expect(emitted(declared).modules.get("flows/P13.ts")).toContain('export const metricModel = models["Margin"] satisfies RecordModel;');
    const none = inputOf([withId("P13", (p) => { p.data_models = [{ name: "Margin", kind: "table", keys: ["metric_id", "task_id", "trace_id"], append_only: false }]; })]);
    expect(flowOf(none, "P13").metricModel).toEqual(DEFAULT_METRIC_MODEL);
    expect(emitted(none).modules.get("flows/P13.ts")).toContain(`["${DEFAULT_METRIC_MODEL.name}"] satisfies RecordModel`);
  });

  it("P12's learning gate needs an approval exactly where the policy gate lists approval", () => {
    const listed = emitted(inputOf([withId("P12")])).modules.get("flows/P12.ts")!;
    const unlisted = emitted(inputOf([withId("P12", (p) => { p.guardrails.policy_gate = []; })])).modules.get("flows/P12.ts")!;
    expect(listed).toContain("export const learning = Object.freeze({ approvalRequired: true });");
    expect(unlisted).toContain("export const learning = Object.freeze({ approvalRequired: false });");
  });
});

describe("the flow modules of specs/ stay thin over the runtime", () => {
  it("hold only imports from the runtime, types, frozen data and functions that return one runtime call", () => {
    const files = flowEmitter.emit(specsEmitInput()).files;
    expect(files).toHaveLength(13);
    for (const file of files) {
      const source = ts.createSourceFile(file.path, file.content, ts.ScriptTarget.ES2022, true);
      const imported = new Set<string>();
      for (const statement of source.statements) {
        if (ts.isImportDeclaration(statement)) {
          expect((statement.moduleSpecifier as ts.StringLiteral).text, file.path).toBe("spec-kit/runtime");
          const bindings = statement.importClause?.namedBindings;
          if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) imported.add(element.name.text);
        } else if (ts.isTypeAliasDeclaration(statement)) {
          continue;
        } else if (ts.isFunctionDeclaration(statement)) {
          const body = statement.body?.statements ?? ts.factory.createNodeArray();
          expect(body, `${file.path}: ${statement.name?.text}`).toHaveLength(1);
          const only = body[0]!;
          expect(ts.isReturnStatement(only) && only.expression !== undefined && ts.isCallExpression(only.expression), `${file.path}: ${statement.name?.text}`).toBe(true);
          const callee = ((only as ts.ReturnStatement).expression as ts.CallExpression).expression;
          expect(ts.isIdentifier(callee) && imported.has(callee.text), `${file.path}: ${statement.name?.text} calls ${callee.getText(source)}`).toBe(true);
        } else if (ts.isVariableStatement(statement)) {
          for (const declaration of statement.declarationList.declarations) {
            const text = declaration.initializer?.getText(source) ?? "";
            expect(text, `${file.path}: ${declaration.name.getText(source)}`).toMatch(/^(?:defineRollbackPlan\(|defineModels\(|Object\.freeze\(|models\[)/u);
          }
        } else {
          expect.fail(`${file.path}: an unexpected statement: ${statement.getText(source).slice(0, 80)}`);
        }
      }
    }
  });
});
