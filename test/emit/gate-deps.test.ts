/**
 * The generated gate cannot be built open: a consumer that leaves out a dependency the phase
 * needs does not compile (checked with the TypeScript compiler on small consumer files), the
 * runtime refuses to build it for callers without types, and a custom guardrail declared in the
 * manifest checks clean yet needs its decision source before the gate builds.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { gateEmitter } from "../../compiler/emit/gate-emitter.js";
import type { GeneratedFile } from "../../compiler/emit/emitter.js";
import { EXAMPLE_MANIFEST_YAML, phaseYaml } from "../../compiler/check/rule-examples.js";
import { GateDependencyError, type Gate } from "../../runtime/index.js";
import { ESCAPE_NOW, escapeEnvelope } from "../../runtime/testing.js";
import { checkFiles } from "../helpers/rule-tester.js";
import { REPO_ROOT, emitInputFromFiles } from "./emit-input.js";
import { RUNTIME_IMPORT, typeCheck } from "./type-check.js";

/** A bundle whose P7 lists the custom runtime gate rate-limit, declared in the manifest, beside permission and tenant boundary. */
const BUNDLE = {
  "spec-kit.yaml": `${EXAMPLE_MANIFEST_YAML}guardrails:\n  runtime_gate:\n    rate-limit: at most 10 tasks a minute per tenant\n`,
  "phases/P7.yaml": phaseYaml({
    replace: {
      "runtime_gate: [budget, timeout, sandbox, token]": "runtime_gate: [budget, timeout, sandbox, token, rate-limit]",
      "policy_gate: [approval, tenant boundary]": "policy_gate: [permission, tenant boundary]",
    },
  }),
};
/** A phase whose checks need nothing injected. */
const BARE = {
  "phases/P3.yaml": phaseYaml({
    id: "P3",
    replace: {
      "runtime_gate: [budget, timeout, sandbox, token]": "runtime_gate: [budget, timeout, token]",
      "policy_gate: [approval, tenant boundary]": "policy_gate: []",
    },
  }),
};

const gates: GeneratedFile[] = [
  ...gateEmitter.emit(emitInputFromFiles(BUNDLE, RUNTIME_IMPORT)).files,
  ...gateEmitter.emit(emitInputFromFiles(BARE, RUNTIME_IMPORT)).files,
];

/** Type-checks one consumer file beside the generated gates; its diagnostics. */
function consumer(body: string): string[] {
  const file = { path: "consumers/use.ts", content: `import { createPhaseGate } from "../gates/P7.js";\nconst ok = () => true;\nconst now = () => Date.now();\n${body}\n` };
  return typeCheck([...gates, file]).filter((d) => d.file === file.path).map((d) => d.message);
}

describe("the generated createPhaseGate's type", () => {
  it("compiles a consumer that injects every dependency the phase needs, and extra sources too", () => {
    expect(typeCheck(gates)).toEqual([]);
    expect(consumer('createPhaseGate({ now, checks: { permission: ok, sandbox: ok, "rate-limit": ok }, leases: ok });')).toEqual([]);
    expect(consumer('createPhaseGate({ now, checks: { permission: ok, sandbox: ok, "rate-limit": ok, approval: ok }, leases: ok });')).toEqual([]);
  });

  it("does not compile a consumer that leaves out the decision sources", () => {
    const errors = consumer("createPhaseGate({ now, leases: ok });");
    expect(errors.join("\n")).toMatch(/Property 'checks' is missing/);
  });

  it.each(["permission", "sandbox", "rate-limit"])("does not compile a consumer that leaves out the %s source", (check) => {
    const checks = ["permission", "sandbox", "rate-limit"].filter((name) => name !== check).map((name) => `"${name}": ok`).join(", ");
    const errors = consumer(`createPhaseGate({ now, checks: { ${checks} }, leases: ok });`);
    expect(errors.join("\n")).toContain(`Property '${check === "rate-limit" ? '"rate-limit"' : check}' is missing`);
  });

  it("does not compile a consumer that leaves out the lease revocation source", () => {
    const errors = consumer('createPhaseGate({ now, checks: { permission: ok, sandbox: ok, "rate-limit": ok } });');
    expect(errors.join("\n")).toMatch(/Property 'leases' is missing/);
  });

  it("exports INTERFACE §5's gate for every phase, marked deprecated where it must be injected", () => {
    expect(consumer('import { gate } from "../gates/P7.js";\nvoid gate;')).toEqual([]);
    expect(consumer('import { gate } from "../gates/P3.js";\nvoid gate;')).toEqual([]);
    const p7 = gates.find((file) => file.path === "gates/P7.ts")!.content;
    expect(p7).toContain("@deprecated Denies every envelope");
    expect(p7).toContain("createGate(policy, uninjectedDeps(policy, () => Date.now()))");
    expect(gates.find((file) => file.path === "gates/P3.ts")!.content).not.toContain("uninjectedDeps");
  });
});

describe("a custom guardrail declared in the manifest", () => {
  const dir = join(REPO_ROOT, ".tmp", `gate-deps-${randomUUID()}`);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("checks clean, and the generated gate refuses to build until its decision source is given", async () => {
    expect(checkFiles(BUNDLE).diagnostics).toEqual([]);
    // The generated module sits two folders below the repository, so the runtime import is one folder shorter.
    for (const file of gates) {
      mkdirSync(dirname(join(dir, "out", file.path)), { recursive: true });
      writeFileSync(join(dir, "out", file.path), file.content.replace(RUNTIME_IMPORT, "../../../../runtime/index.js"));
    }
    const module = (await import(pathToFileURL(join(dir, "out", "gates", "P7.ts")).href)) as {
      gate: Gate;
      createPhaseGate: (deps: unknown) => Gate;
      policy: Parameters<typeof escapeEnvelope>[0];
    };
    const now = () => ESCAPE_NOW;
    let ran = false;
    const uninjected = await module.gate.execute(escapeEnvelope(module.policy), () => (ran = true));
    expect(ran).toBe(false);
    expect(uninjected).toMatchObject({ decision: "denied", reason: "dependency missing" });
    expect(uninjected.detail).toMatch(/^no lease revocation source \(deps\.leases\) was injected: build the gate with createPhaseGate\(deps\)$/);
    expect(() => module.createPhaseGate({ now, checks: { permission: () => true, sandbox: () => true }, leases: () => true })).toThrow(GateDependencyError);
    expect(() => module.createPhaseGate({ now, checks: { permission: () => true, sandbox: () => true }, leases: () => true })).toThrow(
      'check "rate-limit" needs deps.checks["rate-limit"]',
    );
    const limited = module.createPhaseGate({ now, checks: { permission: () => true, sandbox: () => true, "rate-limit": () => false }, leases: () => true });
    expect(await limited.execute(escapeEnvelope(module.policy), () => "ran")).toMatchObject({ decision: "denied", reason: "guardrail denied" });
    const open = module.createPhaseGate({ now, checks: { permission: () => true, sandbox: () => true, "rate-limit": () => true }, leases: () => true });
    expect(await open.execute(escapeEnvelope(module.policy), () => "ran")).toMatchObject({ decision: "allowed", result: "ran" });
  });
});
