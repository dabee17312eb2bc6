/**
 * The JSON Schemas of the service's requests, validated by Fastify with ajv before a handler
 * runs (a request that does not match is answered 400). File names and counts are checked by
 * the handler, which answers an unsafe name 400 and a count over the limit 413.
 */

/** `POST /specifications` as JSON: `{"files": {"<relative path>": "<text>"}}`. */
export const SPECIFICATIONS_BODY_SCHEMA = {
  type: "object",
  required: ["files"],
  additionalProperties: false,
  properties: {
    files: {
      type: "object",
      description: "The bundle's files by path relative to its root (spec-kit.yaml, phases/P1.yaml, ...), each as UTF-8 text",
      additionalProperties: { type: "string" },
    },
  },
} as const;

const FLAG = { type: "string", enum: ["0", "1", "false", "true"] } as const;

/** The query of `POST /specifications`: `apply=1` also generates. */
export const SPECIFICATIONS_QUERY_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    apply: FLAG,
    tenant: { type: "string" },
  },
} as const;

/** The query of `GET /spec.logs`: `since=SEQ` (from that sequence number on), `follow=1`. */
export const LOG_QUERY_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    since: { type: "string", pattern: "^(0|[1-9][0-9]{0,14})$" },
    follow: FLAG,
    tenant: { type: "string" },
  },
} as const;
