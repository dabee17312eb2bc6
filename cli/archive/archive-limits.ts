// Apart from the reader, so that code sizing its reads by these limits does not load tar-stream.

/** Bounds on an untrusted archive; each is checked before the bytes it guards are kept. */
export interface ArchiveLimits {
  /** Bytes after decompression (the tar stream itself). */
  maxUnpackedBytes: number;
  /** Regular files in the archive (folders are not counted). */
  maxFiles: number;
  /** Bytes of one file. */
  maxFileBytes: number;
}

/** Defaults sized for spec bundles and OPA policy bundles. */
export const DEFAULT_ARCHIVE_LIMITS: Readonly<ArchiveLimits> = Object.freeze({
  maxUnpackedBytes: 64 * 1024 * 1024,
  maxFiles: 10_000,
  maxFileBytes: 16 * 1024 * 1024,
});
