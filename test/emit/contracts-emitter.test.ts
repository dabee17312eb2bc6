import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { compile, DEFAULT_OPTIONS, type JSONSchema } from "json-schema-to-typescript";
import { describe, expect, it } from "vitest";
import { contractIdentifier, contractIdentifiers } from "../../compiler/contracts/contract-names.js";
import { planContracts, type PlannedContract } from "../../compiler/contracts/contract-plan.js";
import { CONTRACT_TYPE_OPTIONS, renderContractTypes } from "../../compiler/contracts/render-types.js";
import { createAjv } from "../../compiler/contracts/ajv.js";
import { emitContracts, validationKey } from "../../compiler/emit/contracts-emitter.js";
import { emitInputFromFiles, REPO_ROOT, specsEmitInput, withContractTypes } from "./emit-input.js";

const MISSION = `mission: { id: m, title: M, system: S }
actors: [{ name: A }]
contracts:
  - { name: MissionPrompt, schema: "{ id: UUID, priority: 'P0' | 'P1', note?: string, tags: string[] }", producers: [A], consumers: [A] }
  - { name: MissionPrompt.v2, schema: "{ id: UUID, priority: 'P0' | 'P1' | 'P2' }", producers: [A], consumers: [A] }
`;

const PHASE = `phase_meta: {phase_id: P3, title: Events, priority: high, version: v1, owner: core}
objective: {problem: p, outcome: o}
invariants: [events are append-only]
module_scope: {write_modules: [src/session], read_modules: [], external_surfaces: []}
data_models:
  - {name: TraceEvent, kind: event, keys: [event_id, trace_id, task_id], append_only: true}
  - {name: Lease, kind: table, keys: [lease_id], append_only: true, fields: [{name: lease_id, type: UUID}, {name: expires_at, type: timestamp, optional: true}]}
flow: {trigger: t, steps: [a], exit_conditions: []}
guardrails: {runtime_gate: [], policy_gate: [], audit_trace: [trace_id, session_id, task_id, capability_id, version]}
tests: {unit: [events are append-only], integration: [], e2e: []}
acceptance: [lost events = 0]
rollback: {trigger: t, action: a, target_version: v1}
dependency_graph: {depends_on: [], unblocks: []}
status: {stage: planned, completion: 0, risks: [], next_actions: []}
`;

const input = () => emitInputFromFiles({ "missions/m.yaml": MISSION, "phases/P3.yaml": PHASE });

describe("contract names", () => {
  it("turn any name into a capitalized ASCII identifier, unique even across case", () => {
    expect(contractIdentifier("MissionPrompt.v2")).toBe("MissionPromptV2");
    expect(contractIdentifier("session lease")).toBe("SessionLease");
    expect(contractIdentifier("2fa_token")).toBe("Contract2FaToken");
    expect(contractIdentifier("Ünïcodé*/")).toBe("Unicode");
    expect(contractIdentifier("")).toBe("Contract");
    expect(contractIdentifier("\u{1F600}")).toBe("Contract");
    const ids = contractIdentifiers(["foo", "Foo", "FOO", "f-oo", "Foo2"]);
    expect([...ids.values()].map((id) => id.toLowerCase()).length).toBe(new Set([...ids.values()].map((id) => id.toLowerCase())).size);
    expect(contractIdentifiers(["b", "a", "A"])).toEqual(contractIdentifiers(["A", "a", "b"]));
  });

  it("number an identifier index.ts declares itself, and Windows device names, which cannot name a file there", () => {
    const ids = contractIdentifiers(["ContractViolationError", "Con", "aux", "nul", "Prn", "Com1", "lpt9", "Console", "Com"]);
    expect(Object.fromEntries(ids)).toEqual({
      ContractViolationError: "ContractViolationError2",
      Con: "Con2",
      aux: "Aux2",
      nul: "Nul2",
      Prn: "Prn2",
      Com1: "Com12",
      lpt9: "Lpt92",
      Console: "Console",
      Com: "Com",
    });
  });
});

