import { readFile } from 'node:fs/promises'
import { zkVerifyStatement } from '@veritree/core/canonical'
import { errorMessage } from '@veritree/core/errors'
import { verifyMerklePath } from '@veritree/core/zkverify'
import { type Address, bytesToHex, type Hex, isHex, type PublicClient, size } from 'viem'
import type { AggregationProof, Verifier, VerifyRequest } from '../attest/types.ts'
import { ZkVerifyError, type ZkVerifyStep } from './errors.ts'
import { waitForSettlementRoot } from './settlementRoot.ts'
import { parseVerifyRequest } from './verifyRequest.ts'
import { startZkVerifySession, type ZkVerifyNetwork, type ZkVerifySessionLike } from './zkVerifySession.ts'

/** zkVerify's risc0 pallet input for one receipt (zkverifyjs `proofData`). */
export type Risc0ProofData = { proof: Hex; publicSignals: Hex; vk: Hex }

/**
 * The `proofData` zkverifyjs takes for a RISC Zero V3_0 receipt: `proof` = 0x + the receipt's CBOR bytes,
 * `publicSignals` = 0x + the journal bytes, `vk` = the 32-byte image id.
 *
 * @example
 * risc0ProofData(await readFile('receipt.cbor'), imageId, journal)
 */
export function risc0ProofData(receiptCbor: Uint8Array, imageId: Hex, journal: Hex): Risc0ProofData {
  if (receiptCbor.length === 0) throw new ZkVerifyError('input', 'the receipt file is empty')
  return {
    proof: bytesToHex(receiptCbor),
    publicSignals: journal.toLowerCase() as Hex,
    vk: imageId.toLowerCase() as Hex,
  }
}

/** Parameters of {@link createZkVerifyJsVerifier}. */
export type ZkVerifyJsVerifierOptions = {
  network: ZkVerifyNetwork
  /** Seed phrase of the zkVerify account that pays for submissions. */
  seedPhrase: string
  /** zkVerify domain the proofs are aggregated in. */
  domainId: bigint
  /** zkVerify's aggregation proxy on the settlement chain (where `settle` checks the root). */
  aggregationContract: Address
  /**
   * Opens a zkverifyjs session. Defaults to the real `zkVerifySession.start()...withAccount(seed)`
   * ({@link startZkVerifySession}); tests pass a fake session here.
   */
  startSession?: (network: ZkVerifyNetwork, seedPhrase: string) => Promise<ZkVerifySessionLike>
  /** As domain owner, publish the (possibly incomplete) aggregation right away with `aggregate`. */
  publishAggregation?: boolean
  /** How long to wait for the aggregation receipt (default 1 hour). */
  aggregationTimeoutMs?: number
  /**
   * When given, also wait until zkVerify's relayer posted the root on the settlement chain, so the
   * returned proof can be used by `settle` at once.
   */
  settlement?: { publicClient: PublicClient; timeoutMs?: number; pollIntervalMs?: number }
  readReceipt?: (path: string) => Promise<Uint8Array>
}

const hex32 = (value: unknown): value is Hex =>
  typeof value === 'string' && isHex(value, { strict: true }) && size(value) === 32
const nonNegativeInt = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0

async function step<T>(
  name: ZkVerifyStep,
  signal: AbortSignal | undefined,
  run: () => Promise<T>,
): Promise<T> {
  if (signal?.aborted) throw new ZkVerifyError('aborted', `aborted before ${name}`, { cause: signal.reason })
  try {
    if (!signal) return await run()
    return await new Promise<T>((resolve, reject) => {
      const onAbort = () =>
        reject(new ZkVerifyError('aborted', `aborted during ${name}`, { cause: signal.reason }))
      signal.addEventListener('abort', onAbort, { once: true })
      run()
        .then(resolve, reject)
        .finally(() => signal.removeEventListener('abort', onAbort))
    })
  } catch (error) {
    if (error instanceof ZkVerifyError) throw error
    throw new ZkVerifyError(name, errorMessage(error), { cause: error })
  }
}

/**
 * A {@link Verifier} backed by the real zkVerify network through zkverifyjs: submits the RISC Zero V3_0
 * receipt to `domainId`, waits for finalization and the aggregation receipt, fetches the statement's
 * Merkle path, checks that path against the aggregation root locally, and (optionally) waits for the
 * root on the settlement chain. Any failure is a {@link ZkVerifyError} naming its step; nothing is
 * reported as verified unless every step succeeded.
 *
 * @example
 * const verifier = createZkVerifyJsVerifier({ network: 'volta', seedPhrase, domainId: 1n,
 *   aggregationContract: '0x…' })
 */
