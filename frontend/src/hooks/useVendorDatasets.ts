import { useQuery } from '@tanstack/react-query'
import { vendorDatasetsQuery } from '../api/queries.ts'

/** The signed-in vendor's datasets with their withdrawable earnings. */
export function useVendorDatasets(enabled: boolean) {
  return useQuery({ ...vendorDatasetsQuery(), enabled })
}
