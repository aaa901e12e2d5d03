import { useQuery } from '@tanstack/react-query'
import { feedsQuery, myJobsQuery } from '../api/queries.ts'
import { type BoughtModel, boughtModels } from '../lib/models.ts'
import { useMe } from './useMe.ts'

/** The signed-in customer's bought models, each with its feed once listed. */
export function useMyModels(): {
  data: BoughtModel[] | undefined
  error: Error | null
  isPending: boolean
  refetch: () => void
} {
  const me = useMe().data?.address ?? null
  const jobs = useQuery({ ...myJobsQuery(), enabled: me !== null })
  const feeds = useQuery({ ...feedsQuery(me), enabled: me !== null })
  return {
    data: jobs.data && feeds.data ? boughtModels(jobs.data, feeds.data) : undefined,
    error: jobs.error ?? feeds.error,
    isPending: jobs.isPending || feeds.isPending,
    refetch: () => {
      void jobs.refetch()
      void feeds.refetch()
    },
  }
}
