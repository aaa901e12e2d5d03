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
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
            },
          },
        },
        Dataset: {
          type: 'object',
          properties: {
            id: { type: 'integer' },
            name: { type: 'string' },
            description: { type: 'string' },
            vendor: { type: 'string' },
            rows: { type: 'integer' },
            features: { type: 'integer' },
            classes: { type: 'integer' },
            schema: {
              type: 'object',
              properties: {
                features: { type: 'array', items: { type: 'string' } },
                classes: { type: 'array', items: { type: 'string' } },
                labelColumn: { type: 'string' },
              },
            },
            commitment: { type: 'string', description: 'sha256 of the canonical dataset bytes' },
            market: { type: ['string', 'null'] },
            chainDatasetId: { type: ['string', 'null'] },
            price: { type: ['string', 'null'] },
            sales: { type: ['integer', 'null'] },
            curve: {
              type: ['object', 'null'],
              properties: {
                kind: { type: 'string' },
                basePrice: { type: 'string' },
                step: { type: 'string' },
              },
            },
            acceptingJobs: { type: ['boolean', 'null'] },
            createdAt: { type: 'string', format: 'date-time' },
          },
        },
        Job: {
          type: 'object',
          properties: {
            jobId: { type: 'string' },
            state: {
              enum: ['opened', 'training', 'proving', 'verifying', 'settling', 'attesting', 'done', 'failed'],
            },
            progress: { type: ['object', 'null'] },
            error: { type: ['string', 'null'] },
            datasetId: { type: 'integer' },
            customer: { type: 'string' },
            createdAt: { type: 'string' },
            updatedAt: { type: 'string' },
            result: {
              type: 'object',
              description: 'present once training scored the test set',
              properties: {
                correct: { type: 'integer' },
                total: { type: 'integer' },
                met: { type: 'boolean' },
                modelHash: { type: 'string' },
                journal: { type: ['string', 'null'] },
                settleTx: { type: ['string', 'null'] },
              },
            },
          },
        },
        Preview: {
          type: 'object',
          properties: {
            quoteId: { type: 'string' },
            accuracy: { type: 'number' },
            correct: { type: 'integer' },
            total: { type: 'integer' },
            met: { type: 'boolean' },
            thresholdBps: { type: 'integer' },
            price: { type: ['string', 'null'] },
            testSetHash: { type: 'string' },
            modelHash: { type: 'string' },
            expiresAt: { type: 'string' },
            market: { type: ['string', 'null'] },
          },
        },
      },
    },
    paths: {
      '/health': {
        get: {
          summary: 'Liveness and wiring',
          responses: {
            200: json({
              type: 'object',
              properties: {
                ok: { type: 'boolean' },
                chainId: { type: 'integer' },
                factory: { type: ['string', 'null'] },
                prover: { type: 'object' },
                zkVerify: { type: 'string' },
                hcs: { type: 'string' },
                rpcUrl: {
                  type: 'string',
                  description: 'public JSON-RPC for certificate checks, when configured',
                },
              },
            }),
          },
        },
      },
      '/openapi.json': { get: { summary: 'This document', responses: { 200: json({ type: 'object' }) } } },
      '/auth/nonce': {
        get: {
          summary: 'A single-use SIWE nonce',
          responses: { 200: json({ type: 'object', properties: { nonce: { type: 'string' } } }) },
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
            200: json({ type: 'object', properties: { address: { type: 'string' } } }),
            ...errors(400, 401),
          },
        },
      },
      '/auth/me': {
        get: {
          summary: 'The signed-in address',
          security: session,
          responses: {
            200: json({ type: 'object', properties: { address: { type: 'string' } } }),
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
            200: json({
              type: 'object',
              properties: { datasets: { type: 'array', items: { $ref: '#/components/schemas/Dataset' } } },
            }),
          },
        },
        post: {
          summary:
            'Upload a dataset (vendor). The label column holds classes, every other column is numeric.',
          security: session,
          parameters: queryParams(UploadQuerySchema),
          requestBody: csvBody('the dataset, streamed; header row first'),
          responses: {
            201: json(
              { type: 'object', properties: { dataset: { $ref: '#/components/schemas/Dataset' } } },
              'stored, encrypted at rest',
            ),
            ...errors(400, 401, 409, 413, 415, 422, 429),
          },
        },
      },
      '/datasets/{id}': {
        get: {
          summary: 'One dataset and its recent verified sales',
          parameters: [datasetIdParam],
          responses: {
            200: json({
              type: 'object',
              properties: {
                dataset: { $ref: '#/components/schemas/Dataset' },
                recentSales: { type: 'array' },
              },
            }),
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
            200: json({
              type: 'object',
              properties: {
                market: { type: 'string' },
                points: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: { sales: { type: 'integer' }, price: { type: ['string', 'null'] } },
                  },
                },
              },
            }),
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
            200: json({ $ref: '#/components/schemas/Preview' }),
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
            200: json({
              type: 'object',
              properties: { jobs: { type: 'array', items: { $ref: '#/components/schemas/Job' } } },
            }),
            ...errors(400, 401),
          },
        },
      },
      '/jobs/{jobId}': {
        get: {
          summary: 'Job state, progress and result',
          parameters: [jobIdParam],
          responses: { 200: json({ $ref: '#/components/schemas/Job' }), ...errors(400, 404) },
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
                'application/json': { schema: { type: 'object' } },
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
          responses: { 200: json({ type: 'object' }), ...errors(400, 404) },
        },
      },
      '/vendor/datasets': {
        get: {
          summary: "The signed-in vendor's datasets (linked or not) with withdrawable earnings",
          security: session,
          responses: {
            200: json({
              type: 'object',
              properties: { datasets: { type: 'array', items: { $ref: '#/components/schemas/Dataset' } } },
            }),
            ...errors(401),
          },
        },
      },
    },
  }
}
