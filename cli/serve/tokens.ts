import { createHash, timingSafeEqual } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { CliError } from "../cli-error.js";

/** Shortest bearer token accepted in a tokens file: shorter ones are guessable. */
export const MIN_TOKEN_LENGTH = 16;
/** What a tenant name may look like (it appears in logs and in URLs). */
export const TENANT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const MAX_TOKENS_FILE_BYTES = 1024 * 1024;

/** Who a request acts for. */
export interface Principal {
  tenant: string;
}

/** Finds the principal of a bearer token; `undefined` for an unknown token. */
export interface TokenTable {
  authenticate(token: string): Principal | undefined;
  /** How many tokens the table holds. */
  readonly size: number;
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

/**
 * A token table over `entries` (token to tenant). Each presented token is hashed with SHA-256
 * and compared with every known token's digest by `timingSafeEqual`, all of them, without an
 * early exit: the time taken depends neither on how much of a token matched nor on its length
 * nor on which entry matched.
 */
export function createTokenTable(entries: ReadonlyMap<string, string>): TokenTable {
  const table = [...entries].map(([token, tenant]) => ({ digest: digest(token), tenant }));
  return {
    size: table.length,
    authenticate(token) {
      const presented = digest(token);
      let found: string | undefined;
      for (const entry of table) {
        if (timingSafeEqual(entry.digest, presented) && found === undefined) found = entry.tenant;
      }
      return found === undefined ? undefined : { tenant: found };
    },
  };
}

/**
 * Reads a tokens file: a JSON object from bearer token to `{ "tenant": "<name>" }`. Refuses
 * (CliError, exit 2) a file that is missing, too large, not such an object, empty, or has a
 * token shorter than {@link MIN_TOKEN_LENGTH} characters or a malformed tenant name.
 */
export function readTokensFile(file: string): TokenTable {
  let text: string;
  try {
    if (statSync(file).size > MAX_TOKENS_FILE_BYTES) throw new CliError(`--tokens ${file}: larger than ${MAX_TOKENS_FILE_BYTES} bytes`);
    text = readFileSync(file, "utf8");
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`--tokens ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? "unknown error"})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliError(`--tokens ${file}: not JSON (${(error as Error).message})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new CliError(`--tokens ${file}: expected an object like {"<token>": {"tenant": "acme"}}`);
  }
  const entries = new Map<string, string>();
  for (const [token, entry] of Object.entries(value as Record<string, unknown>)) {
    // Never print the token itself: name the entry by its position.
    const where = `--tokens ${file}: entry ${entries.size + 1}`;
    if (token.length < MIN_TOKEN_LENGTH) throw new CliError(`${where}: the token is shorter than ${MIN_TOKEN_LENGTH} characters`);
    if (/[\s\u0000-\u001f\u007f]/.test(token)) throw new CliError(`${where}: the token contains white space or a control character`);
    const tenant = (entry as { tenant?: unknown } | null)?.tenant;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry) || Object.keys(entry).some((key) => key !== "tenant")) {
      throw new CliError(`${where}: expected {"tenant": "<name>"}`);
    }
    if (typeof tenant !== "string" || !TENANT_PATTERN.test(tenant)) {
      throw new CliError(`${where}: the tenant must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit`);
    }
    entries.set(token, tenant);
  }
  if (entries.size === 0) throw new CliError(`--tokens ${file}: holds no token, so no request could be authenticated`);
  return createTokenTable(entries);
}

/** The token of an `Authorization: Bearer <token>` header, or `undefined` when there is none or it is of another scheme. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer[ ]+([^\s]+)[ ]*$/i.exec(header);
  return match?.[1];
}
