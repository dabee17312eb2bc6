/** Longest file name accepted for a submitted bundle member, in UTF-16 code units. */
export const MAX_BUNDLE_PATH_LENGTH = 1024;

const MAX_SEGMENT_LENGTH = 255;
// Characters that are unsafe or reserved in file names on some platform, and control characters.
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f<>:"|?*\\]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

/**
 * Why `name` is not a safe, portable relative path for a file of a submitted bundle (a JSON
 * key of `POST /specifications`, a member of an uploaded archive), or `undefined` when it is:
 * `/`-separated, not absolute, no `.`/`..`/empty segments, no backslash, drive letter, control
 * or reserved character, no Windows device name, no segment ending in a dot or space.
 */
export function bundlePathProblem(name: string): string | undefined {
  if (name.length === 0) return "is empty";
  if (name.length > MAX_BUNDLE_PATH_LENGTH) return `is longer than ${MAX_BUNDLE_PATH_LENGTH} characters`;
  if (name.startsWith("/")) return "is an absolute path";
  if (/^[A-Za-z]:/.test(name)) return "starts with a drive letter";
  const unsafe = UNSAFE_CHARACTERS.exec(name);
  if (unsafe) return `contains the character ${JSON.stringify(unsafe[0])}`;
  if (LONE_SURROGATE.test(name)) return "is not well-formed Unicode (a lone surrogate)";
  for (const segment of name.split("/")) {
    if (segment === "") return "has an empty path segment";
    if (segment === "." || segment === "..") return `has a "${segment}" segment`;
    if (segment.length > MAX_SEGMENT_LENGTH) return `has a segment longer than ${MAX_SEGMENT_LENGTH} characters`;
    if (/[. ]$/.test(segment)) return `has a segment ending in a dot or a space ("${segment}")`;
    if (WINDOWS_DEVICE.test(segment)) return `uses the reserved device name "${segment}"`;
  }
  return undefined;
}
