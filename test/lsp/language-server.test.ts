// spec-kit lsp end to end: the built CLI spawned as a language server, driven over stdio by a
// real LSP client (vscode-languageserver-protocol). Waits are for notifications, with generous
// timeouts; nothing here asserts speed.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CodeActionRequest,
  CompletionRequest,
  createProtocolConnection,
  DefinitionRequest,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type CompletionItem,
  type Diagnostic,
  type Hover,
  type Location,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Registration,
  type TextEdit,
} from "vscode-languageserver-protocol/node";
import { initFiles } from "../../cli/init/templates.js";
import { locateSchemas, writeInitFiles } from "../../cli/init/write-bundle.js";
import { BIN } from "../cli/spawn-cli.js";

/** How long to wait for a notification: generous, as a loaded CI machine runs many tests at once. */
const WAIT_MS = 30_000;

const dir = mkdtempSync(join(tmpdir(), "spec-kit-lsp-"));
const uri = (rel: string): string => pathToFileURL(join(dir, rel)).href;
const texts = new Map<string, string>();
const versions = new Map<string, number>();
let server: ChildProcess;
let client: ProtocolConnection;
const published: PublishDiagnosticsParams[] = [];
const waiters: (() => void)[] = [];
const registrations: Registration[] = [];

/** Resolves with the first diagnostics published for `rel` (after the call) that satisfy `test`. */
function diagnosticsFor(rel: string, test: (diagnostics: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
  const from = published.length;
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error(`no diagnostics for ${rel} as expected within ${WAIT_MS} ms; last: ${JSON.stringify(published.filter((p) => p.uri === uri(rel)).at(-1))}`)), WAIT_MS);
    const look = (): void => {
      const hit = published.slice(from).find((params) => params.uri === uri(rel) && test(params.diagnostics));
      if (!hit) return;
      clearTimeout(timeout);
      waiters.splice(waiters.indexOf(look), 1);
      resolve(hit.diagnostics);
    };
    waiters.push(look);
    look();
  });
}

function open(rel: string): void {
  const text = readFileSync(join(dir, rel), "utf8");
  texts.set(rel, text);
  versions.set(rel, 1);
  void client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uri(rel), languageId: rel.endsWith(".json") ? "json" : "yaml", version: 1, text } });
}

/** The 0-based position of the first `needle` (plus `shift` characters) in the buffer of `rel`. */
function positionOf(rel: string, needle: string, shift = 0): { line: number; character: number } {
  const text = texts.get(rel)!;
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`${needle} is not in ${rel}`);
  const before = text.slice(0, offset + shift);
  return { line: before.split("\n").length - 1, character: before.length - before.lastIndexOf("\n") - 1 };
}

/** Applies edits to our copy of `rel` and sends them as one incremental change. */
function edit(rel: string, edits: readonly TextEdit[]): void {
  let text = texts.get(rel)!;
  const offset = (position: { line: number; character: number }): number => {
    const lines = text.split("\n");
    return lines.slice(0, position.line).reduce((sum, line) => sum + line.length + 1, 0) + position.character;
  };
  for (const change of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) {
    text = text.slice(0, offset(change.range.start)) + change.newText + text.slice(offset(change.range.end));
  }
  const version = versions.get(rel)! + 1;
  versions.set(rel, version);
  void client.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri: uri(rel), version },
    contentChanges: [...edits].map((change) => ({ range: change.range, text: change.newText })),
  });
  texts.set(rel, text);
}

/** Replaces the first `from` in `rel` by `to`, as a user typing it would. */
function type(rel: string, from: string, to: string): void {
  const start = positionOf(rel, from);
  const end = positionOf(rel, from, from.length);
  edit(rel, [{ range: { start, end }, newText: to }]);
}

