/**
 * Emits `flows/<PHASE_ID>.ts`: the runtime pieces a phase's declarations wire up, thin over
 * `spec-kit/runtime`. Every phase gets its `rollback` section compiled into a rollout plan (the
 * trigger read like an acceptance criterion into clauses over observed metrics) with
 * `createPhaseRollout`, and its data models with `createModelLog` for the append-only ones; the
 * protocol's registry (phase-registry.ts) adds the piece its entry names: a cost account (P8), a
 * capability registry (P9), the replay boundary (P10), the degrade ladder (P11), the learning
 * gate (P12), the metric book (P13).
 */
import type { TaskGraph } from "../bind/task-graph.js";
import { compileTrigger, type CompiledTrigger } from "../rollback-trigger.js";
import type { DataModel } from "../types/phase-report.js";
import { generatedHeader, type EmitNote, type Emitter, type EmitInput, type EmitResult, type GeneratedFile } from "./emitter.js";
import { registryPieces, type RegistryPiece } from "./phase-registry.js";
import { emittablePhases, lineCommentText, namedImport, printModule, stringLiteral, writeValue, type EmitPhase, type LiteralValue, type StatementStructure, type WriterFunction } from "./ts-source.js";

/** Where the flow module of a phase is written, relative to the output folder. */
export function flowPath(phaseId: string): string {
  return `flows/${phaseId}.ts`;
}

/** A data model as the generated code carries it (the runtime's `RecordModel`). */
export interface FlowModel {
  name: string;
  kind: string;
  keys: string[];
  appendOnly: boolean;
  tenantKey?: string;
}

/** The metric model the registry's metric book uses when the phase declares none with task and trace ids. */
export const DEFAULT_METRIC_MODEL: FlowModel = { name: "BusinessMetric", kind: "event", keys: ["task_id", "trace_id"], appendOnly: true };

/** What the flow module of a phase holds, worked out once for both the module and its suite. */
export interface PhaseFlow {
  phaseId: string;
  trigger: CompiledTrigger;
  plan: { phaseId: string; trigger: CompiledTrigger; action: string; targetVersion: string; approvalRequired: boolean };
  models: FlowModel[];
  appendOnly: string[];
  pieces: readonly RegistryPiece[];
  /** The model the metric book records (P13): the phase's first event model whose keys hold task_id and trace_id. */
  metricModel: FlowModel | undefined;
  notes: EmitNote[];
}

function flowModels(phase: EmitPhase, graph: TaskGraph, notes: EmitNote[]): FlowModel[] {
  const tenancy = graph.tenancy;
  const seen = new Set<string>();
  const models: FlowModel[] = [];
  for (const model of phase.report.data_models as readonly DataModel[]) {
    if (seen.has(model.name)) {
      notes.push({ emitter: "flows", message: `${phase.phaseId}: data model ${JSON.stringify(model.name)} is declared twice; the first declaration is generated` });
      continue;
    }
    seen.add(model.name);
    const keys = [...new Set(model.keys.filter((key) => key !== ""))];
    if (keys.length < model.keys.filter((key) => key !== "").length || keys.length < model.keys.length) {
      notes.push({ emitter: "flows", message: `${phase.phaseId}: data model ${JSON.stringify(model.name)} lists an empty or repeated key; each key is generated once and empty ones not at all` });
    }
    const scoped = tenancy !== undefined && !tenancy.globalModels.has(model.name) && keys.includes(tenancy.key);
    models.push({ name: model.name, kind: model.kind, keys, appendOnly: model.append_only, ...(scoped ? { tenantKey: tenancy.key } : {}) });
  }
  return models;
}

