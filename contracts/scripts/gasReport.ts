/**
 * Measures the gas of Veritree's main transactions from their receipts on a fresh Hardhat (EDR) chain
 * and writes contracts/GAS.md. Run: `npm run gas -w @veritree/contracts` (builds first).
 * Each row is one concrete scenario, so the numbers are reproducible; `hardhat test --gas-stats` gives
 * min/avg/max over the whole test suite instead.
 */
import { writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { network } from 'hardhat'
import { type Hex, keccak256, toHex } from 'viem'
import { demoExponentialCurve, demoLinearCurve } from '../deploy/curves.ts'
import { attest, journalFor } from '../test/helpers/attest.ts'
import { newTerms, openJob, veritreeFixture } from '../test/helpers/fixture.ts'

const connection = await network.create()
const f = await veritreeFixture(connection)
const { market, factory, vendor, customer, publicClient } = f

const rows: Array<{ operation: string; scenario: string; gas: bigint }> = []

async function measure(operation: string, scenario: string, hash: Hex | Promise<Hex>): Promise<void> {
  const receipt = await publicClient.waitForTransactionReceipt({ hash: await hash })
  if (receipt.status !== 'success') throw new Error(`${operation} (${scenario}) reverted`)
  rows.push({ operation, scenario, gas: receipt.gasUsed })
}

for (const [name, curve] of [
  ['linear', demoLinearCurve],
  ['exponential', demoExponentialCurve],
] as const) {
  const uri = `ipfs://veritree-gas-dataset-${name}`
  await measure(
    'createDataset',
    `${name} curve, ${uri.length}-byte metadata URI`,
    factory.write.createDataset([keccak256(toHex(`gas ${name}`)), curve, uri], { account: vendor.account }),
  )
}

for (const [scenario, excess] of [
  ['exact value', 0n],
  ['excess refunded to the caller', 12_345n],
] as const) {
  const price = await market.read.price()
  const terms = newTerms()
  await measure(
    'openJob',
    scenario,
    market.write.openJob([terms.testSetHash, terms.thresholdBps, terms.quoteId, price], {
      account: customer.account,
      value: price + excess,
    }),
  )
}

async function measureSettle(scenario: string, leafCount: number, met: boolean): Promise<void> {
  const { jobId, terms } = await openJob(f, market, newTerms(9_000))
  const counts = met ? { correct: 10, total: 10 } : { correct: 1, total: 10 }
  const args = await attest(f, jobId, journalFor(jobId, terms, counts), { leafCount, index: leafCount - 1 })
  await measure(
    'settle',
    `${scenario}, aggregation of ${leafCount} (path of ${args[4].length})`,
    market.write.settle(args),
  )
}

await measureSettle('met, first sale: vendor and fee balances go from zero', 8, true)
await measureSettle('met, later sale', 1, true)
await measureSettle('met, later sale', 8, true)
await measureSettle('met, later sale', 64, true)
await measureSettle('not met: customer credited', 8, false)

await measure('withdraw', 'vendor, whole balance', market.write.withdraw({ account: vendor.account }))
await measure('withdraw', 'customer, refund credit', market.write.withdraw({ account: customer.account }))
{
  const { jobId } = await openJob(f, market)
  const { deadline } = await market.read.getJob([jobId])
  await connection.networkHelpers.time.increaseTo(deadline)
  await measure('reclaim', 'after the deadline', market.write.reclaim([jobId], { account: customer.account }))
}

const deployments = await Promise.all(
  (['ZkVerifyAggregation', 'DatasetMarket', 'DatasetFactory'] as const).map(async (name) => {
    const address =
      name === 'ZkVerifyAggregation'
        ? f.deployment.zkVerify
        : name === 'DatasetMarket'
          ? f.deployment.marketImplementation
          : f.deployment.factory
    const code = await publicClient.getCode({ address })
    return `| ${name} | ${((code?.length ?? 2) - 2) / 2} |`
  }),
)

const table = rows
  .map((r) => `| \`${r.operation}\` | ${r.scenario} | ${r.gas.toLocaleString('en-US')} |`)
  .join('\n')
const markdown = `# Gas report

Measured by \`contracts/scripts/gasReport.ts\` (\`npm run gas -w @veritree/contracts\`) from transaction
receipts on a fresh Hardhat 3 (EDR) chain: solc 0.8.30, optimizer 200 runs, EVM target Cancun, demo
linear curve, 2.5% protocol fee, warm factory (one dataset already created). Gas includes the 21,000 base cost and calldata. For min/avg/max over
the whole test suite run \`npx hardhat test nodejs --gas-stats\` in \`contracts/\`.

| operation | scenario | gas used |
|---|---|---:|
${table}

\`settle\` grows by roughly one keccak256 per Merkle path element (zkVerify aggregations are binary
trees, so the path is ceil(log2(leaves)) long at most), plus calldata. The first credit to an account's
\`balances\` slot costs a cold zero-to-non-zero SSTORE; later ones are cheaper.

Runtime code size (bytes; the EIP-170 limit is 24,576):

| contract | bytes |
|---|---:|
${deployments.join('\n')}
| DatasetMarket clone (EIP-1167) | 45 |
`

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'GAS.md')
await writeFile(out, markdown)
console.log(markdown)
console.log(`wrote ${out}`)
