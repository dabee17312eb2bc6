import type { HashFn } from "../common/hash.js";
import type { ChainRecord, ChainVerification } from "../common/hash-chain.js";
import { deepFreeze } from "./audit-events.js";
import { createEventLog } from "./event-log.js";

/** A phase's data model as the generated code carries it: its kind, its keys, whether it is append-only, and its tenant key when it is tenant-scoped. */
export interface RecordModel {
  readonly name: string;
  readonly kind: string;
  readonly keys: readonly string[];
  readonly appendOnly: boolean;
  /** The key that scopes each record to a tenant; absent for a global model. */
  readonly tenantKey?: string;
}

/** One record of a data model: its keys and any further fields, as JSON data. */
export type ModelRecord = Readonly<Record<string, unknown>>;

/** The outcome of an append: the chained record, or the keys it lacked. */
export type AppendResult = { readonly ok: true; readonly record: ChainRecord<ModelRecord> } | { readonly ok: false; readonly reason: string; readonly missing: readonly string[] };

/** An append-only, hash-chained log of one data model's records (seed 002 P3): no update, no delete. */
export interface RecordLog {
  readonly model: RecordModel;
  /** Appends a record that carries every key of the model (a non-empty string or a finite number); refuses one that does not. */
  append(record: ModelRecord): AppendResult;
  /** Every record, oldest first. */
  records(): readonly ChainRecord<ModelRecord>[];
  /** The records of one tenant only: a tenant-scoped model never shows one tenant another's records. */
  forTenant(tenantId: string): readonly ChainRecord<ModelRecord>[];
  verify(): ChainVerification;
}

/**
 * Checks a phase's data models (a generated module's) and freezes them. Throws a TypeError on a
 * malformed model: a generator bug.
 */
export function defineModels<const M extends Readonly<Record<string, RecordModel>>>(models: M): M {
  for (const [name, model] of Object.entries(models)) {
    if (model?.name !== name || !Array.isArray(model.keys) || typeof model.appendOnly !== "boolean") throw new TypeError(`data model ${name} is malformed`);
  }
  return deepFreeze(models);
}

function hasValue(value: unknown): boolean {
  return (typeof value === "string" && value.trim() !== "") || (typeof value === "number" && Number.isFinite(value));
}

/** The keys of `model` that `record` lacks (missing, empty, or neither a string nor a finite number). */
export function missingKeys(model: Pick<RecordModel, "keys">, record: unknown): string[] {
  const source = typeof record === "object" && record !== null ? (record as Record<string, unknown>) : {};
  return model.keys.filter((key) => !Object.hasOwn(source, key) || !hasValue(source[key]));
}

/** Creates the record log of a data model. Throws a TypeError for a model without a name or keys. */
export function createRecordLog(model: RecordModel, options: { hash?: HashFn } = {}): RecordLog {
  if (typeof model?.name !== "string" || model.name === "" || !Array.isArray(model.keys) || model.keys.some((key) => typeof key !== "string" || key === "")) {
    throw new TypeError("a record log needs a model with a name and a list of keys");
  }
  if (model.tenantKey !== undefined && !model.keys.includes(model.tenantKey)) throw new TypeError(`model ${model.name} is scoped by ${model.tenantKey}, which is not one of its keys`);
  const frozen: RecordModel = Object.freeze({ ...model, keys: Object.freeze([...model.keys]) });
  const log = createEventLog<ModelRecord>(options.hash === undefined ? {} : { hash: options.hash });
  return {
    model: frozen,
    append(record) {
      const missing = missingKeys(frozen, record);
      if (missing.length > 0) return { ok: false, reason: `a ${frozen.name} record needs ${missing.join(", ")}`, missing };
      try {
        return { ok: true, record: log.append(record) };
      } catch (error) {
        return { ok: false, reason: `a ${frozen.name} record must be JSON data (${error instanceof Error ? error.message : String(error)})`, missing: [] };
      }
    },
    records: () => log.records(),
    forTenant(tenantId) {
      const key = frozen.tenantKey;
      if (key === undefined) return log.records();
      return Object.freeze(log.records().filter((record) => record.payload[key] === tenantId));
    },
    verify: () => log.verify(),
  };
}
