import { createHash } from "node:crypto";
import { closeSync, fstatSync, fsyncSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync, constants as fsConstants } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { basename, dirname, resolve } from "node:path";
import { chainLine, checkChainLine, EMPTY_HEAD, type ChainHead, type LogRecord } from "./log-chain.js";

/** A payload of `spec.logs`: any JSON object; `tenant` (a string, or null for the server's own records) says who may read it. */
export interface LogPayload {
  tenant: string | null;
  [key: string]: unknown;
}

/** Why a log cannot be opened: it is broken before its last line, locked by another server, or unreadable. */
export class SpecLogError extends Error {
  override readonly name = "SpecLogError";
}

/** What a scan of a log file found. */
export interface LogScan {
  /** The head after the last whole record. */
  head: ChainHead;
  /** Byte offset of each whole record's line, by sequence number, and the end of the last one. */
  offsets: number[];
  end: number;
  /** Sequence numbers of each tenant's records, ascending. */
  byTenant: Map<string, number[]>;
  /** Bytes after the last newline: a write a crash interrupted. */
  tornTail?: Buffer;
  /** The first whole line that breaks the chain (1-based), when one does. */
  broken?: { line: number; reason: string };
}

/** What {@link SpecLog.open} did about a torn last line. */
export interface TornTailRecovery {
  /** Bytes removed from the end of the log. */
  bytes: number;
  /** Where they were saved, beside the log. */
  savedAs: string;
  /** The record that notes the recovery in the chain. */
  seq: number;
}

const CHUNK = 1 << 20;

/**
 * Reads a log file line by line and checks the chain, without holding it whole in memory.
 * A missing file is an empty log. Stops at the first whole line that breaks the chain.
 */
