import { QueryClient } from '@tanstack/react-query'
import { ApiError } from './client.ts'

/** One client for the app. Client errors (4xx) are not retried: asking again gives the same answer. */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 5_000,
      retry: (failures, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
    },
  },
})
