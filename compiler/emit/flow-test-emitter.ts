/**
 * Emits `tests/<PHASE_ID>.flows.test.ts`: suites that run the pieces of the phase's flow module
 * (flows/<PHASE_ID>.ts) through the batteries of `spec-kit/runtime/testing`: its rollout and
 * rollback, its append-only data models, and the registry's piece for the phase. A trigger
 * spec-kit could not compile is named as an `it.todo`, beside the cases that show its rollout
 * refuses to build without an injected condition.
 */
import { generatedHeader, type Emitter, type EmitInput, type EmitResult, type GeneratedFile } from "./emitter.js";
import { flowPath, phaseFlow, type PhaseFlow } from "./flow-emitter.js";
import { gatePath } from "./gate-emitter.js";
import type { RegistryPiece } from "./phase-registry.js";
import { testingImport } from "./test-emitter.js";
import { emittablePhases, lineCommentText, namedImport, printModule, stringLiteral, type WriterFunction } from "./ts-source.js";

/** Where the flow suite of a phase is written, relative to the output folder. */
export function flowTestPath(phaseId: string): string {
  return `tests/${phaseId}.flows.test.ts`;
}

/** The title of the block naming a trigger spec-kit could not compile. */
export const UNCOMPILED_TRIGGER_SUITE = "rollback trigger";

/** For each registry piece: the battery, the flow module's exports it takes, and whether it takes the phase's gate too. */
const PIECE_BATTERIES: Readonly<Record<RegistryPiece, { battery: string; exports: readonly string[]; gate: boolean }>> = {
  "cost-account": { battery: "describeCostAccounting", exports: ["createPhaseAccount"], gate: true },
  "capability-trust": { battery: "describeCapabilityTrust", exports: ["createPhaseCapabilityRegistry"], gate: true },
  "replay-boundary": { battery: "describeReplayBoundary", exports: ["createPhaseRecorder", "createPhaseReplay"], gate: false },
  degrade: { battery: "describeDegrade", exports: ["createPhaseDegrade"], gate: false },
  "learning-gate": { battery: "describeLearningGate", exports: ["createPhaseLearningGate", "learning"], gate: false },
  "metric-trace": { battery: "describeMetricTrace", exports: ["createPhaseMetricBook", "metricModel"], gate: false },
};

function call(battery: string, args: readonly string[]): WriterFunction {
  return (writer) => writer.writeLine(`${battery}({ ${args.join(", ")} });`);
}

function suiteFor(flow: PhaseFlow, source: string, runtimeImport: string): string {
  const batteries = ["describeRollback"];
  const flowExports = ["createPhaseRollout", "rollback"];
  const statements: WriterFunction[] = [call("describeRollback", ["rollback", "createPhaseRollout"])];
  if (flow.appendOnly.length > 0) {
    batteries.push("describeModelLogs");
    flowExports.push("createModelLog", "models");
    statements.push(call("describeModelLogs", ["models", "createModelLog"]));
  }
  let usesGate = false;
  for (const piece of flow.pieces) {
    const { battery, exports, gate } = PIECE_BATTERIES[piece];
    batteries.push(battery);
    flowExports.push(...exports);
    usesGate ||= gate;
    statements.push(call(battery, [...(gate ? ["createPhaseGate", "policy"] : []), ...exports]));
  }
  const vitest: string[] = [];
  if (flow.trigger.clauses.length === 0) {
    vitest.push("describe", "it");
    statements.push((writer) => {
      writer.write(`describe(${stringLiteral(UNCOMPILED_TRIGGER_SUITE)}, () => `).inlineBlock(() => {
        writer.writeLine(`it.todo(${stringLiteral(`not compiled, so its rollout needs deps.condition: ${flow.trigger.text}`)});`);
      });
      writer.write(");").newLine();
    });
  }
  const module = (path: string): string => `../${path.replace(/\.ts$/u, ".js")}`;
  return printModule({
    header: generatedHeader(lineCommentText(source)),
    imports: [
      ...(vitest.length > 0 ? [namedImport("vitest", vitest)] : []),
      namedImport(testingImport(runtimeImport), batteries),
      ...(usesGate ? [namedImport(module(gatePath(flow.phaseId)), ["createPhaseGate", "policy"])] : []),
      namedImport(module(flowPath(flow.phaseId)), [...new Set(flowExports)]),
    ],
    statements,
  });
}

/** Emits `tests/<PHASE_ID>.flows.test.ts` for every phase. */
export const flowTestEmitter: Emitter = {
  name: "flow-tests",
  emit(input: EmitInput): EmitResult {
    const { phases, notes } = emittablePhases(input, "flow-tests");
    const files: GeneratedFile[] = phases.map((phase) => ({ path: flowTestPath(phase.phaseId), content: suiteFor(phaseFlow(phase, input.graph), phase.source, input.runtimeImport) }));
    return { files, notes };
  },
};
