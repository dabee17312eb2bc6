/**
 * examples/runner, the downstream project, as CI runs it: installed from its own lockfile (the
 * packages it names are all in spec-kit's lockfile, so the npm cache the root install filled
 * serves them; `--prefer-offline`), spec-kit linked by path; then `npm run runner` applies
 * specs/ into its own folder with the built spec-kit, type-checks its sources with the generated
 * code, runs a P7 task through its gate and a P6 release through a canary and an automatic
 * rollback, and exits 1 when any of that does not go as the specs say.
 */
import { execFile } from "node:child_process";
import { existsSync, lstatSync, readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const EXAMPLE = join(ROOT, "examples", "runner");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const run = promisify(execFile);
let output = "";

async function npmIn(args: string[]): Promise<string> {
  const { stdout, stderr } = await run(npm, args, { cwd: EXAMPLE, env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1", npm_config_update_notifier: "false" }, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 });
  return `${stdout}${stderr}`;
}

beforeAll(async () => {
  // The example runs the package as built: `npm test` builds before vitest starts.
  expect(existsSync(join(ROOT, "dist", "runtime", "index.js")), "run npm run build first").toBe(true);
  await npmIn(["ci", "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund"]);
  output = await npmIn(["run", "runner"]);
}, 300_000);

describe("examples/runner", () => {
  it("depends on spec-kit by path: its node_modules/spec-kit is a link to this checkout", () => {
    const manifest = JSON.parse(readFileSync(join(EXAMPLE, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    expect(manifest.dependencies["spec-kit"]).toBe("file:../..");
    expect(lstatSync(join(EXAMPLE, "node_modules", "spec-kit")).isSymbolicLink()).toBe(true);
    expect(realpathSync(join(EXAMPLE, "node_modules", "spec-kit"))).toBe(realpathSync(ROOT));
  });

  it("installs only packages spec-kit's own lockfile already holds, at the same versions", () => {
    const own = JSON.parse(readFileSync(join(EXAMPLE, "package-lock.json"), "utf8")) as { packages: Record<string, { version?: string }> };
    const root = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { version?: string }> };
    const fetched = Object.entries(own.packages).filter(([path]) => path.startsWith("node_modules/") && path !== "node_modules/spec-kit");
    expect(fetched.length).toBeGreaterThan(0);
    for (const [path, entry] of fetched) expect(root.packages[path]?.version, path).toBe(entry.version);
  });

  it("applies specs/ into its own folder", () => {
    expect(output).toMatch(/^\d+ files? written.* in generated$/m);
    for (const file of ["gates/P7.ts", "flows/P6.ts", "tests/P6.flows.test.ts", "evidence/manifest.json"]) expect(existsSync(join(EXAMPLE, "generated", file)), file).toBe(true);
  });

  it("runs a P7 task through its gate: admitted, cross-tenant denied, stopped when its lease is revoked", () => {
    expect(output).toContain("ok   P7: a task of the lease's tenant runs (allowed");
    expect(output).toContain("ok   P7: a cross-tenant task is denied before it runs (cross-tenant)");
    expect(output).toContain("ok   P7: revoking the lease stops the running task at its next checkpoint (lease-revoked after 2 steps)");
  });

  it("runs a P6 release through a canary and an automatic rollback to the target version", () => {
    expect(output).toContain("ok   P6: the release went shadow -> canary 10% -> rolled_back");
    expect(output).toMatch(/ok {3}P6: the rollback was automatic, on its trigger/);
    expect(output).toContain("ok   P6: traffic is back on v0");
    expect(output).toMatch(/ok {3}P6: \d+ rollout events, hash chain intact/);
    expect(output).not.toContain("FAIL");
    expect(output).toContain("runner: ok");
  });
});
