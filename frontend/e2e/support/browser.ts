import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'

/** Where screenshots go (gitignored): frontend/test-results/. */
export const RESULTS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../test-results')

const CHROMIUM = process.env.VERITREE_CHROMIUM ?? '/usr/bin/chromium'

/** Debian's Chromium, headless; `npx playwright install` cannot download browsers here. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

export type Viewport = 'desktop' | 'phone'

const VIEWPORTS = {
  desktop: { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 },
  phone: { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
} as const

/** A page whose console errors and uncaught exceptions are collected, so a test can assert none. */
export type WatchedPage = { page: Page; context: BrowserContext; errors: string[] }

/** Opens a fresh context (own cookies and storage) and page at the given size. */
export async function openPage(
  browser: Browser,
  baseURL: string,
  viewport: Viewport = 'desktop',
): Promise<WatchedPage> {
  const context = await browser.newContext({ ...VIEWPORTS[viewport], baseURL })
  context.setDefaultTimeout(30_000)
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`)
  })
  return { page, context, errors }
}

/** Saves a full-page screenshot as test-results/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true })
  const path = join(RESULTS_DIR, `${name}.png`)
  // From the top, so the sticky header sits where a reader expects it in a full-page capture.
  await page.evaluate(() => window.scrollTo(0, 0))
  await page.screenshot({ path, fullPage: true })
  return path
}
