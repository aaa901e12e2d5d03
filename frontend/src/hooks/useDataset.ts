import { useQuery } from '@tanstack/react-query'
import { datasetQuery } from '../api/queries.ts'

/** One dataset with its schema, market and recent sales; disabled until an id is known. */
export function useDataset(id: number | null) {
  return useQuery({ ...datasetQuery(id ?? -1), enabled: id !== null })
}
