import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'

/**
 * On "My models" (signed in): lists the model bought in job `jobId` as a feed at `priceEth` per
 * prediction and returns the feed page's path.
 */
export async function listModelAsFeed(page: Page, jobId: string, priceEth: string): Promise<string> {
  const card = page.locator(`[data-testid="model-card"][data-job="${jobId.toLowerCase()}"]`)
  await card.waitFor()
  await card.locator('input[name="pricePerPrediction"]').fill(priceEth)
  await card.getByRole('button', { name: 'List as a feed' }).click()
  // Once the server lists the feed, the card shows it in place of the form.
  const listed = card.getByTestId('model-feed')
  await listed.waitFor({ timeout: 60_000 })
  assert.match(
    (await listed.textContent()) ?? '',
    new RegExp(`${priceEth.replace('.', '\\.')} ETH per prediction`),
  )
  const href = await listed.getByRole('link', { name: 'Open the feed' }).getAttribute('href')
  if (!href?.startsWith('#/feeds/0x')) assert.fail(`the listing links to ${String(href)}, not a feed`)
  return href.slice(1)
}

/**
 * On a feed page (signed in): types one row into the per-feature fields, pays for one prediction and
 * waits for the request page; returns the request id.
 */
export async function buyOnePrediction(page: Page, row: Record<string, string>): Promise<string> {
  for (const [feature, value] of Object.entries(row))
    await page.locator(`input[data-feature="${feature}"]`).fill(value)
  await page.getByText('1 row checks out').waitFor()
  await page.getByRole('button', { name: /^Pay .* for 1 prediction$/ }).click()
  await page.waitForURL(/#\/feed-requests\/0x[0-9a-f]{64}$/, { timeout: 60_000 })
  const requestId = new URL(page.url()).hash.split('/').pop()
  assert.ok(requestId)
  return requestId
}

/** Waits on a request page until it is done (a failed or refunded request fails the test). */
export async function waitForRequest(page: Page, timeoutMs: number): Promise<void> {
  const state = page.getByTestId('request-state')
  await state.waitFor({ timeout: 60_000 })
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const text = await state.getAttribute('data-state')
    if (text === 'done') return
    if (text === 'failed' || text === 'refunded' || text === 'refunding') {
      const reason = await page.locator('.notice').allTextContents()
      assert.fail(`the request is ${text}: ${reason.join(' | ')}`)
    }
    if (Date.now() > deadline) assert.fail(`the request is still ${text} after ${timeoutMs} ms`)
    await page.waitForTimeout(1000)
  }
}
