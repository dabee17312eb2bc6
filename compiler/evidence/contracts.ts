import { compareStrings } from "../diagnostics.js";
import type { ArtifactEvidence, ArtifactType } from "../types/artifact-evidence.js";
import type { ValidationReport } from "../types/validation-report.js";
import { MANIFEST_PATH } from "./paths.js";
import type { Subject } from "./statement.js";
import { evidenceId } from "./uuid.js";

/** Who reviews what `verify` accepts (the Gen-4 Verifier role). */
export const REVIEWER = "spec-kit verify";

/** The time contracts carry when SOURCE_DATE_EPOCH is unset: fixed, so the output stays byte-identical. */
export const EPOCH_TIME = "1970-01-01T00:00:00.000Z";

/** One suite a verifier ran, and the artifact (output path) it verified. */
export interface SuiteOutcome {
  suite: string;
  /** Path relative to the output folder; {@link MANIFEST_PATH} stands for the output as a whole. */
  artifact: string;
  passed: boolean;
  /** Share of the suite's cases that ran (skipped cases lower it), in [0, 1]. */
  coverage: number;
}

/** What kind of artifact a generated path is. */
export function artifactType(path: string): ArtifactType {
  if (path.startsWith("tests/")) return "test";
  if (path.startsWith("graph/") || path.startsWith("evidence/") || path.endsWith(".json")) return "analysis";
  return "code";
}

/** The artifact's URI: a URN naming the bundle's evidence id and the path (each segment percent-encoded). */
export function artifactUri(bundleId: string, path: string): string {
  return `urn:spec-kit:${encodeURIComponent(bundleId)}:${path.split("/").map(encodeURIComponent).join("/")}`;
}

/** The mission id of a run: derived from the input digest, so one input is one mission. */
export function missionIdOf(inputDigest: string): string {
  return evidenceId("mission", inputDigest);
}

/** The artifact id of one file version: derived from its path and digest. */
export function artifactIdOf(path: string, sha256: string): string {
  return evidenceId("artifact", path, sha256);
}

/**
 * An ArtifactEvidence per subject, plus one for the statement itself (type `analysis`), which
 * stands for the output as a whole. Sorted by URI.
 */
export function artifactEvidence(subjects: readonly Subject[], manifestSha256: string, bundleId: string, inputDigest: string): ArtifactEvidence[] {
  const missionId = missionIdOf(inputDigest);
  const all = [...subjects, { name: MANIFEST_PATH, digest: { sha256: manifestSha256 } }];
  return all
    .map((s) => ({
      artifactId: artifactIdOf(s.name, s.digest.sha256),
      missionId,
      type: artifactType(s.name),
      uri: artifactUri(bundleId, s.name),
      checksum: `sha256:${s.digest.sha256}`,
      reviewer: REVIEWER,
    }))
    .sort((a, b) => compareStrings(a.uri, b.uri));
}

/** A ValidationReport per suite, ids derived from content, sorted by suite name. */
export function validationReports(suites: readonly SuiteOutcome[], artifacts: readonly ArtifactEvidence[], bundleId: string, time: string): ValidationReport[] {
  const byUri = new Map(artifacts.map((a) => [a.uri, a.artifactId]));
  return suites
    .map((s) => {
      const artifactId = byUri.get(artifactUri(bundleId, s.artifact)) ?? byUri.get(artifactUri(bundleId, MANIFEST_PATH))!;
      const result = s.passed ? ("pass" as const) : ("fail" as const);
      return { reportId: evidenceId("report", s.suite, artifactId, result, String(s.coverage)), artifactId, suite: s.suite, result, coverage: s.coverage, generatedAt: time };
    })
    .sort((a, b) => compareStrings(a.suite, b.suite));
}
