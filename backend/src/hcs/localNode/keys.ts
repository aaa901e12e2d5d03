/**
 * Hedera keys as the local node stores them (encoded `proto.Key`) and the signature rules
 * that apply to them: a simple key is satisfied by a valid signature whose public-key prefix
 * matches, a key list by all of its keys, a threshold key by at least `threshold` of them.
 */
import { proto } from '@hashgraph/proto'
import { PublicKey } from '@hashgraph/sdk'

const ED25519_KEY_LENGTH = 32
const ECDSA_COMPRESSED_KEY_LENGTH = 33
/** Hedera limits key nesting; deeper keys are rejected rather than walked. */
const MAX_KEY_DEPTH = 15

/** True when the key is one this node can check signatures for (no contract or delegatable keys). */
export function isUsableKey(key: proto.IKey | null | undefined, depth = 0): boolean {
  if (!key || depth > MAX_KEY_DEPTH) return false
  if (key.ed25519 != null && key.ed25519.length > 0) return key.ed25519.length === ED25519_KEY_LENGTH
  if (key.ECDSASecp256k1 != null && key.ECDSASecp256k1.length > 0) {
    return key.ECDSASecp256k1.length === ECDSA_COMPRESSED_KEY_LENGTH
  }
  if (key.keyList) {
    const keys = key.keyList.keys ?? []
    return keys.length > 0 && keys.every((k) => isUsableKey(k, depth + 1))
  }
  if (key.thresholdKey) {
    const keys = key.thresholdKey.keys?.keys ?? []
    const threshold = key.thresholdKey.threshold ?? 0
    return threshold >= 1 && threshold <= keys.length && keys.every((k) => isUsableKey(k, depth + 1))
  }
  return false
}

/**
 * Whether the signatures in `sigPairs` over `bodyBytes` satisfy `key`.
 * @param key a key that passed {@link isUsableKey}
 */
export function isKeySatisfied(
  key: proto.IKey,
  bodyBytes: Uint8Array,
  sigPairs: proto.ISignaturePair[],
): boolean {
  if (key.ed25519 != null && key.ed25519.length > 0) {
    return hasValidSignature(key.ed25519, 'ed25519', bodyBytes, sigPairs)
  }
  if (key.ECDSASecp256k1 != null && key.ECDSASecp256k1.length > 0) {
    return hasValidSignature(key.ECDSASecp256k1, 'ecdsa', bodyBytes, sigPairs)
  }
  if (key.keyList) {
    return (key.keyList.keys ?? []).every((k) => isKeySatisfied(k, bodyBytes, sigPairs))
  }
  if (key.thresholdKey) {
    const keys = key.thresholdKey.keys?.keys ?? []
    const signed = keys.filter((k) => isKeySatisfied(k, bodyBytes, sigPairs)).length
    return signed >= (key.thresholdKey.threshold ?? 0)
  }
  return false
}

function hasValidSignature(
  publicKey: Uint8Array,
  kind: 'ed25519' | 'ecdsa',
  bodyBytes: Uint8Array,
  sigPairs: proto.ISignaturePair[],
): boolean {
  const verifier =
    kind === 'ed25519' ? PublicKey.fromBytesED25519(publicKey) : PublicKey.fromBytesECDSA(publicKey)
  return sigPairs.some((pair) => {
    const signature = kind === 'ed25519' ? pair.ed25519 : pair.ECDSASecp256k1
    if (!signature || signature.length === 0) return false
    if (!isPrefixOf(pair.pubKeyPrefix ?? new Uint8Array(), publicKey)) return false
    try {
      return verifier.verify(bodyBytes, signature)
    } catch {
      return false // malformed signature bytes are simply not a valid signature
    }
  })
}

function isPrefixOf(prefix: Uint8Array, bytes: Uint8Array): boolean {
  if (prefix.length > bytes.length) return false
  for (let i = 0; i < prefix.length; i++) if (prefix[i] !== bytes[i]) return false
  return true
}

/** Encoded `proto.Key` bytes, as stored in the node's database. */
export function encodeKey(key: proto.IKey): Uint8Array {
  return proto.Key.encode(key).finish()
}

export function decodeKey(bytes: Uint8Array): proto.Key {
  return proto.Key.decode(bytes)
}
