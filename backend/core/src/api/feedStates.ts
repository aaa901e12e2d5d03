/**
 * The states a paid prediction request (InferenceFeed.requestPredictions) moves through, in pipeline
 * order. `awaiting_inputs`: the backend has not (yet) been given input rows hashing to the request's
 * inputsHash; after a grace period it refunds the consumer. Then the sale pipeline's proving →
 * verifying → settling → attesting → done, or refunding → refunded, or failed (an operator must look).
 */
export const FEED_REQUEST_STATES = [
  'awaiting_inputs',
  'proving',
  'verifying',
  'settling',
  'attesting',
  'done',
  'refunding',
  'refunded',
  'failed',
] as const
export type FeedRequestState = (typeof FEED_REQUEST_STATES)[number]

/** States after which nothing more happens to a request (same meaning as a job's). */
export const TERMINAL_FEED_REQUEST_STATES = [
  'done',
  'refunded',
  'failed',
] as const satisfies readonly FeedRequestState[]

/** True for `done`, `refunded` and `failed`. */
export function isTerminalFeedRequestState(state: string): boolean {
  return (TERMINAL_FEED_REQUEST_STATES as readonly string[]).includes(state)
}

/** InferenceFeed.MAX_COUNT: most predictions (input rows) per request. */
export const FEED_MAX_COUNT = 512
