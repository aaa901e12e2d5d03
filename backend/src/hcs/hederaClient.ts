/**
 * The `@hashgraph/sdk` Client for each network. Local and real networks differ only here;
 * everything that submits and reads uses the same SDK calls.
 */

import { AccountId, Client, PrivateKey } from '@hashgraph/sdk'
import { errorMessage } from '@veritree/core/errors'

export type HederaNetwork = 'local' | 'testnet' | 'mainnet' | 'previewnet'

/** Mirror REST base URLs run by Hedera for the public networks. */
export const PUBLIC_MIRROR_URLS = {
  testnet: 'https://testnet.mirrornode.hedera.com',
  mainnet: 'https://mainnet-public.mirrornode.hedera.com',
  previewnet: 'https://previewnet.mirrornode.hedera.com',
} as const

type Operator = {
  /** Account that pays and signs, e.g. `0.0.2` locally or your testnet account. */
  operatorId: string
  /** DER hex (self-describing), or raw 32-byte hex together with `operatorKeyType`. */
  operatorKey: string | PrivateKey
  /** Needed only for a raw hex key: Hedera portal accounts are often ECDSA. */
  operatorKeyType?: 'ed25519' | 'ecdsa'
  /** Overall time the SDK may spend on one request, retries included (SDK default 2 min). */
  requestTimeoutMs?: number
  /**
   * Per-attempt gRPC deadline (SDK default 10 s). The SDK leaves this timer running after each
   * request, so a short-lived process lingers this long after its last call.
   */
  grpcDeadlineMs?: number
}

export type HederaClientOptions =
  | (Operator & {
      network: 'local'
      /** `host:port` of the local node's gRPC server. */
      grpcEndpoint: string
      /** Default `0.0.3`. */
      nodeAccountId?: string
    })
  | (Operator & {
      network: 'testnet' | 'mainnet' | 'previewnet'
      grpcEndpoint?: never
      nodeAccountId?: never
    })

/**
 * Builds a Client with the operator set. Call `client.close()` when done.
 * @example const client = createHederaClient({ network: 'local', grpcEndpoint: node.grpcEndpoint, operatorId: node.operatorId, operatorKey: node.operatorKey })
 */
export function createHederaClient(options: HederaClientOptions): Client {
  const operatorId = parseAccountId(options.operatorId, options.network)
  const operatorKey = parseOperatorKey(options.operatorKey, options.operatorKeyType)
  // The SDK's address-book refresh is a 24 h timer that would keep the process alive; the
  // node list here is fixed (local) or the SDK's built-in one (public networks).
  const props = { scheduleNetworkUpdate: false }
  let client: Client
  switch (options.network) {
    case 'local':
      client = Client.forNetwork({ [options.grpcEndpoint]: options.nodeAccountId ?? '0.0.3' }, props)
      break
    case 'testnet':
      client = Client.forTestnet(props)
      break
    case 'mainnet':
      client = Client.forMainnet(props)
      break
    case 'previewnet':
      client = Client.forPreviewnet(props)
      break
    default:
      throw new Error(`unknown Hedera network ${JSON.stringify((options as { network: unknown }).network)}`)
  }
  if (options.requestTimeoutMs !== undefined) client.setRequestTimeout(options.requestTimeoutMs)
  if (options.grpcDeadlineMs !== undefined) client.setGrpcDeadline(options.grpcDeadlineMs)
  return client.setOperator(operatorId, operatorKey)
}

/** Parses an operator key; a raw hex key needs its type, since ED25519 and ECDSA look alike. */
export function parseOperatorKey(key: string | PrivateKey, type?: 'ed25519' | 'ecdsa'): PrivateKey {
  if (key instanceof PrivateKey) return key
  const hex = key.trim().replace(/^0x/, '')
  if (!/^[0-9a-fA-F]+$/.test(hex)) throw new Error('operator key must be hex (DER or raw)')
  try {
    if (hex.length === 64) {
      if (!type) throw new Error('a raw 32-byte operator key needs operatorKeyType "ed25519" or "ecdsa"')
      return type === 'ed25519' ? PrivateKey.fromStringED25519(hex) : PrivateKey.fromStringECDSA(hex)
    }
    return PrivateKey.fromStringDer(hex)
  } catch (error) {
    throw new Error(`invalid operator key: ${errorMessage(error)}`, {
      cause: error,
    })
  }
}

function parseAccountId(id: string, network: HederaNetwork): AccountId {
  try {
    return AccountId.fromString(id)
  } catch (error) {
    throw new Error(`invalid operator account id ${JSON.stringify(id)} for ${network}: expected "0.0.N"`, {
      cause: error,
    })
  }
}
