import type * as TypeScript from "typescript";

/** The TypeScript compiler API, as the code model uses it. */
export type TypeScriptApi = typeof TypeScript;

/**
 * Everything the code model needs from the outside world: file access in absolute,
 * `/`-separated paths, and the TypeScript API itself. The CLI supplies a file-system host
 * (cli/code-host.ts), tests an in-memory one; injecting the API keeps `spec-kit check` from
 * loading TypeScript when a bundle has no code to check.
 */
export interface CodeHost {
  /** The bundle root, absolute, without a trailing slash. */
  readonly bundleRoot: string;
  readonly useCaseSensitiveFileNames: boolean;
  /** Loads (once) and returns the TypeScript API. */
  typescript(): TypeScriptApi;
  /** TypeScript sources (`.ts`, `.tsx`, `.mts`, `.cts`) below `dir`, absolute and sorted; skips `node_modules` and dot folders. */
  listSourceFiles(dir: string): readonly string[];
  fileExists(path: string): boolean;
  readFile(path: string): string | undefined;
  directoryExists(path: string): boolean;
  getDirectories(path: string): string[];
  /** Resolves symbolic links; the identity when the host has none. */
  realpath(path: string): string;
}

/** What a `check` run asks of the code rules, beyond the manifest's `code` section. */
export interface CodeInput {
  host: CodeHost;
  /** `--code DIR`: the code root, relative to the bundle root; wins over the manifest's `code.root`. */
  root?: string;
  /** `--diff REV`: the files changed since REV, relative to the bundle root. */
  changedFiles?: readonly string[];
  /** `--phase ID`: the phases whose `write_modules` bound the change; default the phases in progress. */
  phases?: readonly string[];
}