export function createZkVerifyJsVerifier(options: ZkVerifyJsVerifierOptions): Verifier {
  const { network, domainId, aggregationContract } = options
  if (!options.seedPhrase.trim()) throw new ZkVerifyError('input', 'a zkVerify seed phrase is required')
  if (domainId < 0n || domainId > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new ZkVerifyError('input', `domain id ${domainId} is out of range`)
  }
  const domain = Number(domainId)
  const readReceipt = options.readReceipt ?? ((path: string) => readFile(path))
  const startSession = options.startSession ?? startZkVerifySession

  return {
    mode: 'zkverify',
    async verify(request: VerifyRequest, { signal, resume, onSubmitted } = {}): Promise<AggregationProof> {
      const { receiptPath, imageId, journal } = parseVerifyRequest(request)
      const receipt = await step('input', signal, () => readReceipt(receiptPath))
      const proofData = risc0ProofData(receipt, imageId, journal)
      const expectedStatement = zkVerifyStatement(imageId, journal)

      const session = await step('connect', signal, () => startSession(network, options.seedPhrase))
      try {
        async function submitAndFinalize() {
          const submitted = await step('submit', signal, async () => {
            // Risc0Version.V3_0 is the string "V3_0"; the enum lives in zkverifyjs, loaded only in real mode.
            return session.verify().risc0({ version: 'V3_0' }).execute({ proofData, domainId: domain })
          })
          const info = await step('finalize', signal, () => submitted.transactionResult)
          if (info.status !== 'finalized') {
            throw new ZkVerifyError(
              'finalize',
              `transaction ${info.txHash ?? '?'} ended as ${info.status}, not finalized`,
            )
          }
          if (!nonNegativeInt(info.aggregationId) || info.domainId !== domain) {
            throw new ZkVerifyError(
              'finalize',
              `transaction ${info.txHash ?? '?'} was not queued for aggregation in domain ${domain} (domain ${String(info.domainId)}, aggregation ${String(info.aggregationId)})`,
            )
          }
          if (typeof info.statement !== 'string' || info.statement.toLowerCase() !== expectedStatement) {
            throw new ZkVerifyError(
              'finalize',
              `zkVerify reported statement ${String(info.statement)}, expected ${expectedStatement} for this image id and journal`,
            )
          }
          if (onSubmitted)
            await onSubmitted({
              kind: 'zkverify',
              statement: expectedStatement,
              txHash: info.txHash ?? '',
              blockHash: info.blockHash ?? null,
              aggregationId: info.aggregationId as number,
            })
          return {
            txHash: info.txHash,
            blockHash: info.blockHash,
            aggregationId: info.aggregationId as number,
          }
        }
        // A submission an earlier attempt stored is resumed, never sent again (zkVerify would take it
        // twice and charge twice).
        const earlier =
          resume?.kind === 'zkverify' && resume.statement.toLowerCase() === expectedStatement ? resume : null
        const info = earlier
          ? {
              txHash: earlier.txHash,
              blockHash: earlier.blockHash ?? undefined,
              aggregationId: earlier.aggregationId,
            }
          : await submitAndFinalize()
        const aggregationId = info.aggregationId

        const published = await step('aggregate', signal, async () => {
          if (options.publishAggregation) {
            const result = await session.aggregate(domain, aggregationId).transactionResult
            if (result.status !== 'finalized')
              throw new Error(`aggregate transaction ended as ${result.status}`)
            return { blockHash: result.blockHash, receipt: result.receipt }
          }
          return session.waitForAggregationReceipt(
            domain,
            aggregationId,
            options.aggregationTimeoutMs ?? 3_600_000,
          )
        })
        if (!hex32(published.receipt) || typeof published.blockHash !== 'string' || !published.blockHash) {
          throw new ZkVerifyError('aggregate', `malformed aggregation receipt ${JSON.stringify(published)}`)
        }
        const root = published.receipt.toLowerCase() as Hex

        const path = await step('statement-path', signal, () =>
          session.getAggregateStatementPath(published.blockHash, domain, aggregationId, expectedStatement),
        )
        if (!Array.isArray(path.proof) || !path.proof.every(hex32)) {
          throw new ZkVerifyError('statement-path', 'the statement path has malformed elements')
        }
        if (!nonNegativeInt(path.numberOfLeaves) || !nonNegativeInt(path.leafIndex)) {
          throw new ZkVerifyError(
            'statement-path',
            `bad leaf count ${path.numberOfLeaves} or index ${path.leafIndex}`,
          )
        }
        const merklePath = path.proof.map((p) => p.toLowerCase() as Hex)
        const proofParameters = {
          root,
          leaf: expectedStatement,
          path: merklePath,
          leafCount: path.numberOfLeaves,
          index: path.leafIndex,
        }
        if (
          typeof path.root !== 'string' ||
          path.root.toLowerCase() !== root ||
          !verifyMerklePath(proofParameters)
        ) {
          throw new ZkVerifyError(
            'statement-path',
            `the path from zkVerify does not lead from statement ${expectedStatement} to aggregation root ${root}`,
          )
        }

        const proof: AggregationProof = {
          statement: expectedStatement,
          domainId,
          aggregationId: BigInt(aggregationId),
          merklePath,
          leafCount: BigInt(path.numberOfLeaves),
          index: BigInt(path.leafIndex),
          root,
          aggregationContract,
          zkVerifyTxHash: info.txHash,
          zkVerifyBlockHash: info.blockHash,
        }
        const settlement = options.settlement
        if (settlement) {
          await step('settlement-root', signal, () =>
            waitForSettlementRoot({
              ...settlement,
              aggregationContract,
              domainId,
              aggregationId: proof.aggregationId,
              root,
              signal,
            }),
          )
        }
        return proof
      } finally {
        await session.close().catch(() => {})
      }
    },
  }
}
