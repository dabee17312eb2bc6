/**
 * The names of the protocol and the bundle format that more than one part of spec-kit spells:
 * one home, so that the loader, binding, the rules, the emitters and the CLI cannot disagree.
 */

/** File names a manifest may have at a bundle's root, in order of preference. */
export const MANIFEST_NAMES = ["spec-kit.yaml", "spec-kit.yml", "spec-kit.json"] as const;

/** Whether a file name (a base name, or a path relative to the bundle root) is one a manifest may have. */
export function isManifestName(name: string): boolean {
  return (MANIFEST_NAMES as readonly string[]).includes(name);
}

/** Where phase documents are looked for when the manifest does not say. */
export const DEFAULT_PHASE_GLOBS: readonly string[] = ["phases/**/*.{yaml,yml,json}"];

/** Where mission documents are looked for when the manifest does not say. */
export const DEFAULT_MISSION_GLOBS: readonly string[] = ["missions/**/*.{yaml,yml,json}"];

/**
 * The document kinds spec-kit knows, each with its schema under `schemas/`: the bundle's own
 * (phase reports, missions, the manifest) and the Gen-4 artifacts `validate` checks alone.
 */
export const DOCUMENT_KINDS = ["phase", "mission", "manifest", "trajectory", "evidence-bundle"] as const;

/** One document kind. */
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** The three test levels of a phase report's `tests` (seed 002, §3), in contract order. */
export const TEST_LEVELS = ["unit", "integration", "e2e"] as const;

/** One test level. */
export type TestLevel = (typeof TEST_LEVELS)[number];

/** The three guardrail groups of a phase report's `guardrails`, in contract order. */
export const GUARDRAIL_GROUPS = ["runtime_gate", "policy_gate", "audit_trace"] as const;

/** One guardrail group name. */
export type GuardrailGroup = (typeof GUARDRAIL_GROUPS)[number];
