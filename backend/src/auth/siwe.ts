import type { Address, Hex, PublicClient } from 'viem'
import { generateSiweNonce, parseSiweMessage, validateSiweMessage, verifySiweMessage } from 'viem/siwe'
import type { Store } from '../db/index.ts'
import { ApiError } from '../http/errors.ts'

export const NONCE_TTL_MS = 10 * 60 * 1000

/** Issues a single-use SIWE nonce, valid for {@link NONCE_TTL_MS}. */
export async function issueNonce(store: Store): Promise<string> {
  const nonce = generateSiweNonce()
  await store.putNonce(nonce, Date.now() + NONCE_TTL_MS)
  return nonce
}

export type SiweCheck = {
  /** Origins the frontend is served from; the message must name one (domain + URI). */
  origins: string[]
  chainId: number
  client: PublicClient
}

/**
 * Checks a Sign-In with Ethereum message and its signature and returns the signer (lowercase).
 * The nonce is consumed before the signature is checked, so one nonce can never be tried twice.
 */
export async function verifySignIn(
  store: Store,
  check: SiweCheck,
  message: string,
  signature: Hex,
): Promise<Address> {
  const fail = (why: string): never => {
    throw new ApiError(401, 'siwe_rejected', `sign-in rejected: ${why}`)
  }
  let fields: ReturnType<typeof parseSiweMessage>
  try {
    fields = parseSiweMessage(message)
  } catch {
    return fail('not an EIP-4361 message')
  }
  if (!fields.address || !fields.nonce || !fields.domain || !fields.uri)
    return fail('the message lacks address, nonce, domain or URI')
  const origin = check.origins.find((o) => new URL(o).host === fields.domain)
  if (!origin)
    return fail(
      `domain "${fields.domain}" is not this site (${check.origins.map((o) => new URL(o).host).join(', ')})`,
    )
  if (!(fields.uri === origin || fields.uri.startsWith(`${origin}/`)))
    return fail(`URI "${fields.uri}" is not on ${origin}`)
  if (fields.chainId !== check.chainId)
    return fail(`chain id ${fields.chainId} is not this marketplace's chain ${check.chainId}`)
  if (!(await store.consumeNonce(fields.nonce, Date.now())))
    return fail('unknown, used or expired nonce; get a new one from GET /auth/nonce')
  if (
    !validateSiweMessage({ message: fields, domain: fields.domain, nonce: fields.nonce, time: new Date() })
  ) {
    return fail('the message is expired or not yet valid')
  }
  const valid = await verifySiweMessage(check.client, {
    message,
    signature,
    domain: fields.domain,
    nonce: fields.nonce,
  }).catch(() => false)
  if (!valid) return fail('the signature does not match the message and address')
  return fields.address.toLowerCase() as Address
}
