import { API_COMPONENTS, API_RESPONSES, type ApiRoute } from '@veritree/core/api'
import { z } from 'zod'
import { UploadQuerySchema } from '../datasets/upload.ts'
import { PreviewQuerySchema } from '../quotes/preview.ts'

type JsonSchema = Record<string, unknown>

/** Query parameters of an OpenAPI operation, from a zod object schema (so docs and validation agree). */
function queryParams(schema: z.ZodObject): JsonSchema[] {
  const json = z.toJSONSchema(schema, { io: 'input' }) as {
    properties?: Record<string, JsonSchema>
    required?: string[]
  }
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: s,
  }))
}

/**
 * The response schemas, generated from the zod schemas in `@veritree/core/api` (the same ones the
 * tests validate every answer against). Named components are referenced wherever they appear.
 */
const registry = z.registry<{ id: string }>()
for (const [id, schema] of Object.entries(API_COMPONENTS)) registry.add(schema, { id })
function generated(schema: z.ZodType): JsonSchema {
  const id = registry.get(schema)?.id
  if (id) return { $ref: `#/components/schemas/${id}` }
  // The certificate normalises its input (checksummed addresses); document what the route writes.
  const json = z.toJSONSchema(schema, { metadata: registry, io: 'input', unrepresentable: 'any' })
  const { $schema: _, $defs: __, ...rest } = json as JsonSchema
  // Named parts come out as `#/$defs/<id>`; they live under components.schemas in the document.
  return JSON.parse(JSON.stringify(rest).replaceAll('"#/$defs/', '"#/components/schemas/'))
}
function componentSchemas(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(registry, {
    uri: (id) => `#/components/schemas/${id}`,
    io: 'input',
    unrepresentable: 'any',
  }) as { schemas: Record<string, JsonSchema> }
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $schema: _, $id: __, ...rest }]) => [id, rest]),
  )
}
const responseSchema = (route: ApiRoute): JsonSchema => generated(API_RESPONSES[route])

const error = { $ref: '#/components/schemas/Error' }
const errors = (...codes: number[]): Record<string, unknown> =>
  Object.fromEntries(
    codes.map((c) => [
      String(c),
      { description: ERROR_TEXT[c] ?? 'error', content: { 'application/json': { schema: error } } },
    ]),
  )
const ERROR_TEXT: Record<number, string> = {
  400: 'invalid input (names the field)',
  401: 'not signed in',
  403: 'signed in as someone else',
  404: 'unknown id',
  409: 'conflict with the current state',
  413: 'body larger than the upload limit',
  415: 'body is not text/csv',
  422: 'CSV content rejected (details: code, row, column)',
  429: 'rate limited',
  503: 'busy; try again after Retry-After',
}
const json = (schema: JsonSchema, description = 'OK') => ({
  description,
  content: { 'application/json': { schema } },
})
const csvBody = (description: string) => ({
  required: true,
  description,
  content: { 'text/csv': { schema: { type: 'string' } } },
})
const requestIdParam = {
  name: 'requestId',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^0x[0-9a-fA-F]{64}$' },
}
const feedAddressParam = {
  name: 'address',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^0x[0-9a-fA-F]{40}$' },
}
const datasetIdParam = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }
const jobIdParam = {
  name: 'jobId',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^0x[0-9a-fA-F]{64}$' },
}
const session = [{ session: [] }]

