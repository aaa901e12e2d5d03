import { useQuery } from '@tanstack/react-query'
import { meQuery } from '../api/queries.ts'

/** The address signed in with SIWE (session cookie), or null. */
export function useMe() {
  return useQuery(meQuery())
}
