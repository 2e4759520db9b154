import { defineConfig } from "@playwright/test";

// Debian's Chromium, never a downloaded browser (see ../../scripts/setup.sh).
const chromium = {
  executablePath: "/usr/bin/chromium",
  args: [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
  ],
};

// E2E_PORT (default 8090; the sub-path host is E2E_PORT + 1) and E2E_DIST let several builds be
// tested side by side.
const port = Number(process.env.E2E_PORT || 8090);
export const subBase = `http://127.0.0.1:${port + 1}/course/cnn`;
// The "deploy a new build" server (serve.mjs): same dist, its own origin and service worker.
export const deployBase = `http://127.0.0.1:${port + 3}`;

// One hostile-sweep seed per run (specs/hostile.spec.js), printed in the log: the workers inherit
// the runner's environment, so every shard of the sweep uses and prints the same seed.
process.env.SWEEP_SEED ||= String(Math.floor(Math.random() * 2 ** 31));

export default defineConfig({
  testDir: "./specs",
  timeout: 90_000,
  expect: { timeout: 15_000 },
  // Two workers: the suite mostly waits on the browser (page loads, trainings, animations), so two
  // at once use the two cores; long loops (hostile sweep, axe, keyboard) are split into chunks.
  workers: Number(process.env.E2E_WORKERS || 2),
  // Tests, not files, are dealt to the workers: no test depends on another's order or state.
  fullyParallel: true,
  // One retry on CI: the 2-core machine is shared, and a timing hiccup should not fail a run.
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"]],
  globalSetup: "./global-setup.js",
  use: { baseURL: `http://127.0.0.1:${port}`, launchOptions: chromium },
  webServer: {
    command: "node serve.mjs",
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
  // Every spec runs on the desktop project; the phone project runs what differs on a phone
  // (layout, overflow, touch, the phone's own screenshots): the tests tagged @phone.
  // The navigation and lifetime spec trains and leaves pages dozens of times at full CPU: it runs
  // last, alone, its tests one after another, so no other test's first page load competes with it
  // for the two cores.
  projects: [
    {
      name: "desktop",
      testIgnore: /navigation\.spec\.js/,
      use: { viewport: { width: 1280, height: 800 } },
    },
    {
      name: "phone",
      grep: /@phone/,
      use: { viewport: { width: 375, height: 812 }, hasTouch: true, isMobile: true },
    },
    {
      name: "navigation",
      testMatch: /navigation\.spec\.js/,
      fullyParallel: false,
      dependencies: ["desktop", "phone"],
      use: { viewport: { width: 1280, height: 800 } },
    },
  ],
});
