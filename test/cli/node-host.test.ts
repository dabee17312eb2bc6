import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNodeHost } from "../../cli/node-host.js";

let sandbox: string;
let root: string;

// Symbolic links and named pipes as used here are POSIX features.
describe.runIf(process.platform !== "win32")("node host", () => {
  beforeAll(() => {
    sandbox = mkdtempSync(join(tmpdir(), "spec-kit-host-"));
    root = join(sandbox, "bundle");
    mkdirSync(join(root, "phases", "nested"), { recursive: true });
    mkdirSync(join(root, "node_modules", "dep"), { recursive: true });
    mkdirSync(join(root, ".git"), { recursive: true });
    writeFileSync(join(sandbox, "secret.yaml"), "password: hunter2\n");
    mkdirSync(join(sandbox, "outside-dir"));
    writeFileSync(join(sandbox, "outside-dir", "leak.yaml"), "leak: true\n");
    writeFileSync(join(root, "spec-kit.yaml"), "specKit: 1\nname: t\n");
    writeFileSync(join(root, "phases", "b.yaml"), "b: 1\n");
    writeFileSync(join(root, "phases", "A.yaml"), "a: 1\n");
    writeFileSync(join(root, "phases", "nested", "c.json"), "{}\n");
    writeFileSync(join(root, "..dots.yaml"), "dots: 1\n");
    writeFileSync(join(root, "node_modules", "dep", "x.yaml"), "x: 1\n");
    writeFileSync(join(root, ".git", "HEAD"), "ref\n");
    symlinkSync(join(sandbox, "secret.yaml"), join(root, "phases", "link-out.yaml"));
    symlinkSync(join(sandbox, "outside-dir"), join(root, "linked-dir"));
    symlinkSync(join(root, "phases"), join(root, "phases", "nested", "loop"));
    symlinkSync(join(root, "phases", "b.yaml"), join(root, "link-in.yaml"));
    // A sparse 4 GiB file: reading it would take seconds and more memory than a Uint8Array may have.
    writeFileSync(join(root, "huge.yaml"), "");
    truncateSync(join(root, "huge.yaml"), 4 * 1024 ** 3);
    execFileSync("mkfifo", [join(root, "pipe.yaml")]);
  });

  afterAll(() => {
    rmSync(sandbox, { recursive: true, force: true });
  });

  describe("createNodeHost().listFiles", () => {
    it("lists files sorted, with `/` separators, skipping .git, node_modules and links out of the root", () => {
      expect(createNodeHost(root).listFiles()).toEqual([
        "..dots.yaml",
        "huge.yaml",
        "link-in.yaml",
        "phases/A.yaml",
        "phases/b.yaml",
        "phases/link-out.yaml",
        "phases/nested/c.json",
        "spec-kit.yaml",
      ]);
    });
  });

  describe("createNodeHost().readFile", () => {
    const read = (path: string, maxBytes = 1024) => createNodeHost(root).readFile(path, maxBytes);

    it("reads a file below the root, also through a link that stays inside", () => {
      expect(read("phases/b.yaml")).toEqual({ ok: true, bytes: new TextEncoder().encode("b: 1\n") });
      expect(read("link-in.yaml")).toMatchObject({ ok: true });
      expect(read("..dots.yaml")).toMatchObject({ ok: true });
    });

    it("refuses a link to a file outside the root", () => {
      expect(read("phases/link-out.yaml")).toMatchObject({ ok: false, reason: "outside-root" });
      expect(read("linked-dir/leak.yaml")).toMatchObject({ ok: false, reason: "outside-root" });
    });

    it("refuses paths that climb out of the root or are absolute", () => {
      expect(read("../secret.yaml")).toMatchObject({ ok: false, reason: "outside-root" });
      expect(read("phases/../../secret.yaml")).toMatchObject({ ok: false, reason: "outside-root" });
      expect(read("phases\\..\\..\\secret.yaml")).toMatchObject({ ok: false, reason: "outside-root" });
      expect(read(join(sandbox, "secret.yaml"))).toMatchObject({ ok: false, reason: "outside-root" });
    });

    it("refuses a file over maxBytes without reading it", () => {
      const result = read("huge.yaml", 5 * 1024 * 1024);
      expect(result).toMatchObject({ ok: false, reason: "too-large" });
      if (!result.ok) expect(result.message).toBe("huge.yaml is 4294967296 bytes, over the limit of 5242880 bytes");
      expect(read("phases/b.yaml", 4)).toMatchObject({ ok: false, reason: "too-large" });
      expect(read("phases/b.yaml", 5)).toMatchObject({ ok: true });
    });

    it("refuses what is not a regular file, without blocking on a pipe", () => {
      expect(read("pipe.yaml")).toMatchObject({ ok: false, reason: "not-a-file" });
      expect(read("phases")).toMatchObject({ ok: false, reason: "not-a-file" });
    });

    it("reports a missing file as not found", () => {
      expect(read("phases/missing.yaml")).toMatchObject({ ok: false, reason: "not-found" });
    });
  });
});