beforeAll(async () => {
  writeInitFiles(dir, initFiles("lsp-demo", locateSchemas(dir).paths, { editor: false }));
  server = spawn(process.execPath, [BIN, "lsp", "--stdio"], { cwd: dir, stdio: ["pipe", "pipe", "inherit"] });
  client = createProtocolConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  client.onNotification(PublishDiagnosticsNotification.type, (params) => {
    published.push(params);
    for (const look of [...waiters]) look();
  });
  client.onRequest(RegistrationRequest.type, (params) => {
    registrations.push(...params.registrations);
  });
  client.listen();
  const init = await client.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(dir).href,
    capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
    workspaceFolders: null,
  });
  expect(init.capabilities).toMatchObject({ hoverProvider: true, definitionProvider: true, codeActionProvider: { codeActionKinds: ["quickfix"] } });
  await client.sendNotification(InitializedNotification.type, {});
}, WAIT_MS);

afterAll(async () => {
  try {
    await client.sendRequest(ShutdownRequest.type);
    await client.sendNotification(ExitNotification.type);
  } finally {
    client.dispose();
    if (server.exitCode === null) await new Promise((resolve) => server.once("exit", resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}, WAIT_MS);

describe("spec-kit lsp", () => {
  it("publishes no diagnostics for the clean bundle's open documents", async () => {
    const clean = diagnosticsFor("phases/P1.yaml", (diagnostics) => diagnostics.length === 0);
    open("phases/P1.yaml");
    await clean;
  }, WAIT_MS);

  it("reports an error as it is typed, at its range, before it is saved; hover shows the field's and the rule's docs; the quick fix renames it", async () => {
    const reported = diagnosticsFor("phases/P1.yaml", (diagnostics) => diagnostics.some((d) => d.code === "guardrails/unknown-name"));
    type("phases/P1.yaml", "policy_gate: [permission,", "policy_gate: [permision,");
    const [diagnostic] = await reported;
    const start = positionOf("phases/P1.yaml", "permision");
    expect(diagnostic).toMatchObject({
      code: "guardrails/unknown-name",
      severity: 1,
      source: "spec-kit",
      message: 'guardrails.policy_gate lists unknown name "permision"; did you mean "permission"?',
      range: { start, end: { line: start.line, character: start.character + "permision".length } },
    });
    // Unsaved: the file on disk still has the right name.
    expect(readFileSync(join(dir, "phases/P1.yaml"), "utf8")).toContain("policy_gate: [permission,");

    const hover = (await client.sendRequest(HoverRequest.type, { textDocument: { uri: uri("phases/P1.yaml") }, position: positionOf("phases/P1.yaml", "permision", 2) })) as Hover;
    const text = (hover.contents as { value: string }).value;
    expect(text).toContain("Policy gates: PolicyGateName");
    expect(text).toContain("**guardrails/unknown-name** (error)");
    expect(text).toContain("A guardrails entry names neither a gate or trace id of the protocol nor one the manifest declares.");

    const actions = (await client.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: uri("phases/P1.yaml") },
      range: diagnostic!.range,
      context: { diagnostics: [diagnostic!] },
    })) as CodeAction[];
    expect(actions.map((action) => action.title)).toEqual(['Change to "permission"']);
    const changes = actions[0]!.edit!.changes![uri("phases/P1.yaml")]!;
    expect(changes).toEqual([{ range: diagnostic!.range, newText: "permission" }]);
    const cleared = diagnosticsFor("phases/P1.yaml", (diagnostics) => diagnostics.length === 0);
    edit("phases/P1.yaml", changes);
    await cleared;
  }, WAIT_MS * 3);

  it("hovers a key with its schema doc and examples", async () => {
    const hover = (await client.sendRequest(HoverRequest.type, { textDocument: { uri: uri("phases/P1.yaml") }, position: positionOf("phases/P1.yaml", "phase_id", 3) })) as Hover;
    const text = (hover.contents as { value: string }).value;
    expect(text).toContain("**phase_meta.phase_id**");
    expect(text).toContain("Stable phase id, such as P7; it names generated files.");
    expect(text).toContain('Examples: `"P7"`, `"S01"`');
  }, WAIT_MS);

  it("goes to the definition of a phase id, a layer id and a module's layer", async () => {
    open("phases/P2.json");
    open("spec-kit.yaml");
    const phase = (await client.sendRequest(DefinitionRequest.type, { textDocument: { uri: uri("phases/P2.json") }, position: positionOf("phases/P2.json", '"depends_on": [', 0 + '"depends_on": [\n      "'.length) })) as Location;
    const idAt = positionOf("phases/P1.yaml", "phase_id: P1", "phase_id: ".length);
    expect(phase).toEqual({ uri: uri("phases/P1.yaml"), range: { start: idAt, end: { line: idAt.line, character: idAt.character + 2 } } });
    const layer = (await client.sendRequest(DefinitionRequest.type, { textDocument: { uri: uri("spec-kit.yaml") }, position: positionOf("spec-kit.yaml", "to: core", 5) })) as Location;
    const coreAt = positionOf("spec-kit.yaml", "id: core", 4);
    expect(layer).toEqual({ uri: uri("spec-kit.yaml"), range: { start: coreAt, end: { line: coreAt.line, character: coreAt.character + 4 } } });
    const module = (await client.sendRequest(DefinitionRequest.type, { textDocument: { uri: uri("phases/P1.yaml") }, position: positionOf("phases/P1.yaml", "read_modules: [src/api]", 16) })) as Location;
    expect(module.range.start).toEqual(positionOf("spec-kit.yaml", "modules: [src/api]", 10));
  }, WAIT_MS);

  it("completes phase ids, guardrail names and enum values", async () => {
    const labels = async (rel: string, position: { line: number; character: number }): Promise<string[]> => {
      const result = (await client.sendRequest(CompletionRequest.type, { textDocument: { uri: uri(rel) }, position })) as CompletionItem[];
      return result.map((item) => item.label);
    };
    expect(await labels("phases/P1.yaml", positionOf("phases/P1.yaml", "depends_on: []", "depends_on: [".length))).toEqual(["P2"]);
    type("phases/P1.yaml", "runtime_gate: [budget, timeout, sandbox, token]", "runtime_gate: [budget, timeout, sandbox, token, ]");
    expect(await labels("phases/P1.yaml", positionOf("phases/P1.yaml", "token, ]", "token, ".length))).toEqual(["budget", "sandbox", "timeout", "token"]);
    type("phases/P1.yaml", "token, ]", "token]");
    expect(await labels("phases/P1.yaml", positionOf("phases/P1.yaml", "stage: planned", "stage: ".length))).toEqual(["blocked", "done", "in_progress", "planned"]);
  }, WAIT_MS);

  it("quick-fixes a one-sided dependency edge in the other phase, and a missing tenant key", async () => {
    const asymmetric = diagnosticsFor("phases/P2.json", (diagnostics) => diagnostics.some((d) => d.code === "graph/asymmetric-edge"));
    type("phases/P1.yaml", "unblocks: [P2]", "unblocks: []");
    const [edge] = (await asymmetric).filter((d) => d.code === "graph/asymmetric-edge");
    expect(edge!.message).toBe("P2 depends on P1, but P1 does not list P2 in unblocks");
    const fixes = (await client.sendRequest(CodeActionRequest.type, { textDocument: { uri: uri("phases/P2.json") }, range: edge!.range, context: { diagnostics: [edge!] } })) as CodeAction[];
    expect(fixes.map((fix) => fix.title)).toEqual(["Add P2 to P1's unblocks"]);
    const inP1 = fixes[0]!.edit!.changes![uri("phases/P1.yaml")]!;
    const fixedEdge = diagnosticsFor("phases/P2.json", (diagnostics) => diagnostics.length === 0);
    edit("phases/P1.yaml", inP1);
    expect(texts.get("phases/P1.yaml")).toContain("unblocks: [P2]");
    await fixedEdge;

    const tenant = diagnosticsFor("phases/P1.yaml", (diagnostics) => diagnostics.some((d) => d.code === "tenancy/tenant-key"));
    type("phases/P1.yaml", "keys: [request_id, tenant_id]", "keys: [request_id]");
    const [missing] = (await tenant).filter((d) => d.code === "tenancy/tenant-key");
    const keyFixes = (await client.sendRequest(CodeActionRequest.type, { textDocument: { uri: uri("phases/P1.yaml") }, range: missing!.range, context: { diagnostics: [missing!] } })) as CodeAction[];
    expect(keyFixes.map((fix) => fix.title)).toEqual(["Add tenant_id to the keys of RequestLease"]);
    const clean = diagnosticsFor("phases/P1.yaml", (diagnostics) => diagnostics.length === 0);
    edit("phases/P1.yaml", keyFixes[0]!.edit!.changes![uri("phases/P1.yaml")]!);
    expect(texts.get("phases/P1.yaml")).toContain("keys: [request_id, tenant_id]");
    await clean;
  }, WAIT_MS * 3);

  it("goes from a contract's parties to the component and actor, and from its $ref to the published schema; completes layer ids", async () => {
    open("missions/mission.yaml");
    const mission = "missions/mission.yaml";
    const producer = (await client.sendRequest(DefinitionRequest.type, { textDocument: { uri: uri(mission) }, position: positionOf(mission, "producers: [core]", "producers: [".length + 1) })) as Location;
    expect(producer).toMatchObject({ uri: uri(mission), range: { start: positionOf(mission, "id: core", 4) } });
    type(mission, "      fields:\n        - { name: requestId, type: string }\n        - { name: tenantId, type: string }", '      $ref: "https://spec-kit.dev/schemas/mission-prompt.schema.json"');
    const schema = (await client.sendRequest(DefinitionRequest.type, { textDocument: { uri: uri(mission) }, position: positionOf(mission, "https://", 3) })) as Location;
    expect(schema.uri).toMatch(/\/schemas\/mission-prompt\.schema\.json$/);
    expect(JSON.parse(readFileSync(new URL(schema.uri), "utf8"))).toMatchObject({ $id: "https://spec-kit.dev/schemas/mission-prompt.schema.json" });
    const layers = (await client.sendRequest(CompletionRequest.type, { textDocument: { uri: uri("spec-kit.yaml") }, position: positionOf("spec-kit.yaml", "to: core", "to: ".length) })) as CompletionItem[];
    expect(layers.map((item) => item.label)).toEqual(["api", "core"]);
  }, WAIT_MS);

  it("keeps answering through a document that does not parse, a broken manifest, foreign diagnostics and a file of no bundle", async () => {
    const parseError = diagnosticsFor("phases/P1.yaml", (diagnostics) => diagnostics.some((d) => d.code === "protocol/parse"));
    type("phases/P1.yaml", "title: Accept requests", "title: [Accept requests");
    const [parse] = (await parseError).filter((d) => d.code === "protocol/parse");
    const onError = (await client.sendRequest(HoverRequest.type, { textDocument: { uri: uri("phases/P1.yaml") }, position: parse!.range.start })) as Hover;
    expect((onError.contents as { value: string }).value).toContain("**protocol/parse** (error)");
    const position = positionOf("phases/P1.yaml", "title: [", 2);
    expect(await client.sendRequest(DefinitionRequest.type, { textDocument: { uri: uri("phases/P1.yaml") }, position })).toBeNull();
    const foreign = await client.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: uri("phases/P1.yaml") },
      range: { start: position, end: position },
      context: { diagnostics: [{ range: { start: position, end: position }, message: "from another server", data: { ruleId: 7, path: "x" } }] },
    });
    expect(foreign).toEqual([]);
    const reparsed = diagnosticsFor("phases/P1.yaml", (diagnostics) => diagnostics.length === 0);
    type("phases/P1.yaml", "title: [Accept requests", "title: Accept requests");
    await reparsed;

    const manifestBroken = diagnosticsFor("spec-kit.yaml", (diagnostics) => diagnostics.length > 0);
    type("spec-kit.yaml", "specKit: 1", "specKit: [");
    expect(await manifestBroken).toContainEqual(expect.objectContaining({ code: "manifest/schema", message: "invalid YAML: deficient indentation", range: expect.objectContaining({ start: { line: positionOf("spec-kit.yaml", "specKit").line + 1, character: 0 } }) }));
    expect(await client.sendRequest(CompletionRequest.type, { textDocument: { uri: uri("phases/P1.yaml") }, position: positionOf("phases/P1.yaml", "depends_on: []", "depends_on: [".length) })).toEqual([]);
    const manifestFixed = diagnosticsFor("spec-kit.yaml", (diagnostics) => diagnostics.length === 0);
    type("spec-kit.yaml", "specKit: [", "specKit: 1");
    await manifestFixed;

    const outside = pathToFileURL(join(tmpdir(), "no-bundle-here", "notes.yaml")).href;
    void client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: outside, languageId: "yaml", version: 1, text: "depends_on: [" } });
    expect(await client.sendRequest(HoverRequest.type, { textDocument: { uri: outside }, position: { line: 0, character: 3 } })).toBeNull();
    expect(await client.sendRequest(CompletionRequest.type, { textDocument: { uri: outside }, position: { line: 0, character: 13 } })).toEqual([]);
    const remote = "file://elsewhere/specs/phases/P1.yaml";
    void client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: remote, languageId: "yaml", version: 1, text: "phase_meta: {" } });
    expect(await client.sendRequest(HoverRequest.type, { textDocument: { uri: remote }, position: { line: 0, character: 3 } })).toBeNull();
    const hover = (await client.sendRequest(HoverRequest.type, { textDocument: { uri: uri("phases/P1.yaml") }, position: positionOf("phases/P1.yaml", "phase_id", 3) })) as Hover;
    expect((hover.contents as { value: string }).value).toContain("**phase_meta.phase_id**");
  }, WAIT_MS * 3);

  it("asks the client to watch the bundle's files, and checks again when one changes on disk", async () => {
    expect(registrations).toContainEqual(expect.objectContaining({ method: DidChangeWatchedFilesNotification.method, registerOptions: { watchers: [{ globPattern: "**/*.{yaml,yml,json,md}" }] } }));
    // missions/mission.yaml is open; a third phase written on disk (never opened) names P1, which does not unblock it.
    const p3 = readFileSync(join(dir, "phases/P2.json"), "utf8").replace('"phase_id": "P2"', '"phase_id": "P3"');
    expect(p3).toContain('"phase_id": "P3"');
    const edge = diagnosticsFor("phases/P3.json", (diagnostics) => diagnostics.some((d) => d.code === "graph/asymmetric-edge"));
    writeFileSync(join(dir, "phases/P3.json"), p3);
    void client.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri("phases/P3.json"), type: FileChangeType.Created }] });
    expect((await edge).find((d) => d.code === "graph/asymmetric-edge")!.message).toBe("P3 depends on P1, but P1 does not list P3 in unblocks");
    const gone = diagnosticsFor("phases/P3.json", (diagnostics) => diagnostics.length === 0);
    rmSync(join(dir, "phases/P3.json"));
    void client.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri("phases/P3.json"), type: FileChangeType.Deleted }] });
    await gone;
  }, WAIT_MS);
  it("goes from a Markdown mission's consumer to its component, in the Markdown", async () => {
    const mission = "missions/billing.md";
    writeFileSync(
      join(dir, mission),
      "# Billing Specification\n\n## Core Subsystems\n- Component: Invoice Service\n  - Responsibilities: Issues invoices.\n" +
        "- Component: Ledger Writer\n  - Responsibilities: Records payments.\n\n## Data Contracts\n- Contract: Invoice\n" +
        "  - Schema: `{ id: UUID, total: number }`\n  - Producers: Invoice Service.\n  - Consumers: Ledger Writer.\n",
    );
    void client.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri(mission), type: FileChangeType.Created }] });
    open(mission);
    const target = (await client.sendRequest(DefinitionRequest.type, { textDocument: { uri: uri(mission) }, position: positionOf(mission, "Consumers: Ledger Writer", "Consumers: ".length + 3) })) as Location;
    expect(target).toMatchObject({ uri: uri(mission), range: { start: positionOf(mission, "Component: Ledger Writer", "Component: ".length) } });
  }, WAIT_MS);
});