describe("planContracts", () => {
  it("plans one contract per name with a draft 2020-12 schema and an $id, and marks append-only events", () => {
    const plan = planContracts(input().bundle);
    expect(plan.map((c) => [c.name, c.identifier, c.appendable])).toEqual([
      ["Lease", "Lease", false],
      ["MissionPrompt", "MissionPrompt", false],
      ["MissionPrompt.v2", "MissionPromptV2", false],
      ["TraceEvent", "TraceEvent", true],
    ]);
    expect(plan[1]!.schema).toMatchObject({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $id: "https://spec-kit.dev/contracts/emit-fixture/MissionPrompt.schema.json",
      title: "MissionPrompt",
      type: "object",
      required: ["id", "priority", "tags"],
    });
  });
});

describe("renderContractTypes", () => {
  it("pins every option json-schema-to-typescript has, so a changed default cannot change the output", () => {
    for (const key of Object.keys(DEFAULT_OPTIONS)) expect(CONTRACT_TYPE_OPTIONS, key).toHaveProperty(key);
    for (const key of Object.keys(DEFAULT_OPTIONS.style)) expect(CONTRACT_TYPE_OPTIONS.style, `style.${key}`).toHaveProperty(key);
  });

  it("is byte-stable: the same text on every run, and this exact text for a notation contract", async () => {
    const plan = planContracts(input().bundle);
    const first = await renderContractTypes(plan);
    const second = await renderContractTypes([...plan].reverse());
    expect([...second].sort()).toEqual([...first].sort());
    expect(first.get("MissionPrompt")).toBe(
      [
        "/**",
        " * Data contract MissionPrompt, declared in missions/m.yaml.",
        " */",
        "export interface MissionPrompt {",
        "  id: string;",
        '  priority: "P0" | "P1";',
        "  note?: string;",
        "  tags: string[];",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("formats every type in one prettier run, and shares repeated ones, exactly as json-schema-to-typescript renders each alone", async () => {
    const plan = planContracts(specsEmitInput().bundle);
    // A description holding the boundary line falls back to one run per contract, with the same text.
    const withBoundary: PlannedContract = { ...plan[0]!, name: "Odd", identifier: "Odd", schema: { ...plan[0]!.schema, description: "a\n// --- spec-kit contract boundary ---\nb" } };
    // Repeated schemas: the copies of a single interface take the first one's under their own name; Tree's copy has $defs and is rendered.
    const repeats = planContracts(emitInputFromFiles({ "missions/m.yaml": REPEATS_MISSION, "phases/P3.yaml": REPEATS_PHASE }).bundle);
    for (const contracts of [plan, [...plan, withBoundary], repeats]) {
      const rendered = await renderContractTypes(contracts);
      for (const contract of contracts) {
        const schema = { ...contract.schema, title: contract.identifier } as JSONSchema;
        delete schema.$id;
        const alone = await compile(schema, contract.identifier, CONTRACT_TYPE_OPTIONS);
        expect(rendered.get(contract.name), contract.name).toBe(alone.replace(/^\s+/, ""));
      }
    }
  });

  it("refuses a $ref that leaves the schema instead of reading it", async () => {
    const plan = planContracts(input().bundle);
    const hostile: PlannedContract = { ...plan[0]!, schema: { ...plan[0]!.schema, properties: { x: { $ref: `file://${join(REPO_ROOT, "package.json")}` } } } };
    await expect(renderContractTypes([hostile])).rejects.toThrow();
  });
});

describe("emitContracts", () => {
  it("writes per contract its schema and type, one validator module and index.ts", async () => {
    const { files } = emitContracts(await withContractTypes(input()));
    expect(files.map((f) => f.path)).toEqual([
      "contracts/Lease.schema.json",
      "contracts/Lease.ts",
      "contracts/MissionPrompt.schema.json",
      "contracts/MissionPrompt.ts",
      "contracts/MissionPromptV2.schema.json",
      "contracts/MissionPromptV2.ts",
      "contracts/TraceEvent.schema.json",
      "contracts/TraceEvent.ts",
      "contracts/validators.js",
      "contracts/validators.d.ts",
      "contracts/index.ts",
    ]);
    const byPath = new Map(files.map((f) => [f.path, f.content]));
    expect(byPath.get("contracts/MissionPromptV2.ts")!.split("\n")[0]).toBe(
      '// Generated by spec-kit from missions/m.yaml (contract "MissionPrompt.v2"). Do not edit: run `spec-kit apply`.',
    );
    const index = byPath.get("contracts/index.ts")!;
    expect(index).toContain('contractRuntime.assertContract("MissionPrompt.v2", validators.validateMissionPromptV2, value);');
    expect(index).toContain("export function appendTraceEvent(log: contractRuntime.EventLog<TraceEvent>, record: TraceEvent): contractRuntime.ChainRecord<TraceEvent> {");
    expect(index).not.toContain("appendLease");
    expect(byPath.get("contracts/validators.js")).toMatch(/^export const validateMissionPromptV2 = validate\d+;$/m);
    expect(byPath.get("contracts/validators.d.ts")).toContain("export declare const validateLease: contractRuntime.ContractValidator<Lease>;");
    expect(JSON.parse(byPath.get("contracts/Lease.schema.json")!)).toMatchObject({ properties: { lease_id: { type: "string", format: "uuid" }, expires_at: { type: "string", format: "date-time" } }, required: ["lease_id"] });
  });

  it("writes nothing for a bundle without contracts", () => {
    expect(emitContracts(emitInputFromFiles({})).files).toEqual([]);
  });

  it("is what generated/contracts holds for specs/ (regenerate with apply when this fails)", async () => {
    const { files } = emitContracts(await withContractTypes(specsEmitInput()));
    for (const file of files) expect(readFileSync(join(REPO_ROOT, "generated", file.path), "utf8"), file.path).toBe(file.content);
  });
});

/** A bundle whose contracts repeat one another's schemas under other names, and nearly do. */
const REPEATS_MISSION = `mission: { id: m, title: M, system: S }
actors: [{ name: A }]
contracts:
  - { name: Order, schema: "{ id: UUID, at: timestamp, state: 'open' | 'closed', total?: number, tags: string[] }", producers: [A], consumers: [A] }
  - { name: OrderCopy, schema: "{ id: UUID, at: timestamp, state: 'open' | 'closed', total?: number, tags: string[] }", producers: [A], consumers: [A] }
  - { name: OrderLoose, schema: "{ id: UUID, at: timestamp, state: 'open' | 'closed', total?: number, tags?: string[] }", producers: [A], consumers: [A] }
  - name: Tree
    producers: [A]
    consumers: [A]
    schema: { type: object, properties: { root: { $ref: "#/$defs/node" } }, required: [root], $defs: { node: { type: object, properties: { id: { type: string, format: uri }, kids: { type: array, items: { $ref: "#/$defs/node" } } }, required: [id] } } }
  - name: TreeCopy
    producers: [A]
    consumers: [A]
    schema: { type: object, properties: { root: { $ref: "#/$defs/node" } }, required: [root], $defs: { node: { type: object, properties: { id: { type: string, format: uri }, kids: { type: array, items: { $ref: "#/$defs/node" } } }, required: [id] } } }
`;

const REPEATS_PHASE = PHASE.replace(
  /data_models:\n(?: {2}- .*\n)+/u,
  `data_models:
  - {name: KeyA, kind: table, keys: [a, b], append_only: false}
  - {name: KeyB, kind: table, keys: [a, b], append_only: false}
  - {name: KeyC, kind: event, keys: [b, a], append_only: true}
  - {name: KeyD, kind: event, keys: [a, b], append_only: true}
`,
);

/** Every record made by giving each property of the schema the same candidate, plus a few that are not records at all. */
function probes(schema: PlannedContract["schema"]): unknown[] {
  const candidates: unknown[] = ["x", "3f1c2a4e-8b7d-4c3e-9f0a-1b2c3d4e5f60", "2026-12-03T10:00:00Z", "https://a.example/n", "open", 7, ["a"], [{ id: "https://a.example/k" }], null];
  const names = Object.keys((schema.properties ?? {}) as Record<string, unknown>);
  const records: unknown[] = [{}, null, "x", [], { extra: 1 }];
  for (const candidate of candidates) {
    const record = Object.fromEntries(names.map((name) => [name, candidate]));
    records.push(record, { ...record, extra: true });
  }
  // A valid-looking record with each property in turn replaced by each candidate.
  const base: Record<string, unknown> = { id: candidates[1], at: candidates[2], state: "open", total: 3, tags: ["t"], root: { id: "https://a.example/r", kids: [{ id: "https://a.example/k" }] }, a: "1", b: "2" };
  const valid = Object.fromEntries(names.map((name) => [name, base[name]]));
  records.push(valid);
  for (const name of names) for (const candidate of candidates) records.push({ ...valid, [name]: candidate });
  return records;
}

describe("shared validators", () => {
  it("compile a schema repeated under another name once, and check exactly what one compiled on its own checks, with errors of their own", async () => {
    const emitted = emitContracts(await withContractTypes(emitInputFromFiles({ "missions/m.yaml": REPEATS_MISSION, "phases/P3.yaml": REPEATS_PHASE })));
    const code = emitted.files.find((f) => f.path === "contracts/validators.js")!.content;
    // Compiled once each: Order, OrderLoose, Tree, KeyA, KeyC; the copies call the first of theirs.
    expect(code).toMatch(/export function validateOrderCopy\(data\) \{\n {2}const before = validateOrder\.errors;/u);
    expect(code).toMatch(/export function validateTreeCopy\(data\) \{\n {2}const before = validateTree\.errors;/u);
    expect(code).toMatch(/export function validateKeyB\(data\) \{\n {2}const before = validateKeyA\.errors;/u);
    expect(code).toMatch(/export function validateKeyD\(data\) \{\n {2}const before = validateKeyA\.errors;/u);
    for (const own of ["Order", "OrderLoose", "Tree", "KeyA", "KeyC"]) expect(code).toMatch(new RegExp(`export const validate${own} = validate\\d+;`, "u"));

    const dir = join(REPO_ROOT, ".tmp", "shared-validators");
    mkdirSync(dir, { recursive: true });
    try {
      writeFileSync(join(dir, "validators.js"), code);
      type Validator = ((data: unknown) => boolean) & { errors?: unknown };
      const validators = (await import(pathToFileURL(join(dir, "validators.js")).href)) as Record<string, Validator>;
      const plan = planContracts(emitInputFromFiles({ "missions/m.yaml": REPEATS_MISSION, "phases/P3.yaml": REPEATS_PHASE }).bundle);
      expect(plan.map((c) => c.identifier).sort()).toEqual(["KeyA", "KeyB", "KeyC", "KeyD", "Order", "OrderCopy", "OrderLoose", "Tree", "TreeCopy"]);
      let accepted = 0;
      let refused = 0;
      for (const contract of plan) {
        // The reference: the contract's own schema compiled on its own, as every contract was before validators were shared.
        const reference = createAjv({ strict: true, allErrors: true }).compile(contract.schema);
        const validate = validators[`validate${contract.identifier}`]!;
        for (const value of probes(contract.schema)) {
          const expected = reference(value);
          expect(validate(value), `${contract.identifier} ${JSON.stringify(value)}`).toBe(expected);
          expect(validate.errors ?? null, `${contract.identifier} ${JSON.stringify(value)}`).toEqual(reference.errors ?? null);
          if (expected) accepted++;
          else refused++;
        }
      }
      expect(accepted).toBeGreaterThan(9);
      expect(refused).toBeGreaterThan(100);
      // A copy's call leaves the errors of the validator it shares as that one's last call set them.
      expect(validators.validateOrder!({})).toBe(false);
      const ordersErrors = validators.validateOrder!.errors;
      expect(validators.validateOrderCopy!({ extra: 1 })).toBe(false);
      expect(validators.validateOrder!.errors).toBe(ordersErrors);
      expect(validators.validateOrderCopy!.errors).not.toBe(ordersErrors);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("are never shared by schemas whose parts declare an identity of their own, or whose annotations ajv would refuse", () => {
    const schema = { $id: "https://x/a.json", title: "A", type: "object", properties: { a: { type: "string" } } };
    expect(validationKey(schema)).toBe(validationKey({ ...schema, $id: "https://x/b.json", title: "B", description: "b" }));
    expect(validationKey({ ...schema, properties: { a: { type: "string", $id: "inner.json" } } })).toBeUndefined();
    expect(validationKey({ ...schema, $defs: { n: { $anchor: "n" } } })).toBeUndefined();
    expect(validationKey({ ...schema, $defs: { n: { $dynamicAnchor: "n" } } })).toBeUndefined();
    expect(validationKey({ ...schema, title: 3 })).toBeUndefined();
    expect(validationKey({ ...schema, properties: { a: { type: "number" } } })).not.toBe(validationKey(schema));
  });
});
