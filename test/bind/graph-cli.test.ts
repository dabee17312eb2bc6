import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../cli/cli-io.js";
import { runCli } from "../../cli/run-cli.js";

const schema = JSON.parse(readFileSync(new URL("../../schemas/task-graph.schema.json", import.meta.url), "utf8"));
const bundle = (name: string) => fileURLToPath(new URL(`../fixtures/bundles/${name}`, import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "spec-kit-graph-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function recordingIo(): CliIo & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    env: { NO_COLOR: "1" },
    stdout: { write: (text: string) => (io.out += text) },
    stderr: { write: (text: string) => (io.err += text) },
  };
  return io;
}

describe("spec-kit graph", () => {
  it("prints schema-valid JSON by default and exits 0 on a clean bundle", async () => {
    const io = recordingIo();
    expect(await runCli(["graph", bundle("layers-valid-yaml")], io)).toBe(0);
    const document = JSON.parse(io.out);
    expect(new Ajv2020({ strict: true }).validate(schema, document)).toBe(true);
    expect(document.bundle).toBe("layered");
    expect(io.err).toBe("");
  });

  it.each([
    ["dot", /^digraph "task-graph:graph-valid" \{\n/],
    ["mermaid", /^flowchart LR\n/],
    ["html", /^<!doctype html>\n/],
  ])("prints --format %s", async (format, start) => {
    const io = recordingIo();
    expect(await runCli(["graph", bundle("graph-valid-json"), "--format", format], io)).toBe(0);
    expect(io.out).toMatch(start);
  });

  it("still prints the graph of a bundle with errors, reports them on stderr and exits 1", async () => {
    const io = recordingIo();
    expect(await runCli(["graph", bundle("graph-errors-yaml"), "--format", "mermaid"], io)).toBe(1);
    expect(io.out).toMatch(/^flowchart LR\n/);
    expect(io.err).toContain("graph/no-cycle");
    expect(io.err).toContain("P1 -> P3 -> P2 -> P1");
  });

  it("writes the graph to --output instead of stdout", async () => {
    const io = recordingIo();
    const file = join(scratch, "graph.dot");
    expect(await runCli(["graph", bundle("graph-valid-yaml"), "-f", "dot", "-o", file], io)).toBe(0);
    expect(io.out).toBe("");
    expect(readFileSync(file, "utf8")).toMatch(/^digraph /);
  });

  it("exits 1 with the manifest problem when there is no bundle to bind", async () => {
    const io = recordingIo();
    expect(await runCli(["graph", scratch], io)).toBe(1);
    expect(io.out).toBe("");
    expect(io.err).toContain("manifest/schema");
  });

  it("exits 2 on a missing folder or an unknown format", async () => {
    const missing = recordingIo();
    expect(await runCli(["graph", join(scratch, "nope")], missing)).toBe(2);
    expect(missing.err).toMatch(/^spec-kit: .*nope: no such folder\n/);
    const badFormat = recordingIo();
    expect(await runCli(["graph", bundle("graph-valid-yaml"), "--format", "png"], badFormat)).toBe(2);
    expect(badFormat.out).toBe("");
  });
});
