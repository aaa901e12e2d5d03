import assert from 'node:assert/strict'
import { test } from 'node:test'
import { BaseError, UserRejectedRequestError } from 'viem'
import { describeWalletError, isUserRejection } from './walletErrors.ts'

test('a rejection in the wallet is recognised, raw or wrapped by viem', () => {
  const raw = { code: 4001, message: 'User rejected the request.' }
  assert.equal(isUserRejection(raw), true)
  const wrapped = new BaseError('sending failed', { cause: new UserRejectedRequestError(new Error('no')) })
  assert.equal(isUserRejection(wrapped), true)
  assert.equal(describeWalletError(wrapped), 'You rejected the request in your wallet.')
})

test('other errors keep their own message', () => {
  assert.equal(describeWalletError(new Error('boom')), 'boom')
  assert.equal(describeWalletError({ code: 4901 }), 'Your wallet is not connected to this network.')
  assert.equal(describeWalletError(42), 'The wallet reported an unknown error.')
})
