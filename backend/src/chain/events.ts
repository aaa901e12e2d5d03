import { datasetFactoryAbi } from '@veritree/contracts/generated/DatasetFactory'
import { datasetMarketAbi } from '@veritree/contracts/generated/DatasetMarket'
import { inferenceFeedAbi } from '@veritree/contracts/generated/InferenceFeed'
import { getAbiItem } from 'viem'

/** `DatasetCreated(uint256 indexed datasetId, address indexed vendor, address market, bytes32 commitment, string metadataURI)` */
export const datasetCreatedEvent = getAbiItem({ abi: datasetFactoryAbi, name: 'DatasetCreated' })
/** `JobOpened(bytes32 indexed jobId, address indexed customer, JobTerms terms, uint256 price, uint64 deadline, uint32 verifierId)` */
export const jobOpenedEvent = getAbiItem({ abi: datasetMarketAbi, name: 'JobOpened' })

/** `JobSettled(bytes32 indexed jobId, bool met, bytes32 modelHash, uint32 correct, uint32 total, uint256 vendorAmount, uint256 fee)` */
export const jobSettledEvent = getAbiItem({ abi: datasetMarketAbi, name: 'JobSettled' })

/** `JobUnprovable(bytes32 indexed jobId, address indexed customer, uint8 reason, uint256 amount)` */
export const jobUnprovableEvent = getAbiItem({ abi: datasetMarketAbi, name: 'JobUnprovable' })

/** `FeedCreated(address indexed market, bytes32 indexed jobId, address indexed owner, address feed, bytes32 modelHash, uint128 pricePerPrediction, uint16 royaltyBps)` */
export const feedCreatedEvent = getAbiItem({ abi: datasetFactoryAbi, name: 'FeedCreated' })
/** `PredictionsRequested(bytes32 indexed requestId, address indexed customer, bytes32 inputsHash, uint32 count, uint256 price, uint64 deadline, uint32 verifierId)` */
export const predictionsRequestedEvent = getAbiItem({ abi: inferenceFeedAbi, name: 'PredictionsRequested' })
/** `PredictionsSettled(bytes32 indexed requestId, bytes32 predictionsHash, uint256 ownerAmount, uint256 royalty, uint256 fee)` */
export const predictionsSettledEvent = getAbiItem({ abi: inferenceFeedAbi, name: 'PredictionsSettled' })
/** `PriceUpdated(uint128 pricePerPrediction)` */
export const priceUpdatedEvent = getAbiItem({ abi: inferenceFeedAbi, name: 'PriceUpdated' })
/** `AcceptingRequestsUpdated(bool acceptingRequests)` */
export const acceptingRequestsUpdatedEvent = getAbiItem({
  abi: inferenceFeedAbi,
  name: 'AcceptingRequestsUpdated',
})
