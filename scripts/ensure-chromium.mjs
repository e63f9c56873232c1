// The end-to-end tests drive Debian's Chromium (browser downloads do not work offline).
// Install it with apt-get when it is missing and we may; otherwise say the exact command.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";

const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const COMMAND = "apt-get update && apt-get install -y chromium";

if (!existsSync(CHROMIUM)) {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const hasApt = spawnSync("sh", ["-c", "command -v apt-get"]).status === 0;
  if (isRoot && hasApt) {
    console.log(`Chromium is missing; installing it: ${COMMAND}`);
    const r = spawnSync("sh", ["-c", COMMAND], { stdio: "inherit" });
    if (r.status !== 0 || !existsSync(CHROMIUM)) {
      console.error(`Installing Chromium failed. Run this yourself, then npm test again:\n  sudo sh -c '${COMMAND}'`);
      process.exit(1);
    }
  } else {
    console.error(`The end-to-end tests need Debian's Chromium at ${CHROMIUM}. Install it with:\n  sudo sh -c '${COMMAND}'`);
    process.exit(1);
  }
}