export function scanLog(file: string): LogScan {
  const scan: LogScan = { head: EMPTY_HEAD, offsets: [], end: 0, byTenant: new Map() };
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return scan;
    throw new SpecLogError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? "unknown error"})`);
  }
  try {
    // A device or a FIFO is no log: /dev/zero would be read for ever.
    if (!fstatSync(fd).isFile()) throw new SpecLogError(`${file} is not a regular file`);
    let carry = Buffer.alloc(0);
    let position = 0;
    const chunk = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const read = readSync(fd, chunk, 0, CHUNK, position);
      if (read === 0) break;
      position += read;
      let buffer = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, read)]) : chunk.subarray(0, read);
      let start = 0;
      for (let newline = buffer.indexOf(10, start); newline !== -1; newline = buffer.indexOf(10, start)) {
        const lineStart = scan.end;
        const checked = checkChainLine(buffer.toString("utf8", start, newline), scan.head);
        if (!checked.ok) {
          scan.broken = { line: scan.offsets.length + 1, reason: checked.reason };
          return scan;
        }
        scan.offsets.push(lineStart);
        indexTenant(scan.byTenant, checked.record);
        scan.head = { seq: checked.record.seq + 1, hash: checked.record.hash };
        scan.end = lineStart + (newline - start) + 1;
        start = newline + 1;
      }
      buffer = buffer.subarray(start);
      carry = Buffer.from(buffer);
    }
    if (carry.length > 0) scan.tornTail = carry;
    return scan;
  } finally {
    closeSync(fd);
  }
}

function indexTenant(byTenant: Map<string, number[]>, record: LogRecord): void {
  const tenant = (record.payload as { tenant?: unknown } | null)?.tenant;
  if (typeof tenant !== "string") return;
  let list = byTenant.get(tenant);
  if (!list) byTenant.set(tenant, (list = []));
  list.push(record.seq);
}

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Logs this process holds open, by absolute path (the lock file names our own pid for each). */
const HELD = new Set<string>();

/**
 * Takes `<log>.lock` (created exclusively, holding our pid), so that two servers never append
 * to one chain. A lock left by a process that no longer runs (a `kill -9`) is taken over, and
 * so is one naming our own pid when we do not hold it: a restarted container often gets the
 * pid its predecessor had.
 */
function takeLock(lock: string): void {
  if (HELD.has(resolve(lock))) throw new SpecLogError(`${lock} is held by this process: the log is open already`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL, 0o644);
      writeFileSync(fd, `${process.pid}\n`);
      closeSync(fd);
      HELD.add(resolve(lock));
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
        throw new SpecLogError(`cannot create ${lock} (${(error as NodeJS.ErrnoException).code ?? "unknown error"})`);
      }
    }
    let holder = Number.NaN;
    try {
      holder = Number.parseInt(readFileSync(lock, "utf8").trim(), 10);
    } catch {
      // Unreadable or vanished: treated as stale below.
    }
    if (pidAlive(holder)) throw new SpecLogError(`${lock} is held by process ${holder}: another server appends to this log`);
    rmSync(lock, { force: true });
  }
  throw new SpecLogError(`cannot take ${lock}: another server keeps creating it`);
}

function releaseLock(lock: string): void {
  rmSync(lock, { force: true });
  HELD.delete(resolve(lock));
}

function fsyncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch {
    // Some file systems cannot sync a directory; the file's own fsync still holds its data.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Saves a torn tail beside the log under a name no earlier recovery used; returns the name. */
function saveTornTail(file: string, seq: number, tail: Buffer): string {
  for (let n = 0; ; n++) {
    const name = `${file}.torn-${seq}${n === 0 ? "" : `-${n}`}`;
    let fd: number;
    try {
      fd = openSync(name, "wx", 0o644);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") continue;
      throw new SpecLogError(`cannot save the torn last line of ${file} to ${name} (${(error as NodeJS.ErrnoException).code ?? "unknown error"})`);
    }
    try {
      writeFileSync(fd, tail);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return name;
  }
}

interface Pending {
  line: Buffer;
  record: LogRecord;
  resolve(record: LogRecord): void;
  reject(error: Error): void;
}

/**
 * `spec.logs`: an append-only, hash-chained NDJSON file. Appends are group-committed: every
 * record handed to {@link append} while a write is under way goes out in the next single write,
 * followed by one `fdatasync`; each append resolves only once its record is on disk. Readers
 * see only records that are. After a failed write or sync the log refuses every further append
 * (fail closed): the file may no longer end where the chain in memory does.
 */
export class SpecLog {
  private head: ChainHead;
  private readonly offsets: number[];
  private end: number;
  private readonly byTenant: Map<string, number[]>;
  private pending: Pending[] = [];
  private writing = false;
  private closed = false;
  private failed: Error | undefined;
  private readonly listeners = new Set<() => void>();
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => undefined;

  private constructor(
    readonly file: string,
    private readonly writer: FileHandle,
    private readonly reader: FileHandle,
    private readonly lock: string,
    scan: LogScan,
  ) {
    this.head = scan.head;
    this.offsets = scan.offsets;
    this.end = scan.end;
    this.byTenant = scan.byTenant;
  }

  /**
   * Opens (or creates) the log at `file` for appending: takes its lock, checks the whole
   * chain, and recovers from a crash in the middle of a write. A torn last line (bytes after
   * the last newline) was never acknowledged, since a record is answered only once it is on
   * disk; it is saved beside the log as `<file>.torn-<seq>`, cut off, and a `recovery` record
   * noting its size and digest is appended. A whole line that breaks the chain is not a crash
   * but damage or tampering: the log is left untouched and opening fails.
   */
  static async open(file: string): Promise<{ log: SpecLog; recovery?: TornTailRecovery }> {
    const lock = `${file}.lock`;
    try {
      if (!statSync(file).isFile()) throw new SpecLogError(`${file} is not a regular file`);
    } catch (error) {
      if (error instanceof SpecLogError) throw error;
    }
    takeLock(lock);
    let writer: FileHandle | undefined;
    let reader: FileHandle | undefined;
    try {
      const scan = scanLog(file);
      if (scan.broken) {
        throw new SpecLogError(`${file}:${scan.broken.line}: the log is broken (the record ${scan.broken.reason}); it was left as it is`);
      }
      writer = await open(file, "a", 0o644);
      fsyncDirectory(dirname(file));
      let torn: { bytes: number; savedAs: string; sha256: string } | undefined;
      if (scan.tornTail) {
        const savedAs = saveTornTail(file, scan.head.seq, scan.tornTail);
        await writer.truncate(scan.end);
        await writer.sync();
        fsyncDirectory(dirname(file));
        torn = { bytes: scan.tornTail.length, savedAs, sha256: createHash("sha256").update(scan.tornTail).digest("hex") };
      }
      reader = await open(file, "r");
      const log = new SpecLog(file, writer, reader, lock, scan);
      if (!torn) return { log };
      const record = await log.append({
        tenant: null,
        kind: "recovery",
        recorded_at: new Date().toISOString(),
        torn_tail: { bytes: torn.bytes, sha256: `sha256:${torn.sha256}`, saved_as: basename(torn.savedAs) },
      });
      return { log, recovery: { bytes: torn.bytes, savedAs: torn.savedAs, seq: record.seq } };
    } catch (error) {
      await writer?.close().catch(() => undefined);
      await reader?.close().catch(() => undefined);
      releaseLock(lock);
      if (error instanceof SpecLogError) throw error;
      throw new SpecLogError(`cannot open ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  }

  /** Records on disk (the next sequence number once pending appends are written). */
  get length(): number {
    return this.offsets.length;
  }

  /** The failure that stopped appends, if one did. */
  get failure(): Error | undefined {
    return this.failed;
  }

  /**
   * Appends `payload` as the next record and resolves once it is on disk (written and
   * fdatasync'ed). Rejects when the log is closed or has failed.
   */
  append(payload: LogPayload): Promise<LogRecord> {
    if (this.closed) return Promise.reject(new SpecLogError(`${this.file} is closed`));
    if (this.failed) return Promise.reject(this.failed);
    const { line, record, next } = chainLine(this.head, payload);
    this.head = next;
    return new Promise((resolve, reject) => {
      this.pending.push({ line: Buffer.from(line, "utf8"), record, resolve, reject });
      if (!this.writing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.writing = true;
    this.idle = new Promise((resolve) => (this.markIdle = resolve));
    try {
      while (this.pending.length > 0 && !this.failed) {
        const batch = this.pending;
        this.pending = [];
        const bytes = Buffer.concat(batch.map((item) => item.line));
        try {
          let written = 0;
          while (written < bytes.length) written += (await this.writer.write(bytes, written, bytes.length - written)).bytesWritten;
          await this.writer.datasync();
        } catch (error) {
          this.failed = new SpecLogError(`cannot append to ${this.file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); the log takes no more records`);
          for (const item of [...batch, ...this.pending]) item.reject(this.failed);
          this.pending = [];
          break;
        }
        for (const item of batch) {
          this.offsets.push(this.end);
          this.end += item.line.length;
          indexTenant(this.byTenant, item.record);
        }
        for (const item of batch) item.resolve(item.record);
        for (const listener of this.listeners) listener();
      }
    } finally {
      this.writing = false;
      this.markIdle();
    }
  }

  /** The sequence numbers of `tenant`'s records on disk, ascending (a live view: it grows). */
  tenantRecords(tenant: string): readonly number[] {
    return this.byTenant.get(tenant) ?? [];
  }

  /** The stored line of record `seq` (with its newline), as bytes. */
  async readLine(seq: number): Promise<Buffer> {
    const start = this.offsets[seq];
    if (start === undefined) throw new RangeError(`no record ${seq}`);
    const stop = seq + 1 < this.offsets.length ? this.offsets[seq + 1]! : this.end;
    const buffer = Buffer.allocUnsafe(stop - start);
    let read = 0;
    while (read < buffer.length) {
      const { bytesRead } = await this.reader.read(buffer, read, buffer.length - read, start + read);
      if (bytesRead === 0) throw new SpecLogError(`${this.file} ended before record ${seq}`);
      read += bytesRead;
    }
    return buffer;
  }

  /** Calls `listener` after each write that added records; returns the function that stops it. */
  onCommit(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** True once {@link close} has been called. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Writes what is pending, then closes the file and releases the lock. Further appends reject. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.idle;
    for (const listener of this.listeners) listener();
    this.listeners.clear();
    await this.writer.close().catch(() => undefined);
    await this.reader.close().catch(() => undefined);
    releaseLock(this.lock);
  }
}
