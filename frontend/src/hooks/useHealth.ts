import { useQuery } from '@tanstack/react-query'
import { healthQuery } from '../api/queries.ts'

/** Server health: chain id, RPC URL, factory and attestation modes. */
export function useHealth() {
  return useQuery(healthQuery())
}
