import type { DatabaseSync } from 'node:sqlite'
import type { Address, Hex } from 'viem'
import { type DatasetRecord, DuplicateDatasetError, type Store } from '../types.ts'
import { bytes, num, numOrNull, type Row, str, strOrNull } from './rows.ts'

type DatasetStore = Pick<
  Store,
  | 'createDataset'
  | 'getDataset'
  | 'listDatasets'
  | 'findDatasetByMarket'
  | 'findUnlinkedDataset'
  | 'linkDataset'
  | 'getSealedBlob'
>

function toDataset(row: Row): DatasetRecord {
  const market = strOrNull(row, 'market')
  return {
    id: num(row, 'id'),
    vendor: str(row, 'vendor') as Address,
    name: str(row, 'name'),
    description: str(row, 'description'),
    labelColumn: str(row, 'label_column'),
    features: JSON.parse(str(row, 'features_json')) as string[],
    classes: JSON.parse(str(row, 'classes_json')) as string[],
    rows: num(row, 'rows'),
    commitment: str(row, 'commitment') as Hex,
    byteLength: num(row, 'byte_length'),
    createdAt: num(row, 'created_at'),
    link:
      market === null
        ? null
        : {
            chainId: numOrNull(row, 'chain_id') ?? 0,
            market: market as Address,
            chainDatasetId: str(row, 'chain_dataset_id'),
            block: BigInt(str(row, 'linked_block')),
            txHash: str(row, 'linked_tx') as Hex,
          },
  }
}

export function datasetStore(db: DatabaseSync): DatasetStore {
  return {
    async createDataset(dataset, seal) {
      const vendor = dataset.vendor.toLowerCase()
      const existing = db
        .prepare('SELECT id FROM datasets WHERE vendor = ? AND commitment = ?')
        .get(vendor, dataset.commitment) as Row | undefined
      if (existing) throw new DuplicateDatasetError(num(existing, 'id'))
      db.exec('BEGIN IMMEDIATE')
      try {
        const row = db
          .prepare(
            `INSERT INTO datasets (vendor, name, description, label_column, features_json, classes_json, rows, commitment, byte_length, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
          )
          .get(
            vendor,
            dataset.name,
            dataset.description,
            dataset.labelColumn,
            JSON.stringify(dataset.features),
            JSON.stringify(dataset.classes),
            dataset.rows,
            dataset.commitment,
            dataset.byteLength,
            dataset.createdAt,
          ) as Row
        const record = toDataset(row)
        const blob = seal(record.id)
        db.prepare(
          'INSERT INTO dataset_blobs (dataset_id, key_id, iv, ciphertext, tag) VALUES (?, ?, ?, ?, ?)',
        ).run(record.id, blob.keyId, blob.iv, blob.ciphertext, blob.tag)
        db.exec('COMMIT')
        return record
      } catch (error) {
        db.exec('ROLLBACK')
        throw error
      }
    },
    async getDataset(id) {
      const row = db.prepare('SELECT * FROM datasets WHERE id = ?').get(id) as Row | undefined
      return row ? toDataset(row) : null
    },
    async listDatasets(filter = {}) {
      const rows = filter.vendor
        ? db.prepare('SELECT * FROM datasets WHERE vendor = ? ORDER BY id').all(filter.vendor.toLowerCase())
        : db.prepare('SELECT * FROM datasets ORDER BY id').all()
      return (rows as Row[]).map(toDataset)
    },
    async findDatasetByMarket(chainId, market) {
      const row = db
        .prepare('SELECT * FROM datasets WHERE chain_id = ? AND market = ?')
        .get(chainId, market.toLowerCase()) as Row | undefined
      return row ? toDataset(row) : null
    },
    async findUnlinkedDataset(vendor, commitment) {
      const row = db
        .prepare('SELECT * FROM datasets WHERE vendor = ? AND commitment = ? AND market IS NULL')
        .get(vendor.toLowerCase(), commitment.toLowerCase()) as Row | undefined
      return row ? toDataset(row) : null
    },
    async linkDataset(id, link) {
      const result = db
        .prepare(
          'UPDATE datasets SET chain_id = ?, market = ?, chain_dataset_id = ?, linked_block = ?, linked_tx = ? WHERE id = ? AND market IS NULL',
        )
        .run(
          link.chainId,
          link.market.toLowerCase(),
          link.chainDatasetId,
          link.block.toString(),
          link.txHash,
          id,
        )
      return Number(result.changes) === 1
    },
    async getSealedBlob(datasetId) {
      const row = db.prepare('SELECT * FROM dataset_blobs WHERE dataset_id = ?').get(datasetId) as
        | Row
        | undefined
      return row
        ? {
            keyId: str(row, 'key_id'),
            iv: bytes(row, 'iv'),
            ciphertext: bytes(row, 'ciphertext'),
            tag: bytes(row, 'tag'),
          }
        : null
    },
  }
}
