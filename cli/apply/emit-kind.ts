/** What `apply --emit` writes: TypeScript sources (the default), or JavaScript with declarations. Kept apart from the compiler that makes JavaScript, which a no-op apply never loads. */
export const EMIT_KINDS = ["ts", "js"] as const;

/** One `--emit` value. */
export type EmitKind = (typeof EMIT_KINDS)[number];
