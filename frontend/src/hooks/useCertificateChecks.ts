import { useQuery } from '@tanstack/react-query'
import { checkCertificate } from '@veritree/backend/certificate/check'
import type { CertificateBundle } from '@veritree/core/certificate'
import { fetchReceiptBytes } from '../api/certificates.ts'
import { keys } from '../api/queries.ts'
import { useMarketChain } from './useMarketChain.ts'

/**
 * Runs the backend's own certificate checks in this browser: offline ones (claims, journal,
 * statement, Merkle path, running hash), the chain ones through the marketplace RPC or the wallet,
 * and the HCS ones against the mirror named in the certificate. Nothing is taken from the server's
 * word except the bundle itself.
 */
export function useCertificateChecks(jobId: string, bundle: CertificateBundle | undefined) {
  const market = useMarketChain()
  const publicClient = market.data?.publicClient ?? null
  return useQuery({
    queryKey: [...keys.certificate(jobId), 'checks', publicClient ? 'chain' : 'offline'] as const,
    enabled: bundle !== undefined && !market.isPending,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
    queryFn: async ({ signal }) => {
      if (!bundle) throw new Error('no certificate to check')
      // An embedded receipt is what the bundle vouches for; fetch one only when none is embedded.
      const receiptBytes =
        bundle.proof.receipt.base64 === undefined
          ? await fetchReceiptBytes(bundle.proof.receipt.url, signal)
          : null
      return checkCertificate(bundle, {
        mirrorUrl: bundle.timestamp.mirrorUrl,
        ...(receiptBytes ? { receiptBytes } : {}),
        ...(publicClient ? { publicClient } : {}),
      })
    },
  })
}
