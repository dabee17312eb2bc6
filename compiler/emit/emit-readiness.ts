/**
 * What must hold of a bundle before anything is generated from it, whatever severities the
 * manifest or the command line configure: rules can be turned off, but a document that did not
 * load, does not match its schema, or cannot name its files would silently be left out of the
 * output (or collide in it). `apply` asks {@link emitBlockers} before it emits.
 */
import type { Bundle } from "../bundle.js";
import { compareStrings } from "../diagnostics.js";
import { PHASE_ID_PATTERN, foldedName, windowsDeviceName } from "../portable-names.js";

/** A document that keeps a bundle from being generated from, and why. */
export interface EmitBlocker {
  /** Relative to the bundle root. */
  file: string;
  reason: string;
}

/**
 * Every reason the bundle cannot be generated from, sorted by file: documents that did not load
 * (`protocol/parse`), phase and mission documents that do not match their schema, phase ids
 * that are not safe file names, are Windows device names, or repeat another phase's id in any
 * case. Empty when the bundle may be generated from. Pure.
 */
export function emitBlockers(bundle: Bundle): EmitBlocker[] {
  const blockers: EmitBlocker[] = [];
  for (const file of bundle.unloaded ?? []) blockers.push({ file, reason: "did not load (not well-formed JSON or YAML, unreadable or unsafe)" });
  for (const mission of bundle.missions) {
    if (!mission.valid) blockers.push({ file: mission.document.file, reason: "does not match the mission schema" });
  }
  const byId = new Map<string, { phaseId: string; file: string }>();
  const phases = [...bundle.phases].sort((a, b) => compareStrings(a.document.file, b.document.file));
  for (const phase of phases) {
    const file = phase.document.file;
    if (!phase.valid) {
      blockers.push({ file, reason: "does not match the phase-report schema" });
      continue;
    }
    const phaseId = phase.data.phase_meta.phase_id;
    const device = windowsDeviceName(phaseId);
    const first = byId.get(foldedName(phaseId));
    if (!PHASE_ID_PATTERN.test(phaseId)) blockers.push({ file, reason: `its phase id ${JSON.stringify(phaseId)} is not a safe file name` });
    else if (device !== undefined) blockers.push({ file, reason: `its phase id ${phaseId} is the Windows device name ${device}` });
    else if (first !== undefined) blockers.push({ file, reason: `its phase id ${phaseId} names the same files as phase ${first.phaseId} of ${first.file}` });
    else byId.set(foldedName(phaseId), { phaseId, file });
  }
  return blockers.sort((a, b) => compareStrings(a.file, b.file) || compareStrings(a.reason, b.reason));
}
