import { useQuery } from '@tanstack/react-query'
import { curveQuery } from '../api/queries.ts'

/** Price by sale for a dataset's market, `points` sales long. */
export function useCurve(id: number, points: number, enabled = true) {
  return useQuery({ ...curveQuery(id, points), enabled })
}
