import { useMutation } from '@tanstack/react-query'
import { downloadFromApi } from '../api/client.ts'

/** Downloads a customer-only file (model, receipt) with the session cookie. */
export function useDownload() {
  return useMutation({
    mutationFn: ({ path, filename }: { path: string; filename: string }) => downloadFromApi(path, filename),
  })
}
