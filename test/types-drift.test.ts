import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- a plain ES module script without type declarations
import { renderTypes } from "../scripts/gen-types.mjs";

const typesDir = new URL("../compiler/types/", import.meta.url);

describe("compiler/types", () => {
  it("is what scripts/gen-types.mjs renders from schemas/ (run npm run gen:types when this fails)", async () => {
    const rendered = (await renderTypes()) as Map<string, string>;
    const present = readdirSync(typesDir).filter((n) => n.endsWith(".ts")).sort();
    expect(present, "files in compiler/types without a schema, or schemas without types").toEqual([...rendered.keys()].sort());
    const stale = [...rendered].filter(([file, text]) => readFileSync(new URL(file, typesDir), "utf8") !== text).map(([file]) => file);
    expect(stale, "compiler/types files that differ from their schema").toEqual([]);
  });
});
