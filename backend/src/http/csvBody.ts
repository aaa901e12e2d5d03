import type { Table } from '@veritree/core/canonical'
import {
  CsvError,
  createCsvReader,
  createTableBuilder,
  type TableBuilder,
  type TableOptions,
  type TableSchema,
} from '@veritree/core/csv'
import type { Request } from 'express'
import { ApiError } from './errors.ts'

/**
 * Streams a `text/csv` request body through the CSV reader into a table, chunk by chunk, stopping
 * with 413 as soon as `maxBytes` is passed. Nothing is stored here; callers persist only on success.
 */
export async function readCsvBody(
  req: Request,
  options: { maxBytes: number } & TableOptions,
): Promise<{ table: Table; schema: TableSchema; bytes: number }> {
  const type = req.headers['content-type'] ?? ''
  if (!/^text\/csv\b/i.test(type)) {
    drain(req)
    throw new ApiError(
      415,
      'unsupported_media_type',
      `send the CSV as the request body with Content-Type: text/csv (got ${type || 'none'})`,
    )
  }
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    drain(req)
    throw tooLarge(options.maxBytes)
  }
  const decoder = new TextDecoder('utf-8', { fatal: true })
  const reader = createCsvReader()
  const { maxBytes: _, ...tableOptions } = options
  const builder: TableBuilder = createTableBuilder(tableOptions)
  let bytes = 0
  try {
    // destroyOnReturn: false, so stopping early (a bad row) leaves the socket alive: the rest of the
    // body is drained below and the keep-alive connection serves the client's next request.
    for await (const chunk of req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      bytes += chunk.length
      if (bytes > options.maxBytes) throw tooLarge(options.maxBytes)
      let text: string
      try {
        text = decoder.decode(chunk, { stream: true })
      } catch {
        throw new CsvError(
          'invalid_encoding',
          `the file is not valid UTF-8 (near byte ${bytes - chunk.length})`,
        )
      }
      for (const record of reader.push(text)) builder.add(record)
    }
    let rest: string
    try {
      rest = decoder.decode()
    } catch {
      throw new CsvError('invalid_encoding', 'the file ends in the middle of a UTF-8 character')
    }
    for (const record of [...reader.push(rest), ...reader.end()]) builder.add(record)
  } catch (error) {
    // Stop reading: the client learns the error now instead of after uploading the rest.
    drain(req)
    throw error
  }
  if (bytes === 0)
    throw new CsvError('empty_file', 'the request body is empty; send the CSV file as the body')
  return { ...builder.finish(), bytes }
}

function tooLarge(maxBytes: number): ApiError {
  return new ApiError(413, 'payload_too_large', `the CSV is larger than the ${maxBytes}-byte limit`, {
    maxBytes,
  })
}

/**
 * Discards the rest of a body we will not read, so the connection can answer and be reused. Bodies
 * past the size limit are not drained: the error handler closes that connection instead.
 */
function drain(req: Request): void {
  if (!req.readableEnded) req.resume()
}
