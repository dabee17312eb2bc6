// Bundles the command line's entry point (dist/cli/main.js, as tsc built it) and the first-party
// modules it reaches into that one file, run after tsc by `npm run build`. Node 20 spends most of
// a short run's start-up finding, reading and compiling some two hundred ES modules; one file is
// read and compiled once. Everything else in dist/ stays as tsc wrote it: the library entry
// points, the worker scripts and the modules the bundle's own code still locates by URL.
//
// Packages stay outside the bundle, loaded from node_modules as before (and the heavy ones,
// typescript, eslint, opa-wasm, viz, fastify, only by the commands that import them),
// except yargs and the small packages it loads, which every run needs.
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build, transform } from "esbuild";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const entry = join(dist, "cli", "main.js");

/** The names of the chunk files, in dist/cli/ beside main.js (so `import.meta.url` keeps its folder). */
const CHUNK_PREFIX = "main-chunk-";

/** Packages compiled into the bundle: small, pure ES modules loaded by every command. */
const BUNDLED_PACKAGES = new Set(["yargs", "yargs-parser", "y18n", "cliui", "escalade", "get-caller-file", "string-width", "strip-ansi", "wrap-ansi", "ansi-regex", "ansi-styles", "emoji-regex", "get-east-asian-width"]);

function packageName(specifier) {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/**
 * Each module keeps the `import.meta.url` it has unbundled, written relative to the bundle's own
 * URL, so the files it locates beside itself (worker scripts, the build's fingerprint, the
 * package root, packages resolved from there) are found exactly as before.
 */
const keepModuleUrls = {
  name: "keep-module-urls",
  setup(context) {
    context.onLoad({ filter: /\.m?js$/ }, async (args) => {
      if (!args.path.startsWith(root + "/")) return undefined;
      const source = readFileSync(args.path, "utf8");
      if (!source.includes("import.meta.url")) return { contents: source, loader: "js" };
      // Replaced as syntax, never inside a string (the emitters write `import.meta.url` into generated code).
      const { code } = await transform(source, { loader: "js", define: { "import.meta.url": "__moduleUrl" } });
      const fromBundle = relative(dirname(entry), args.path).split("\\").join("/");
      const url = JSON.stringify(fromBundle.startsWith(".") ? fromBundle : `./${fromBundle}`);
      return { contents: `const __moduleUrl = new URL(${url}, import.meta.url).href;\n${code}`, loader: "js" };
    });
  },
};

/**
 * `string-width` is imported by yargs and its layout library at start-up and builds Unicode-property
 * regular expressions (and an `Intl.Segmenter`) as it loads, about a tenth of a short run; yet it
 * only measures text when help or a usage error is printed. Each import of it gets a stand-in
 * that loads the real module (the version that importer resolves) on the first call.
 */
const lazyStringWidth = {
  name: "lazy-string-width",
  setup(context) {
    context.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.namespace === "lazy-string-width") return undefined;
      const real = await context.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, namespace: "lazy-string-width" });
      if (real.errors.length > 0) return { errors: real.errors };
      return { path: relative(root, real.path), namespace: "lazy-string-width" };
    });
    context.onLoad({ filter: /.*/, namespace: "lazy-string-width" }, (args) => ({
      contents: [
        "let real;",
        "export default function stringWidth(text, options) {",
        `  real ??= require(${JSON.stringify(resolve(root, args.path))}).default;`,
        "  return real(text, options);",
        "}",
      ].join("\n"),
      resolveDir: dirname(resolve(root, args.path)),
      loader: "js",
    }));
  },
};

/** Bare imports stay imports of node_modules, except the packages listed above. */
const externalPackages = {
  name: "external-packages",
  setup(context) {
    context.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith("node:")) return { path: args.path, external: true };
      if (BUNDLED_PACKAGES.has(packageName(args.path))) return undefined;
      return { path: args.path, external: true };
    });
  },
};

// tsc rewrites main.js on every build; bundling a bundle would lose the modules it was made from.
if (/from "\.\/main-chunk-/.test(readFileSync(entry, "utf8"))) {
  throw new Error("dist/cli/main.js is already bundled: run tsc (npm run build) before this script");
}

// Chunks of an earlier build would otherwise stay behind.
for (const name of readdirSync(dirname(entry))) {
  if (name.startsWith(CHUNK_PREFIX) && name.endsWith(".js")) rmSync(join(dirname(entry), name));
}

await build({
  entryPoints: [entry],
  outdir: dirname(entry),
  allowOverwrite: true,
  bundle: true,
  // Each command's code in chunks of its own beside main.js, loaded when that command runs: a
  // single file would hoist the heavy packages' imports to its top and load them on every run.
  splitting: true,
  chunkNames: `${CHUNK_PREFIX}[hash]`,
  format: "esm",
  platform: "node",
  target: "node20",
  // The bundle's bytes depend only on dist/ (no paths of this machine, no timestamps).
  legalComments: "none",
  charset: "utf8",
  logLevel: "warning",
  plugins: [lazyStringWidth, externalPackages, keepModuleUrls],
});
