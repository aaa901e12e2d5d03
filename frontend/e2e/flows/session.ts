import type { Page } from 'playwright-core'

/**
 * From any page with a wallet gate: connects the injected wallet, then signs in with Ethereum when
 * the gate asks for it. Waits until the gate has let the page through.
 */
export async function connectAndSignIn(page: Page, purposeButton: RegExp = /connect wallet/i): Promise<void> {
  const main = page.locator('main')
  await main.getByRole('button', { name: purposeButton }).click()
  const signIn = main.getByRole('button', { name: 'Sign in with Ethereum' })
  await signIn.waitFor()
  await signIn.click()
  await signIn.waitFor({ state: 'detached' })
}

/** Drops a file on a drop zone the way a user's drag-and-drop does (a real DataTransfer `drop`). */
export async function dropFile(
  page: Page,
  selector: string,
  file: { name: string; text: string },
): Promise<void> {
  const dataTransfer = await page.evaluateHandle(({ name, text }) => {
    const transfer = new DataTransfer()
    transfer.items.add(new File([text], name, { type: 'text/csv' }))
    return transfer
  }, file)
  await page.dispatchEvent(selector, 'dragover', { dataTransfer })
  await page.dispatchEvent(selector, 'drop', { dataTransfer })
}
