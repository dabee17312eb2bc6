import { readCriterion, type CriterionClause, type InexactReason } from "../acceptance.js";
import { TEST_LEVELS } from "../constants.js";
import { generatedHeader, type EmitNote, type Emitter, type EmitInput, type EmitResult, type GeneratedFile } from "./emitter.js";
import { gatePath } from "./gate-emitter.js";
import { emittablePhases, lineCommentText, namedImport, printModule, stringLiteral, writeValue, type EmitPhase, type LiteralValue, type StatementStructure, type WriterFunction } from "./ts-source.js";

/** Where the test suite of a phase is written, relative to the output folder. */
export function testPath(phaseId: string): string {
  return `tests/${phaseId}.test.ts`;
}

/** The environment variable naming the metrics JSON file generated suites read: `{ "<PHASE_ID>": { "<metric>": number } }`. */
export const METRICS_ENV = "SPEC_KIT_METRICS";


/**
 * The module generated suites import the gate escape battery from, next to `runtimeImport`:
 * `spec-kit/runtime` gives `spec-kit/runtime/testing`, a path to `index.js` gives `testing.js`
 * beside it.
 */
export function testingImport(runtimeImport: string): string {
  return /\/index\.js$/u.test(runtimeImport) ? runtimeImport.replace(/index\.js$/u, "testing.js") : `${runtimeImport}/testing`;
}

function constant(name: string, docs: string, initializer: string): StatementStructure {
  return { kind: "const", docs, isExported: false, name, initializer };
}

function metricsStatements(): StatementStructure[] {
  return [
    constant("metricsFile", `The measured metrics file named by ${METRICS_ENV}, if any.`, `process.env[${stringLiteral(METRICS_ENV)}]`),
    constant(
      "metrics",
      "This phase's measured metrics, which the acceptance criteria are checked against; undefined without a metrics file.",
      'metricsFile === undefined || metricsFile === "" ? undefined : phaseMetrics(JSON.parse(readFileSync(metricsFile, "utf8")), policy.phaseId)',
    ),
  ];
}

/** The escape battery of the runtime's testing module, on this phase's gate and policy. */
const escapeTests: WriterFunction = (writer) => {
  writer.writeLine("describeGateEscapes({ createPhaseGate, policy });");
};

/** The title of the block holding the phase's `tests` entries. */
export const SPECIFIED_SUITE = "specified tests";

function specifiedTests(phase: EmitPhase): WriterFunction[] {
  const names = TEST_LEVELS.flatMap((kind) => phase.report.tests[kind].map((item) => `${kind}: ${typeof item === "string" ? item : item.text}`));
  if (names.length === 0) return [];
  return [
    (writer) => {
      writer.write(`describe(${stringLiteral(SPECIFIED_SUITE)}, () => `).inlineBlock(() => {
        for (const name of names) writer.writeLine(`it.todo(${stringLiteral(name)});`);
      });
      writer.write(");").newLine();
    },
  ];
}

/** A phase's acceptance criteria as `readCriterion` reads them. */
export interface ReadCriteria {
  /** Read exactly: each becomes a test that asserts every clause. */
  parsed: { text: string; clauses: CriterionClause[] }[];
  /** A comparison that cannot be read exactly: an `it.todo` naming why (and a `protocol/exact-acceptance` warning). */
  inexact: { text: string; reason: InexactReason; detail: string }[];
  /** No comparison at all: an `it.todo` (and a `protocol/measurable-acceptance` warning). */
  unmeasurable: string[];
}

/** A phase's acceptance criteria, split by how `readCriterion` reads them. */
export function readCriteria(acceptance: readonly string[]): ReadCriteria {
  const criteria: ReadCriteria = { parsed: [], inexact: [], unmeasurable: [] };
  for (const text of acceptance) {
    const reading = readCriterion(text);
    if (reading.status === "exact") criteria.parsed.push({ text, clauses: reading.clauses });
    else if (reading.status === "inexact") criteria.inexact.push({ text, reason: reading.reason, detail: reading.detail });
    else criteria.unmeasurable.push(text);
  }
  return criteria;
}

/** The title of the `it.todo` of a criterion that states a comparison spec-kit cannot read exactly. */
export function inexactTitle(text: string, reason: InexactReason): string {
  return `not read exactly (${reason}): ${text}`;
}

