/**
 * What building the code model finds wrong with the manifest's `code` section (findings of
 * topic `manifest`): `manifest/schema` takes these among its messages.
 */
export const CODE_SECTION_MESSAGES = {
  rootNotFolder: "code root {{root}} is not a folder",
  badTsconfig: "code.tsconfig: {{error}}",
} as const;
