/**
 * The part of a zkverifyjs 2.x session the real-mode verifier uses, typed narrowly so a test can hand
 * in a fake session, plus the function that opens the real one.
 */

/** zkVerify networks: Volta (testnet) or mainnet. */
export type ZkVerifyNetwork = 'volta' | 'mainnet'

/** What `transactionResult` of a verify resolves to (zkverifyjs `VerifyTransactionInfo`, the fields used). */
export type VerifyTransactionInfoLike = {
  status: string
  txHash?: string
  blockHash: string
  domainId: number | undefined
  aggregationId: number | undefined
  statement: string | null
}

export type ZkVerifySessionLike = {
  verify(): {
    risc0(config: { version: 'V3_0' }): {
      execute(input: {
        proofData: { proof: string; publicSignals: string; vk: string }
        domainId: number
      }): Promise<{ transactionResult: Promise<VerifyTransactionInfoLike> }>
    }
  }
  aggregate(
    domainId: number,
    aggregationId: number,
  ): { transactionResult: Promise<{ status: string; blockHash: string; receipt: string }> }
  waitForAggregationReceipt(
    domainId: number,
    aggregationId: number,
    timeout?: number,
  ): Promise<{ blockHash: string; receipt: string }>
  getAggregateStatementPath(
    at: string,
    domainId: number,
    aggregationId: number,
    statement: string,
  ): Promise<{ root: string; proof: string[]; numberOfLeaves: number; leafIndex: number }>
  close(): Promise<unknown>
}

/**
 * Opens a real zkverifyjs session on Volta or mainnet with the account of `seedPhrase`.
 * zkverifyjs (and polkadot.js under it) is loaded only here, so local mode never pays for it.
 *
 * @example
 * const session = await startZkVerifySession('volta', process.env.VERITREE_ZKVERIFY_SEED!)
 */
export async function startZkVerifySession(
  network: ZkVerifyNetwork,
  seedPhrase: string,
): Promise<ZkVerifySessionLike> {
  const { zkVerifySession, Risc0Version } = await import('zkverifyjs')
  const start = zkVerifySession.start()
  const session = await (network === 'volta' ? start.Volta() : start.zkVerify()).withAccount(seedPhrase)
  return {
    verify: () => ({
      risc0: () => ({
        execute: (input) => session.verify().risc0({ version: Risc0Version.V3_0 }).execute(input),
      }),
    }),
    aggregate: (domainId, aggregationId) => session.aggregate(domainId, aggregationId),
    waitForAggregationReceipt: (domainId, aggregationId, timeout) =>
      session.waitForAggregationReceipt(domainId, aggregationId, timeout),
    getAggregateStatementPath: (at, domainId, aggregationId, statement) =>
      session.getAggregateStatementPath(at, domainId, aggregationId, statement),
    close: () => session.close(),
  }
}
