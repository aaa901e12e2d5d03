// The wording of the errors people read (API clients, operators, job records), pinned exactly: a change
// here is a change of interface and must be deliberate.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { CsvError } from '@veritree/core/csv'
import { VeritreeError } from '@veritree/core/errors'
import { TrainingParamsSchema } from '@veritree/core/training'
import { DuplicateDatasetError } from './db/types.ts'
import { HcsError } from './hcs/errors.ts'
import { type ApiError, csvErrorToApi, parseInput } from './http/errors.ts'
import { PermanentJobError } from './jobs/errors.ts'
import { ProverFailedError, ProverNotBuiltError } from './prover/errors.ts'
import { ReceiptRejectedError, ZkVerifyError } from './zkverify/errors.ts'

const fields = (e: VeritreeError) => ({ name: e.name, code: e.code, message: e.message, details: e.details })

describe('error wording', () => {
  it('API input errors name the field and the rule', () => {
    const e = (() => {
      try {
        parseInput(TrainingParamsSchema, { minLeafSize: '2' }, 'preview parameters')
      } catch (error) {
        return error as ApiError
      }
      return assert.fail('accepted')
    })()
    assert.ok(e instanceof VeritreeError)
    assert.deepEqual(fields(e), {
      name: 'ApiError',
      code: 'invalid_input',
      message:
        'invalid preview parameters: minLeafSize: minLeafSize must be at least 5 (privacy floor: smaller leaves reveal individual training rows)',
      details: [
        {
          path: 'minLeafSize',
          message:
            'minLeafSize must be at least 5 (privacy floor: smaller leaves reveal individual training rows)',
        },
      ],
    })
    assert.equal(e.status, 400)
  })

  it('CSV errors keep their code and location through the API', () => {
    const api = csvErrorToApi(new CsvError('ragged_row', 'row 3 has 2 cells; the header has 3', { row: 3 }))
    assert.deepEqual(
      [api.status, api.code, api.message],
      [422, 'csv_ragged_row', 'row 3 has 2 cells; the header has 3'],
    )
    assert.deepEqual(api.details, {
      code: 'ragged_row',
      row: 3,
      column: null,
      message: 'row 3 has 2 cells; the header has 3',
    })
  })

  it('HCS errors name the network, status and transaction, and keep the cause', () => {
    const cause = new Error('precheck failed')
    const e = new HcsError('submit failed', {
      network: 'testnet',
      status: 'INVALID_SIGNATURE',
      transactionId: '0.0.5@1.2',
      cause,
    })
    assert.deepEqual(fields(e), {
      name: 'HcsError',
      code: 'INVALID_SIGNATURE',
      message: 'HCS (testnet): submit failed; status INVALID_SIGNATURE; transaction 0.0.5@1.2',
      details: { network: 'testnet', status: 'INVALID_SIGNATURE', transactionId: '0.0.5@1.2' },
    })
    assert.equal(e.walk(), cause)
    assert.equal(new HcsError('no answer', { network: 'local' }).code, 'HCS_ERROR')
  })

  it('zkVerify errors name the step', () => {
    assert.equal(new ZkVerifyError('submit', 'timed out').message, 'zkVerify submit: timed out')
    const rejected = new ReceiptRejectedError('/tmp/r.cbor', { cause: new Error('seal mismatch') })
    assert.deepEqual(
      [rejected.code, rejected.message],
      [
        'receipt',
        'zkVerify receipt: receipt /tmp/r.cbor does not verify against the image id and journal: seal mismatch',
      ],
    )
  })

  it('prover, dataset and job errors', () => {
    assert.equal(
      new ProverNotBuiltError('/x/veritree-prover').message,
      'veritree-prover not found at /x/veritree-prover. Build it with `bash scripts/build-zkvm.sh` (or point VERITREE_PROVER_BIN at an existing binary).',
    )
    const failed = new ProverFailedError({
      command: 'prove',
      exitCode: 2,
      signal: null,
      stderrTail: 'bad model',
    })
    assert.deepEqual(
      [failed.code, failed.message],
      ['prover_failed', 'veritree-prover prove exited with code 2:\nbad model'],
    )
    assert.deepEqual(fields(new DuplicateDatasetError(7)), {
      name: 'DuplicateDatasetError',
      code: 'duplicate_dataset',
      message: 'this dataset was already uploaded (dataset 7)',
      details: { existingId: 7 },
    })
    assert.equal(new PermanentJobError('the market does not know this job').code, 'job_permanent')
  })
})
