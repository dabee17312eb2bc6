// Preloaded into each measured Node process: records its peak RSS (bytes) and its CPU time
// (user + system, ms, all threads) when it exits, as one line "rss cpu".
// Only the main thread writes: a worker thread loads this preload too, and its exit, with the
// process's CPU time so far, would add a second, smaller sample to each run.
const { appendFileSync } = require("node:fs");
const { isMainThread } = require("node:worker_threads");
const file = process.env.SPEC_KIT_BENCH_RSS_FILE;
if (file && isMainThread) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    appendFileSync(file, `${usage.maxRSS * 1024} ${Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000)}\n`);
  });
}
