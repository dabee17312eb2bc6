/**
 * The evidence stage: pure builders of what `apply` and `verify` attest (the in-toto
 * statement, its DSSE encoding, the AgentNexus contracts, the ledger records). No file system.
 */
export * from "./build-evidence.js";
export * from "./check-tally.js";
export * from "./compare-output.js";
export * from "./contracts.js";
export * from "./digest.js";
export * from "./dsse.js";
export * from "./evidence-bundle.js";
export * from "./input-digest.js";
export * from "./ledger.js";
export * from "./ledger-anchor.js";
export * from "./parse-statement.js";
export * from "./paths.js";
export * from "./pretty-json.js";
export * from "./rejection-report.js";
export * from "./statement.js";
export * from "./uuid.js";
export * from "./verification-summary.js";
