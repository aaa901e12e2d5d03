/**
 * Re-checks a Veritree certificate: a sale's receipt certificate (`veritree.certificate/1`, from
 * GET /api/jobs/:jobId/certificate) or a prediction request's (`veritree.inference-certificate/1`, from
 * GET /api/feed-certificates/:requestId), told apart by its `version`.
 *
 *   npm run verify-receipt -- bundle.json [--receipt receipt.cbor] [--rpc URL] [--mirror URL]
 *
 * Offline it checks the journal, the statement, the Merkle path and, given the receipt (from
 * --receipt or the certificate's embedded copy), the receipt itself with the RISC Zero host CLI. With
 * --rpc it checks on-chain the aggregation root and the settle transaction, and the job and dataset
 * (sale) or the feed, request and stored predictions (prediction); with --mirror the HCS message and
 * its running hash. Exit status: 0 all passed, 1 a check failed, 2 usage error (bad arguments,
 * unreadable files).
 */

import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { formatChecks } from '@veritree/core/certificate'
import { errorMessage } from '@veritree/core/errors'
import { allPassed, checkAnyCertificate } from '../backend/src/certificate/checkCertificate.ts'
import { verifyReceiptBytesWithCli } from '../backend/src/certificate/cliReceiptVerifier.ts'

const USAGE = [
  'usage: npm run verify-receipt -- <bundle.json> [--receipt <file.cbor>] [--rpc <url>] [--mirror <url>] [--json]',
  '  <bundle.json>  a sale certificate (veritree.certificate/1) or a prediction certificate',
  '                 (veritree.inference-certificate/1), told apart by its version',
].join('\n')

class UsageError extends Error {}

const OPTIONS = {
  allowPositionals: true,
  options: {
    receipt: { type: 'string' },
    rpc: { type: 'string' },
    mirror: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
} as const

function httpUrl(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new UsageError(`${flag} ${JSON.stringify(value)} is not a URL`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`${flag} must be an http(s) URL`)
  return value
}

async function readInput(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path)
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${path}: ${errorMessage(error)}`)
  }
}

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<typeof OPTIONS>>
  try {
    parsed = parseArgs({ ...OPTIONS, args: argv })
  } catch (error) {
    throw new UsageError(errorMessage(error))
  }
  const { values, positionals } = parsed
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  if (positionals.length !== 1)
    throw new UsageError(positionals.length === 0 ? 'no bundle file given' : 'give exactly one bundle file')
  const rpcUrl = httpUrl(values.rpc, '--rpc')
  const mirrorUrl = httpUrl(values.mirror, '--mirror')
  const text = (await readInput(positionals[0], 'bundle')).toString('utf8')
  let bundle: unknown
  try {
    bundle = JSON.parse(text)
  } catch (error) {
    throw new UsageError(`${positionals[0]} is not JSON: ${errorMessage(error)}`)
  }
  const receiptBytes =
    values.receipt === undefined ? undefined : new Uint8Array(await readInput(values.receipt, 'receipt'))

  const checks = await checkAnyCertificate(bundle, {
    receiptBytes,
    verifyReceipt: verifyReceiptBytesWithCli,
    rpcUrl,
    mirrorUrl,
  })
  console.log(values.json ? JSON.stringify(checks, null, 2) : formatChecks(checks))
  return allPassed(checks) ? 0 : 1
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`verify-receipt: ${error.message}\n${USAGE}`)
      process.exitCode = 2
    } else {
      console.error(
        `verify-receipt: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      )
      process.exitCode = 1
    }
  },
)
