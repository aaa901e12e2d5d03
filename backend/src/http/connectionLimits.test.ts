import assert from 'node:assert/strict'
import { EventEmitter } from 'node:events'
import { test } from 'node:test'
import type { NextFunction, Request, Response } from 'express'
import { inFlightLimiter } from './connectionLimits.ts'
import { ApiError } from './errors.ts'

test('inFlightLimiter admits `max` requests at once, refuses the next with 503 and Retry-After, frees a place on close', () => {
  const limit = inFlightLimiter(2, 'uploads')
  const req = {} as Request
  const admitted: Response[] = []
  const enter = (): void => {
    const res = new EventEmitter() as unknown as Response
    limit(req, res, (() => admitted.push(res)) as NextFunction)
  }
  enter()
  enter()
  assert.equal(admitted.length, 2)
  assert.throws(enter, (error: unknown) => {
    assert.ok(error instanceof ApiError)
    assert.equal(error.status, 503)
    assert.equal(error.code, 'server_busy')
    assert.deepEqual(error.details, { retryAfterSeconds: 10 })
    return true
  })
  assert.equal(admitted.length, 2)
  // A finished (or abandoned) upload frees its place, once.
  ;(admitted[0] as unknown as EventEmitter).emit('close')
  ;(admitted[0] as unknown as EventEmitter).emit('close')
  enter()
  assert.equal(admitted.length, 3)
  assert.throws(enter, ApiError)
})
