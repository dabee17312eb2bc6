/**
 * The protocol's phase registry (seed 002 §5, with the core flows of §9), as far as it decides
 * what is generated. A phase's own declarations decide most of its generated code (its rollback
 * section, guardrails, data models, flow); the registry decides what no declaration says: which
 * runtime piece a phase's core target needs. It is keyed by phase id, as the registry is.
 */

/** A runtime piece the registry wires into a phase's generated flow module. */
export type RegistryPiece = "cost-account" | "capability-trust" | "replay-boundary" | "degrade" | "learning-gate" | "metric-trace";

/** One registry row: the phase's core target and acceptance as the seed words them, and the pieces they decide. */
export interface RegistryEntry {
  readonly phaseId: string;
  readonly coreTarget: string;
  readonly coreAcceptance: string;
  readonly pieces: readonly RegistryPiece[];
}

/** The rows of seed 002 §5 that decide generated code beyond what every phase gets. */
export const PHASE_REGISTRY: readonly RegistryEntry[] = Object.freeze([
  { phaseId: "P6", coreTarget: "Gray rollout", coreAcceptance: "shadow/canary/full/rollback operable", pieces: [] },
  { phaseId: "P8", coreTarget: "Cost and budget ledger", coreAcceptance: "task-level cost decomposition + reconciliation", pieces: ["cost-account"] },
  { phaseId: "P9", coreTarget: "Capability supply chain trust", coreAcceptance: "only verified+trusted+active execution", pieces: ["capability-trust"] },
  { phaseId: "P10", coreTarget: "Deterministic replay boundary", coreAcceptance: "snapshot replay + explainable drift", pieces: ["replay-boundary"] },
  { phaseId: "P11", coreTarget: "Recovery/degrade/chaos", coreAcceptance: "MTTR + degrade success targets met", pieces: ["degrade"] },
  { phaseId: "P12", coreTarget: "Governed learning loop", coreAcceptance: "learning must pass gate before promotion", pieces: ["learning-gate"] },
  { phaseId: "P13", coreTarget: "Business loop mapping", coreAcceptance: "revenue-cost-profit-risk traceable to task", pieces: ["metric-trace"] },
] satisfies RegistryEntry[]);

/** The registry pieces of a phase, by its id (none for an id the registry does not decide for). */
export function registryPieces(phaseId: string): readonly RegistryPiece[] {
  return PHASE_REGISTRY.find((entry) => entry.phaseId === phaseId)?.pieces ?? [];
}

/** Whether the registry makes the gate of `phaseId` check capability trust (P9: "only verified+trusted+active execution"). */
export function needsCapabilityTrust(phaseId: string): boolean {
  return registryPieces(phaseId).includes("capability-trust");
}