function clauseValue(clause: CriterionClause): LiteralValue {
  const value: { [key: string]: LiteralValue } = { metric: clause.metric, comparator: clause.comparator, threshold: clause.threshold, unit: clause.unit };
  if (clause.rate) value.rate = { per: clause.rate.per, unit: clause.rate.unit };
  return value;
}

function acceptanceTests(phase: EmitPhase): WriterFunction {
  const { parsed, inexact, unmeasurable } = readCriteria(phase.report.acceptance);
  const skipped = `acceptance criteria (skipped: no metrics for this phase; set ${METRICS_ENV} to a metrics JSON file)`;
  return (writer) => {
    writer.write(`describe(metrics === undefined ? ${stringLiteral(skipped)} : ${stringLiteral("acceptance criteria")}, () => `).inlineBlock(() => {
      for (const { text, clauses } of parsed) {
        writer.write(`it.skipIf(metrics === undefined)(${stringLiteral(text)}, () => `).inlineBlock(() => {
          // One clause keeps the plain name; each clause of several has its own verdict.
          clauses.forEach((clause, index) => {
            const verdict = clauses.length === 1 ? "verdict" : `verdict${index + 1}`;
            writer.write(`const ${verdict} = checkCriterion(metrics, `);
            writeValue(writer, clauseValue(clause));
            writer.write(");").newLine();
            writer.writeLine(`expect(${verdict}.holds, ${verdict}.message).toBe(true);`);
          });
        });
        writer.write(");").newLine();
      }
      for (const { text, reason } of inexact) writer.writeLine(`it.todo(${stringLiteral(inexactTitle(text, reason))});`);
      for (const text of unmeasurable) writer.writeLine(`it.todo(${stringLiteral(`not measurable: ${text}`)});`);
    });
    writer.write(");").newLine();
  };
}

function suiteFor(phase: EmitPhase, runtimeImport: string): string {
  const gateModule = `../${gatePath(phase.phaseId).replace(/\.ts$/u, ".js")}`;
  const checksMetrics = readCriteria(phase.report.acceptance).parsed.length > 0;
  return printModule({
    header: generatedHeader(lineCommentText(phase.source)),
    imports: [
      namedImport("node:fs", ["readFileSync"]),
      namedImport("vitest", checksMetrics ? ["describe", "expect", "it"] : ["describe", "it"]),
      namedImport(runtimeImport, checksMetrics ? ["checkCriterion", "phaseMetrics"] : ["phaseMetrics"]),
      namedImport(testingImport(runtimeImport), ["describeGateEscapes"]),
      namedImport(gateModule, ["createPhaseGate", "policy"]),
    ],
    statements: [...metricsStatements(), escapeTests, ...specifiedTests(phase), acceptanceTests(phase)],
  });
}

/**
 * Emits `tests/<PHASE_ID>.test.ts`: the gate escape battery of `spec-kit/runtime/testing`
 * (`describeGateEscapes`) on the phase's gate and policy, the phase's
 * `tests` entries as `it.todo` specifications, and its acceptance criteria checked against the
 * metrics file named by `SPEC_KIT_METRICS` (skipped without one), one test per criterion
 * asserting each of its clauses. A note per phase counts the criteria that do not read exactly;
 * they become `it.todo` too, named with the reason.
 */
export const testEmitter: Emitter = {
  name: "tests",
  emit(input: EmitInput): EmitResult {
    const { phases, notes } = emittablePhases(input, "tests");
    const files: GeneratedFile[] = [];
    const parseNotes: EmitNote[] = [];
    for (const phase of phases) {
      files.push({ path: testPath(phase.phaseId), content: suiteFor(phase, input.runtimeImport) });
      const { inexact, unmeasurable } = readCriteria(phase.report.acceptance);
      const unread = inexact.length + unmeasurable.length;
      if (unread > 0) {
        parseNotes.push({
          emitter: "tests",
          message: `${phase.phaseId}: ${unread} of ${phase.report.acceptance.length} acceptance criteria do not read exactly as metric comparator threshold; generated as it.todo`,
        });
      }
    }
    return { files, notes: [...notes, ...parseNotes] };
  },
};
