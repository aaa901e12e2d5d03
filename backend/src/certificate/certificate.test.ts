import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { CertificateBundle } from '@veritree/core/certificate'
import {
  buildCertificate,
  CertificateInputError,
  CHECKS,
  type Check,
  type CheckId,
  hcsSummary,
  inlineReceiptBytes,
} from '@veritree/core/certificate'
import { flipHex, syntheticCertificate } from '@veritree/core/certificate/testing'
import { HCS_CHUNK_BYTES } from '@veritree/core/hcs'
import { allPassed, checkCertificate } from './checkCertificate.ts'

// Offline checks on a SYNTHETIC certificate (see testBundle.ts): no real receipt, chain or HCS node.
// certificate.e2e.test.ts checks a certificate built from a real proof against a chain and a mirror.
const byId = (checks: Check[]) => new Map(checks.map((c) => [c.id, c]))

describe('buildCertificate', () => {
  it('builds a versioned bundle with decimal strings that survives a JSON round trip', async () => {
    const { bundle } = syntheticCertificate()
    assert.equal(bundle.version, 'veritree.certificate/1')
    assert.equal(bundle.zkVerify.aggregationId, '12')
    assert.equal(bundle.job.priceWei, '1000000000000000')
    assert.equal(bundle.timestamp.sequenceNumber, '5')
    assert.equal(bundle.proof.receipt.base64, undefined)
    assert.match(bundle.claims.notProven[0], /That the model was trained on the vendor's dataset/)
    const copy = JSON.parse(JSON.stringify(bundle))
    assert.deepEqual(await checkCertificate(copy), await checkCertificate(bundle))
  })

  it('embeds the receipt for an offline bundle', () => {
    const { input, receiptBytes } = syntheticCertificate()
    const bundle = buildCertificate({ ...input, receipt: { ...input.receipt, inline: true } })
    assert.deepEqual(inlineReceiptBytes(bundle), receiptBytes)
  })

  it('rejects incomplete job data, naming each field', () => {
    const { input } = syntheticCertificate()
    assert.throws(
      () =>
        buildCertificate({
          ...input,
          sale: { ...input.sale, jobId: '0x12', thresholdBps: 20_000 },
          receipt: { url: '', bytes: new Uint8Array() },
        }),
      (e: unknown) => {
        assert.ok(e instanceof CertificateInputError)
        assert.match(e.message, /job\.jobId: must be 0x followed by 64 hex digits/)
        assert.match(e.message, /job\.thresholdBps/)
        assert.match(e.message, /proof\.receipt\.url/)
        assert.match(e.message, /proof\.receipt\.byteLength/)
        return true
      },
    )
  })
})

describe('hcsSummary', () => {
  it('is compact JSON with a fixed key order, and the same from the bundle as from the job data', () => {
    const { bundle } = syntheticCertificate()
    const text = new TextDecoder().decode(hcsSummary(bundle))
    assert.deepEqual(Object.keys(JSON.parse(text)), [
      'v',
      'chainId',
      'market',
      'jobId',
      'modelHash',
      'testSetHash',
      'correct',
      'total',
      'thresholdBps',
      'met',
      'statement',
      'aggregationId',
      'settleTx',
    ])
    assert.ok(
      text.startsWith(
        '{"v":1,"chainId":31337,"market":"0xa16E02E87b7454126E5E10d957A927A7F5B5d2be","jobId":"0x',
      ),
    )
    assert.ok(text.endsWith(`"aggregationId":"12","settleTx":"${bundle.settlement.txHash}"}`))
    const { input } = syntheticCertificate()
    const fromJob = hcsSummary({
      sale: {
        ...input.sale,
        market: input.sale.market.toLowerCase() as `0x${string}`,
        jobId: input.sale.jobId.toUpperCase().replace('0X', '0x') as `0x${string}`,
      },
      statement: bundle.zkVerify.statement,
      aggregationId: 12n,
      settleTx: bundle.settlement.txHash,
    })
    assert.deepEqual(fromJob, hcsSummary(bundle))
    assert.ok(fromJob.length < HCS_CHUNK_BYTES)
  })

  it('refuses a summary that would need more than one HCS chunk', () => {
    const { bundle } = syntheticCertificate()
    assert.throws(
      () => hcsSummary({ ...bundle, zkVerify: { ...bundle.zkVerify, aggregationId: '9'.repeat(900) } }),
      /single-chunk limit/,
    )
  })
})

describe('checkCertificate (offline, synthetic bundle)', () => {
  it('passes every offline check and says why the others were skipped', async () => {
    const { bundle, receiptBytes } = syntheticCertificate()
    const checks = await checkCertificate(bundle, { receiptBytes })
    assert.deepEqual(
      checks.map((c) => c.id),
      Object.keys(CHECKS),
    )
    const status = Object.fromEntries(checks.map((c) => [c.id, c.status]))
    assert.deepEqual(status, {
      'bundle.schema': 'pass',
      'claims.statement': 'pass',
      'journal.decode': 'pass',
      'journal.fields': 'pass',
      'journal.training': 'skipped',
      'zkverify.statement': 'pass',
      'zkverify.merklePath': 'pass',
      'receipt.sha256': 'pass',
      'receipt.verify': 'skipped',
      'chain.network': 'skipped',
      'chain.aggregation': 'skipped',
      'chain.settlement': 'skipped',
      'chain.job': 'skipped',
      'chain.dataset': 'skipped',
      'hcs.message': 'skipped',
      'hcs.runningHash': 'pass',
    })
    assert.ok(allPassed(checks))
    assert.match(byId(checks).get('chain.network')?.detail ?? '', /no RPC URL given \(--rpc\)/)
    assert.match(byId(checks).get('receipt.verify')?.detail ?? '', /needs the RISC Zero host CLI/)
  })

  it('format 2: proves training on the dataset with the parameters, and fails when either is changed', async () => {
    const { bundle, receiptBytes } = syntheticCertificate({ journalFormat: 2 })
    assert.equal(bundle.job.journalFormat, 2)
    assert.equal(bundle.claims.format, 2)
    assert.equal((bundle.proof.journal.length - 2) / 2, 320)
    assert.match(
      bundle.claims.proven[0],
      new RegExp(`trained inside the proof.*${bundle.dataset.commitment}`),
    )
    const checks = await checkCertificate(bundle, { receiptBytes })
    assert.ok(allPassed(checks), JSON.stringify(checks.filter((c) => c.status === 'fail')))
    assert.equal(byId(checks).get('journal.training')?.status, 'pass')

    const failing = async (change: (b: CertificateBundle) => void): Promise<CheckId[]> => {
      const copy = structuredClone(bundle)
      change(copy)
      return (await checkCertificate(copy, { receiptBytes }))
        .filter((c) => c.status === 'fail')
        .map((c) => c.id)
    }
    const otherDataset = await failing((b) => {
      b.dataset.commitment = flipHex(b.dataset.commitment)
    })
    assert.ok(
      otherDataset.includes('journal.training') && otherDataset.includes('journal.fields'),
      String(otherDataset),
    )
    const otherParams = await failing((b) => {
      b.parameters = { ...b.parameters, maxDepth: 5 }
    })
    assert.ok(otherParams.includes('journal.training'), String(otherParams))
    // A format-2 certificate cannot present a format-1 proof, nor claim format 1 for a format-2 proof.
    const asFormat1 = await failing((b) => {
      b.job.journalFormat = 1
    })
    assert.ok(
      asFormat1.includes('journal.decode') && asFormat1.includes('claims.statement'),
      String(asFormat1),
    )
    const { bundle: one } = syntheticCertificate()
    const foreignJournal = await failing((b) => {
      b.proof.journal = one.proof.journal
    })
    assert.ok(foreignJournal.includes('journal.decode'), String(foreignJournal))
  })

  it('format 1 says training is recorded, not proven', async () => {
    const { bundle } = syntheticCertificate()
    assert.equal(bundle.claims.format, 1)
    assert.match(bundle.claims.notProven.join('\n'), /trained with the training parameters shown/)
    const checks = await checkCertificate(bundle)
    assert.match(byId(checks).get('journal.training')?.detail ?? '', /recorded, not proven/)
  })

  it('reports a malformed bundle as a schema failure, naming the fields, and skips the rest', async () => {
    const { bundle } = syntheticCertificate()
    const checks = await checkCertificate({
      ...bundle,
      version: 'veritree.certificate/2',
      job: { ...bundle.job, correct: -1 },
    })
    assert.equal(checks[0].status, 'fail')
    assert.match(checks[0].detail, /version: /)
    assert.match(checks[0].detail, /job\.correct: /)
    assert.ok(checks.slice(1).every((c) => c.status === 'skipped' && c.detail === 'the bundle is malformed'))
    assert.equal((await checkCertificate('not json at all'))[0].status, 'fail')
  })

  type Tamper = [string, (b: CertificateBundle) => void, CheckId]
  const tampers: Tamper[] = [
    [
      'job.jobId',
      (b) => {
        b.job.jobId = flipHex(b.job.jobId)
      },
      'journal.fields',
    ],
    [
      'job.modelHash',
      (b) => {
        b.job.modelHash = flipHex(b.job.modelHash)
      },
      'journal.fields',
    ],
    [
      'job.testSetHash',
      (b) => {
        b.job.testSetHash = flipHex(b.job.testSetHash)
      },
      'journal.fields',
    ],
    [
      'job.correct',
      (b) => {
        b.job.correct = 29
      },
      'journal.fields',
    ],
    [
      'job.total',
      (b) => {
        b.job.total = 31
      },
      'journal.fields',
    ],
    [
      'job.thresholdBps',
      (b) => {
        b.job.thresholdBps = 9500
      },
      'journal.fields',
    ],
    [
      'job.met',
      (b) => {
        b.job.met = false
      },
      'journal.fields',
    ],
    [
      'proof.imageId',
      (b) => {
        b.proof.imageId = flipHex(b.proof.imageId)
      },
      'zkverify.statement',
    ],
    [
      'proof.journal (correct count)',
      (b) => {
        // The last hex digit of word 4 (correct = 28 = 0x1c) becomes d: correct = 29.
        b.proof.journal =
          `${b.proof.journal.slice(0, 2 + 64 * 5 - 1)}d${b.proof.journal.slice(2 + 64 * 5)}` as `0x${string}`
      },
      'journal.fields',
    ],
    [
      'proof.journal (length)',
      (b) => {
        b.proof.journal = `${b.proof.journal}00`
      },
      'journal.decode',
    ],
    [
      'proof.receipt.sha256',
      (b) => {
        b.proof.receipt.sha256 = flipHex(b.proof.receipt.sha256)
      },
      'receipt.sha256',
    ],
    [
      'proof.receipt.byteLength',
      (b) => {
        b.proof.receipt.byteLength += 1
      },
      'receipt.sha256',
    ],
    [
      'zkVerify.statement',
      (b) => {
        b.zkVerify.statement = flipHex(b.zkVerify.statement)
      },
      'zkverify.statement',
    ],
    [
      'zkVerify.root',
      (b) => {
        b.zkVerify.root = flipHex(b.zkVerify.root)
      },
      'zkverify.merklePath',
    ],
    [
      'zkVerify.merklePath',
      (b) => {
        b.zkVerify.merklePath[0] = flipHex(b.zkVerify.merklePath[0])
      },
      'zkverify.merklePath',
    ],
    [
      'zkVerify.leafCount',
      (b) => {
        b.zkVerify.leafCount = '2'
      },
      'zkverify.merklePath',
    ],
    [
      'zkVerify.index',
      (b) => {
        b.zkVerify.index = '0'
      },
      'zkverify.merklePath',
    ],
    [
      'zkVerify.aggregationId',
      (b) => {
        b.zkVerify.aggregationId = '13'
      },
      'hcs.runningHash',
    ],
    [
      'claims.proven',
      (b) => {
        b.claims.proven[0] = b.claims.proven[0].replace('28 of 30', '30 of 30')
      },
      'claims.statement',
    ],
    [
      'claims.notProven',
      (b) => {
        b.claims.notProven.shift()
      },
      'claims.statement',
    ],
    [
      'dataset.market',
      (b) => {
        b.dataset.market = '0x0000000000000000000000000000000000000001'
      },
      'hcs.runningHash',
    ],
    [
      'job.chainId',
      (b) => {
        b.job.chainId = 1
      },
      'hcs.runningHash',
    ],
    [
      'settlement.txHash',
      (b) => {
        b.settlement.txHash = flipHex(b.settlement.txHash)
      },
      'hcs.runningHash',
    ],
    [
      'timestamp.runningHash',
      (b) => {
        b.timestamp.runningHash = flipHex(b.timestamp.runningHash)
      },
      'hcs.runningHash',
    ],
    [
      'timestamp.previousRunningHash',
      (b) => {
        b.timestamp.previousRunningHash = flipHex(b.timestamp.previousRunningHash ?? '0x')
      },
      'hcs.runningHash',
    ],
    [
      'timestamp.consensusTimestamp',
      (b) => {
        b.timestamp.consensusTimestamp = '1700000001.000000003'
      },
      'hcs.runningHash',
    ],
    [
      'timestamp.sequenceNumber',
      (b) => {
        b.timestamp.sequenceNumber = '6'
      },
      'hcs.runningHash',
    ],
    [
      'timestamp.topicId',
      (b) => {
        b.timestamp.topicId = '0.0.1002'
      },
      'hcs.runningHash',
    ],
    [
      'timestamp.transactionId (payer)',
      (b) => {
        b.timestamp.transactionId = '0.0.3@1700000000.000000001'
      },
      'hcs.runningHash',
    ],
    [
      'version',
      (b) => {
        ;(b as { version: string }).version = 'veritree.certificate/0'
      },
      'bundle.schema',
    ],
  ]
  for (const [field, mutate, failing] of tampers) {
    it(`tampering ${field} fails ${failing}`, async () => {
      const { bundle, receiptBytes } = syntheticCertificate()
      const tampered = structuredClone(bundle)
      mutate(tampered)
      const checks = await checkCertificate(tampered, { receiptBytes })
      const named = byId(checks).get(failing)
      assert.equal(
        named?.status,
        'fail',
        `${failing} should fail: ${JSON.stringify(checks.filter((c) => c.status === 'fail'))}`,
      )
      assert.ok(named.detail.length > 0)
      assert.equal(allPassed(checks), false)
    })
  }

  it('a receipt file other than the one certified fails receipt.sha256', async () => {
    const { bundle } = syntheticCertificate()
    const checks = await checkCertificate(bundle, {
      receiptBytes: new TextEncoder().encode('some other file'),
    })
    assert.match(
      byId(checks).get('receipt.sha256')?.detail ?? '',
      /the receipt has 15 bytes, certificate says \d+/,
    )
  })
})
