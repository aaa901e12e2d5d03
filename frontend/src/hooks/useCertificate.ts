import { useQuery } from '@tanstack/react-query'
import { certificateQuery } from '../api/queries.ts'

/** One sale's public certificate (or why there is none yet). */
export function useCertificate(jobId: string) {
  return useQuery({
    ...certificateQuery(jobId),
    // An unfinished job's certificate appears later: look again now and then.
    refetchInterval: (q) => (q.state.data?.kind === 'pending' ? 5_000 : false),
  })
}
