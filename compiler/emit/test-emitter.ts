import { StructureKind, VariableDeclarationKind, type CodeBlockWriter, type StatementStructures, type WriterFunction } from "ts-morph";
import { parseAcceptance, type AcceptanceCriterion } from "../acceptance.js";
import { TRACE_IDS, canonicalGateName } from "../guardrail-names.js";
import { generatedHeader, type EmitNote, type Emitter, type EmitInput, type EmitResult, type GeneratedFile } from "./emitter.js";
import { gatePath } from "./gate-emitter.js";
import { emittablePhases, lineCommentText, namedImport, printModule, stringLiteral, writeValue, type EmitPhase } from "./ts-source.js";

/** Where the test suite of a phase is written, relative to the output folder. */
export function testPath(phaseId: string): string {
  return `tests/${phaseId}.test.ts`;
}

/** The environment variable naming the metrics JSON file generated suites read: `{ "<PHASE_ID>": { "<metric>": number } }`. */
export const METRICS_ENV = "SPEC_KIT_METRICS";

/** The title of the escape-test block in every generated suite. */
export const ESCAPE_SUITE = "gate escape tests";

const TEST_KINDS = ["unit", "integration", "e2e"] as const;

function constant(name: string, docs: string, initializer: string, type?: string): StatementStructures {
  return {
    kind: StructureKind.VariableStatement,
    docs: [docs],
    declarationKind: VariableDeclarationKind.Const,
    declarations: [{ name, initializer, ...(type === undefined ? {} : { type }) }],
  };
}

function helper(name: string, docs: string, signature: { parameters: [string, string, string?][]; returnType: string; isAsync?: boolean }, statements: string[]): StatementStructures {
  return {
    kind: StructureKind.Function,
    docs: [docs],
    name,
    isAsync: signature.isAsync ?? false,
    parameters: signature.parameters.map(([paramName, type, initializer]) => ({ name: paramName, type, ...(initializer === undefined ? {} : { initializer }) })),
    returnType: signature.returnType,
    statements,
  };
}

const TRACE_ID_NAMES: ReadonlySet<string> = new Set(TRACE_IDS);

/** The ids `audit_trace` requires beyond the five trace ids, in first-seen order. */
export function extraTraceIds(auditTrace: readonly string[]): string[] {
  return [...new Set(auditTrace.filter((id) => !TRACE_ID_NAMES.has(id)))];
}

function envelopeStatements(needsApproval: boolean, hasExtraIds: boolean): string[] {
  return [
    "return {",
    ...(hasExtraIds ? ["  ...EXTRA_IDS,"] : []),
    '  trace_id: "trace-1",',
    '  session_id: "session-1",',
    '  task_id: "task-1",',
    '  capability_id: "capability-1",',
    '  version: "v1",',
    '  tenant_id: "tenant-a",',
    '  principal: "principal-a",',
    '  lease: { tenant_id: "tenant-a", expires_at: "2030-01-01T01:00:00.000Z" },',
    ...(needsApproval ? ['  approval: { approved_by: "reviewer-a", at: "2029-12-31T23:00:00.000Z" },'] : []),
    "  budget: { timeout_ms: TIMEOUT_MS, tokens: TOKEN_LIMIT },",
    "};",
  ];
}

/** Computed keys, so that even `__proto__` becomes an own property. */
function extraIdsStatement(ids: readonly string[]): StatementStructures {
  return {
    kind: StructureKind.VariableStatement,
    docs: ["The further ids this phase's audit_trace requires, each with a value."],
    declarationKind: VariableDeclarationKind.Const,
    declarations: [
      {
        name: "EXTRA_IDS",
        type: "Readonly<Record<string, string>>",
        initializer: (writer) => {
          writer.write("{").newLine();
          writer.indent(() => {
            for (const id of ids) writer.writeLine(`[${stringLiteral(id)}]: ${stringLiteral(`${id}-1`)},`);
          });
          writer.write("}");
        },
      },
    ],
  };
}

