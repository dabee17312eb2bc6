import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bearerToken, createTokenTable, readTokensFile } from "../../cli/serve/tokens.js";

const dir = mkdtempSync(join(tmpdir(), "tokens-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tokensFile(content: string): string {
  const file = join(dir, `t${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, content);
  return file;
}

const ACME = "acme-token-0123456789abcdef";
const GLOBEX = "globex-token-0123456789abcdef";

describe("token table", () => {
  it("finds the tenant of a known token and nothing for a prefix, an extension, another case or an empty token", () => {
    const table = createTokenTable(new Map([[ACME, "acme"], [GLOBEX, "globex"]]));
    expect(table.authenticate(ACME)).toEqual({ tenant: "acme" });
    expect(table.authenticate(GLOBEX)).toEqual({ tenant: "globex" });
    for (const wrong of [ACME.slice(0, -1), `${ACME}x`, ACME.toUpperCase(), "", "x".repeat(10_000)]) expect(table.authenticate(wrong)).toBeUndefined();
  });

  it("reads a tokens file", () => {
    const table = readTokensFile(tokensFile(JSON.stringify({ [ACME]: { tenant: "acme" }, [GLOBEX]: { tenant: "globex" } })));
    expect(table.size).toBe(2);
    expect(table.authenticate(GLOBEX)).toEqual({ tenant: "globex" });
  });

  it.each([
    ["not JSON", "{", /not JSON/],
    ["an array", "[]", /expected an object/],
    ["no token", "{}", /holds no token/],
    ["a short token", JSON.stringify({ short: { tenant: "acme" } }), /entry 1: the token is shorter than 16/],
    ["white space in a token", JSON.stringify({ "acme token 0123456789": { tenant: "acme" } }), /white space/],
    ["a bad tenant", JSON.stringify({ [ACME]: { tenant: "../acme" } }), /the tenant must be/],
    ["an extra key", JSON.stringify({ [ACME]: { tenant: "acme", admin: true } }), /expected \{"tenant"/],
  ])("refuses %s without printing the token", (_label, content, message) => {
    let error: unknown;
    try {
      readTokensFile(tokensFile(content));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe("CliError");
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain(ACME);
  });

  it("refuses a missing file", () => {
    expect(() => readTokensFile(join(dir, "absent.json"))).toThrow(/cannot read it \(ENOENT\)/);
  });
});

describe("bearerToken", () => {
  it("takes the token of a Bearer header only", () => {
    expect(bearerToken(`Bearer ${ACME}`)).toBe(ACME);
    expect(bearerToken(`bearer ${ACME}`)).toBe(ACME);
    expect(bearerToken(`Basic ${ACME}`)).toBeUndefined();
    expect(bearerToken("Bearer")).toBeUndefined();
    expect(bearerToken(`Bearer ${ACME} extra`)).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
