import { PARSE_MESSAGES } from "./parse-messages.js";

/**
 * What the loader finds wrong with a bundle's manifest files (findings of topic `manifest`):
 * the messages of a document that does not load, and two of its own. `manifest/schema` takes
 * these among its messages, so that the loader and the rule cannot word a message differently.
 */
export const MANIFEST_LOAD_MESSAGES = {
  ...PARSE_MESSAGES,
  noManifest: 'no manifest: expected {{names}} at the bundle root ("spec-kit init" writes one)',
  extraManifest: "{{extra}} is ignored: {{manifest}} is the bundle's manifest; keep only one",
} as const;
