import type { Bundle } from "../bundle.js";
import type { TaskGraph } from "../bind/task-graph.js";
import { own } from "../guards.js";
import { compareStrings } from "../diagnostics.js";
import type { PolicyInput, PolicyInputPhase } from "../types/policy-input.js";

/**
 * The `input` of every policy entrypoint (schemas/policy-input.schema.json): the full task
 * graph and the bundle's documents as parsed, sorted by file so that the input, and with it
 * every result, is the same whatever order the files were read in.
 */
export function buildPolicyInput(bundle: Bundle, graph: TaskGraph): PolicyInput {
  const byFile = <T extends { file: string }>(a: T, b: T): number => compareStrings(a.file, b.file);
  const phases = bundle.phases
    .map((phase): PolicyInputPhase => {
      const id = own(own(phase.data, "phase_meta"), "phase_id");
      const entry: PolicyInputPhase = { file: phase.document.file, data: phase.data };
      if (typeof id === "string") entry.id = id;
      return entry;
    })
    .sort(byFile);
  const missions = bundle.missions.map((mission) => ({ file: mission.document.file, data: mission.data })).sort(byFile);
  const name = own(bundle.manifest.data, "name");
  return {
    policyInput: 1,
    bundle: typeof name === "string" ? name : "",
    graph: graph.toJSON(),
    manifest: { file: bundle.manifest.document.file, data: bundle.manifest.data },
    phases,
    missions,
  };
}
