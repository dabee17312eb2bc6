import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./spawn-cli.js";

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  pass_filenames?: boolean;
}

const hooks = parse(readFileSync(join(REPO_ROOT, ".pre-commit-hooks.yaml"), "utf8")) as Hook[];
const hook = (id: string): Hook => hooks.find((h) => h.id === id)!;

describe(".pre-commit-hooks.yaml", () => {
  it("declares spec-kit-validate on the phase documents, passing their names", () => {
    const validate = hook("spec-kit-validate");
    expect(validate).toMatchObject({ entry: "spec-kit validate", language: "node" });
    expect(validate.pass_filenames).not.toBe(false);
    const files = new RegExp(validate.files);
    for (const path of ["phases/P1.yaml", "phases/sub/P2.yml", "specs/autoloop/phases/P3.json"]) expect(files.test(path), path).toBe(true);
    for (const path of ["phases/README.md", "src/phases.yaml", "myphases/P1.yaml", "spec-kit.yaml"]) expect(files.test(path), path).toBe(false);
  });

  it("declares spec-kit-check without file names, run when any bundle file changes", () => {
    const check = hook("spec-kit-check");
    expect(check).toMatchObject({ entry: "spec-kit check", language: "node", pass_filenames: false });
    const files = new RegExp(check.files);
    for (const path of ["spec-kit.yaml", "specs/a/spec-kit.json", "phases/P1.yaml", "missions/m.yml"]) expect(files.test(path), path).toBe(true);
    expect(files.test("src/index.ts")).toBe(false);
  });
});
