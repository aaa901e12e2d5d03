import type { RequestHandler } from 'express'
import type { Logger } from 'pino'

/** One pino line per request: method, path, status, duration and the signed-in address if any. */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const start = process.hrtime.bigint()
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6
      const level = res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'
      logger[level](
        {
          method: req.method,
          path: req.path,
          status: res.statusCode,
          ms: Math.round(ms * 10) / 10,
          address: res.locals.address,
        },
        'request',
      )
    })
    next()
  }
}
