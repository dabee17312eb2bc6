import { canonicalJson } from "../../common/canonical-json.js";
import { compareStrings } from "../diagnostics.js";
import { sha256Hex } from "./digest.js";
import { isEvidencePath } from "./paths.js";
import { prettyJson } from "./pretty-json.js";
import { formatTally, NOT_RUN, type VerificationReport, type VerifierTally } from "./verification-summary.js";

/** The in-toto Statement v1 type. */
export const STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
/** spec-kit's evidence predicate type. */
export const PREDICATE_TYPE = "https://spec-kit.dev/evidence/v1";
/** The Gen-4 gate every spec-kit evidence bundle is produced for. */
export const GOVERNANCE_GATE = "Gen4-Compile";

/** One attested file: its path relative to the output folder and its SHA-256. */
export interface Subject {
  name: string;
  digest: { sha256: string };
}

/**
 * The tools the output was made with. `node` is the supported range from spec-kit's
 * `engines`, not the running version: the exact version would make the same output differ
 * byte for byte between machines, so it is recorded only in the ledger.
 */
export interface Toolchain {
  node: string;
  spec_kit: string;
  /** `sha256:<hex>` of spec-kit's own package-lock.json; absent when it is not shipped (an installed package). */
  lockfile?: string;
}

/** Enough to rebuild the output: the input digest, the toolchain, and whether a clean replay matched. */
export interface Reproducibility {
  input_snapshot: string;
  toolchain: Toolchain;
  /** The deterministic replay of `verify`: `pass (n/n)` files identical; absent when `apply` wrote the statement. */
  replay?: string;
}

/**
 * The test cases behind `verification_report.execution_tests`: those that ran (and passed), and
 * apart from them those only named (`it.todo`: a phase's prose tests, an unreadable criterion or
 * trigger) and those skipped (acceptance criteria without metrics).
 */
export interface TestCaseCounts {
  executed: number;
  passed: number;
  todo: number;
  skipped: number;
}

/** The Gen-4 Evidence Bundle fields (seed 000 §4.2) as the statement's predicate. */
export interface EvidencePredicate {
  bundle_id: string;
  governance_gate: string;
  input_digest: string;
  verification_report: VerificationReport;
  /** Present when the generated suites ran (`verify`). */
  test_cases?: TestCaseCounts;
  reproducibility: Reproducibility;
  /** ISO 8601, only from SOURCE_DATE_EPOCH. */
  timestamp?: string;
}

/** The whole statement written to evidence/manifest.json. */
export interface EvidenceStatement {
  _type: string;
  subject: Subject[];
  predicateType: string;
  predicate: EvidencePredicate;
}

/** A file the statement attests: path relative to the output folder, and its content. */
export interface AttestedFile {
  path: string;
  content: string | Uint8Array;
  /** The SHA-256 (hex) of `content` when the caller has computed it already; computed here otherwise. */
  sha256?: string;
}

/** The verifier families' outcomes; a family left out did not run. */
export interface VerifierTallies {
  execution_tests?: VerifierTally;
  static_checks?: VerifierTally;
  policy_eval?: VerifierTally;
}

/** Everything a statement is built from. */
export interface StatementInputs {
  /** Generated files; those under evidence/ are left out. */
  files: readonly AttestedFile[];
  /** From {@link inputDigest}. */
  inputDigest: string;
  toolchain: Toolchain;
  tallies?: VerifierTallies;
  replay?: VerifierTally;
  /** ISO 8601 time (from SOURCE_DATE_EPOCH); omitted when undefined. */
  time?: string;
}

/** The statement's subjects: every file outside evidence/, sorted by name. */
export function subjectsOf(files: readonly AttestedFile[]): Subject[] {
  return files
    .filter((file) => !isEvidencePath(file.path))
    .map((file) => ({ name: file.path, digest: { sha256: file.sha256 ?? sha256Hex(file.content) } }))
    .sort((a, b) => compareStrings(a.name, b.name));
}

/** A content-derived bundle id: `ev-` and the first 16 hex digits of the statement's digest without the id. */
export function bundleIdOf(statement: EvidenceStatement): string {
  const predicate: Partial<EvidencePredicate> = { ...statement.predicate };
  delete predicate.bundle_id;
  return `ev-${sha256Hex(canonicalJson({ ...statement, predicate })).slice(0, 16)}`;
}

/** Builds the statement; deterministic in its inputs. */
export function buildStatement(inputs: StatementInputs): EvidenceStatement {
  const tallies = inputs.tallies ?? {};
  const reproducibility: Reproducibility = { input_snapshot: inputs.inputDigest, toolchain: { ...inputs.toolchain } };
  if (inputs.replay) reproducibility.replay = formatTally(inputs.replay);
  const predicate: EvidencePredicate = {
    bundle_id: "",
    governance_gate: GOVERNANCE_GATE,
    input_digest: inputs.inputDigest,
    verification_report: {
      execution_tests: formatTally(tallies.execution_tests ?? NOT_RUN),
      static_checks: formatTally(tallies.static_checks ?? NOT_RUN),
      policy_eval: formatTally(tallies.policy_eval ?? NOT_RUN),
    },
    reproducibility,
  };
  const tests = tallies.execution_tests;
  if (tests?.run === true && (tests.todo !== undefined || tests.skipped !== undefined)) {
    predicate.test_cases = { executed: tests.total, passed: tests.passed, todo: tests.todo ?? 0, skipped: tests.skipped ?? 0 };
  }
  if (inputs.time !== undefined) predicate.timestamp = inputs.time;
  const statement: EvidenceStatement = { _type: STATEMENT_TYPE, subject: subjectsOf(inputs.files), predicateType: PREDICATE_TYPE, predicate };
  predicate.bundle_id = bundleIdOf(statement);
  return statement;
}

/** The statement's bytes as written to evidence/manifest.json and signed: pretty, keys sorted, trailing newline. */
export function serializeStatement(statement: EvidenceStatement): string {
  return prettyJson(statement);
}