/** Works out what a phase's flow module holds. */
export function phaseFlow(phase: EmitPhase, graph: TaskGraph): PhaseFlow {
  const notes: EmitNote[] = [];
  const { rollback, guardrails } = phase.report;
  const trigger = compileTrigger(rollback.trigger);
  if (trigger.clauses.length === 0) {
    notes.push({
      emitter: "flows",
      message: `${phase.phaseId}: rollback trigger ${JSON.stringify(rollback.trigger)} is not machine-readable (${trigger.unreadable}); its rollout needs deps.condition, and its flow suite names it as it.todo`,
    });
  }
  const models = flowModels(phase, graph, notes);
  const pieces = registryPieces(phase.phaseId);
  const metricModel = pieces.includes("metric-trace")
    ? (models.find((m) => m.kind === "event" && m.keys.includes("task_id") && m.keys.includes("trace_id")) ?? DEFAULT_METRIC_MODEL)
    : undefined;
  return {
    phaseId: phase.phaseId,
    trigger,
    plan: { phaseId: phase.phaseId, trigger, action: rollback.action, targetVersion: rollback.target_version, approvalRequired: guardrails.policy_gate.includes("approval") },
    models,
    appendOnly: models.filter((m) => m.appendOnly).map((m) => m.name),
    pieces,
    metricModel,
    notes,
  };
}

function exportedConst(name: string, docs: string, initializer: WriterFunction | string): StatementStructure {
  return { kind: "const", docs, isExported: true, name, initializer };
}

function exportedFunction(name: string, docs: string, typeParameters: string[], parameters: { name: string; type: string }[], returnType: string, body: string): StatementStructure {
  return { kind: "function", docs, name, typeParameters, parameters, returnType, body };
}

/** `define…({ … } as const)`, the value written over lines when long. */
function defined(helper: string, value: LiteralValue): WriterFunction {
  return (writer) => {
    writer.write(`${helper}(`);
    writeValue(writer, value);
    writer.write(" as const)");
  };
}

function triggerValue(trigger: CompiledTrigger): LiteralValue {
  return {
    text: trigger.text,
    clauses: trigger.clauses.map((c) => ({ metric: c.metric, comparator: c.comparator, threshold: c.threshold, unit: c.unit, ...(c.rate === undefined ? {} : { rate: { per: c.rate.per, unit: c.rate.unit } }) })),
    ...(trigger.sustain === undefined ? {} : { sustain: { ...trigger.sustain } }),
    ...(trigger.unreadable === undefined ? {} : { unreadable: trigger.unreadable }),
  };
}

/**
 * `defineModels({ "<name>": { … }, … } as const)`: model names are spec text, so they are always
 * written as string literals, never as identifiers (`["__proto__"]` computed, so it stays an own key).
 */
function definedModels(models: readonly FlowModel[]): WriterFunction {
  return (writer) => {
    writer.write("defineModels(");
    if (models.length === 0) writer.write("{}");
    else {
      writer.write("{").newLine();
      writer.indent(() => {
        for (const model of models) {
          const key = stringLiteral(model.name);
          writer.write(`${model.name === "__proto__" ? `[${key}]` : key}: `);
          writeValue(writer, modelValue(model));
          writer.write(",").newLine();
        }
      });
      writer.write("}");
    }
    writer.write(" as const)");
  };
}

function modelValue(model: FlowModel): LiteralValue {
  return { name: model.name, kind: model.kind, keys: model.keys, appendOnly: model.appendOnly, ...(model.tenantKey === undefined ? {} : { tenantKey: model.tenantKey }) };
}

/** The runtime values and types each registry piece's statements use. */
const PIECE_IMPORTS: Readonly<Record<RegistryPiece, readonly [readonly string[], readonly string[]]>> = {
  "cost-account": [["createCostAccount"], ["CostAccount", "CostAccountOptions"]],
  "capability-trust": [["createCapabilityRegistry"], ["CapabilityRegistry", "CapabilityRegistryOptions"]],
  "replay-boundary": [["createCallRecorder", "createReplayBoundary"], ["CallRecorder", "FlowLog", "Now", "ReplayBoundary", "ReplaySnapshot", "TraceIds"]],
  degrade: [["createDegradeLadder"], ["DegradeLadder", "DegradeOptions"]],
  "learning-gate": [["createLearningGate"], ["FlowLog", "LearningGate", "Now"]],
  "metric-trace": [["createMetricBook"], ["MetricBook", "RecordModel"]],
};

