// spec-kit's own lint configuration: typescript-eslint's recommended rules over the sources and
// tests. (`spec-kit lint` does not read this file: it lints generated code with the same rules
// from cli/lint/eslint-check.ts.)
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", ".tmp/", "bench/out/", "compiler/validate/standalone/", "compiler/emit/contract-artifacts.ts", "generated/validators/", "examples/*/dist/", "examples/*/generated/"] },
  {
    files: ["**/*.ts"],
    extends: [...tseslint.configs.recommended],
    // `const { dropped, ...rest } = value` names what it leaves out; that is not an unused variable.
    rules: { "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true }] },
  },
);
