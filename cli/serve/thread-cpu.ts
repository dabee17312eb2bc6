import { readFileSync, realpathSync } from "node:fs";

/**
 * CPU time of single threads, from Linux's `/proc/<pid>/task/<tid>/schedstat` (its first field
 * is the nanoseconds the thread has run). A worker thread tells the pool where its own file is
 * (`/proc/thread-self` resolved), so the pool can watch the CPU a job has used while it runs,
 * not only the time on the clock, which on a busy machine also counts other processes' turns.
 * Where `/proc` is missing, callers fall back to the wall clock.
 */

/** The `/proc/<pid>/task/<tid>` folder of the calling thread, or undefined off Linux. */
export function ownThreadStatDir(): string | undefined {
  try {
    const dir = realpathSync("/proc/thread-self");
    return readCpuMs(dir) === undefined ? undefined : dir;
  } catch {
    return undefined;
  }
}

/** Milliseconds of CPU the thread at `dir` (see {@link ownThreadStatDir}) has used, or undefined when unreadable. */
export function readCpuMs(dir: string): number | undefined {
  try {
    const first = readFileSync(`${dir}/schedstat`, "utf8").split(" ", 1)[0];
    const ns = Number(first);
    return Number.isFinite(ns) ? ns / 1e6 : undefined;
  } catch {
    return undefined;
  }
}
