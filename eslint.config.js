import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "test-results/", "playwright-report/", "public/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.worker } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "off",
    },
  },
  {
    // Imports run studio -> kernel -> blocks, never back.
    files: ["blocks/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: ["**/kernel/**", "**/studio/**", "react"] }] },
  },
  {
    files: ["kernel/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: ["**/studio/**", "react", "react-dom"] }] },
  },
);
