import { existsSync } from 'node:fs'
import { join } from 'node:path'
import express, { type Express } from 'express'

/**
 * The public site: the API under `/api` and, when a built frontend is given, its files at `/` with the
 * single-page-app fallback. One origin for both keeps the SIWE domain, cookies and SSE simple.
 */
export function createSite(api: Express, staticDir: string | undefined): Express {
  const site = express()
  site.disable('x-powered-by')
  site.set('trust proxy', 'loopback')
  site.use('/api', api)
  if (staticDir) {
    if (!existsSync(join(staticDir, 'index.html'))) {
      throw new Error(
        `VERITREE_STATIC_DIR=${staticDir} has no index.html (npm run build -w @veritree/frontend)`,
      )
    }
    site.use(express.static(staticDir, { index: 'index.html', maxAge: '1h', setHeaders: noCacheForHtml }))
    // Client-side routes (/datasets/3, /certificates/0x…) all load the app shell.
    site.get(/^\/(?!api\/).*/, (_req, res) => {
      res.set('Cache-Control', 'no-cache').sendFile(join(staticDir, 'index.html'))
    })
  }
  return site
}

function noCacheForHtml(res: express.Response, path: string): void {
  if (path.endsWith('.html')) res.set('Cache-Control', 'no-cache')
}
