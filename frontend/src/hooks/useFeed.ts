import { useQuery } from '@tanstack/react-query'
import { isTerminalFeedRequestState } from '@veritree/core/api'
import { useState } from 'react'
import { feedQuery, feedRequestQuery } from '../api/queries.ts'
import { paidAt } from '../lib/recentPayments.ts'
import { awaitingIndex } from './useJob.ts'

/** While something is on its way, how often to look again (the pipeline has no event stream for feeds). */
const POLL_MS = 3000

/** A feed and its request history, polled while any request is still on its way. */
export function useFeed(address: string) {
  return useQuery({
    ...feedQuery(address),
    refetchInterval: (q) =>
      q.state.data?.requests.some((r) => !isTerminalFeedRequestState(r.state)) ? POLL_MS : false,
  })
}

/**
 * One request, polled until it is done, refunded or failed. Right after this tab paid for it, a 404
 * means the server has not seen PredictionsRequested yet: keep looking for a while (as for jobs).
 */
export function useFeedRequest(requestId: string) {
  const [paidAtMs] = useState(() => paidAt(requestId))
  const query = useQuery({
    ...feedRequestQuery(requestId),
    refetchInterval: (q) => {
      if (q.state.error) return awaitingIndex(q.state.error, paidAtMs) ? 1500 : false
      return q.state.data && isTerminalFeedRequestState(q.state.data.state) ? false : POLL_MS
    },
  })
  return { ...query, awaitingIndex: awaitingIndex(query.error, paidAtMs) }
}
