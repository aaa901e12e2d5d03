import express, { type Express } from 'express'
import type { AppDeps } from './appDeps.ts'
import { loadSession } from './auth/session.ts'
import { DEFAULT_CONNECTION_LIMITS, inFlightLimiter, sseLimiter } from './http/connectionLimits.ts'
import { errorHandler, notFoundHandler } from './http/errors.ts'
import { requestLog } from './http/requestLog.ts'
import { openApiDocument } from './openapi/document.ts'
import { authRoutes } from './routes/auth.ts'
import { certificateRoutes } from './routes/certificates.ts'
import { datasetRoutes } from './routes/datasets.ts'
import { feedRoutes } from './routes/feeds.ts'
import { healthRoutes } from './routes/health.ts'
import { jobRoutes } from './routes/jobs.ts'
import { previewRoutes } from './routes/preview.ts'
import { vendorRoutes } from './routes/vendor.ts'

export type { AppDeps } from './appDeps.ts'

/**
 * Builds the Express app (it does not listen). Every dependency is injected, so tests run it
 * in-process against a real chain and a real SQLite file.
 *
 * @example
 * const server = createApp(deps).listen(0, '127.0.0.1')
 */
export function createApp(deps: AppDeps): Express {
  const app = express()
  app.disable('x-powered-by')
  // One trusted proxy hop (the frontend dev server or a reverse proxy) for client IPs in rate limits.
  app.set('trust proxy', 'loopback')
  app.use(requestLog(deps.logger))
  app.use(express.json({ limit: '32kb' }))
  app.use(loadSession(deps.store))
  const openapi = openApiDocument()
  app.get('/openapi.json', (_req, res) => {
    res.json(openapi)
  })
  app.use(healthRoutes(deps))
  app.use(authRoutes(deps))
  const limits = { ...DEFAULT_CONNECTION_LIMITS, ...deps.connectionLimits }
  // Uploads and previews both read a CSV of up to maxUploadBytes into memory: one cap holds them both.
  const csvBodies = inFlightLimiter(limits.uploads, 'uploads and previews')
  app.use(previewRoutes(deps, csvBodies))
  app.use(datasetRoutes(deps, csvBodies))
  // Event streams stay open for minutes: cap them per IP and in all before the jobs router opens one.
  app.get('/jobs/:jobId/events', sseLimiter(limits))
  app.use(jobRoutes(deps))
  app.use(vendorRoutes(deps))
  app.use(certificateRoutes(deps))
  app.use(feedRoutes(deps))
  app.use(notFoundHandler)
  app.use(errorHandler(deps.logger))
  return app
}
