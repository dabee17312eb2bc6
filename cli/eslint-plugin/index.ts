/**
 * `spec-kit/eslint-plugin`: spec-kit's layer check in the editor.
 *
 * ```js
 * import specKit from "spec-kit/eslint-plugin";
 * export default [{ plugins: { "spec-kit": specKit }, rules: { "spec-kit/no-layer-bypass": "error" } }];
 * ```
 */
import type { ESLint } from "eslint";
import { packageVersion } from "../package-info.js";
import { noLayerBypassRule } from "./no-layer-bypass.js";

/** The plugin object ESLint's flat config takes under `plugins`. */
export const plugin: ESLint.Plugin = {
  meta: { name: "spec-kit/eslint-plugin", version: packageVersion() },
  rules: { "no-layer-bypass": noLayerBypassRule },
};

export default plugin;