/** The runtime names the module imports: values, then types. */
function runtimeNames(flow: PhaseFlow): { values: string[]; types: string[] } {
  const values = ["createRollout", "defineModels", "defineRollbackPlan"];
  const types = ["Rollout", "RolloutDepsFor"];
  if (flow.appendOnly.length > 0) {
    values.push("createRecordLog");
    types.push("RecordLog");
  }
  for (const piece of flow.pieces) {
    const [pieceValues, pieceTypes] = PIECE_IMPORTS[piece];
    values.push(...pieceValues);
    types.push(...pieceTypes);
  }
  return { values: [...new Set(values)], types: [...new Set(types)] };
}

function pieceStatements(flow: PhaseFlow): StatementStructure[] {
  const out: StatementStructure[] = [];
  for (const piece of flow.pieces) {
    switch (piece) {
      case "cost-account":
        out.push(
          exportedFunction(
            "createPhaseAccount",
            "The protocol's registry gives this phase task-level cost decomposition and reconciliation: a cost account to pass to its gate as `ledger`, which attributes each task's cost to tenant, capability and provider and denies further spend after a reconciliation mismatch.",
            [],
            [{ name: "options", type: "CostAccountOptions" }],
            "CostAccount",
            "return createCostAccount(options);",
          ),
        );
        break;
      case "capability-trust":
        out.push(
          exportedFunction(
            "createPhaseCapabilityRegistry",
            "The protocol's registry gives this phase capability supply chain trust: a capability registry whose `source()` is the gate's `capabilities`, so that only verified, trusted and active capabilities run, checked again at each checkpoint.",
            [],
            [{ name: "options", type: "CapabilityRegistryOptions" }],
            "CapabilityRegistry",
            "return createCapabilityRegistry(options);",
          ),
        );
        break;
      case "replay-boundary":
        out.push(
          exportedFunction("createPhaseRecorder", "Records this phase's live calls into a snapshot for replay (the protocol's registry gives this phase the deterministic replay boundary).", ["Req", "Res"], [{ name: "live", type: "(request: Req) => Res | Promise<Res>" }], "CallRecorder<Req, Res>", "return createCallRecorder(live);"),
          exportedFunction(
            "createPhaseReplay",
            "Replays a snapshot in place of the live calls, explaining the first divergence field by field; it never calls anything live.",
            ["Req", "Res"],
            [
              { name: "snapshot", type: "ReplaySnapshot" },
              { name: "options", type: "{ now: Now; trace: TraceIds; log?: FlowLog }" },
            ],
            "ReplayBoundary<Req, Res>",
            "return createReplayBoundary(snapshot, options);",
          ),
        );
        break;
      case "degrade":
        out.push(
          exportedFunction(
            "createPhaseDegrade",
            "The protocol's registry gives this phase recovery and degrade: a ladder of declared degrade profiles behind circuit breakers, with a manual takeover switch.",
            ["Req", "Res"],
            [{ name: "options", type: "DegradeOptions<Req, Res>" }],
            "DegradeLadder<Req, Res>",
            "return createDegradeLadder(options);",
          ),
        );
        break;
      case "learning-gate":
        out.push(
          exportedConst(
            "learning",
            "The learning gate's settings: a promotion needs a recorded approval where the phase's policy gate lists approval.",
            (writer) => {
              writer.write("Object.freeze(");
              writeValue(writer, { approvalRequired: flow.plan.approvalRequired });
              writer.write(")");
            },
          ),
          exportedFunction(
            "createPhaseLearningGate",
            "The protocol's registry gives this phase a governed learning loop: a learning delta is promoted only with passing gate evidence, else quarantined.",
            [],
            [{ name: "deps", type: "{ now: Now; log?: FlowLog }" }],
            "LearningGate",
            "return createLearningGate({ ...deps, approvalRequired: learning.approvalRequired });",
          ),
        );
        break;
      case "metric-trace":
        out.push(
          exportedConst(
            "metricModel",
            "The data model business metric records follow: the phase's event model whose keys hold task_id and trace_id (or the runtime's default), so every metric traces back to its task.",
            (writer) => {
              const model = flow.metricModel!;
              if (flow.models.some((declared) => declared.name === model.name)) {
                writer.write(`models[${stringLiteral(model.name)}] satisfies RecordModel`);
                return;
              }
              definedModels([model])(writer);
              writer.write(`[${stringLiteral(model.name)}] satisfies RecordModel`);
            },
          ),
          exportedFunction(
            "createPhaseMetricBook",
            "The protocol's registry gives this phase business loop mapping: a metric book whose records carry task and trace ids and whose aggregates trace back to tasks.",
            [],
            [],
            "MetricBook",
            "return createMetricBook({ model: metricModel });",
          ),
        );
        break;
    }
  }
  return out;
}

