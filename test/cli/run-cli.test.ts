import { describe, expect, it } from "vitest";
import type { CliIo } from "../../cli/cli-io.js";
import { runCli } from "../../cli/run-cli.js";
import { fixture } from "./spawn-cli.js";

/** An io that records what the CLI writes. */
function recordingIo(env: Record<string, string> = {}): CliIo & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    env,
    stdout: { write: (text: string) => (io.out += text), isTTY: true },
    stderr: { write: (text: string) => (io.err += text) },
  };
  return io;
}

describe("runCli in process", () => {
  it("writes the report to the io's stdout and returns the exit status", async () => {
    const io = recordingIo();
    expect(await runCli(["check", fixture("parse-error"), "--format", "json"], io)).toBe(1);
    expect(JSON.parse(io.out).summary.errors).toBe(1);
    expect(io.err).toBe("");
  });

  it("colours stylish output when the io's stdout is a terminal, unless NO_COLOR is set", async () => {
    const tty = recordingIo();
    await runCli(["check", fixture("parse-error")], tty);
    expect(tty.out).toContain("\u001b[31merror");
    const noColor = recordingIo({ NO_COLOR: "1" });
    await runCli(["check", fixture("parse-error")], noColor);
    expect(noColor.out).not.toContain("\u001b");
  });

  it("reports a usage problem on the io's stderr with status 2", async () => {
    const io = recordingIo();
    expect(await runCli(["validate", "missing.yaml"], io)).toBe(2);
    expect(io.out).toBe("");
    expect(io.err).toBe("spec-kit: missing.yaml: no such file or folder\n");
  });
});
