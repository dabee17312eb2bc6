import { createHash } from "node:crypto";

/** A digest function over text; injected wherever the runtime or the hash chain hashes, so tests and hosts can swap it. */
export type HashFn = (data: string) => string;

/** The default digest: lowercase hex SHA-256 of the UTF-8 bytes. */
export const sha256Hex: HashFn = (data) => createHash("sha256").update(data, "utf8").digest("hex");
