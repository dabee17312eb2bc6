import { StructureKind, VariableDeclarationKind, type StatementStructures } from "ts-morph";
import { generatedHeader, type Emitter, type EmitInput, type EmitResult, type GeneratedFile } from "./emitter.js";
import { emittablePhases, lineCommentText, namedImport, printModule, writeValue, type EmitPhase } from "./ts-source.js";

/** Where the gate of a phase is written, relative to the output folder. */
export function gatePath(phaseId: string): string {
  return `gates/${phaseId}.ts`;
}

function gateStatements(phase: EmitPhase): StatementStructures[] {
  const { guardrails } = phase.report;
  return [
    {
      kind: StructureKind.VariableStatement,
      docs: ["The phase's guardrails as the runtime gate reads them: runtime gates, policy gates, required trace ids."],
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      declarations: [
        {
          name: "policy",
          type: "GatePolicy",
          initializer: (writer) => {
            writer.write("Object.freeze(").inlineBlock(() => {
              writer.write("phaseId: ");
              writeValue(writer, phase.phaseId);
              writer.write(",").newLine();
              for (const [key, values] of [
                ["runtimeGate", guardrails.runtime_gate],
                ["policyGate", guardrails.policy_gate],
                ["auditTrace", guardrails.audit_trace],
              ] as const) {
                writer.write(`${key}: Object.freeze(`);
                writeValue(writer, values);
                writer.write("),").newLine();
              }
            });
            writer.write(")");
          },
        },
      ],
    },
    {
      kind: StructureKind.Function,
      docs: ["Creates this phase's gate with injected dependencies (clock, timers, sink, ledger, authorizer), e.g. a fixed clock in tests."],
      isExported: true,
      name: "createPhaseGate",
      parameters: [{ name: "deps", type: "GateDeps" }],
      returnType: "Gate",
      statements: ["return createGate(policy, deps);"],
    },
    {
      kind: StructureKind.VariableStatement,
      docs: ["This phase's gate on the system clock: `await gate.execute(envelope, task)` runs `task` only for an envelope that passes every check."],
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      declarations: [{ name: "gate", type: "Gate", initializer: "createPhaseGate({ now: () => Date.now() })" }],
    },
  ];
}

/** Emits `gates/<PHASE_ID>.ts`: the phase's `policy`, `createPhaseGate(deps)` and `gate`, built on the runtime's `createGate`. */
export const gateEmitter: Emitter = {
  name: "gates",
  emit(input: EmitInput): EmitResult {
    const { phases, notes } = emittablePhases(input, "gates");
    const files: GeneratedFile[] = phases.map((phase) => ({
      path: gatePath(phase.phaseId),
      content: printModule(gatePath(phase.phaseId), {
        header: generatedHeader(lineCommentText(phase.source)),
        imports: [namedImport(input.runtimeImport, ["createGate"], ["Gate", "GateDeps", "GatePolicy"])],
        statements: gateStatements(phase),
      }),
    }));
    return { files, notes };
  },
};
