import { StructureKind, VariableDeclarationKind, type StatementStructures, type WriterFunction } from "ts-morph";
import { parseAcceptance, type AcceptanceCriterion } from "../acceptance.js";
import { TEST_LEVELS } from "../constants.js";
import { generatedHeader, type EmitNote, type Emitter, type EmitInput, type EmitResult, type GeneratedFile } from "./emitter.js";
import { gatePath } from "./gate-emitter.js";
import { emittablePhases, lineCommentText, namedImport, printModule, stringLiteral, writeValue, type EmitPhase } from "./ts-source.js";

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

function constant(name: string, docs: string, initializer: string): StatementStructures {
  return {
    kind: StructureKind.VariableStatement,
    docs: [docs],
    declarationKind: VariableDeclarationKind.Const,
    declarations: [{ name, initializer }],
  };
}

function metricsStatements(): StatementStructures[] {
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
  const names = TEST_LEVELS.flatMap((kind) => phase.report.tests[kind].map((text) => `${kind}: ${text}`));
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

/** A phase's acceptance criteria, split into those `parseAcceptance` reads and the rest. */
export function readCriteria(acceptance: readonly string[]): { parsed: { text: string; criterion: AcceptanceCriterion }[]; unparsed: string[] } {
  const parsed: { text: string; criterion: AcceptanceCriterion }[] = [];
  const unparsed: string[] = [];
  for (const text of acceptance) {
    const criterion = parseAcceptance(text);
    if (criterion) parsed.push({ text, criterion });
    else unparsed.push(text);
  }
  return { parsed, unparsed };
}

function acceptanceTests(phase: EmitPhase): WriterFunction {
  const { parsed, unparsed } = readCriteria(phase.report.acceptance);
  const skipped = `acceptance criteria (skipped: no metrics for this phase; set ${METRICS_ENV} to a metrics JSON file)`;
  return (writer) => {
    writer.write(`describe(metrics === undefined ? ${stringLiteral(skipped)} : ${stringLiteral("acceptance criteria")}, () => `).inlineBlock(() => {
      for (const { text, criterion } of parsed) {
        writer.write(`it.skipIf(metrics === undefined)(${stringLiteral(text)}, () => `).inlineBlock(() => {
          writer.write("const verdict = checkCriterion(metrics, ");
          writeValue(writer, { metric: criterion.metric, comparator: criterion.comparator, threshold: criterion.threshold, unit: criterion.unit });
          writer.write(");").newLine();
          writer.writeLine("expect(verdict.holds, verdict.message).toBe(true);");
        });
        writer.write(");").newLine();
      }
      for (const text of unparsed) writer.writeLine(`it.todo(${stringLiteral(`not measurable: ${text}`)});`);
    });
    writer.write(");").newLine();
  };
}

function suiteFor(phase: EmitPhase, runtimeImport: string): string {
  const gateModule = `../${gatePath(phase.phaseId).replace(/\.ts$/u, ".js")}`;
  const checksMetrics = readCriteria(phase.report.acceptance).parsed.length > 0;
  return printModule(testPath(phase.phaseId), {
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
 * metrics file named by `SPEC_KIT_METRICS` (skipped without one). A note per phase counts the
 * criteria that do not parse; they become `it.todo` too.
 */
export const testEmitter: Emitter = {
  name: "tests",
  emit(input: EmitInput): EmitResult {
    const { phases, notes } = emittablePhases(input, "tests");
    const files: GeneratedFile[] = [];
    const parseNotes: EmitNote[] = [];
    for (const phase of phases) {
      files.push({ path: testPath(phase.phaseId), content: suiteFor(phase, input.runtimeImport) });
      const { unparsed } = readCriteria(phase.report.acceptance);
      if (unparsed.length > 0) {
        parseNotes.push({
          emitter: "tests",
          message: `${phase.phaseId}: ${unparsed.length} of ${phase.report.acceptance.length} acceptance criteria do not parse as metric comparator threshold; generated as it.todo`,
        });
      }
    }
    return { files, notes: [...notes, ...parseNotes] };
  },
};
