import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { recordedOutput } from "../../cli/apply/input-digest.js";
import { isInside, openFolder, type ContainedFolder } from "../../cli/contained-folder.js";
import { INDEX_FILE, type OutputIndex } from "../../cli/output-writer.js";
import { buildStatement } from "../../compiler/evidence/statement.js";

const sha256 = (data: string | Uint8Array): string => createHash("sha256").update(data).digest("hex");

function hasMkfifo(): boolean {
  try {
    execFileSync("mkfifo", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

let root: string;
let folder: ContainedFolder;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "spec-kit-contained-read-"));
  mkdirSync(join(root, "out", "types"), { recursive: true });
  mkdirSync(join(root, "elsewhere"));
  writeFileSync(join(root, "elsewhere", "secret.ts"), "outside\n");
  writeFileSync(join(root, "out", "types", "a.ts"), "export {};\n");
  writeFileSync(join(root, "out", "empty.ts"), "");
  folder = openFolder(join(root, "out"), { label: "out" })!;
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe("ContainedFolder.readIfFile (the read of a no-op apply's recorded output)", () => {
  it("reads a regular file whole, an empty one and one larger than a read's pool alike", () => {
    const large = "x".repeat(300 * 1024);
    writeFileSync(join(root, "out", "types", "large.ts"), large);
    expect(folder.readIfFile("types/a.ts")?.toString()).toBe("export {};\n");
    expect(folder.readIfFile("empty.ts")?.length).toBe(0);
    expect(folder.readIfFile("types/large.ts")?.toString()).toBe(large);
    expect(folder.readFile("types/large.ts")?.toString()).toBe(large);
  });

  it("answers undefined, without opening it, for what is missing, a folder or a link, where readFile refuses", () => {
    symlinkSync(join(root, "elsewhere", "secret.ts"), join(root, "out", "types", "link.ts"));
    expect(folder.readIfFile("types/missing.ts")).toBeUndefined();
    expect(folder.readIfFile("missing/a.ts")).toBeUndefined();
    expect(folder.readIfFile("types")).toBeUndefined();
    expect(folder.readIfFile("types/link.ts")).toBeUndefined();
    expect(() => folder.readFile("types/link.ts")).toThrow(/refusing out\/types\/link\.ts: it is a symbolic link/);
  });

  it.skipIf(!hasMkfifo())("answers undefined for a named pipe and never blocks on it", () => {
    execFileSync("mkfifo", [join(root, "out", "types", "pipe.ts")]);
    expect(folder.readIfFile("types/pipe.ts")).toBeUndefined();
  });

  it("refuses a link on the way, as kind() does, never reading through it", () => {
    symlinkSync(join(root, "elsewhere"), join(root, "out", "linked"));
    expect(() => folder.kind("linked/secret.ts")).toThrow(/refusing out\/linked: it is a symbolic link/);
    expect(() => folder.readIfFile("linked/secret.ts")).toThrow(/refusing out\/linked: it is a symbolic link/);
  });

  it("names the folder on the way that is not one", () => {
    writeFileSync(join(root, "out", "plain"), "a file\n");
    expect(() => folder.readIfFile("plain/a.ts")).toThrow(/refusing out\/plain: it is a file/);
  });
});

describe("recordedOutput", () => {
  function indexOf(files: Record<string, string>): OutputIndex {
    writeFileSync(join(root, "out", INDEX_FILE), "{}\n");
    return { generator: "spec-kit", files: Object.keys(files), sha256: files } as OutputIndex;
  }

  it("returns each file with the digest it was checked against, and the record last", () => {
    const digest = sha256("export {};\n");
    const files = recordedOutput(folder, indexOf({ "types/a.ts": digest }))!;
    expect(files.map((file) => file.path)).toEqual(["types/a.ts", INDEX_FILE]);
    expect(files[0]!.sha256).toBe(digest);
    expect(files[1]!.sha256).toBeUndefined();
  });

  it("is undefined when a file differs from its digest, is missing, or is a link", () => {
    symlinkSync(join(root, "out", "types", "a.ts"), join(root, "out", "types", "link.ts"));
    expect(recordedOutput(folder, indexOf({ "types/a.ts": sha256("other\n") }))).toBeUndefined();
    expect(recordedOutput(folder, indexOf({ "types/missing.ts": sha256("") }))).toBeUndefined();
    expect(recordedOutput(folder, indexOf({ "types/link.ts": sha256("export {};\n") }))).toBeUndefined();
  });
});

describe("isInside", () => {
  it("holds for a path below the folder by name and for the folder itself", () => {
    expect(isInside("/a/b", "/a/b")).toBe(true);
    expect(isInside("/a/b", "/a/b/c/d")).toBe(true);
    expect(isInside(realpathSync(root), join(realpathSync(root), "out"))).toBe(true);
  });

  it("does not hold for a sibling sharing a prefix, a path that climbs out, or another root", () => {
    expect(isInside("/a/b", "/a/bc")).toBe(false);
    expect(isInside("/a/b", "/a/b/../c")).toBe(false);
    expect(isInside("/a/b", "/a")).toBe(false);
    expect(isInside("/a/b", "/x/a/b")).toBe(false);
  });
});

describe("an attested file's precomputed digest", () => {
  const toolchain = { node: ">=20", spec_kit: "0.1.0", lockfile: `sha256:${"a".repeat(64)}` };

  it("is the subject's digest as given; without one the content is hashed", () => {
    const given = "c".repeat(64);
    const statement = buildStatement({
      files: [
        { path: "a.ts", content: "a\n", sha256: given },
        { path: "b.ts", content: "b\n" },
      ],
      inputDigest: "sha256:" + "d".repeat(64),
      toolchain,
    });
    expect(statement.subject).toEqual([
      { name: "a.ts", digest: { sha256: given } },
      { name: "b.ts", digest: { sha256: sha256("b\n") } },
    ]);
  });
});
