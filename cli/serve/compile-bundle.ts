import type { Signer } from "../../compiler/evidence/build-evidence.js";
import { sha256Hex } from "../../compiler/evidence/digest.js";
import { inputDigest } from "../../compiler/evidence/input-digest.js";
import { emitBlockers } from "../../compiler/emit/emit-readiness.js";
import { checkBundle } from "../../compiler/program.js";
import type { TaskGraphDocument } from "../../compiler/types/task-graph.js";
import { ALL_RULES } from "../../rules/index.js";
import { emitWithEvidence } from "../apply/emit-output.js";
import { createMemoryCodeHost } from "../code-host.js";
import { bundleFiles } from "../evidence/input-files.js";
import { evidenceFor, evidenceSettingsOf } from "../evidence/apply-evidence.js";
import { inputDigest as applyInputDigest } from "../apply/input-digest.js";
import { replayRecordOf } from "../apply/replay-record.js";
import { json } from "../formatters/json.js";
import { createMemoryHost } from "../memory-host.js";
import { createPolicyHost } from "../policy/policy-host.js";

/** One file of a submitted bundle: a safe relative path (already checked) and its bytes. */
export interface BundleFile {
  path: string;
  bytes: Uint8Array;
}

/** What a worker is asked to do with a submitted bundle. */
export interface CompileJob {
  files: BundleFile[];
  /** Also generate, as `spec-kit apply` would, when no error stands. */
  apply: boolean;
}

/** How the service compiles: its signing key (if any) and environment (SOURCE_DATE_EPOCH). */
export interface CompileSettings {
  signer?: Signer;
  /** The signing key's DSSE key id: part of apply's input digest, as `apply --sign-key` makes it. */
  keyid?: string;
  env: Readonly<Record<string, string | undefined>>;
}

/** The `check --format json` report: exactly its keys. */
export interface CheckReport {
  diagnostics: { ruleId: string; severity: string; message: string; file: string; line: number; column: number }[];
  summary: { errors: number; warnings: number; files: number };
}

/** What a compile gives back to the server. */
export interface CompileAnswer {
  report: CheckReport;
  /** The typed task graph (`spec-kit graph --format json`), or null when the manifest is unusable. */
  graph: TaskGraphDocument | null;
  /** Digest of every submitted file (paths and bytes), `sha256:<hex>`. */
  inputDigest: string;
  /** With `apply` and no error: every file `apply` writes, evidence included, sorted by path. */
  files?: { path: string; content: string }[];
  /** The emitters' notes, with `apply`. */
  notes?: string[];
  /** SHA-256 of the report's and the graph's JSON text, and of each generated file. */
  digests: { report: string; graph?: string; artifacts?: Record<string, string> };
}

const decoder = new TextDecoder();

/**
 * Checks a bundle held in memory with every shipped rule, and with `apply` generates what
 * `spec-kit apply` would, through the same emitters and evidence code, with nothing written
 * anywhere. Code rules, when the manifest asks for them, read only the submitted files.
 */
export async function compileBundle(job: CompileJob, settings: CompileSettings): Promise<CompileAnswer> {
  const byPath: Record<string, Uint8Array> = Object.create(null) as Record<string, Uint8Array>;
  const texts: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const file of job.files) {
    byPath[file.path] = file.bytes;
    texts[file.path] = decoder.decode(file.bytes);
  }
  const host = createMemoryHost(byPath);
  // The manifest's policies run as in `check`, each on its own worker under its budget: a bundle that lists them is never compiled without them.
  const result = checkBundle(host, { rules: ALL_RULES, code: { host: createMemoryCodeHost(texts) }, policies: { host: createPolicyHost(host) } });
  const report = JSON.parse(json({ diagnostics: result.diagnostics, summary: result.summary, documents: result.documents })) as CheckReport;
  const graph = result.graph ? result.graph.toJSON() : null;
  const answer: CompileAnswer = {
    report,
    graph,
    inputDigest: inputDigest(job.files.map((file) => ({ path: file.path, sha256: sha256Hex(file.bytes) }))),
    digests: { report: `sha256:${sha256Hex(JSON.stringify(report))}`, ...(graph ? { graph: `sha256:${sha256Hex(JSON.stringify(graph))}` } : {}) },
  };
  if (!job.apply || result.summary.errors > 0 || !result.bundle || !result.graph) return answer;
  // As apply: whatever severities the manifest sets, nothing is generated from a document that did not load.
  const blockers = emitBlockers(result.bundle);
  if (blockers.length > 0) {
    answer.notes = blockers.map(({ file, reason }) => `not generated: ${file}: ${reason}`);
    return answer;
  }

  const documents = result.bundle ? bundleFiles(result.bundle) : [];
  const bundleDigest = inputDigest(documents.map((path) => ({ path, sha256: sha256Hex(byPath[path] ?? new Uint8Array()) })));
  const applyDigest = applyInputDigest(result, evidenceSettingsOf(settings.env, settings.keyid ?? null));
  const emission = await emitWithEvidence(result, applyDigest, (files) =>
    evidenceFor({
      files,
      diagnostics: result.diagnostics,
      ...(result.policies ? { policies: result.policies } : {}),
      inputDigest: bundleDigest,
      previous: {},
      ...(settings.signer ? { signer: settings.signer } : {}),
      env: settings.env,
    }),
    undefined,
    // The record `apply` writes for these files (the service sets no severities).
    replayRecordOf(result),
  );
  answer.files = emission.files;
  answer.notes = emission.notes;
  answer.digests.artifacts = Object.fromEntries(emission.files.map((file) => [file.path, `sha256:${sha256Hex(file.content)}`]));
  return answer;
}

/** A compile answer as the worker hands it back: the response body already serialized, and what the audit record needs. */
export interface RenderedAnswer {
  summary: CheckReport["summary"];
  inputDigest: string;
  digests: CompileAnswer["digests"];
  /** The response body without its closing brace: the check JSON, `graph`, `input_digest`, and with apply `files` and `notes`. */
  jsonOpen: string;
}

/**
 * Serializes an answer in the worker, so that the server's main thread neither copies the graph
 * object across threads nor stringifies it: it only appends the log record's position.
 */
export function renderAnswer(answer: CompileAnswer): RenderedAnswer {
  const body: Record<string, unknown> = { ...answer.report, graph: answer.graph, input_digest: answer.inputDigest };
  if (answer.files) {
    body["files"] = Object.fromEntries(answer.files.map((file) => [file.path, file.content]));
    body["notes"] = answer.notes ?? [];
  }
  const json = JSON.stringify(body);
  return { summary: answer.report.summary, inputDigest: answer.inputDigest, digests: answer.digests, jsonOpen: json.slice(0, -1) };
}