function supportStatements(needsApproval: boolean, extraIds: readonly string[]): StatementStructures[] {
  return [
    constant("NOW", "The instant every gate in this suite reads from its fixed clock.", 'Date.parse("2030-01-01T00:00:00.000Z")'),
    constant("TIMEOUT_MS", "The time budget of the envelopes below.", "1000"),
    constant("TOKEN_LIMIT", "The token budget of the envelopes below.", "100"),
    ...(extraIds.length > 0 ? [extraIdsStatement(extraIds)] : []),
    helper("validEnvelope", "An envelope that passes every check this phase demands.", { parameters: [], returnType: "TaskEnvelope" }, envelopeStatements(needsApproval, extraIds.length > 0)),
    helper("fixedGate", "The phase gate on the fixed clock, with optional further dependencies.", { parameters: [["deps", "Partial<GateDeps>", "{}"]], returnType: "Gate" }, [
      "return createPhaseGate({ ...deps, now: () => NOW });",
    ]),
    helper(
      "expectDenied",
      "Asserts that the gate denies `envelope` for `reason` without ever calling the task.",
      { parameters: [["envelope", "TaskEnvelope | UntrustedEnvelope"], ["reason", "DenialReason"], ["gate", "Gate", "fixedGate()"]], returnType: "Promise<void>", isAsync: true },
      [
        'const task = vi.fn(() => "ran");',
        "const receipt = await gate.execute(envelope, task);",
        'expect(receipt.decision).toBe("denied");',
        "expect(receipt.reason).toBe(reason);",
        "expect(task).not.toHaveBeenCalled();",
        'expect(receipt.events.map((event) => event.type)).toEqual(["gate.denied"]);',
      ],
    ),
    constant("metricsFile", `The measured metrics file named by ${METRICS_ENV}, if any.`, `process.env[${stringLiteral(METRICS_ENV)}]`),
    constant(
      "metrics",
      "This phase's measured metrics, which the acceptance criteria are checked against; undefined without a metrics file.",
      'metricsFile === undefined || metricsFile === "" ? undefined : phaseMetrics(JSON.parse(readFileSync(metricsFile, "utf8")), policy.phaseId)',
    ),
  ];
}

function itBlock(writer: CodeBlockWriter, call: string, title: string, body: readonly string[]): void {
  writer.write(`${call}(${stringLiteral(title)}, async () => `).inlineBlock(() => {
    for (const line of body) writer.writeLine(line);
  });
  writer.write(");").newLine();
}

