import { datasetFactoryAbi } from '@veritree/contracts/generated/DatasetFactory'
import { datasetMarketAbi } from '@veritree/contracts/generated/DatasetMarket'
import { getAbiItem } from 'viem'

/** `DatasetCreated(uint256 indexed datasetId, address indexed vendor, address market, bytes32 commitment, string metadataURI)` */
export const datasetCreatedEvent = getAbiItem({ abi: datasetFactoryAbi, name: 'DatasetCreated' })
/** `JobOpened(bytes32 indexed jobId, address indexed customer, bytes32 testSetHash, uint32 thresholdBps, bytes32 quoteId, uint256 price, uint64 deadline)` */
export const jobOpenedEvent = getAbiItem({ abi: datasetMarketAbi, name: 'JobOpened' })
