import { useQuery, useQueryClient } from '@tanstack/react-query'
import { isTerminalJobState, type Job, type JobProgress, type JobStateEvent } from '@veritree/core/api'
import { useEffect, useState } from 'react'
import { API_PREFIX, ApiError } from '../api/client.ts'
import { jobQuery, keys } from '../api/queries.ts'
import { paidAt } from '../lib/recentPayments.ts'

/** Right after payment the server may not have indexed JobOpened yet: how long a 404 means "wait". */
const INDEXING_GRACE_MS = 120_000

/** True while a 404 for a job this tab just paid for still means "not indexed yet", not "no such job". */
export function awaitingIndex(error: unknown, paidAtMs: number | undefined, now = Date.now()): boolean {
  return (
    error instanceof ApiError &&
    error.status === 404 &&
    paidAtMs !== undefined &&
    now - paidAtMs < INDEXING_GRACE_MS
  )
}

/**
 * A job, kept live: the server's event stream (`state`, `progress`) updates the cached job, and each
 * state change refetches it so results (accuracy, proof, settlement) appear as they are written.
 * If the stream drops, the browser's EventSource reconnects by itself; a slow poll covers the rest.
 */
export function useJob(jobId: string) {
  const queryClient = useQueryClient()
  const [paidAtMs] = useState(() => paidAt(jobId))
  const query = useQuery({
    ...jobQuery(jobId),
    refetchInterval: (q) => {
      if (q.state.error) return awaitingIndex(q.state.error, paidAtMs) ? 1500 : false
      return q.state.data && isTerminalJobState(q.state.data.state) ? false : 10_000
    },
  })
  const terminal = query.data ? isTerminalJobState(query.data.state) : false
  const exists = query.data !== undefined

  useEffect(() => {
    if (!exists || terminal) return
    const source = new EventSource(`${API_PREFIX}/jobs/${encodeURIComponent(jobId)}/events`)
    const patch = (update: Partial<Job>): void => {
      queryClient.setQueryData<Job>(keys.job(jobId), (old) => (old ? { ...old, ...update } : old))
    }
    source.addEventListener('state', (event) => {
      const data = JSON.parse((event as MessageEvent<string>).data) as JobStateEvent
      patch({ state: data.state, error: data.error })
      void queryClient.invalidateQueries({ queryKey: keys.job(jobId) })
      if (isTerminalJobState(data.state)) source.close()
    })
    source.addEventListener('progress', (event) => {
      patch({ progress: JSON.parse((event as MessageEvent<string>).data) as JobProgress })
    })
    return () => source.close()
  }, [jobId, exists, terminal, queryClient])

  return { ...query, awaitingIndex: awaitingIndex(query.error, paidAtMs) }
}
