import { randomBytes } from "node:crypto";
import { closeSync, constants, linkSync, lstatSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";
import { CliError } from "./cli-error.js";
import { displayPath } from "./contained-folder.js";

/**
 * A lock per output folder: `.<name>.spec-kit-lock` beside it, holding who took it (pid, host,
 * command, time, a random token). It is made whole in one step (written under a private name,
 * then hard-linked into place, which fails when a lock exists), so no run ever sees half a lock.
 * A lock whose process is gone (same host, pid not alive) is stale and taken over.
 */

/** How long a run waits for another run's lock by default, in seconds. */
export const DEFAULT_LOCK_WAIT_SECONDS = 30;

/** The `--lock-timeout` flag's value in seconds (how long to wait for another run on the same folder). */
export function lockWaitFlag(value: unknown): number {
  if (value === undefined) return DEFAULT_LOCK_WAIT_SECONDS;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > 3600) throw new CliError("--lock-timeout takes a number of seconds from 0 to 3600");
  return value;
}

/** What a lock file holds. */
export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  since: string;
  token: string;
}

/** A held lock. */
export interface OutputLock {
  /** The lock file. */
  readonly file: string;
  /** Throws a CliError unless the lock file is still this run's (checked before a swap). */
  assertHeld(): void;
  /** Removes the lock file when it is still this run's. */
  release(): void;
}

/** The lock file of the output folder `dir` (absolute). */
export function lockFileOf(dir: string): string {
  return join(dirname(dir), `.${basename(dir)}.spec-kit-lock`);
}

/** True when a process with this pid runs on this machine (EPERM: it runs, as another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readHolder(file: string): LockHolder | undefined | "unreadable" {
  let text: string;
  try {
    if (!lstatSync(file).isFile()) return "unreadable";
    text = readFileSync(file, "utf8");
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT" ? undefined : "unreadable";
  }
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid === "number" && typeof value.host === "string" && typeof value.token === "string") {
      return { pid: value.pid, host: value.host, command: String(value.command ?? "spec-kit"), since: String(value.since ?? "?"), token: value.token };
    }
  } catch {
    // falls through: not a lock of ours
  }
  return "unreadable";
}

function isStale(holder: LockHolder): boolean {
  return holder.host === hostname() && !processAlive(holder.pid);
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function describeHolder(holder: LockHolder | "unreadable"): string {
  if (holder === "unreadable") return "an unreadable lock";
  return `${holder.command} (pid ${holder.pid} on ${holder.host}, since ${holder.since})`;
}

/** Writes the lock content under a private name, then links it into place; false when a lock exists. */
function tryCreate(file: string, holder: LockHolder): boolean {
  const temp = `${file}.${holder.pid}-${holder.token}.tmp`;
  const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o644);
  try {
    writeSync(fd, `${JSON.stringify(holder)}\n`);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    unlinkSync(temp);
  }
}

/**
 * Removes a stale lock: moves it to a private name first, and only deletes it when what was
 * moved is the very lock found stale (same token); a fresh lock moved by mistake is put back.
 */
function breakStale(file: string, stale: LockHolder | "unreadable", token: string): void {
  const aside = `${file}.${process.pid}-${token}.stale`;
  try {
    renameSync(file, aside);
  } catch {
    return;
  }
  const moved = readHolder(aside);
  const same = moved === stale || (moved !== undefined && moved !== "unreadable" && stale !== "unreadable" && moved.token === stale.token);
  if (same) {
    unlinkSync(aside);
    return;
  }
  try {
    linkSync(aside, file);
  } catch {
    // another run took the lock meanwhile; the one moved aside has lost it and notices before its swap
  }
  unlinkSync(aside);
}

/**
 * Waits, without taking it, until no live run holds the lock of the output folder `dir`: what
 * `apply --check` and `--dry-run` do, so that they never read a folder halfway through a swap
 * and still write nothing. Throws a CliError (exit 2) naming the holder when the wait runs out.
 */
export function awaitUnlocked(dir: string, waitSeconds: number = DEFAULT_LOCK_WAIT_SECONDS): void {
  const file = lockFileOf(dir);
  const deadline = Date.now() + Math.max(0, waitSeconds) * 1000;
  let delay = 25;
  for (;;) {
    const current = readHolder(file);
    if (current === undefined || (current !== "unreadable" && isStale(current))) return;
    if (Date.now() >= deadline) {
      throw new CliError(`${displayPath(dir)} is locked by ${describeHolder(current)}; waited ${waitSeconds} s. Run again when it has finished, or remove ${displayPath(file)} if no such run is alive`);
    }
    sleep(Math.min(delay, Math.max(1, deadline - Date.now())));
    delay = Math.min(delay * 2, 500);
  }
}

/**
 * Takes the lock of the output folder `dir` for `command`, waiting up to `waitSeconds` while a
 * live run holds it. Throws a CliError (exit 2) naming the holder when the wait runs out, or
 * when the lock cannot be made at all.
 */
export function lockOutput(dir: string, command: string, waitSeconds: number = DEFAULT_LOCK_WAIT_SECONDS): OutputLock {
  const file = lockFileOf(dir);
  const token = randomBytes(8).toString("hex");
  const holder: LockHolder = { pid: process.pid, host: hostname(), command, since: new Date().toISOString(), token };
  const deadline = Date.now() + Math.max(0, waitSeconds) * 1000;
  let delay = 25;
  for (;;) {
    try {
      if (tryCreate(file, holder)) break;
    } catch (error) {
      throw new CliError(`cannot lock ${displayPath(dir)} (${(error as NodeJS.ErrnoException).code ?? "unknown error"}): spec-kit needs to write ${basename(file)} beside it`);
    }
    const current = readHolder(file);
    if (current === undefined) continue;
    if (current !== "unreadable" && isStale(current)) {
      breakStale(file, current, token);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new CliError(
        `${displayPath(dir)} is locked by ${describeHolder(current)}; waited ${waitSeconds} s. Run again when it has finished, or remove ${displayPath(file)} if no such run is alive`,
      );
    }
    sleep(Math.min(delay, Math.max(1, deadline - Date.now())));
    delay = Math.min(delay * 2, 500);
  }
  const held = (): boolean => {
    const current = readHolder(file);
    return current !== undefined && current !== "unreadable" && current.token === token;
  };
  return {
    file,
    assertHeld() {
      if (!held()) throw new CliError(`lost the lock of ${displayPath(dir)} (${displayPath(file)} was removed or replaced by another run); nothing was changed`);
    },
    release() {
      if (held()) {
        try {
          unlinkSync(file);
        } catch {
          // already gone
        }
      }
    },
  };
}

/** Runs `action` while holding the output folder's lock, releasing it once the action has settled. */
export async function withOutputLock<T>(dir: string, command: string, waitSeconds: number | undefined, action: (lock: OutputLock) => T | Promise<T>): Promise<T> {
  const lock = lockOutput(dir, command, waitSeconds);
  try {
    return await action(lock);
  } finally {
    lock.release();
  }
}
