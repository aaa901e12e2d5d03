import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'

/**
 * On the buy page of a dataset (signed in): uploads the test set, sets the threshold, previews and
 * checks the browser's hash was accepted; returns the preview text.
 */
export async function preview(
  page: Page,
  testSet: { name: string; text: string },
  thresholdPercent: string,
  training: { maxDepth?: number } = {},
): Promise<string> {
  if (training.maxDepth !== undefined)
    await page.locator('input[name="maxDepth"]').fill(String(training.maxDepth))
  await page
    .locator('[data-testid="csv-input"]')
    .setInputFiles({ name: testSet.name, mimeType: 'text/csv', buffer: Buffer.from(testSet.text) })
  await page.getByText(/test rows check out/).waitFor()
  // Thresholds are a 5 % grid (a select): '50' selects 50%.
  await page.locator('select[name="threshold"]').selectOption(String(Number(thresholdPercent) * 100))
  await page.getByRole('button', { name: 'Preview accuracy' }).click()
  const result = page.getByTestId('preview-result')
  await result.waitFor({ timeout: 120_000 })
  return (await result.textContent()) ?? ''
}

/**
 * Picks the journal format to pay for; fails when the preview says its receipt does not fit. Returns
 * the format's estimate line (fits, proving time).
 */
export async function chooseFormat(page: Page, format: 1 | 2): Promise<string> {
  const radio = page.locator(`input[name="journalFormat"][value="${format}"]`)
  assert.equal(await radio.isDisabled(), false, `format ${format} does not fit this job`)
  await radio.check()
  return (await page.getByTestId(`format-${format}-estimate`).textContent()) ?? ''
}

/** Pays for the previewed model and waits for the job page; returns the job id. */
export async function pay(page: Page): Promise<string> {
  await page.getByRole('button', { name: /^Pay .* and train$/ }).click()
  await page.waitForURL(/#\/jobs\/0x[0-9a-f]{64}$/, { timeout: 60_000 })
  const jobId = new URL(page.url()).hash.split('/').pop()
  assert.ok(jobId)
  return jobId
}

/** Waits on the job page until the job is done (or failed, which fails the test with its error). */
export async function waitForJob(page: Page, timeoutMs: number): Promise<void> {
  const state = page.getByTestId('job-state')
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const text = (await state.textContent())?.trim()
    if (text === 'done') return
    if (text === 'failed') {
      const reason = await page.locator('.notice.error').textContent()
      assert.fail(`the job failed: ${reason}`)
    }
    if (Date.now() > deadline) assert.fail(`the job is still ${text} after ${timeoutMs} ms`)
    await page.waitForTimeout(1000)
  }
}
