import { useMutation, useQueryClient } from '@tanstack/react-query'
import { signOut } from '../api/auth.ts'
import { keys } from '../api/queries.ts'

/** Ends the session and forgets session-bound data. */
export function useSignOut() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: signOut,
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: keys.vendorDatasets })
      await queryClient.invalidateQueries({ queryKey: keys.me })
    },
  })
}
