import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import * as grpc from '@grpc/grpc-js'
import { proto } from '@hashgraph/proto'
import {
  AccountId,
  Hbar,
  Long,
  PrecheckStatusError,
  PrivateKey,
  Status,
  Timestamp,
  TopicCreateTransaction,
  TopicUpdateTransaction,
  TransactionId,
  TransferTransaction,
} from '@hashgraph/sdk'
import { startTestNode, stopTestNode, type TestNode } from './testSupport.ts'

/**
 * Wire-level checks the SDK cannot provoke on its own: malformed bytes, hand-built chunk
 * info, oversize messages. Transactions are built and signed here exactly as the SDK does.
 */
/** protobufjs takes plain numbers for 64-bit fields at runtime; the generated types want Long. */
const L = (n: number) => Long.fromNumber(n)

describe('local node gRPC, wire level', () => {
  let t: TestNode
  let raw: grpc.Client
  let operatorKey: PrivateKey
  let topicNum: number
  let nanos = 0

  const call = (path: string, request: Uint8Array) =>
    new Promise<Buffer>((resolve, reject) => {
      const identity = (b: Buffer) => b
      raw.makeUnaryRequest(path, identity, identity, Buffer.from(request), (error, value) =>
        error || !value ? reject(error) : resolve(value),
      )
    })
  const submitRaw = async (bytes: Uint8Array) =>
    proto.TransactionResponse.decode(await call('/proto.ConsensusService/submitMessage', bytes))
      .nodeTransactionPrecheckCode
  const receiptStatus = async (transactionID: proto.ITransactionID) => {
    const response = proto.Response.decode(
      await call(
        '/proto.CryptoService/getTransactionReceipts',
        proto.Query.encode({ transactionGetReceipt: { transactionID } }).finish(),
      ),
    )
    const answer = response.transactionGetReceipt
    return { precheck: answer?.header?.nodeTransactionPrecheckCode, status: answer?.receipt?.status }
  }
  /** A fresh transaction id for the operator, unique within this test run. */
  const freshId = (): proto.ITransactionID => ({
    accountID: { accountNum: L(2) },
    transactionValidStart: { seconds: L(Math.floor(Date.now() / 1000) - 5), nanos: ++nanos },
  })
  const signed = (body: proto.ITransactionBody, key = operatorKey) => {
    const bodyBytes = proto.TransactionBody.encode(body).finish()
    const sigMap = { sigPair: [{ pubKeyPrefix: key.publicKey.toBytesRaw(), ed25519: key.sign(bodyBytes) }] }
    return proto.Transaction.encode({
      signedTransactionBytes: proto.SignedTransaction.encode({ bodyBytes, sigMap }).finish(),
    }).finish()
  }
  const submitBody = (
    transactionID: proto.ITransactionID,
    op: proto.IConsensusSubmitMessageTransactionBody,
  ): proto.ITransactionBody => ({
    transactionID,
    nodeAccountID: { accountNum: L(3) },
    transactionFee: L(100_000_000),
    transactionValidDuration: { seconds: L(120) },
    consensusSubmitMessage: { topicID: { topicNum: L(topicNum) }, ...op },
  })

  before(async () => {
    t = await startTestNode()
    raw = new grpc.Client(t.node.grpcEndpoint, grpc.credentials.createInsecure())
    operatorKey = PrivateKey.fromStringDer(t.node.operatorKey)
    const receipt = await (await new TopicCreateTransaction().execute(t.client)).getReceipt(t.client)
    topicNum = Number(receipt.topicId?.num)
  })
  after(async () => {
    raw.close()
    await stopTestNode(t)
  })

  it('accepts a hand-built, hand-signed message (the baseline for the cases below)', async () => {
    const id = freshId()
    assert.equal(
      await submitRaw(signed(submitBody(id, { message: Buffer.from('hi') }))),
      proto.ResponseCodeEnum.OK,
    )
    assert.deepEqual(await receiptStatus(id), {
      precheck: proto.ResponseCodeEnum.OK,
      status: proto.ResponseCodeEnum.SUCCESS,
    })
  })

  it('answers undecodable and deprecated-form transactions with INVALID_TRANSACTION', async () => {
    assert.equal(
      await submitRaw(Uint8Array.from([0xff, 0xff, 0xff])),
      proto.ResponseCodeEnum.INVALID_TRANSACTION,
    )
    const bodyBytes = proto.TransactionBody.encode(
      submitBody(freshId(), { message: Buffer.from('old') }),
    ).finish()
    const deprecated = proto.Transaction.encode({ bodyBytes, sigMap: { sigPair: [] } }).finish()
    assert.equal(await submitRaw(deprecated), proto.ResponseCodeEnum.INVALID_TRANSACTION)
  })

  it('answers TRANSACTION_OVERSIZE above 6,144 bytes', async () => {
    const bytes = signed(submitBody(freshId(), { message: new Uint8Array(7000) }))
    assert.equal(await submitRaw(bytes), proto.ResponseCodeEnum.TRANSACTION_OVERSIZE)
  })

  it('records MESSAGE_SIZE_TOO_LARGE for a single 1,025-byte message', async () => {
    const id = freshId()
    assert.equal(
      await submitRaw(signed(submitBody(id, { message: new Uint8Array(1025) }))),
      proto.ResponseCodeEnum.OK,
    )
    assert.equal((await receiptStatus(id)).status, proto.ResponseCodeEnum.MESSAGE_SIZE_TOO_LARGE)
  })

  it('records INVALID_CHUNK_NUMBER and INVALID_CHUNK_TRANSACTION_ID for bad chunk info', async () => {
    const tooHigh = freshId()
    await submitRaw(
      signed(
        submitBody(tooHigh, {
          message: Buffer.from('c'),
          chunkInfo: { initialTransactionID: tooHigh, number: 3, total: 2 },
        }),
      ),
    )
    assert.equal((await receiptStatus(tooHigh)).status, proto.ResponseCodeEnum.INVALID_CHUNK_NUMBER)

    const firstButNotInitial = freshId()
    await submitRaw(
      signed(
        submitBody(firstButNotInitial, {
          message: Buffer.from('c'),
          chunkInfo: { initialTransactionID: freshId(), number: 1, total: 2 },
        }),
      ),
    )
    assert.equal(
      (await receiptStatus(firstButNotInitial)).status,
      proto.ResponseCodeEnum.INVALID_CHUNK_TRANSACTION_ID,
    )

    const otherPayer = freshId()
    await submitRaw(
      signed(
        submitBody(otherPayer, {
          message: Buffer.from('c'),
          chunkInfo: {
            initialTransactionID: { ...freshId(), accountID: { accountNum: L(50) } },
            number: 2,
            total: 2,
          },
        }),
      ),
    )
    assert.equal(
      (await receiptStatus(otherPayer)).status,
      proto.ResponseCodeEnum.INVALID_CHUNK_TRANSACTION_ID,
    )
  })

  it('answers INVALID_NODE_ACCOUNT and INVALID_TRANSACTION_DURATION at precheck', async () => {
    const wrongNode = {
      ...submitBody(freshId(), { message: Buffer.from('x') }),
      nodeAccountID: { accountNum: L(4) },
    }
    assert.equal(await submitRaw(signed(wrongNode)), proto.ResponseCodeEnum.INVALID_NODE_ACCOUNT)
    const tooLong = {
      ...submitBody(freshId(), { message: Buffer.from('x') }),
      transactionValidDuration: { seconds: L(181) },
    }
    assert.equal(await submitRaw(signed(tooLong)), proto.ResponseCodeEnum.INVALID_TRANSACTION_DURATION)
  })

  it('answers RECEIPT_NOT_FOUND for a transaction it never saw, and gRPC INVALID_ARGUMENT for a garbage query', async () => {
    assert.equal((await receiptStatus(freshId())).precheck, proto.ResponseCodeEnum.RECEIPT_NOT_FOUND)
    await assert.rejects(call('/proto.CryptoService/getTransactionReceipts', Uint8Array.from([0xff, 0xff])), {
      code: grpc.status.INVALID_ARGUMENT,
    })
  })

  it('quotes records at cost 0 and refuses a record query whose payment is missing or forged', async () => {
    const id = freshId()
    await submitRaw(signed(submitBody(id, { message: Buffer.from('paid') })))
    const recordQuery = async (header: proto.IQueryHeader) => {
      const bytes = proto.Query.encode({ transactionGetRecord: { header, transactionID: id } }).finish()
      return proto.Response.decode(await call('/proto.CryptoService/getTxRecordByTxID', bytes))
        .transactionGetRecord
    }
    const payment = (key: PrivateKey) =>
      proto.Transaction.decode(
        signed(
          {
            transactionID: freshId(),
            nodeAccountID: { accountNum: L(3) },
            transactionFee: L(100_000_000),
            transactionValidDuration: { seconds: L(120) },
            cryptoTransfer: { transfers: { accountAmounts: [] } },
          },
          key,
        ),
      )

    const cost = await recordQuery({ responseType: proto.ResponseType.COST_ANSWER })
    assert.equal(cost?.header?.nodeTransactionPrecheckCode, proto.ResponseCodeEnum.OK)
    assert.equal(Number(cost?.header?.cost), 0)
    const unpaid = await recordQuery({ responseType: proto.ResponseType.ANSWER_ONLY })
    assert.equal(unpaid?.header?.nodeTransactionPrecheckCode, proto.ResponseCodeEnum.INSUFFICIENT_TX_FEE)
    const forged = await recordQuery({
      responseType: proto.ResponseType.ANSWER_ONLY,
      payment: payment(PrivateKey.generateED25519()),
    })
    assert.equal(forged?.header?.nodeTransactionPrecheckCode, proto.ResponseCodeEnum.INVALID_SIGNATURE)
    assert.equal(forged?.transactionRecord, null)
    const paid = await recordQuery({
      responseType: proto.ResponseType.ANSWER_ONLY,
      payment: payment(operatorKey),
    })
    assert.equal(paid?.header?.nodeTransactionPrecheckCode, proto.ResponseCodeEnum.OK)
    assert.equal(paid?.transactionRecord?.receipt?.status, proto.ResponseCodeEnum.SUCCESS)
    assert.equal(Number(paid?.transactionRecord?.receipt?.topicRunningHashVersion), 3)
  })

  it('answers NOT_SUPPORTED for consensus transactions it does not execute (SDK TopicUpdateTransaction)', async () => {
    await assert.rejects(
      new TopicUpdateTransaction().setTopicId(`0.0.${topicNum}`).setTopicMemo('renamed').execute(t.client),
      (error: unknown) => error instanceof PrecheckStatusError && error.status === Status.NotSupported,
    )
  })

  it('answers gRPC UNIMPLEMENTED for services it does not serve (SDK TransferTransaction)', async () => {
    await assert.rejects(
      new TransferTransaction()
        .addHbarTransfer('0.0.2', new Hbar(-1))
        .addHbarTransfer('0.0.3', new Hbar(1))
        .execute(t.client),
      /UNIMPLEMENTED: The server does not implement the method \/proto.CryptoService\/cryptoTransfer/,
    )
  })

  it('answers INVALID_TRANSACTION_START for a valid start in the future (SDK)', async () => {
    const future = Timestamp.fromDate(new Date(Date.now() + 60_000))
    await assert.rejects(
      new TopicCreateTransaction()
        .setTransactionId(TransactionId.withValidStart(AccountId.fromString(t.node.operatorId), future))
        .execute(t.client),
      (error: unknown) =>
        error instanceof PrecheckStatusError && error.status === Status.InvalidTransactionStart,
    )
  })
})
