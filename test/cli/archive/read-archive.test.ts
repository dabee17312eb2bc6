import { gzipSync } from "node:zlib";
import { pack, type Header } from "tar-stream";
import { describe, expect, it } from "vitest";
import { readArchive, type ArchiveLimits } from "../../../cli/archive/read-archive.js";

type Member = Partial<Header> & { name: string; body?: string | Buffer };

async function tar(members: readonly Member[]): Promise<Buffer> {
  const packer = pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const chunk of packer) chunks.push(chunk as Buffer);
  })();
  for (const { body, ...header } of members) {
    await new Promise<void>((resolve, reject) =>
      packer.entry(header, body ?? (header.type === "file" || header.type === undefined ? "" : undefined), (error) => (error ? reject(error) : resolve())),
    );
  }
  packer.finalize();
  await done;
  return Buffer.concat(chunks);
}

const LIMITS: ArchiveLimits = { maxUnpackedBytes: 1 << 20, maxFiles: 10, maxFileBytes: 1024 };

describe("readArchive", () => {
  it("reads a gzip tar with OPA-style root-relative names, sorted and normalised", async () => {
    const bytes = gzipSync(
      await tar([
        { name: "/policy.wasm", body: Buffer.from([0, 0x61, 0x73, 0x6d]) },
        { name: "/data.json", body: "{}" },
        { name: "./sub/", type: "directory" },
        { name: "./sub/.manifest", body: '{"roots":[""]}' },
      ]),
    );
    const result = await readArchive(bytes, LIMITS);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.files.map((f) => f.path)).toEqual(["data.json", "policy.wasm", "sub/.manifest"]);
    expect(Buffer.from(result.files[0]!.bytes).toString()).toBe("{}");
  });

  it("reads a plain (uncompressed) tar", async () => {
    const result = await readArchive(await tar([{ name: "spec-kit.yaml", body: "specKit: 1\n" }]), LIMITS);
    expect(result).toMatchObject({ ok: true, files: [{ path: "spec-kit.yaml" }] });
  });

  it.each([
    ["a symbolic link", { name: "evil", type: "symlink", linkname: "/etc/passwd" } as Member, /symbolic link \("evil" -> "\/etc\/passwd"\)/],
    ["a hard link", { name: "evil", type: "link", linkname: "other" } as Member, /hard link/],
    ["a FIFO", { name: "pipe", type: "fifo" } as Member, /fifo/],
    ["a character device", { name: "dev", type: "character-device" } as Member, /character-device/],
    ["a path that climbs out", { name: "../outside.yaml", body: "x" } as Member, /".." segment/],
    ["a climb hidden in the middle", { name: "phases/../../x", body: "x" } as Member, /".." segment/],
    ["a double-slash absolute path", { name: "//etc/x", body: "x" } as Member, /absolute/],
    ["a backslash", { name: "phases\\P1.yaml", body: "x" } as Member, /character "\\\\"/],
    ["a Windows device name", { name: "phases/CON.yaml", body: "x" } as Member, /device name/],
  ])("refuses %s, naming the member", async (_label, member, message) => {
    const result = await readArchive(gzipSync(await tar([{ name: "ok.yaml", body: "a: 1" }, member])), LIMITS);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.message).toMatch(message);
    expect(result.problem.entry).toBe(member.name);
    expect(result.problem.limit).toBeUndefined();
  });

  it("refuses a name that appears twice and a name that is both a file and a folder", async () => {
    const twice = await readArchive(await tar([{ name: "a.yaml", body: "1" }, { name: "./a.yaml", body: "2" }]), LIMITS);
    expect(twice).toMatchObject({ ok: false, problem: { message: '"a.yaml" appears more than once in the archive' } });
    const both = await readArchive(await tar([{ name: "a", body: "1" }, { name: "a/b", body: "2" }]), LIMITS);
    expect(both).toMatchObject({ ok: false, problem: { message: '"a" is both a file and a folder' } });
  });

  it("enforces the file count, the member size and the unpacked size", async () => {
    const many = await readArchive(await tar(Array.from({ length: 11 }, (_, i) => ({ name: `f${i}`, body: "x" }))), LIMITS);
    expect(many).toMatchObject({ ok: false, problem: { message: "the archive holds more than 10 files", limit: true } });
    const big = await readArchive(await tar([{ name: "big", body: Buffer.alloc(1025) }]), LIMITS);
    expect(big).toMatchObject({ ok: false, problem: { message: '"big" is 1025 bytes, over the limit of 1024', entry: "big", limit: true } });
    // 64 MiB of zeros compresses to ~64 KiB: a bomb must be refused while unpacking.
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(200_000);
    expect(await readArchive(bomb, LIMITS)).toMatchObject({ ok: false, problem: { message: `the archive unpacks to more than ${1 << 20} bytes`, limit: true } });
    const plain = Buffer.alloc((1 << 20) + 512);
    expect(await readArchive(plain, LIMITS)).toMatchObject({ ok: false, problem: { limit: true } });
  });

  it("answers garbage, truncation and emptiness with a problem, never a throw", async () => {
    const whole = await tar([{ name: "a.yaml", body: "x".repeat(600) }]);
    for (const bytes of [Buffer.from("not a tar at all, just text"), whole.subarray(0, 700), gzipSync(Buffer.alloc(0)), Buffer.from([0x1f, 0x8b, 1, 2, 3])]) {
      const result = await readArchive(bytes, LIMITS);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problem.message).not.toBe("");
    }
  });
});
