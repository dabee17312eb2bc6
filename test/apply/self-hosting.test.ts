import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, runCli } from "../cli/spawn-cli.js";

describe("the committed generated/ folder", () => {
  it("is what `spec-kit apply specs` writes (run `spec-kit apply specs --out generated` when this fails)", () => {
    const run = runCli(["apply", "specs", "--out", "generated", "--check"]);
    expect(run.stdout).toMatch(/generated is up to date/);
    expect(run.code).toBe(0);
  }, 60_000);

  it("has zero findings under `spec-kit lint`", () => {
    const run = runCli(["lint", "generated", "--format", "json"]);
    expect(JSON.parse(run.stdout)).toMatchObject({ diagnostics: [], summary: { errors: 0, warnings: 0 } });
    expect(run.code).toBe(0);
  }, 120_000);

  it("ships contract validators that run without compiling a schema", async () => {
    type Validate = ((data: unknown) => boolean) & { errors?: { keyword: string; instancePath: string }[] | null };
    const module = (await import(pathToFileURL(join(REPO_ROOT, "generated", "validators", "contracts.js")).href)) as Record<string, Validate>;
    const event = module["validateAgentLifecycleEvent"]!;
    expect(event({ agentId: "a-1", lifecycle: "spawned", capabilityProfile: "reader", energyBudget: 10 })).toBe(true);
    expect(event({ agentId: "a-1", lifecycle: "exploded", capabilityProfile: "reader", energyBudget: 10 })).toBe(false);
    expect(event.errors?.[0]).toMatchObject({ keyword: "enum", instancePath: "/lifecycle" });
    const prompt = module["validateMissionPrompt"]!;
    const valid = { id: "0b6f8f5e-7d2a-4c1e-9a53-2f4d8c1b7e90", objective: "ship", priority: "P1", originatingSpec: "https://example.com/spec", createdAt: "2030-01-01T00:00:00Z" };
    expect(prompt(valid)).toBe(true);
    expect(prompt({ ...valid, createdAt: "yesterday" })).toBe(false);
    expect(prompt.errors?.[0]).toMatchObject({ keyword: "format", instancePath: "/createdAt" });
    // The module resolves ajv's helpers from where it lies; nothing was compiled at run time.
    expect(createRequire(import.meta.url).resolve("ajv-formats/dist/formats")).toBeTruthy();
  });
});
