// `spec-kit check --watch` as users run it: a real process on a copy of specs/, fed edits
// through the file system, stopped with SIGINT.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, CLI_TEST_TIMEOUT_MS, REPO_ROOT } from "./spawn-cli.js";

const scratch = mkdtempSync(join(tmpdir(), "spec-kit-watch-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Replaces a file in one step, as editors save, so that the watcher never sees it half written. */
function save(path: string, text: string): void {
  const temporary = join(scratch, "saving.tmp");
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/** A running `check --watch` whose stdout is read report by report (each ends with its summary line). */
class WatchProcess {
  readonly child: ChildProcessWithoutNullStreams;
  #output = "";
  #consumed = 0;
  #waiters: (() => void)[] = [];

  constructor(dir: string) {
    const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: "1" };
    delete env["FORCE_COLOR"];
    delete env["NODE_OPTIONS"];
    this.child = spawn(process.execPath, [BIN, "check", dir, "--watch"], { cwd: REPO_ROOT, env });
    this.child.stdout.setEncoding("utf8");
    this.child.stdout.on("data", (chunk: string) => {
      this.#output += chunk;
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  /** The next report, up to and including its `watch:` summary line. */
  async nextReport(timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rest = this.#output.slice(this.#consumed);
      const match = /^watch: .*\n/m.exec(rest);
      if (match) {
        this.#consumed += match.index + match[0].length;
        return rest.slice(0, match.index + match[0].length);
      }
      if (Date.now() > deadline) throw new Error(`no report within ${timeoutMs} ms; output so far:\n${this.#output}`);
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  /** Sends SIGINT and resolves with the exit code. */
  stop(): Promise<number | null> {
    return new Promise((resolve) => {
      this.child.on("exit", (code) => resolve(code));
      this.child.kill("SIGINT");
    });
  }
}

describe("check --watch", () => {
  it(
    "reports the bundle, re-reports after each edit, add and delete, and exits 0 on SIGINT",
    async () => {
      const dir = join(scratch, "specs");
      cpSync(join(REPO_ROOT, "specs"), dir, { recursive: true });
      const watch = new WatchProcess(dir);
      try {
        const first = await watch.nextReport();
        expect(first).toMatch(/^watch: 0 errors, 0 warnings in 16 files; checked in \d+ ms/m);

        const p2 = join(dir, "phases", "P2.yaml");
        save(p2, readFileSync(p2, "utf8").replace("priority: highest", "priority: urgent"));
        const edited = await watch.nextReport();
        expect(edited).toContain("protocol/schema");
        expect(edited).toContain('got "urgent"');
        expect(edited).toMatch(/^watch: 1 error, 0 warnings in 16 files; re-checked \(1 file re-parsed\) in \d+ ms/m);

        save(join(dir, "phases", "P99.yaml"), "phase_meta: [\n");
        const added = await watch.nextReport();
        expect(added).toContain("protocol/parse");
        expect(added).toMatch(/^watch: 2 errors, 0 warnings in 17 files/m);

        unlinkSync(join(dir, "phases", "P99.yaml"));
        save(p2, readFileSync(p2, "utf8").replace("priority: urgent", "priority: highest"));
        let fixed = await watch.nextReport();
        // The two changes may come as one batch or as two.
        if (!/^watch: 0 errors/m.test(fixed)) fixed = await watch.nextReport();
        expect(fixed).toMatch(/^watch: 0 errors, 0 warnings in 16 files/m);
      } finally {
        expect(await watch.stop()).toBe(0);
      }
    },
    CLI_TEST_TIMEOUT_MS,
  );
});
