// The floor: read every file of a bundle and parse it with JSON.parse or js-yaml, nothing else.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";

const root = process.argv[2];
let documents = 0;
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const abs = join(dir, entry.name);
    if (entry.isDirectory()) walk(abs);
    else if (entry.name.endsWith(".json")) (JSON.parse(readFileSync(abs, "utf8")), documents++);
    else if (/\.ya?ml$/.test(entry.name)) (load(readFileSync(abs, "utf8")), documents++);
  }
};
walk(root);
if (documents === 0) process.exitCode = 1;
