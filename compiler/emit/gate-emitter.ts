import { generatedHeader, type Emitter, type EmitInput, type EmitResult, type GeneratedFile } from "./emitter.js";
import { gateInjections } from "../guardrail-names.js";
import { needsCapabilityTrust } from "./phase-registry.js";
import { emittablePhases, lineCommentText, namedImport, printModule, writeValue, type EmitPhase, type StatementStructure } from "./ts-source.js";

/** Where the gate of a phase is written, relative to the output folder. */
export function gatePath(phaseId: string): string {
  return `gates/${phaseId}.ts`;
}

/**
 * What the host must inject for the gate of a phase, in words that name no check: spec strings
 * reach generated code only as escaped literals, never in a comment. `PhaseGateDeps` spells the
 * exact names out as a type.
 */
function injectionDoc(needsNothing: boolean, capabilityTrust: boolean): string {
  return needsNothing
    ? "What this phase's gate needs injected: only a clock; the gate checks everything this phase lists itself."
    : "What this phase's gate needs injected: a clock, a decision source in `checks` for each check of `policy` that needs one, " +
        "and the lease revocation source `leases` where `policy` lists tenant boundary" +
        (capabilityTrust ? ", and the capability trust source `capabilities` (the protocol's registry gives this phase capability trust)" : "") +
        ". Leaving one out does not compile, and the runtime refuses to build the gate without it.";
}

function gateNeedsNothing(phase: EmitPhase): boolean {
  const { guardrails } = phase.report;
  const injections = gateInjections(guardrails.runtime_gate, guardrails.policy_gate);
  return injections.checks.length === 0 && !injections.leases && !needsCapabilityTrust(phase.phaseId);
}

function gateStatements(phase: EmitPhase): StatementStructure[] {
  const { guardrails } = phase.report;
  const needsNothing = gateNeedsNothing(phase);
  const statements: StatementStructure[] = [
    {
      kind: "const",
      docs: needsCapabilityTrust(phase.phaseId)
        ? "The phase's guardrails as the runtime gate reads them: runtime gates, policy gates, required trace ids; and capability trust, which the protocol's registry gives this phase."
        : "The phase's guardrails as the runtime gate reads them: runtime gates, policy gates, required trace ids.",
      isExported: true,
      name: "policy",
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
            writer.write(" as const),").newLine();
          }
          if (needsCapabilityTrust(phase.phaseId)) writer.write("capabilityTrust: true,").newLine();
        });
        writer.write(") satisfies GatePolicy");
      },
    },
    {
      kind: "type",
      docs: injectionDoc(needsNothing, needsCapabilityTrust(phase.phaseId)),
      name: "PhaseGateDeps",
      type: "GateDepsFor<typeof policy>",
    },
    {
      kind: "function",
      docs: "Creates this phase's gate with its injected dependencies (clock, decision sources, revocation source, sink, ledger, timers).",
      name: "createPhaseGate",
      typeParameters: [],
      parameters: [{ name: "deps", type: "PhaseGateDeps" }],
      returnType: "Gate",
      body: "return createGate(policy, deps);",
    },
  ];
  statements.push({
    kind: "const",
    docs: needsNothing
      ? "This phase's gate on the system clock (it needs nothing injected): `await gate.execute(envelope, task)` runs `task` only for an envelope that passes every check."
      : "This phase's gate with nothing injected: it denies every envelope (`dependency missing`), because its checks need decision sources only the host can give. " +
        "Build the working gate with `createPhaseGate(deps)`.\n@deprecated Denies every envelope: use `createPhaseGate(deps)`.",
    isExported: true,
    name: "gate",
    type: "Gate",
    initializer: needsNothing ? "createPhaseGate({ now: () => Date.now() })" : "createGate(policy, uninjectedDeps(policy, () => Date.now()))",
  });
  return statements;
}

/**
 * Emits `gates/<PHASE_ID>.ts`: the phase's `policy`, its `PhaseGateDeps` type and
 * `createPhaseGate(deps)`, built on the runtime's `createGate`; and INTERFACE §5's `gate`: on the
 * system clock for a phase whose checks need nothing injected, else built from stand-ins that deny
 * every envelope, so that no phase's `gate` can allow without its decision sources.
 */
export const gateEmitter: Emitter = {
  name: "gates",
  emit(input: EmitInput): EmitResult {
    const { phases, notes } = emittablePhases(input, "gates");
    const files: GeneratedFile[] = phases.map((phase) => ({
      path: gatePath(phase.phaseId),
      content: printModule({
        header: generatedHeader(lineCommentText(phase.source)),
        imports: [namedImport(input.runtimeImport, gateNeedsNothing(phase) ? ["createGate"] : ["createGate", "uninjectedDeps"], ["Gate", "GateDepsFor", "GatePolicy"])],
        statements: gateStatements(phase),
      }),
    }));
    return { files, notes };
  },
};
