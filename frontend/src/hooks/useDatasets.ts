import { useQuery } from '@tanstack/react-query'
import { datasetsQuery } from '../api/queries.ts'

/** Every dataset on the marketplace. */
export function useDatasets() {
  return useQuery(datasetsQuery())
}
