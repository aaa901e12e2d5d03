import { useQuery } from '@tanstack/react-query'
import type { FeedCertificate } from '@veritree/core/api'
import { keys } from '../api/queries.ts'
import { checkFeedCertificate } from '../lib/feedCertificateChecks.ts'
import { useMarketChain } from './useMarketChain.ts'

/** Re-checks a prediction certificate in this browser: offline, on chain (RPC or wallet) and on the mirror. */
export function useFeedCertificateChecks(certificate: FeedCertificate) {
  const market = useMarketChain()
  const publicClient = market.data?.publicClient ?? null
  return useQuery({
    queryKey: [
      ...keys.feedRequest(certificate.requestId),
      'checks',
      publicClient ? 'chain' : 'offline',
    ] as const,
    enabled: !market.isPending,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
    queryFn: () => checkFeedCertificate(certificate, { publicClient }),
  })
}
