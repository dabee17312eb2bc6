import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Signer } from "../../compiler/evidence/build-evidence.js";
import { CliError } from "../cli-error.js";
import { describeKind, openFolder } from "../contained-folder.js";

/** Key files are small; anything larger is not a key and is not read whole. */
const MAX_KEY_BYTES = 64 * 1024;

function readKeyText(file: string, what: string): string {
  let size: number;
  try {
    const stats = statSync(file);
    if (!stats.isFile()) throw new CliError(`${file}: not a file (expected ${what})`);
    size = stats.size;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${file}: cannot read ${what} (${(error as NodeJS.ErrnoException).code ?? "unknown error"})`);
  }
  if (size > MAX_KEY_BYTES) throw new CliError(`${file}: too large to be ${what}`);
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new CliError(`${file}: cannot read ${what} (${(error as NodeJS.ErrnoException).code ?? "unknown error"})`);
  }
}

function requireEd25519(key: KeyObject, file: string): KeyObject {
  if (key.asymmetricKeyType !== "ed25519") throw new CliError(`${file}: an ${key.asymmetricKeyType ?? "unknown"} key, not Ed25519`);
  return key;
}

/** Reads an Ed25519 private key (PKCS#8 PEM, e.g. from `spec-kit keygen` or `openssl genpkey -algorithm ed25519`). */
export function readPrivateKey(file: string): KeyObject {
  const text = readKeyText(file, "an Ed25519 private key");
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: text, format: "pem" });
  } catch {
    throw new CliError(`${file}: not a PEM private key (expected an Ed25519 PKCS#8 PEM file)`);
  }
  return requireEd25519(key, file);
}

/** Reads an Ed25519 public key (SPKI PEM); a private key file is accepted too and its public half used. */
export function readPublicKey(file: string): KeyObject {
  const text = readKeyText(file, "an Ed25519 public key");
  let key: KeyObject;
  try {
    key = createPublicKey({ key: text, format: "pem" });
  } catch {
    throw new CliError(`${file}: not a PEM public key (expected an Ed25519 SPKI PEM file)`);
  }
  return requireEd25519(key, file);
}

/** The DSSE key id: hex SHA-256 of the public key's SPKI DER encoding. */
export function keyIdOf(key: KeyObject): string {
  const publicKey = key.type === "private" ? createPublicKey(key) : key;
  return createHash("sha256").update(publicKey.export({ type: "spki", format: "der" })).digest("hex");
}

/** A DSSE signer backed by an Ed25519 private key. */
export function ed25519Signer(privateKey: KeyObject): Signer {
  const keyid = keyIdOf(privateKey);
  return (message) => ({ keyid, sig: sign(null, message, privateKey).toString("base64") });
}

/** True when `signature` is `publicKey`'s Ed25519 signature of `message`. */
export function verifyEd25519(publicKey: KeyObject, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    return verify(null, message, publicKey, signature);
  } catch {
    return false;
  }
}

/** Where `keygen` writes a key pair. */
export interface KeyPairFiles {
  privateKey: string;
  publicKey: string;
  keyid: string;
}

/**
 * Writes a new Ed25519 key pair into `dir`: `<name>.key.pem` (PKCS#8, mode 0600) and
 * `<name>.pub.pem` (SPKI), each atomically through the folder layer. Refuses to replace either
 * file unless `force`, and never writes through a link (nor replaces one), whatever `force` says.
 */
export function writeKeyPair(dir: string, name: string, force: boolean): KeyPairFiles {
  const names = { privateKey: `${name}.key.pem`, publicKey: `${name}.pub.pem` };
  const files = { privateKey: join(dir, names.privateKey), publicKey: join(dir, names.publicKey) };
  const existing = openFolder(dir, { label: dir });
  for (const [key, file] of Object.entries(names) as [keyof typeof names, string][]) {
    const kind = existing?.kind(file);
    if (kind === undefined) continue;
    if (kind !== "file") throw new CliError(`refusing ${files[key]}: it is ${describeKind(kind)}; keygen never writes through or replaces a link or special file (remove it)`);
    if (!force) throw new CliError(`${files[key]} exists; pass --force to replace it`);
  }
  const pair = generateKeyPairSync("ed25519");
  const folder = existing ?? openFolder(dir, { label: dir, create: true })!;
  folder.writeFile(names.privateKey, pair.privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
  folder.writeFile(names.publicKey, pair.publicKey.export({ type: "spki", format: "pem" }), { mode: 0o644 });
  return { ...files, keyid: keyIdOf(pair.publicKey) };
}
