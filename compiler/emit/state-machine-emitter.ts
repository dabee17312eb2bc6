import { generatedHeader, type Emitter, type EmitInput, type EmitResult, type GeneratedFile } from "./emitter.js";
import { emittablePhases, lineCommentText, namedImport, printModule, stringLiteral, valueWriter, writeValue, type EmitPhase, type StatementStructure, type WriterFunction } from "./ts-source.js";

/** Where the state machine of a phase is written, relative to the output folder. */
export function stateMachinePath(phaseId: string): string {
  return `state-machines/${phaseId}.ts`;
}

/** One transition of a flow machine. */
export interface FlowTransition {
  from: string;
  signal: string;
  to: string;
}

/** A phase flow as a state machine: ids are generated, spec text is kept only as labels. */
export interface FlowMachine {
  initial: string;
  states: string[];
  signals: string[];
  transitions: FlowTransition[];
  finalStates: string[];
  /** State id to the spec text it stands for (the trigger, a step or an exit condition). */
  labels: Record<string, string>;
}

/** The initial state: waiting for the flow's trigger. */
export const IDLE_STATE = "idle";
/** The final state of a flow that lists no exit condition. */
export const DONE_STATE = "done";
/** The label of {@link DONE_STATE}. */
export const DONE_LABEL = "every step completed";

/**
 * Builds the machine of a flow (seed 002 P1): `idle` waits for the trigger (`start`), one state
 * `step-i` per step joined by `next` in step order, one final state `exit-j` per exit condition
 * reached from the last step by the signal of the same name (`done` when there is none). From
 * every step after the first, `reject` returns to the first step and `revise` to the previous one.
 */
export function buildFlowMachine(flow: { trigger: string; steps: readonly string[]; exit_conditions: readonly string[] }): FlowMachine {
  const steps = flow.steps.map((_, i) => `step-${i + 1}`);
  const exits = flow.exit_conditions.map((_, j) => `exit-${j + 1}`);
  const finalStates = exits.length > 0 ? exits : [DONE_STATE];
  const labels: Record<string, string> = { [IDLE_STATE]: flow.trigger };
  flow.steps.forEach((text, i) => (labels[steps[i]!] = text));
  flow.exit_conditions.forEach((text, j) => (labels[exits[j]!] = text));
  if (exits.length === 0) labels[DONE_STATE] = DONE_LABEL;

  const transitions: FlowTransition[] = [];
  if (steps.length > 0) transitions.push({ from: IDLE_STATE, signal: "start", to: steps[0]! });
  steps.forEach((step, i) => {
    if (i + 1 < steps.length) transitions.push({ from: step, signal: "next", to: steps[i + 1]! });
    if (i > 0) {
      transitions.push({ from: step, signal: "reject", to: steps[0]! });
      transitions.push({ from: step, signal: "revise", to: steps[i - 1]! });
    }
  });
  const last = steps.at(-1) ?? IDLE_STATE;
  if (exits.length > 0) for (const exit of exits) transitions.push({ from: last, signal: exit, to: exit });
  else transitions.push({ from: last, signal: "next", to: DONE_STATE });

  return {
    initial: IDLE_STATE,
    states: [IDLE_STATE, ...steps, ...finalStates],
    signals: [...new Set(transitions.map((t) => t.signal))],
    transitions,
    finalStates,
    labels,
  };
}

function constStatement(name: string, docs: string, type: string | undefined, initializer: WriterFunction | string): StatementStructure {
  return { kind: "const", docs, isExported: true, name, ...(type === undefined ? {} : { type }), initializer };
}

function asConst(values: readonly string[]): WriterFunction {
  return (writer) => {
    writeValue(writer, values);
    writer.write(" as const");
  };
}

function machineStatements(phase: EmitPhase): StatementStructure[] {
  const machine = buildFlowMachine(phase.report.flow);
  return [
    constStatement("phaseId", "The phase this machine belongs to.", undefined, valueWriter(phase.phaseId)),
    constStatement("phaseTitle", "The phase's title as its report gives it.", undefined, valueWriter(phase.report.phase_meta.title)),
    constStatement("states", "Every state: `idle`, one per flow step, then the final states.", undefined, asConst(machine.states)),
    { kind: "type", docs: "A state of this machine.", name: "State", type: "(typeof states)[number]" },
    constStatement("signals", "Every signal a transition is declared for.", undefined, asConst(machine.signals)),
    { kind: "type", docs: "A signal of this machine.", name: "Signal", type: "(typeof signals)[number]" },
    constStatement(
      "transitions",
      "The transition table: `next` in step order, `reject` to the first step, `revise` to the previous one, exits from the last step.",
      "readonly TransitionSpec<State, Signal>[]",
      valueWriter(machine.transitions.map((t) => ({ from: t.from, signal: t.signal, to: t.to }))),
    ),
    constStatement("finalStates", "The states a run ends in: the flow's exit conditions.", "readonly State[]", valueWriter(machine.finalStates)),
    constStatement("stateLabels", "What each state stands for in the phase report: the trigger, a step or an exit condition.", "Readonly<Record<State, string>>", valueWriter(machine.labels)),
    constStatement(
      "machine",
      "The phase's state machine: only the declared transitions are legal.",
      "StateMachine<State, Signal>",
      `defineStateMachine({ initial: ${stringLiteral(machine.initial)}, states, transitions })`,
    ),
  ];
}

/** Emits `state-machines/<PHASE_ID>.ts`: the phase flow as a runtime state machine plus its transition table. */
export const stateMachineEmitter: Emitter = {
  name: "state-machines",
  emit(input: EmitInput): EmitResult {
    const { phases, notes } = emittablePhases(input, "state-machines");
    const files: GeneratedFile[] = phases.map((phase) => ({
      path: stateMachinePath(phase.phaseId),
      content: printModule({
        header: generatedHeader(lineCommentText(phase.source)),
        imports: [namedImport(input.runtimeImport, ["defineStateMachine"], ["StateMachine", "TransitionSpec"])],
        statements: machineStatements(phase),
      }),
    }));
    return { files, notes };
  },
};
