/**
 * File names that cannot exist on every file system spec-kit's output is checked out on.
 * Phase ids name generated files (gates/<ID>.ts, tests/<ID>.test.ts), so both the rules and
 * the emit stage ask these questions.
 */

/** The schema's pattern of a phase id, which every generated file name built from one relies on. */
export const PHASE_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** Windows reserves these device names as file names, whatever the extension and the case. */
const DEVICE_NAME = /^(?:CON|PRN|AUX|NUL|CONIN\$|CONOUT\$|COM[0-9¹²³]|LPT[0-9¹²³])$/iu;

/**
 * The Windows device name a file name stands for, upper-cased, or undefined. Windows ignores
 * what follows the first dot and trailing spaces: `nul.ts`, `CON.test.ts` and `com1 ` are all
 * devices.
 */
export function windowsDeviceName(fileName: string): string | undefined {
  const dot = fileName.indexOf(".");
  const stem = (dot < 0 ? fileName : fileName.slice(0, dot)).replace(/[ ]+$/u, "");
  return DEVICE_NAME.test(stem) ? stem.toUpperCase() : undefined;
}

/** The key under which file names collide on a case-insensitive file system. */
export function foldedName(name: string): string {
  return name.toLowerCase();
}
