import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { filesFromArchive, filesFromJson, type UploadLimits } from "../../cli/serve/bundle-upload.js";
import { tar } from "./helpers.js";

const LIMITS: UploadLimits = { maxFiles: 4, maxFileBytes: 64, maxUnpackedBytes: 128 };

describe("filesFromJson", () => {
  it("returns the files sorted by path, as UTF-8 bytes", () => {
    const result = filesFromJson({ "phases/P1.yaml": "é", "spec-kit.yaml": "specKit: 1\n" }, LIMITS);
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    expect(result.files.map((file) => file.path)).toEqual(["phases/P1.yaml", "spec-kit.yaml"]);
    expect([...result.files[0]!.bytes]).toEqual([0xc3, 0xa9]);
  });

  it.each([
    ["../escape.yaml", /has a "\.\." segment/],
    ["phases/../../etc/passwd", /has a "\.\." segment/],
    ["/etc/passwd", /is an absolute path/],
    ["C:/Windows/win.ini", /drive letter/],
    ["phases\\P1.yaml", /the character "\\\\"/],
    ["phases/P1.yaml\u0000.txt", /the character "\\u0000"/],
    ["phases//P1.yaml", /empty path segment/],
    ["./spec-kit.yaml", /has a "\." segment/],
    ["phases/NUL.yaml", /reserved device name/],
    ["phases/P1.yaml ", /ending in a dot or a space/],
    ["", /is empty/],
    ["\ud800.yaml", /lone surrogate/],
  ])("refuses the file name %j with 400", (name, message) => {
    const result = filesFromJson({ "spec-kit.yaml": "x", [name]: "x" }, LIMITS);
    expect(result).toMatchObject({ ok: false, status: 400 });
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it("answers too many files, a file too large and too many bytes altogether with 413", () => {
    expect(filesFromJson({ a: "", b: "", c: "", d: "", e: "" }, LIMITS)).toMatchObject({ ok: false, status: 413, message: expect.stringMatching(/5 files, over the limit of 4/) });
    expect(filesFromJson({ a: "x".repeat(65) }, LIMITS)).toMatchObject({ ok: false, status: 413, message: expect.stringMatching(/65 bytes, over the limit of 64/) });
    expect(filesFromJson({ a: "x".repeat(64), b: "x".repeat(64), c: "x" }, LIMITS)).toMatchObject({ ok: false, status: 413, message: expect.stringMatching(/128 bytes together/) });
  });

  it("refuses content that is not a string", () => {
    expect(filesFromJson({ "spec-kit.yaml": 1 }, LIMITS)).toMatchObject({ ok: false, status: 400 });
  });
});

/** A tar holds at least 1 KiB of headers and end blocks. */
const ARCHIVE_LIMITS: UploadLimits = { maxFiles: 4, maxFileBytes: 64, maxUnpackedBytes: 64 * 1024 };

describe("filesFromArchive", () => {
  it("reads a gzip'd tar into sorted files", async () => {
    const bytes = gzipSync(await tar([{ name: "spec-kit.yaml", body: "specKit: 1\n" }, { name: "phases/P1.yaml", body: "a: 1\n" }]));
    const result = await filesFromArchive(bytes, ARCHIVE_LIMITS);
    expect(result.ok && result.files.map((file) => file.path)).toEqual(["phases/P1.yaml", "spec-kit.yaml"]);
  });

  it("answers hostile members with 400 and exceeded limits with 413", async () => {
    const link = gzipSync(await tar([{ name: "spec-kit.yaml", type: "symlink", linkname: "/etc/passwd" }]));
    expect(await filesFromArchive(link, ARCHIVE_LIMITS)).toMatchObject({ ok: false, status: 400, message: expect.stringMatching(/symbolic link/) });
    const climb = gzipSync(await tar([{ name: "../../x.yaml", body: "x" }]));
    expect(await filesFromArchive(climb, ARCHIVE_LIMITS)).toMatchObject({ ok: false, status: 400 });
    expect(await filesFromArchive(Buffer.from("not an archive at all, just text"), ARCHIVE_LIMITS)).toMatchObject({ ok: false, status: 400 });
    const bomb = gzipSync(Buffer.alloc(1 << 20));
    expect(await filesFromArchive(bomb, ARCHIVE_LIMITS)).toMatchObject({ ok: false, status: 413, message: expect.stringMatching(/unpacks to more than 65536 bytes/) });
    const many = gzipSync(await tar(["a", "b", "c", "d", "e"].map((name) => ({ name, body: "" }))));
    expect(await filesFromArchive(many, ARCHIVE_LIMITS)).toMatchObject({ ok: false, status: 413 });
  });
});
