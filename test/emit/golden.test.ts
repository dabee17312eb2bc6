/**
 * Golden tests for the TypeScript emitters: each fixture phase is emitted and compared, file by
 * file, with the expected output committed under test/fixtures/emit/golden/<fixture>/.
 *
 * To refresh the expected files after an intended change, run
 *   UPDATE_GOLDEN=1 npx vitest run test/emit/golden.test.ts
 * and review the diff before committing it. Without UPDATE_GOLDEN the test never writes.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import type { GeneratedFile } from "../../compiler/emit/emitter.js";
import { flowEmitter } from "../../compiler/emit/flow-emitter.js";
import { flowTestEmitter } from "../../compiler/emit/flow-test-emitter.js";
import { gateEmitter } from "../../compiler/emit/gate-emitter.js";
import { stateMachineEmitter } from "../../compiler/emit/state-machine-emitter.js";
import { testEmitter } from "../../compiler/emit/test-emitter.js";
import { REPO_ROOT, emitInputFromPhase, readFixture } from "./emit-input.js";

const GOLDEN_ROOT = join(REPO_ROOT, "test", "fixtures", "emit", "golden");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

/** Fixture name -> phase document under test/fixtures. */
const FIXTURES: Readonly<Record<string, { file: string; fixture: string }>> = {
  "P7-approval": { file: "P7.yaml", fixture: "phases/valid.yaml" },
  "P2-min-no-approval": { file: "P2-min.yaml", fixture: "emit/phases/P2-min.yaml" },
  "P9-capability-trust": { file: "P9.yaml", fixture: "emit/phases/P9-trust.yaml" },
};

function emitAll(file: string, text: string): GeneratedFile[] {
  const input = emitInputFromPhase(file, text);
  return [gateEmitter, stateMachineEmitter, testEmitter, flowEmitter, flowTestEmitter].flatMap((emitter) => emitter.emit(input).files);
}

function listGolden(dir: string, prefix = ""): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? listGolden(join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`]))
    .sort();
}

describe.each(Object.entries(FIXTURES))("golden output of %s", (name, { file, fixture }) => {
  const dir = join(GOLDEN_ROOT, name);
  const files = emitAll(file, readFixture(fixture));

  if (UPDATE) {
    it("refreshes the expected files", () => {
      rmSync(dir, { recursive: true, force: true });
      for (const generated of files) {
        const target = join(dir, generated.path);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, generated.content);
      }
      expect(listGolden(dir)).toEqual(files.map((f) => f.path).sort());
    });
    return;
  }

  it("emits exactly the expected set of files", () => {
    expect(files.map((f) => f.path).sort()).toEqual(listGolden(dir));
  });

  it.each(files.map((f) => [f.path, f] as const))("%s matches its golden file", (path, generated) => {
    expect(generated.content).toBe(readFileSync(join(dir, path), "utf8"));
  });
});