function escapeTests(needsApproval: boolean, needsPermission: boolean): WriterFunction {
  return (writer) => {
    writer.write(`describe(${stringLiteral(ESCAPE_SUITE)}, () => `).inlineBlock(() => {
      itBlock(writer, "it", "allows a valid envelope and runs the task once, with the five trace ids on every event", [
        'const task = vi.fn(() => "done");',
        "const receipt = await fixedGate().execute(validEnvelope(), task);",
        'expect(receipt.decision).toBe("allowed");',
        'expect(receipt.result).toBe("done");',
        "expect(task).toHaveBeenCalledTimes(1);",
        "expect(receipt.events.length).toBeGreaterThan(0);",
        "for (const event of receipt.events) for (const key of TRACE_ID_KEYS) expect(event[key]).toBe(validEnvelope()[key]);",
      ]);
      itBlock(writer, "it", "denies a cross-tenant envelope", [
        'await expectDenied({ ...validEnvelope(), tenant_id: "tenant-b" }, DENIAL_REASONS.crossTenant);',
      ]);
      itBlock(writer, "it", "denies an expired lease", [
        'await expectDenied({ ...validEnvelope(), lease: { tenant_id: "tenant-a", expires_at: "2030-01-01T00:00:00.000Z" } }, DENIAL_REASONS.leaseExpired);',
      ]);
      writer.write(`it.each(TRACE_ID_KEYS)(${stringLiteral("denies an envelope whose %s is missing or empty")}, async (key) => `).inlineBlock(() => {
        writer.writeLine("const missing: Record<string, unknown> = { ...validEnvelope() };");
        writer.writeLine("delete missing[key];");
        writer.writeLine("await expectDenied(missing, DENIAL_REASONS.traceIdMissing);");
        writer.writeLine('await expectDenied({ ...validEnvelope(), [key]: "" }, DENIAL_REASONS.traceIdMissing);');
      });
      writer.write(");").newLine();
      if (needsApproval) {
        itBlock(writer, "it", "denies an envelope without the approval this phase requires", [
          "const unapproved: Record<string, unknown> = { ...validEnvelope() };",
          "delete unapproved.approval;",
          "await expectDenied(unapproved, DENIAL_REASONS.approvalMissing);",
        ]);
      }
      if (needsPermission) {
        itBlock(writer, "it", "denies a principal the authorizer refuses", [
          "await expectDenied(validEnvelope(), DENIAL_REASONS.permissionDenied, fixedGate({ authorize: () => false }));",
        ]);
      }
      itBlock(writer, "it", "denies a task that outruns budget.timeout_ms and aborts its signal", [
        'vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });',
        "try {",
        "  const seen: { signal?: AbortSignal; abortedBeforeDeadline?: boolean } = {};",
        "  const receipt = await fixedGate().execute(validEnvelope(), (context) => {",
        "    seen.signal = context.signal;",
        "    vi.advanceTimersByTime(TIMEOUT_MS - 1);",
        "    seen.abortedBeforeDeadline = context.signal.aborted;",
        "    vi.advanceTimersByTime(2);",
        '    return "late";',
        "  });",
        "  expect(seen.abortedBeforeDeadline).toBe(false);",
        '  expect(receipt.decision).toBe("denied");',
        "  expect(receipt.reason).toBe(DENIAL_REASONS.timeout);",
        "  expect(seen.signal?.aborted).toBe(true);",
        "} finally {",
        "  vi.useRealTimers();",
        "}",
      ]);
      itBlock(writer, "it", "denies a task that exceeds its token budget and aborts its signal", [
        "const seen: { signal?: AbortSignal; ranPastCharge: boolean } = { ranPastCharge: false };",
        "const receipt = await fixedGate().execute(validEnvelope(), (context) => {",
        "  seen.signal = context.signal;",
        "  context.chargeTokens(TOKEN_LIMIT);",
        "  context.chargeTokens(1);",
        "  seen.ranPastCharge = true;",
        '  return "over";',
        "});",
        'expect(receipt.decision).toBe("denied");',
        "expect(receipt.reason).toBe(DENIAL_REASONS.tokenBudgetExceeded);",
        "expect(seen.signal?.aborted).toBe(true);",
        "expect(seen.ranPastCharge).toBe(false);",
      ]);
    });
    writer.write(");").newLine();
  };
}

/** The title of the block holding the phase's `tests` entries. */
export const SPECIFIED_SUITE = "specified tests";

function specifiedTests(phase: EmitPhase): WriterFunction[] {
  const names = TEST_KINDS.flatMap((kind) => phase.report.tests[kind].map((text) => `${kind}: ${text}`));
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
  const policyGate = new Set(phase.report.guardrails.policy_gate.map(canonicalGateName));
  const needsApproval = policyGate.has("approval");
  const needsPermission = policyGate.has("permission");
  const gateModule = `../${gatePath(phase.phaseId).replace(/\.ts$/u, ".js")}`;
  return printModule(testPath(phase.phaseId), {
    header: generatedHeader(lineCommentText(phase.source)),
    imports: [
      namedImport("node:fs", ["readFileSync"]),
      namedImport("vitest", ["describe", "expect", "it", "vi"]),
      namedImport(runtimeImport, ["DENIAL_REASONS", "TRACE_ID_KEYS", "checkCriterion", "phaseMetrics"], ["DenialReason", "Gate", "GateDeps", "TaskEnvelope", "UntrustedEnvelope"]),
      namedImport(gateModule, ["createPhaseGate", "policy"]),
    ],
    statements: [...supportStatements(needsApproval, extraTraceIds(phase.report.guardrails.audit_trace)), escapeTests(needsApproval, needsPermission), ...specifiedTests(phase), acceptanceTests(phase)],
  });
}

/**
 * Emits `tests/<PHASE_ID>.test.ts`: the gate's escape tests on a fixed clock, the phase's
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
