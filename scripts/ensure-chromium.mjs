// Playwright drives Debian's Chromium (browser downloads are not possible here). Installs it with
// apt-get when /usr/bin/chromium is missing.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const CHROMIUM = "/usr/bin/chromium";

if (!existsSync(CHROMIUM)) {
  const asRoot = process.getuid?.() === 0 ? [] : ["sudo"];
  const run = (args) => {
    const [command, ...rest] = [...asRoot, ...args];
    execFileSync(command, rest, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  };
  console.log("Chromium is missing: installing Debian's chromium package (once).");
  try {
    run(["apt-get", "update", "-qq"]);
    run(["apt-get", "install", "-y", "-qq", "chromium"]);
  } catch {
    console.error(
      `Could not install Chromium. Install it yourself (apt-get install chromium) so that ${CHROMIUM} exists.`,
    );
    process.exit(1);
  }
}
