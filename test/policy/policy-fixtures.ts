// Policies added to bundles on disk for tests: a module (see ./opa-wat.ts) written under
// policies/ and listed in the manifest's `policies`.
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { pack, type Header } from "tar-stream";

/** One policy to add: its file under the bundle, its bytes, and the rest of its manifest entry. */
export interface PolicyFixture {
  path: string;
  bytes: Uint8Array;
  entrypoints?: string[];
  data?: { path: string; text: string };
  timeoutMs?: number;
  memoryMiB?: number;
}

/** Writes each policy into the bundle at `dir` and lists it in its spec-kit.yaml (which must have no `policies` yet). */
export function addPolicies(dir: string, policies: readonly PolicyFixture[]): void {
  const manifest = join(dir, "spec-kit.yaml");
  if (/^policies:/m.test(readFileSync(manifest, "utf8"))) throw new Error(`${manifest} already lists policies`);
  const lines = ["", "policies:"];
  for (const policy of policies) {
    mkdirSync(dirname(join(dir, policy.path)), { recursive: true });
    writeFileSync(join(dir, policy.path), policy.bytes);
    lines.push(`  - path: ${policy.path}`);
    if (policy.entrypoints) lines.push(`    entrypoints: [${policy.entrypoints.join(", ")}]`);
    if (policy.data) {
      writeFileSync(join(dir, policy.data.path), policy.data.text);
      lines.push(`    data: ${policy.data.path}`);
    }
    if (policy.timeoutMs !== undefined) lines.push(`    timeoutMs: ${policy.timeoutMs}`);
    if (policy.memoryMiB !== undefined) lines.push(`    memoryMiB: ${policy.memoryMiB}`);
  }
  appendFileSync(manifest, `${lines.join("\n")}\n`);
}

/** One member of a test archive: a tar header's fields and a body. */
export type TarMember = Partial<Header> & { name: string; body?: string | Uint8Array };

/** A tar archive of `members`, gzipped unless `gzip` is false: how `opa build` writes bundle.tar.gz. */
export async function tarball(members: readonly TarMember[], gzip = true): Promise<Uint8Array> {
  const packer = pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const chunk of packer) chunks.push(chunk as Buffer);
  })();
  for (const { body, ...header } of members) {
    const content = typeof body === "string" ? Buffer.from(body) : body === undefined ? undefined : Buffer.from(body);
    await new Promise<void>((resolve, reject) =>
      packer.entry(header, content ?? (header.type === "file" || header.type === undefined ? Buffer.alloc(0) : undefined), (error) => (error ? reject(error) : resolve())),
    );
  }
  packer.finalize();
  await done;
  const tar = Buffer.concat(chunks);
  return new Uint8Array(gzip ? gzipSync(tar) : tar);
}
