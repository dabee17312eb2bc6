import { describe, expect, it } from "vitest";
import { bundlePathProblem } from "../../../cli/archive/bundle-path.js";

describe("bundlePathProblem", () => {
  it.each(["spec-kit.yaml", "phases/P1.yaml", "missions/a b/agent-nexus.md", "phases/ünïcode.json", ".manifest"])("accepts %j", (name) => {
    expect(bundlePathProblem(name)).toBeUndefined();
  });

  it.each([
    ["", "is empty"],
    ["/etc/passwd", "is an absolute path"],
    ["C:/x.yaml", "starts with a drive letter"],
    ["phases\\P1.yaml", 'contains the character "\\\\"'],
    ["phases/P1.yaml\u0000.txt", 'contains the character "\\u0000"'],
    ["ab:c", 'contains the character ":"'],
    ["phases//P1.yaml", "has an empty path segment"],
    ["phases/", "has an empty path segment"],
    ["../x", 'has a ".." segment'],
    ["phases/./P1.yaml", 'has a "." segment'],
    ["phases/P1.yaml.", 'has a segment ending in a dot or a space ("P1.yaml.")'],
    ["NUL", 'uses the reserved device name "NUL"'],
    ["phases/com1.yaml", 'uses the reserved device name "com1.yaml"'],
    ["x\uD800y", "is not well-formed Unicode (a lone surrogate)"],
    ["a/" + "b".repeat(256), "has a segment longer than 255 characters"],
    ["a/".repeat(600), "is longer than 1024 characters"],
  ])("refuses %j: %s", (name, problem) => {
    expect(bundlePathProblem(name)).toBe(problem);
  });
});
