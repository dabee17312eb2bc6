/**
 * The generated flow modules cannot be used open: a rollout of a phase whose trigger spec-kit
 * could not compile needs its condition injected (a consumer without it does not compile), and
 * P9's gate needs the capability trust source (the registry's piece) before it compiles or builds.
 */
import { describe, expect, it } from "vitest";
import type { GeneratedFile } from "../../compiler/emit/emitter.js";
import { flowEmitter } from "../../compiler/emit/flow-emitter.js";
import { gateEmitter } from "../../compiler/emit/gate-emitter.js";
import { emitInputFromPhase, readFixture } from "./emit-input.js";
import { RUNTIME_IMPORT, typeCheck } from "./type-check.js";

/** P2-min's trigger ("gate errors rise") does not compile; P9-trust's does, and the registry gives P9 capability trust. */
const generated: GeneratedFile[] = [
  ...flowEmitter.emit(emitInputFromPhase("P2-min.yaml", readFixture("emit/phases/P2-min.yaml"), RUNTIME_IMPORT)).files,
  ...[gateEmitter, flowEmitter].flatMap((emitter) => emitter.emit(emitInputFromPhase("P9.yaml", readFixture("emit/phases/P9-trust.yaml"), RUNTIME_IMPORT)).files),
];

function consumer(body: string): string[] {
  const file = {
    path: "consumers/use.ts",
    content: [
      'import { createPhaseRollout as unreadable } from "../flows/P2-min.js";',
      'import { createPhaseRollout as readable, createPhaseCapabilityRegistry } from "../flows/P9.js";',
      'import { createPhaseGate } from "../gates/P9.js";',
      "const now = () => Date.now();",
      'const trace = { trace_id: "t", session_id: "s", task_id: "k", capability_id: "c", version: "v2" };',
      "const ok = () => true;",
      body,
      "",
    ].join("\n"),
  };
  return typeCheck([...generated, file]).filter((d) => d.file === file.path).map((d) => d.message);
}

describe("the generated flow modules' types", () => {
  it("compile on their own", () => {
    expect(typeCheck(generated)).toEqual([]);
  });

  it("a rollout whose trigger was compiled needs no condition; one whose trigger was not does", () => {
    expect(consumer('readable({ now, version: "v2", trace });')).toEqual([]);
    expect(consumer('unreadable({ now, version: "v2", trace, condition: (metrics) => metrics["gate errors"] === 1 });')).toEqual([]);
    expect(consumer('unreadable({ now, version: "v2", trace });').join("\n")).toMatch(/condition/);
  });

  it("P9's gate needs the capability trust source, such as its registry's", () => {
    const registry = 'const registry = createPhaseCapabilityRegistry({ trustedKeys: {}, now });';
    expect(consumer(`${registry}\ncreatePhaseGate({ now, checks: { approval: ok }, capabilities: registry.source() });`)).toEqual([]);
    expect(consumer("createPhaseGate({ now, checks: { approval: ok } });").join("\n")).toMatch(/capabilities/);
  });
});
