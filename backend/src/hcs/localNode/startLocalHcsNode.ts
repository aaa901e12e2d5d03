/**
 * Starts the embedded HCS-compatible node: a gRPC server the real `@hashgraph/sdk` talks to
 * (topic creation, message submission, receipts, records) and the mirror REST routes for
 * topic messages, both over one SQLite file.
 */
import type { Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import * as grpc from '@grpc/grpc-js'
import express from 'express'
import { type Logger, pino } from 'pino'
import { type Clock, wallClock } from './consensus.ts'
import { ensureGenesis, NODE_ACCOUNT_NUM } from './genesis.ts'
import { createGrpcServer } from './grpcServer.ts'
import { createMirrorRouter } from './mirrorRoutes.ts'
import { HcsStore } from './store.ts'

export type StartLocalHcsNodeOptions = {
  /** SQLite file holding the node's whole state; reuse it to keep topics across restarts. */
  dbPath: string
  /** gRPC port; 0 (default) picks a free one. Port 50212 is avoided: the SDK assumes TLS there. */
  grpcPort?: number
  /** Mirror REST port; 0 (default) picks a free one. */
  mirrorPort?: number
  /** Interface for both servers. Default 127.0.0.1; this node has no authentication of its own. */
  host?: string
  logger?: Logger
  /** Wall clock in nanoseconds; tests may pin it. */
  clock?: Clock
}

export type LocalHcsNode = {
  /** `host:port` for `Client.forNetwork({ [grpcEndpoint]: nodeAccountId })`. */
  grpcEndpoint: string
  nodeAccountId: string
  /** Mirror REST base URL (routes live under `/api/v1`). */
  mirrorUrl: string
  /** Genesis operator account, the only account that can pay for transactions. */
  operatorId: string
  /** Its ED25519 private key, DER hex (what `PrivateKey.fromStringDer` reads). */
  operatorKey: string
  /** Stops both servers and closes the database. */
  close(): Promise<void>
}

/**
 * @example
 * const node = await startLocalHcsNode({ dbPath: 'data/hcs.sqlite' })
 * const client = Client.forNetwork({ [node.grpcEndpoint]: node.nodeAccountId })
 *   .setOperator(node.operatorId, PrivateKey.fromStringDer(node.operatorKey))
 */
export async function startLocalHcsNode(options: StartLocalHcsNodeOptions): Promise<LocalHcsNode> {
  const host = options.host ?? '127.0.0.1'
  const logger = options.logger ?? pino({ level: 'silent' })
  const clock = options.clock ?? wallClock
  if (options.grpcPort === 50212) {
    throw new Error(
      'grpcPort 50212 is reserved: @hashgraph/sdk always uses TLS on it, and this node speaks plaintext',
    )
  }

  const store = HcsStore.open(options.dbPath)
  let grpcServer: grpc.Server | undefined
  let httpServer: HttpServer | undefined
  try {
    const genesis = ensureGenesis(store)
    grpcServer = createGrpcServer({ store, clock, logger })
    const server = grpcServer
    const grpcPort = await new Promise<number>((resolve, reject) => {
      server.bindAsync(
        `${host}:${options.grpcPort ?? 0}`,
        grpc.ServerCredentials.createInsecure(),
        (error, port) =>
          error
            ? reject(
                new Error(
                  `local HCS node: cannot bind gRPC on ${host}:${options.grpcPort ?? 0}: ${error.message}`,
                ),
              )
            : resolve(port),
      )
    })

    const app = express()
    app.disable('x-powered-by')
    app.use(createMirrorRouter(store))
    const mirror = await new Promise<HttpServer>((resolve, reject) => {
      const listening = app.listen(options.mirrorPort ?? 0, host, (error?: Error) =>
        error
          ? reject(new Error(`local HCS node: cannot listen for mirror REST on ${host}: ${error.message}`))
          : resolve(listening),
      )
    })
    httpServer = mirror
    const mirrorPort = (mirror.address() as AddressInfo).port

    const node: LocalHcsNode = {
      grpcEndpoint: `${host}:${grpcPort}`,
      nodeAccountId: `0.0.${NODE_ACCOUNT_NUM}`,
      mirrorUrl: `http://${host}:${mirrorPort}`,
      operatorId: `0.0.${genesis.accountNum}`,
      operatorKey: genesis.privateKey.toStringDer(),
      close: () => closeAll(server, mirror, store),
    }
    logger.info(
      { grpcEndpoint: node.grpcEndpoint, mirrorUrl: node.mirrorUrl, dbPath: options.dbPath },
      'local HCS node started',
    )
    return node
  } catch (error) {
    await closeAll(grpcServer, httpServer, store)
    throw error
  }
}

async function closeAll(
  grpcServer: grpc.Server | undefined,
  httpServer: HttpServer | undefined,
  store: HcsStore,
): Promise<void> {
  // Drop open connections: the SDK keeps its channels alive, and close() must not hang on them.
  grpcServer?.forceShutdown()
  if (httpServer) {
    const server = httpServer
    await new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
  }
  try {
    store.close()
  } catch {
    // already closed: close() may be called twice
  }
}
