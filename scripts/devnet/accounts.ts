import { toHex } from 'viem'
import { type HDAccount, mnemonicToAccount } from 'viem/accounts'

/** Hardhat's well-known development mnemonic: every `hardhat node` funds these accounts. Never use on a real network. */
const DEV_MNEMONIC = 'test test test test test test test test test test test junk'

/** Who does what on the devnet, by Hardhat account index. */
export const ROLES = { deployer: 0, settler: 1, vendorA: 2, vendorB: 3, customer: 4, demoBuyer: 9 } as const
export type Role = keyof typeof ROLES

export function devAccount(role: Role): HDAccount {
  return mnemonicToAccount(DEV_MNEMONIC, { addressIndex: ROLES[role] })
}

/** The account's private key as hex, for processes that take keys through the environment. */
export function devPrivateKey(role: Role): `0x${string}` {
  const key = devAccount(role).getHdKey().privateKey
  if (!key) throw new Error(`no private key for dev account ${role}`)
  return toHex(key)
}
