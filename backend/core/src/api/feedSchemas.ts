/** The inference-feed routes' answers (issue 12), shared by backend and frontend. */
import { z } from 'zod'
import { FEED_REQUEST_STATES } from './feedStates.ts'
import { address, bytes32, count, decimalString, hexData, int, isoDate } from './primitives.ts'
import { JobAggregationSchema, JobErrorSchema, JobTimestampSchema } from './schemas.ts'

/** A bought model listed for sale per prediction. */
export const FeedViewSchema = z.object({
  address,
  chainId: int,
  market: address,
  /** The sale (a job settled with met = true) whose model the feed sells. */
  saleJobId: bytes32,
  /** The sale's public certificate: it proves the model's accuracy (API path). */
  saleCertificate: z.string(),
  owner: address,
  modelHash: bytes32,
  /**
   * Wei per prediction: the listing price, then the owner's latest `setPrice` as the backend indexed it
   * (its PriceUpdated event, read VERITREE_CONFIRMATIONS blocks behind the head).
   */
  pricePerPrediction: decimalString,
  /** Whether the feed takes new requests: the owner's latest `setAcceptingRequests`, indexed likewise. */
  acceptingRequests: z.boolean(),
  royaltyBps: count,
  datasetId: int,
  /** The CSV header an inputs upload must have: the dataset's feature columns, in order, no label. */
  features: z.array(z.string()),
  /** What a prediction's class index means. */
  classes: z.array(z.string()),
  /** Most rows (predictions) per request: InferenceFeed.MAX_COUNT. */
  maxCount: count,
  createdTx: bytes32,
  createdAt: isoDate,
})

export const FeedRequestStateSchema = z.enum(FEED_REQUEST_STATES)

/** A paid request for predictions. Predictions appear once settled (they are public on-chain then). */
export const FeedRequestViewSchema = z.object({
  requestId: bytes32,
  feed: address,
  customer: address,
  inputsHash: bytes32,
  count: count,
  priceWei: decimalString,
  /** Unix seconds from which the consumer may reclaim an unsettled escrow. */
  deadline: int,
  state: FeedRequestStateSchema,
  error: JobErrorSchema.nullable(),
  openedTx: bytes32,
  createdAt: isoDate,
  updatedAt: isoDate,
  /** Present once proven: the format-3 journal and the canonical predictions it commits to. */
  proof: z.object({ imageId: bytes32, journal: hexData }).nullable(),
  /** Present once settled on-chain: class indices and their labels, in input-row order. */
  predictions: z.object({ bytes: hexData, classes: z.array(count), labels: z.array(z.string()) }).nullable(),
  aggregation: JobAggregationSchema.nullable(),
  settleTx: bytes32.nullable(),
  timestamp: JobTimestampSchema.nullable(),
  /** The per-request certificate's API path once the request is done, else null. */
  certificate: z.string().nullable(),
  refund: z.object({ reason: int, tx: bytes32.nullable(), status: z.string().nullable() }).nullable(),
})

/** `GET /feeds`. */
export const FeedListSchema = z.object({ feeds: z.array(FeedViewSchema) })
/** `GET /feeds/:address`: the feed and its most recent requests. */
export const FeedDetailSchema = z.object({ feed: FeedViewSchema, requests: z.array(FeedRequestViewSchema) })

/** `POST /feeds/:address/inputs`: what to pass to InferenceFeed.requestPredictions. */
export const FeedInputsSchema = z.object({
  feed: address,
  inputsHash: bytes32,
  count: count,
  pricePerPrediction: decimalString,
  /** count × pricePerPrediction: the value to send (and a fair maxPrice). */
  price: decimalString,
})

export type FeedView = z.output<typeof FeedViewSchema>
export type FeedRequestView = z.output<typeof FeedRequestViewSchema>
export type FeedDetail = z.output<typeof FeedDetailSchema>
export type FeedInputs = z.output<typeof FeedInputsSchema>

/** The per-request certificate's format (issue 12). */
export const FEED_CERTIFICATE_VERSION = 'veritree.inference-certificate/1'

/**
 * `GET /feed-certificates/:requestId`: everything needed to re-check one settled request without the
 * platform: the model (its hash, and the sale certificate that proves its accuracy), the inputs' hash,
 * the predictions, the receipt and its format-3 journal, the zkVerify aggregation, the settle
 * transaction and the HCS timestamp with the exact message timestamped.
 */
export const FeedCertificateSchema = z.object({
  version: z.literal(FEED_CERTIFICATE_VERSION),
  issuedAt: isoDate,
  chainId: int,
  feed: address,
  requestId: bytes32,
  customer: address,
  model: z.object({
    modelHash: bytes32,
    market: address,
    saleJobId: bytes32,
    /** API path of the sale's certificate (its proven accuracy). */
    saleCertificate: z.string(),
  }),
  inputsHash: bytes32,
  count: count,
  predictions: z.object({ bytes: hexData, classes: z.array(count), labels: z.array(z.string()) }),
  proof: z.object({
    imageId: bytes32,
    /** The 192-byte format-3 journal. */
    journal: hexData,
    /** keccak256 statement zkVerify aggregated for (imageId, journal). */
    statement: bytes32,
    receipt: z.object({ sha256: bytes32, base64: z.string() }),
  }),
  aggregation: JobAggregationSchema,
  settleTx: bytes32,
  timestamp: JobTimestampSchema,
  /** The exact HCS message (UTF-8 JSON) whose consensus timestamp is `timestamp`. */
  hcsMessage: z.string(),
})
export type FeedCertificate = z.output<typeof FeedCertificateSchema>
