// Preloaded into each measured Node process: records its peak RSS (bytes) and its CPU time
// (user + system, ms, all threads) when it exits, as one line "rss cpu".
const { appendFileSync } = require("node:fs");
const file = process.env.SPEC_KIT_BENCH_RSS_FILE;
if (file) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    appendFileSync(file, `${usage.maxRSS * 1024} ${Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000)}\n`);
  });
}
