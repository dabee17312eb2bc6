import { Readable } from "node:stream";
import type { SpecLog } from "./spec-log.js";

/** The index of the first entry of ascending `list` that is at least `value`. */
function lowerBound(list: readonly number[], value: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (list[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * One tenant's records of `spec.logs` as an NDJSON byte stream, each line exactly as stored,
 * from sequence number `since` on. It reads a record only when the consumer wants more (a
 * client that stops reading holds no more than the stream's buffer), and with `follow` it waits
 * for new records instead of ending, until {@link finish} is called (server shutdown) or the
 * client goes away.
 */
export class TenantLogStream extends Readable {
  private cursor: number;
  private pumping = false;
  private finishing = false;
  private wake: (() => void) | undefined;
  private stopListening: (() => void) | undefined;
  private waited = false;

  /** `onFirstWait` runs when a following stream first waits for records: the server sends the response headers then, so the client sees the stream open. */
  constructor(
    private readonly log: SpecLog,
    private readonly tenant: string,
    since: number,
    private readonly follow: boolean,
    private readonly onFirstWait: () => void = () => undefined,
  ) {
    super({ highWaterMark: 64 * 1024 });
    this.cursor = lowerBound(log.tenantRecords(tenant), since);
  }

  /** Ends a following stream once it has sent what is on disk. */
  finish(): void {
    this.finishing = true;
    this.wake?.();
  }

  override _read(): void {
    if (!this.pumping) void this.pump();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.finishing = true;
    this.stopListening?.();
    this.wake?.();
    callback(error);
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      for (;;) {
        if (this.destroyed) return;
        const records = this.log.tenantRecords(this.tenant);
        if (this.cursor < records.length) {
          const line = await this.log.readLine(records[this.cursor]!);
          this.cursor++;
          if (this.destroyed) return;
          if (!this.push(line)) return;
          continue;
        }
        if (!this.follow || this.finishing || this.log.isClosed) {
          this.push(null);
          return;
        }
        if (!this.waited) {
          this.waited = true;
          this.onFirstWait();
        }
        await this.nextCommit();
      }
    } catch (error) {
      this.destroy(error as Error);
    } finally {
      this.pumping = false;
    }
  }

  private nextCommit(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.stopListening?.();
        this.stopListening = undefined;
        this.wake = undefined;
        resolve();
      };
      this.wake = done;
      this.stopListening = this.log.onCommit(done);
    });
  }
}
