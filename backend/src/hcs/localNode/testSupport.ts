/** Shared setup for tests that run the real SDK against a local node (not a test file itself). */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Client, PrivateKey } from '@hashgraph/sdk'
import { type LocalHcsNode, startLocalHcsNode } from './startLocalHcsNode.ts'

export type TestNode = { node: LocalHcsNode; client: Client; dbPath: string; dir: string }

/** A fresh node in a temporary directory, with an SDK client paying as its genesis operator. */
export async function startTestNode(dir = mkdtempSync(join(tmpdir(), 'veritree-hcs-'))): Promise<TestNode> {
  const dbPath = join(dir, 'hcs.sqlite')
  const node = await startLocalHcsNode({ dbPath })
  return { node, client: clientFor(node), dbPath, dir }
}

/** An SDK client for `node`, paying as `operatorId` with `operatorKey` (the genesis operator by default). */
export function clientFor(
  node: LocalHcsNode,
  operatorId = node.operatorId,
  operatorKey = node.operatorKey,
): Client {
  return (
    Client.forNetwork({ [node.grpcEndpoint]: node.nodeAccountId }, { scheduleNetworkUpdate: false })
      .setOperator(operatorId, PrivateKey.fromStringDer(operatorKey))
      .setRequestTimeout(20_000)
      // The SDK never clears its per-request deadline timer; a short one lets the test process exit.
      .setGrpcDeadline(2_000)
  )
}

export async function stopTestNode(test: TestNode, { keepFiles = false } = {}): Promise<void> {
  test.client.close()
  await test.node.close()
  if (!keepFiles) rmSync(test.dir, { recursive: true, force: true })
}