/** The OpenAPI 3.1 description of the HTTP API, served at `/openapi.json`. */
export function openApiDocument(): JsonSchema {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Veritree backend',
      version: '1.0.0',
      description:
        'Data marketplace where every decision-tree model comes with a RISC Zero proof of its accuracy. Errors are always `{ error: { code, message, details? } }`. Amounts are wei as decimal strings.',
    },
    components: {
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'veritree_session',
          description: 'set by POST /auth/verify (SIWE)',
        },
      },
      schemas: componentSchemas(),
    },
    paths: {
      '/health': {
        get: {
          summary: 'Liveness and wiring',
          responses: {
            200: json(responseSchema('GET /health')),
          },
        },
      },
      '/openapi.json': {
        get: { summary: 'This document', responses: { 200: json(responseSchema('GET /openapi.json')) } },
      },
      '/auth/nonce': {
        get: {
          summary: 'A single-use SIWE nonce',
          responses: { 200: json(responseSchema('GET /auth/nonce')) },
        },
      },
      '/auth/verify': {
        post: {
          summary: 'Sign in with Ethereum (EIP-4361); sets an httpOnly SameSite=Lax session cookie',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['message', 'signature'],
                  properties: { message: { type: 'string' }, signature: { type: 'string' } },
                },
              },
            },
          },
          responses: {
            200: json(responseSchema('POST /auth/verify')),
            ...errors(400, 401),
          },
        },
      },
      '/auth/me': {
        get: {
          summary: 'The signed-in address',
          security: session,
          responses: {
            200: json(responseSchema('GET /auth/me')),
            ...errors(401),
          },
        },
      },
      '/auth/logout': {
        post: { summary: 'End the session', responses: { 204: { description: 'signed out' } } },
      },
      '/datasets': {
        get: {
          summary: 'Public catalogue (schema and market state; never rows)',
          responses: {
            200: json(responseSchema('GET /datasets')),
          },
        },
        post: {
          summary:
            'Upload a dataset (vendor). The label column holds classes, every other column is numeric.',
          security: session,
          parameters: queryParams(UploadQuerySchema),
          requestBody: csvBody('the dataset, streamed; header row first'),
          responses: {
            201: json(responseSchema('POST /datasets'), 'stored, encrypted at rest'),
            ...errors(400, 401, 409, 413, 415, 422, 429, 503),
          },
        },
      },
      '/datasets/{id}': {
        get: {
          summary: 'One dataset and its recent verified sales',
          parameters: [datasetIdParam],
          responses: {
            200: json(responseSchema('GET /datasets/{id}')),
            ...errors(400, 404),
          },
        },
      },
      '/datasets/{id}/curve': {
        get: {
          summary: 'Price by sale number, read from the market contract',
          parameters: [
            datasetIdParam,
            {
              name: 'points',
              in: 'query',
              schema: { type: 'integer', minimum: 1, maximum: 200, default: 20 },
            },
          ],
          responses: {
            200: json(responseSchema('GET /datasets/{id}/curve')),
            ...errors(400, 404, 409),
          },
        },
      },
      '/datasets/{id}/preview': {
        post: {
          summary:
            "Train on the private data, score the customer's test set; returns accuracy, price and the quote to pay against (never the model)",
          security: session,
          parameters: [datasetIdParam, ...queryParams(PreviewQuerySchema)],
          requestBody: csvBody("the customer's test set with the dataset's header"),
          responses: {
            200: json(responseSchema('POST /datasets/{id}/preview')),
            ...errors(400, 401, 404, 413, 415, 422, 429),
          },
        },
      },
      '/jobs': {
        get: {
          summary: "The signed-in customer's jobs",
          security: session,
          parameters: [{ name: 'mine', in: 'query', required: true, schema: { const: '1' } }],
          responses: {
            200: json(responseSchema('GET /jobs')),
            ...errors(400, 401),
          },
        },
      },
      '/jobs/{jobId}': {
        get: {
          summary: 'Job state, progress and result',
          parameters: [jobIdParam],
          responses: { 200: json(responseSchema('GET /jobs/{jobId}')), ...errors(400, 404) },
        },
      },
      '/jobs/{jobId}/events': {
        get: {
          summary: 'Server-Sent Events: `state` and `progress`; ends after done or failed',
          parameters: [jobIdParam],
          responses: {
            200: {
              description: 'event stream',
              content: { 'text/event-stream': { schema: { type: 'string' } } },
            },
            ...errors(400, 404),
          },
        },
      },
      '/jobs/{jobId}/model': {
        get: {
          summary:
            'The trained model (customer only, when done): JSON with canonical bytes, or the bytes with ?format=bin',
          security: session,
          parameters: [jobIdParam, { name: 'format', in: 'query', schema: { enum: ['json', 'bin'] } }],
          responses: {
            200: {
              description: 'model',
              content: {
                'application/json': { schema: responseSchema('GET /jobs/{jobId}/model') },
                'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
              },
            },
            ...errors(400, 401, 403, 404, 409),
          },
        },
      },
      '/jobs/{jobId}/receipt': {
        get: {
          summary: 'The RISC Zero receipt, CBOR (customer only, when done)',
          security: session,
          parameters: [jobIdParam],
          responses: {
            200: {
              description: 'receipt',
              content: { 'application/cbor': { schema: { type: 'string', format: 'binary' } } },
            },
            ...errors(400, 401, 403, 404, 409),
          },
        },
      },
      '/certificates/{jobId}': {
        get: {
          summary: 'Public receipt certificate: proof, zkVerify attestation, settlement and HCS timestamp',
          parameters: [jobIdParam],
          responses: { 200: json(responseSchema('GET /certificates/{jobId}')), ...errors(400, 404, 409) },
        },
      },
      '/vendor/datasets': {
        get: {
          summary: "The signed-in vendor's datasets (linked or not) with withdrawable earnings",
          security: session,
          responses: {
            200: json(responseSchema('GET /vendor/datasets')),
            ...errors(401),
          },
        },
      },
      '/feeds': {
        get: {
          summary: 'Inference feeds: bought models sold per prediction (model hash, price, sale certificate)',
          parameters: [
            { name: 'owner', in: 'query', schema: { type: 'string', pattern: '^0x[0-9a-fA-F]{40}$' } },
          ],
          responses: { 200: json(responseSchema('GET /feeds')), ...errors(400) },
        },
      },
      '/feeds/{address}': {
        get: {
          summary: 'One feed and its recent requests',
          parameters: [feedAddressParam],
          responses: { 200: json(responseSchema('GET /feeds/{address}')), ...errors(400, 404) },
        },
      },
      '/feeds/{address}/inputs': {
        post: {
          summary:
            "Upload input rows for predictions: the dataset's feature columns (no label), at most 512 rows. Returns the inputsHash, count and price to pass to requestPredictions. 429 feed_inputs_quota when the wallet holds its quota of uploads no request names; 409 feed_closed when the owner paused the feed",
          security: session,
          parameters: [feedAddressParam],
          requestBody: csvBody("the rows to predict, with exactly the dataset's feature columns as header"),
          responses: {
            201: json(
              responseSchema('POST /feeds/{address}/inputs'),
              'stored; a request naming this hash can be proven',
            ),
            ...errors(400, 401, 404, 409, 413, 415, 422, 429),
          },
        },
      },
      '/feed-requests/{requestId}': {
        get: {
          summary:
            'A prediction request: state, and once settled its predictions, proof and certificate link',
          parameters: [requestIdParam],
          responses: { 200: json(responseSchema('GET /feed-requests/{requestId}')), ...errors(400, 404) },
        },
      },
      '/feed-certificates/{requestId}': {
        get: {
          summary:
            'Public certificate of a settled request: model hash and its sale certificate, inputs hash, predictions, receipt, journal, zkVerify aggregation, settle transaction, HCS timestamp',
          parameters: [requestIdParam],
          responses: {
            200: json(responseSchema('GET /feed-certificates/{requestId}')),
            ...errors(400, 404, 409),
          },
        },
      },
    },
  }
}
