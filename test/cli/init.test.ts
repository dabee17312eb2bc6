// `spec-kit init [dir]` starts a bundle that checks clean and is wired into editors, never
// overwrites, and writes only inside the folder it was given, through no link.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { initFiles } from "../../cli/init/templates.js";
import { locateSchemas } from "../../cli/init/write-bundle.js";
import { checkFiles, validateTexts } from "../helpers/rule-tester.js";
import { CLI_TEST_TIMEOUT_MS, REPO_ROOT, runCli } from "./spawn-cli.js";

const root = mkdtempSync(join(tmpdir(), "spec-kit-init-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every file below `dir`, relative, sorted. */
function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel === "" ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else out.push(path);
    }
  };
  walk("");
  return out.sort();
}

const SCHEMAS = locateSchemas(join(root, "nowhere")).paths;

describe("the templates", () => {
  it("check clean as a bundle, and each file validates clean on its own", () => {
    const files = Object.fromEntries(initFiles("demo", SCHEMAS).map((file) => [file.path, file.text]));
    expect(Object.keys(files).sort()).toEqual([".vscode/settings.json", "missions/mission.yaml", "phases/P2.json", "phases/P1.yaml", "spec-kit.yaml"].sort());
    const bundle = Object.fromEntries(Object.entries(files).filter(([path]) => !path.startsWith(".vscode/")));
    expect(checkFiles(bundle).diagnostics).toEqual([]);
    for (const [path, text] of Object.entries(bundle)) expect(validateTexts({ [path]: text }).diagnostics, path).toEqual([]);
  });

  it("name their schemas: a modeline in each YAML document, $schema in the JSON one, both in the editor settings", () => {
    const files = Object.fromEntries(initFiles("demo", SCHEMAS).map((file) => [file.path, file.text]));
    expect(files["spec-kit.yaml"]!.split("\n")[0]).toBe("# yaml-language-server: $schema=./node_modules/spec-kit/schemas/manifest.schema.json");
    expect(files["phases/P1.yaml"]!.split("\n")[0]).toBe("# yaml-language-server: $schema=../node_modules/spec-kit/schemas/phase-report.schema.json");
    expect(files["missions/mission.yaml"]!.split("\n")[0]).toBe("# yaml-language-server: $schema=../node_modules/spec-kit/schemas/mission.schema.json");
    expect(JSON.parse(files["phases/P2.json"]!).$schema).toBe("../node_modules/spec-kit/schemas/phase-report.schema.json");
    const settings = JSON.parse(files[".vscode/settings.json"]!);
    expect(settings["yaml.schemas"]["./node_modules/spec-kit/schemas/phase-report.schema.json"]).toEqual(["phases/**/*.yaml", "phases/**/*.yml"]);
    expect(settings["json.schemas"]).toContainEqual({ fileMatch: ["phases/**/*.json"], url: "./node_modules/spec-kit/schemas/phase-report.schema.json" });
  });

  it("point at the spec-kit installed at or above the bundle, by a path that resolves from each file", () => {
    const project = join(root, "project");
    const schemas = join(project, "node_modules", "spec-kit", "schemas");
    mkdirSync(schemas, { recursive: true });
    for (const name of ["manifest", "phase-report", "mission"]) writeFileSync(join(schemas, `${name}.schema.json`), readFileSync(join(REPO_ROOT, "schemas", `${name}.schema.json`)));
    const located = locateSchemas(join(project, "specs"));
    expect(located).toEqual({
      installed: true,
      paths: {
        manifest: "../node_modules/spec-kit/schemas/manifest.schema.json",
        phase: "../node_modules/spec-kit/schemas/phase-report.schema.json",
        mission: "../node_modules/spec-kit/schemas/mission.schema.json",
      },
    });
    for (const file of initFiles("demo", located.paths)) {
      const reference = /\$schema=(\S+)/.exec(file.text)?.[1] ?? (file.path.endsWith(".json") && !file.path.startsWith(".") ? JSON.parse(file.text).$schema : undefined);
      if (reference === undefined) continue;
      expect(existsSync(resolve(dirname(join(project, "specs", file.path)), reference)), `${file.path}: ${reference}`).toBe(true);
    }
  });
});

describe("spec-kit init", () => {
  it(
    "writes the bundle (making the folder), which check and validate find clean",
    () => {
      const dir = join(root, "fresh", "specs");
      const run = runCli(["init", dir]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain("wrote spec-kit.yaml, phases/P1.yaml, phases/P2.json, missions/mission.yaml, .vscode/settings.json");
      expect(run.stdout).toContain('npm install --save-dev spec-kit');
      expect(tree(dir)).toEqual([".vscode/settings.json", "missions/mission.yaml", "phases/P1.yaml", "phases/P2.json", "spec-kit.yaml"]);
      expect(runCli(["check", dir])).toMatchObject({ code: 0, stdout: "✔ no problems in 4 files\n" });
      expect(runCli(["validate", join(dir, "phases")]).code).toBe(0);
      expect(readFileSync(join(dir, "spec-kit.yaml"), "utf8")).toContain('name: "specs"');
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    "refuses to overwrite anything, writing nothing, and names what is there",
    () => {
      const dir = join(root, "taken");
      mkdirSync(join(dir, "phases"), { recursive: true });
      writeFileSync(join(dir, "phases", "P1.yaml"), "mine\n");
      writeFileSync(join(dir, "spec-kit.json"), '{"specKit": 1, "name": "mine"}\n');
      const run = runCli(["init", dir]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^spec-kit: refusing to overwrite .*taken\/phases\/P1\.yaml, .*taken\/spec-kit\.json: .*nothing was written\n$/);
      expect(tree(dir)).toEqual(["phases/P1.yaml", "spec-kit.json"]);
      expect(readFileSync(join(dir, "phases", "P1.yaml"), "utf8")).toBe("mine\n");
      const again = join(root, "twice");
      expect(runCli(["init", again]).code).toBe(0);
      expect(runCli(["init", again]).code).toBe(2);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    "follows no link: a linked folder on the way or a linked bundle folder is refused, and nothing is written outside",
    () => {
      const outside = join(root, "outside");
      mkdirSync(outside, { recursive: true });
      const dir = join(root, "linked");
      mkdirSync(dir, { recursive: true });
      symlinkSync(outside, join(dir, "phases"));
      const run = runCli(["init", dir]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/linked\/phases: it is a symbolic link/);
      expect(readdirSync(outside)).toEqual([]);
      // The link itself is left as it was, and nothing else was made.
      expect(tree(dir)).toEqual(["phases"]);
      symlinkSync(outside, join(root, "link-to-outside"));
      const linkedRoot = runCli(["init", join(root, "link-to-outside")]);
      expect(linkedRoot.code).toBe(2);
      expect(linkedRoot.stderr).toMatch(/is a symbolic link/);
      expect(readdirSync(outside)).toEqual([]);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    "--no-editor leaves the editor settings out; --name names the bundle",
    () => {
      const dir = join(root, "plain");
      expect(runCli(["init", dir, "--no-editor", "--name", "billing"]).code).toBe(0);
      expect(tree(dir)).toEqual(["missions/mission.yaml", "phases/P1.yaml", "phases/P2.json", "spec-kit.yaml"]);
      expect(readFileSync(join(dir, "spec-kit.yaml"), "utf8")).toContain('name: "billing"');
    },
    CLI_TEST_TIMEOUT_MS,
  );
});
