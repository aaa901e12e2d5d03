import { useQuery } from '@tanstack/react-query'
import { checkFeedCertificate } from '@veritree/backend/certificate/check'
import type { FeedCertificate } from '@veritree/core/api'
import { keys } from '../api/queries.ts'
import { useMarketChain } from './useMarketChain.ts'

/**
 * Re-checks a prediction certificate in this browser with the checker `npm run verify-receipt` runs
 * (its offline rules live in @veritree/core/certificate): offline, on chain (RPC or wallet) and
 * against the mirror named in the certificate. Only `receipt.verify` needs the RISC Zero host CLI.
 */
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
    queryFn: () =>
      checkFeedCertificate(certificate, {
        mirrorUrl: certificate.timestamp.mirrorUrl,
        ...(publicClient ? { publicClient } : {}),
      }),
  })
}
