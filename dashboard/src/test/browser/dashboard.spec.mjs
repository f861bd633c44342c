// The dashboard in a real browser against the launcher's stack. DashboardBrowserSystemTests (system-tests) prepares
// the recordings and writes what this needs to the JSON file named by CALLVAULT_DASHBOARD_TEST_INPUT, runs this, and
// then checks the services' side (the audit trail of the seek, the hold in the catalog).
import { test, expect } from '@playwright/test';
import { readFileSync, mkdirSync } from 'node:fs';

const input = JSON.parse(readFileSync(process.env.CALLVAULT_DASHBOARD_TEST_INPUT, 'utf8'));
const screenshots = input.screenshots;
mkdirSync(screenshots, { recursive: true });

test('find a call, hear it, seek, hold it, see its custody and the audit log, and see a new call arrive live', async ({ page }) => {
  const consoleLines = [];
  page.on('console', (message) => consoleLines.push(message.text()));
  page.on('dialog', (dialog) => dialog.accept());

  // sign in (the local stack's development sign-in)
  await page.goto(input.dashboardUrl);
  await expect(page).toHaveURL(/\/dev-login$/);
  await page.screenshot({ path: `${screenshots}/sign-in.png` });
  await page.getByLabel('Subject (you)').fill(input.subject);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByLabel('Signed in as')).toHaveText(`${input.subject} · demo`);

  // the recordings are listed, the prepared one among them
  const row = page.locator(`tr[data-recording-id="${input.recordingId}"]`);
  await expect(row).toBeVisible();
  await expect(row.locator('[data-column="status"]')).toHaveText('AVAILABLE');

  // filtering narrows the list: FAILED hides it, AVAILABLE keeps it and shows only AVAILABLE rows
  await page.getByLabel('Status').selectOption('FAILED');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/status=FAILED/);
  await expect(row).toHaveCount(0);
  await page.getByLabel('Status').selectOption('AVAILABLE');
  await page.getByLabel('Provider').selectOption('ELEVENLABS');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(row).toBeVisible();
  const statuses = await page.locator('[data-column="status"]').allTextContents();
  expect(statuses.length).toBeGreaterThan(0);
  expect(new Set(statuses)).toEqual(new Set(['AVAILABLE']));

  // finding a call by its agent: the prepared call's agent keeps it, another agent hides it
  await page.getByLabel('Agent').fill(input.agentId);
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/agentId=/);
  await expect(row).toBeVisible();
  await page.getByLabel('Agent').fill('agent-nobody');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(row).toHaveCount(0);
  await page.getByLabel('Agent').fill(input.agentId);
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(row).toBeVisible();

  // open it: the player loads its signed URL; play starts
  await row.getByRole('link').click();
  await expect(page.getByRole('heading', { name: 'Listen' })).toBeVisible();
  await page.waitForFunction(() => Number.isFinite(document.querySelector('audio').duration)
    && document.querySelector('audio').duration > 0);
  await page.getByRole('button', { name: 'Play / pause' }).click();
  await page.waitForFunction(() => document.querySelector('audio').currentTime > 0.2);

  // click at 50 % of the position bar: the player seeks to the middle (the browser asks for a range near it)
  const bar = page.getByTestId('waveform');
  const box = await bar.boundingBox();
  await bar.click({ position: { x: box.width * 0.5, y: box.height / 2 } });
  await page.waitForFunction(() => {
    const audio = document.querySelector('audio');
    return audio.currentTime > audio.duration * 0.45 && audio.currentTime < audio.duration * 0.6;
  });
  await page.waitForTimeout(1500);
  await page.getByRole('button', { name: 'Play / pause' }).click();
  await page.screenshot({ path: `${screenshots}/recording.png`, fullPage: true });

  // a legal hold set in the page
  await page.getByLabel('Reason for the legal hold').fill('Dispute 4711, keep until resolved');
  await page.getByRole('button', { name: 'Place legal hold' }).click();
  await expect(page.getByRole('button', { name: 'Release legal hold' })).toBeVisible();
  await expect(page.getByText('yes: Dispute 4711, keep until resolved')).toBeVisible();

  // the custody timeline shows the listen
  await expect(async () => {
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(page.locator('li[data-kind="RECORDING_ACCESSED"]').first()).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });

  // the audit log lists the recording's accesses, and exports them
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByLabel('Recording id').fill(input.recordingId);
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.locator('tbody tr').first()).toBeVisible();
  await expect(page.locator('tbody')).toContainText('STREAM');
  await page.screenshot({ path: `${screenshots}/audit.png`, fullPage: true });
  const csv = await page.request.get(`${input.dashboardUrl}/api/audit-events.csv?recordingId=${input.recordingId}`);
  expect(csv.status()).toBe(200);
  expect((await csv.text()).split('\r\n')[0]).toBe('occurredAt,recordingId,subject,action,requestedRange,httpStatus,clientAddress,userAgent,urlExpiresAt,eventId');

  // a call that ends now appears in the table without a reload
  await page.getByRole('link', { name: 'Recordings', exact: true }).click();
  await expect(row).toBeVisible();
  await page.evaluate(() => { window.notReloaded = true; });
  const webhook = input.liveWebhook;
  const sent = await fetch(input.ingestUrl + webhook.path, { method: 'POST', headers: webhook.headers, body: webhook.body });
  expect(sent.status).toBe(202);
  await expect(page.locator(`tr[data-recording-id="${input.liveRecordingId}"]`)).toBeVisible({ timeout: 120_000 });
  expect(await page.evaluate(() => window.notReloaded)).toBe(true);
  await page.screenshot({ path: `${screenshots}/recordings.png`, fullPage: true });

  // nothing secret in the browser: no token or signed URL in its storage or console, the session cookie unreadable
  const stored = await page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.length, cookie: document.cookie }));
  expect(stored).toEqual({ local: 0, session: 0, cookie: '' });
  expect(consoleLines.filter((line) => /sig=|eyJ|Bearer/.test(line))).toEqual([]);
});
