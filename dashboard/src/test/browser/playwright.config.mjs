// Playwright drives Debian's chromium (/usr/bin/chromium, CALLVAULT_CHROMIUM to override); it never downloads a
// browser. The flags keep chromium off the network this machine does not have (see docs/testing.md).
import { defineConfig } from '@playwright/test';

const output = process.env.CALLVAULT_DASHBOARD_TEST_OUTPUT || 'target';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.mjs',
  outputDir: `${output}/results`,
  timeout: 240_000,
  expect: { timeout: 30_000 },
  retries: 0,
  workers: 1,
  reporter: [['list']],
  use: {
    headless: true,
    viewport: { width: 1280, height: 900 },
    launchOptions: {
      executablePath: process.env.CALLVAULT_CHROMIUM || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required',
        '--disk-cache-size=1'],
    },
  },
});