function flowStatements(flow: PhaseFlow): StatementStructure[] {
  const statements: StatementStructure[] = [
    exportedConst(
      "rollback",
      "The phase's rollback section compiled: its trigger as clauses over observed metrics (all must hold, for as long as `sustain` says), the action recorded with a rollback, the version it returns to, and whether promotions need an approval (the policy gate lists approval).",
      defined("defineRollbackPlan", { ...flow.plan, trigger: triggerValue(flow.trigger) }),
    ),
    {
      kind: "type",
      docs:
        flow.trigger.clauses.length > 0
          ? "What this phase's rollout needs injected: a clock, the version it releases and the release's trace ids."
          : "What this phase's rollout needs injected: a clock, the version it releases, the release's trace ids, and `condition`, the trigger as a condition over observed metrics (spec-kit could not compile it).",
      name: "PhaseRolloutDeps",
      type: "RolloutDepsFor<typeof rollback>",
    },
    exportedFunction(
      "createPhaseRollout",
      "Starts the rollout of a release of this phase in shadow: promoted through the canary steps to full by `promote`, rolled back to the target version by itself when the trigger holds, or by the rollback switch; each move is an event in its hash-chained log.",
      [],
      [{ name: "deps", type: "PhaseRolloutDeps" }],
      "Rollout",
      "return createRollout(rollback, deps);",
    ),
    exportedConst(
      "models",
      "The phase's data models: kind, keys, whether append-only, and the tenant key of a tenant-scoped one.",
      definedModels(flow.models),
    ),
  ];
  if (flow.appendOnly.length > 0) {
    statements.push(
      { kind: "type", docs: "The names of this phase's append-only data models.", name: "AppendOnlyModel", type: flow.appendOnly.map(stringLiteral).join(" | ") },
      exportedFunction(
        "createModelLog",
        "An append-only, hash-chained log of one of this phase's append-only data models: it refuses a record without one of the model's keys and shows a tenant only its own records.",
        [],
        [{ name: "name", type: "AppendOnlyModel" }],
        "RecordLog",
        "return createRecordLog(models[name]);",
      ),
    );
  }
  return [...statements, ...pieceStatements(flow)];
}

/** Emits `flows/<PHASE_ID>.ts` for every phase, with a note for each trigger it could not compile. */
export const flowEmitter: Emitter = {
  name: "flows",
  emit(input: EmitInput): EmitResult {
    const { phases, notes } = emittablePhases(input, "flows");
    const files: GeneratedFile[] = [];
    const flowNotes: EmitNote[] = [];
    for (const phase of phases) {
      const flow = phaseFlow(phase, input.graph);
      const { values, types } = runtimeNames(flow);
      files.push({
        path: flowPath(phase.phaseId),
        content: printModule({
          header: generatedHeader(lineCommentText(phase.source)),
          imports: [namedImport(input.runtimeImport, values, types)],
          statements: flowStatements(flow),
        }),
      });
      flowNotes.push(...flow.notes);
    }
    return { files, notes: [...notes, ...flowNotes] };
  },
};
