// Preloaded into each measured Node process: records its peak RSS (bytes) when it exits.
const { appendFileSync } = require("node:fs");
const file = process.env.SPEC_KIT_BENCH_RSS_FILE;
if (file) process.on("exit", () => appendFileSync(file, `${process.resourceUsage().maxRSS * 1024}\n`));
