import assert from 'node:assert/strict'
import { test } from 'node:test'
import { inferenceFeedAbi } from '@veritree/contracts/generated/InferenceFeed'
import {
  BaseError,
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  encodeErrorResult,
  getAddress,
  type Hex,
  UserRejectedRequestError,
} from 'viem'
import {
  describeFeedOwnerError,
  describePriceChange,
  feedShowsChange,
  isFeedOwner,
  parseNewPrice,
} from './feedOwner.ts'

// Checksummed, as the contract's error decodes them.
const OWNER = getAddress('0x00000000000000000000000000000000000000bb')
const OTHER = getAddress('0x00000000000000000000000000000000000000cc')

/** A revert of the feed as viem reports a failed simulateContract: the call's error around the decoded revert. */
const reverted = (data: Hex, functionName: 'setPrice' | 'setAcceptingRequests') =>
  new ContractFunctionExecutionError(
    new ContractFunctionRevertedError({ abi: inferenceFeedAbi, data, functionName }),
    { abi: inferenceFeedAbi, functionName, args: functionName === 'setPrice' ? [0n] : [false] },
  )

test('only the connected owner gets the controls, whatever the address case; nobody without a wallet', () => {
  assert.equal(isFeedOwner({ owner: OWNER }, OWNER.toLowerCase()), true)
  assert.equal(isFeedOwner({ owner: OWNER.toLowerCase() }, OWNER.toUpperCase().replace('0X', '0x')), true)
  assert.equal(isFeedOwner({ owner: OWNER }, OTHER), false)
  assert.equal(isFeedOwner({ owner: OWNER }, null), false)
  assert.equal(isFeedOwner({ owner: OWNER }, undefined), false)
})

test('a new price follows the listing rules, and the current price is no change', () => {
  assert.deepEqual(parseNewPrice('0.002', '1000000000000000'), { wei: 2_000_000_000_000_000n })
  assert.deepEqual(parseNewPrice('0.001', '1000000000000000'), { unchanged: true })
  assert.deepEqual(parseNewPrice(' 0.0010 ', '1000000000000000'), { unchanged: true })
  for (const [text, reason] of [
    ['0', /more than 0/],
    ['', /Enter a price/],
    ['-1', /not a price/],
    ['1e-3', /not a price/],
    ['0.0000000000000000001', /18 decimals/],
  ] as const) {
    const parsed = parseNewPrice(text, '1000000000000000')
    assert.ok('error' in parsed, `${text} should be refused`)
    assert.match(parsed.error, reason)
  }
})

test("the contract's refusals are said in words: another wallet than the owner's, a zero price", () => {
  const notOwner = encodeErrorResult({
    abi: inferenceFeedAbi,
    errorName: 'NotFeedOwner',
    args: [OTHER, OWNER],
  })
  assert.equal(
    describeFeedOwnerError(reverted(notOwner, 'setAcceptingRequests')),
    `Only the feed's owner (${OWNER}) can change it; your wallet is ${OTHER}.`,
  )
  const zero = encodeErrorResult({ abi: inferenceFeedAbi, errorName: 'ZeroPrice' })
  assert.equal(describeFeedOwnerError(reverted(zero, 'setPrice')), 'The price must be more than 0.')
})

test('a rejection in the wallet and other failures keep the wallet wording', () => {
  const rejected = new BaseError('sending failed', { cause: new UserRejectedRequestError(new Error('no')) })
  assert.equal(describeFeedOwnerError(rejected), 'You rejected the request in your wallet.')
  assert.equal(
    describeFeedOwnerError({ code: 4001, message: 'User rejected' }),
    'You rejected the request in your wallet.',
  )
  assert.equal(describeFeedOwnerError(new Error('the RPC is down')), 'the RPC is down')
})

test("the page waits until the server's view shows the change", () => {
  const view = { pricePerPrediction: '1000', acceptingRequests: true }
  assert.equal(feedShowsChange(view, { price: 1000n }), true)
  assert.equal(feedShowsChange(view, { price: 2000n }), false)
  assert.equal(feedShowsChange(view, { acceptingRequests: true }), true)
  assert.equal(feedShowsChange(view, { acceptingRequests: false }), false)
})

test('the owner is told what a price change does before signing', () => {
  assert.match(describePriceChange('1000000000000000', 2_000_000_000_000_000n), /raises the price/)
  assert.match(describePriceChange('2000000000000000', 1_000_000_000_000_000n), /lowers the price/)
  assert.match(
    describePriceChange('1000000000000000', 2_000_000_000_000_000n),
    /requests already paid keep their price/,
  )
})
