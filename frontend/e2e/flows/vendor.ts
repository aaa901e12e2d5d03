import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { dropFile } from './session.ts'

export type Listing = {
  name: string
  description: string
  labelColumn: string
  csv: string
  fileName: string
}

/** On the vendor page (signed in): drops the CSV, checks the preview, fills the form, creates the market. */
export async function listDataset(page: Page, listing: Listing): Promise<{ datasetPath: string }> {
  await dropFile(page, '.dropzone', { name: listing.fileName, text: listing.csv })
  await page.getByText('The file checks out').waitFor()
  await page.locator('select[name="labelColumn"]').selectOption(listing.labelColumn)
  await page.getByTestId('csv-preview').waitFor()
  await page.locator('input[name="name"]').fill(listing.name)
  await page.locator('input[name="description"]').fill(listing.description)
  await page.getByRole('button', { name: 'Upload and create market' }).click()
  const success = page.getByText(`“${listing.name}” is on the marketplace`)
  await success.waitFor({ timeout: 60_000 })
  const href = await page.getByRole('link', { name: 'View its page' }).getAttribute('href')
  if (!href?.startsWith('#/datasets/'))
    assert.fail(`the success notice links to ${String(href)}, not a dataset`)
  return { datasetPath: href.slice(1) }
}

/** On the vendor page (signed in): drops a bad CSV and returns the error shown. */
export async function dropBadCsv(page: Page, file: { name: string; text: string }): Promise<string> {
  await dropFile(page, '.dropzone', file)
  const error = page.getByTestId('csv-error')
  await error.waitFor()
  return (await error.textContent()) ?? ''
}
