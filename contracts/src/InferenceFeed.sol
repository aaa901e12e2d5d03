// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMarketConfig} from "./interfaces/IMarketConfig.sol";
import {InferenceJournal} from "./libraries/InferenceJournal.sol";
import {ProvenEscrow} from "./ProvenEscrow.sol";

/// @title InferenceFeed
/// @notice Sells proven predictions of one bought model. The customer of a {DatasetMarket} job that
/// settled with met = true lists the model as a feed (through {DatasetFactory-createFeed}) with a price
/// per prediction; the model stays sealed in the backend, only its hash is public. A consumer escrows
/// count × price for a batch of input rows; settle releases it only for a zkVerify-attested format-3
/// journal ({InferenceJournal}) of this feed's model on exactly those inputs, together with the
/// predictions it committed, which are then stored for any contract to read by request id.
///
/// Settlement pays the model owner, a royalty to the vendor whose dataset trained the model (the
/// market's royaltyBps, fixed when the market was created, at most 20%), and the protocol fee
/// (snapshotted when the request opened). The escrow rules (refundUnprovable by the operator, reclaim
/// after the deadline, pull payments, reentrancy guard) are {ProvenEscrow}'s, the same as a market's.
///
/// @dev One EIP-1167 clone per feed, made and initialised by the factory in one transaction. Per-feed
/// clones rather than one contract for every feed: each feed's escrow, prices and stored predictions are
/// isolated (a stuck or disputed feed cannot touch another's money), a feed address is a stable name a
/// consumer contract can pin, and it is the same pattern (and genuineness check) as markets. A feed is
/// genuine only if the real factory's `feedOf(market(), saleJobId())` returns it.
contract InferenceFeed is ProvenEscrow {
    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    /// @notice Only the model's owner may call this.
    error NotFeedOwner(address caller, address owner);
    /// @notice The owner has stopped accepting new requests.
    error FeedClosed();
    /// @notice The price per prediction may not be zero.
    error ZeroPrice();
    /// @notice The inputs hash may not be zero.
    error EmptyInputsHash();
    /// @notice A request asks for 1..MAX_COUNT predictions.
    error CountOutOfRange(uint32 count, uint32 maxCount);
    /// @notice The journal was produced for another request.
    error RequestMismatch(bytes32 requestId, bytes32 journalRequestId);
    /// @notice The journal's predictions come from another model than this feed's.
    error ModelMismatch(bytes32 modelHash, bytes32 journalModelHash);
    /// @notice The journal predicted other inputs than the consumer escrowed for.
    error InputsMismatch(bytes32 inputsHash, bytes32 journalInputsHash);
    /// @notice The journal made another number of predictions than the request asked for.
    error CountMismatch(uint32 count, uint32 journalCount);
    /// @notice The predictions are not 2 bytes per prediction.
    error PredictionsLengthInvalid(uint256 length, uint256 expectedLength);
    /// @notice The predictions are not the ones the journal committed (sha256 differs).
    error PredictionsMismatch(bytes32 predictionsHash, bytes32 journalPredictionsHash);
    /// @notice The request has no proven predictions (it is unknown, open, refunded or reclaimed).
    error PredictionsNotSettled(bytes32 requestId, JobStatus status);
    /// @notice There is no prediction at this index of the request.
    error PredictionIndexOutOfRange(uint256 index, uint32 count);

    /*//////////////////////////////////////////////////////////////
                                 EVENTS
    //////////////////////////////////////////////////////////////*/

    /// @notice A consumer escrowed `price` for `count` predictions of the rows hashing to `inputsHash`.
    event PredictionsRequested(
        bytes32 indexed requestId,
        address indexed customer,
        bytes32 inputsHash,
        uint32 count,
        uint256 price,
        uint64 deadline,
        uint32 verifierId
    );
    /// @notice A request was settled by a verified journal; its predictions are readable on-chain.
    event PredictionsSettled(
        bytes32 indexed requestId, bytes32 predictionsHash, uint256 ownerAmount, uint256 royalty, uint256 fee
    );
    /// @notice The owner changed the price of later requests.
    event PriceUpdated(uint128 pricePerPrediction);
    /// @notice The owner opened or closed the feed to new requests.
    event AcceptingRequestsUpdated(bool acceptingRequests);

    /*//////////////////////////////////////////////////////////////
                                 TYPES
    //////////////////////////////////////////////////////////////*/

    /// @notice A request, as {getRequest} returns it.
    struct RequestView {
        address customer;
        JobStatus status;
        uint16 feeBps;
        uint32 verifierId;
        uint32 count;
        uint128 price;
        uint64 deadline;
        bytes32 inputsHash;
    }

    /*//////////////////////////////////////////////////////////////
                                STORAGE
    //////////////////////////////////////////////////////////////*/

    /// @notice Most predictions per request: bounds the calldata and the storage settle writes
    /// (2 bytes each, 16 per slot). Larger batches are split into several requests.
    uint32 public constant MAX_COUNT = 512;

    /// @notice The model's owner: the customer of the sale, who earns from the feed.
    address public owner;
    /// @notice The market whose sale produced the model.
    address public market;
    /// @notice The sale (a job of `market` settled with met = true) that produced the model.
    bytes32 public saleJobId;
    /// @notice SHA-256 of the canonical model bytes; every settled journal must name it.
    bytes32 public modelHash;
    /// @notice Who receives the dataset royalty: the market's vendor.
    address public royaltyRecipient;
    /// @notice The royalty in basis points, the market's royaltyBps.
    uint16 public royaltyBps;
    /// @notice Whether new requests are accepted (settle, reclaim and withdraw always work).
    bool public acceptingRequests;
    /// @notice Requests opened so far; the nonce in each request id.
    uint64 public requestCount;
    /// @notice Price of one prediction, in wei, for requests opened from now on.
    uint128 public pricePerPrediction;

    /// @dev Each request's inputs hash. Its count is the escrow's term, and its journal format the
    /// escrow's journalFormat (always 3), both in the escrow's first slot.
    mapping(bytes32 => bytes32) private _inputsHashes;
    mapping(bytes32 => bytes) private _predictions;

    /*//////////////////////////////////////////////////////////////
                         CONSTRUCTOR / INITIALIZER
    //////////////////////////////////////////////////////////////*/

    /// @dev The implementation is never used directly: lock it so nobody can initialise (and own) it.
    constructor() {
        _disableInitializers();
    }

    /// @notice Sets up a freshly cloned feed; the factory calls it after checking the sale.
    /// @param owner_ The model's owner (the sale's customer).
    /// @param market_ The market of the sale.
    /// @param saleJobId_ The sale's job id.
    /// @param modelHash_ The sold model's hash, as the market recorded it at settle.
    /// @param royaltyRecipient_ The market's vendor.
    /// @param royaltyBps_ The market's royalty rate (the market bounds it).
    /// @param pricePerPrediction_ Price of one prediction, in wei (non-zero).
    function initialize(
        address owner_,
        address market_,
        bytes32 saleJobId_,
        bytes32 modelHash_,
        address royaltyRecipient_,
        uint16 royaltyBps_,
        uint128 pricePerPrediction_
    ) external initializer {
        if (pricePerPrediction_ == 0) revert ZeroPrice();
        factory = IMarketConfig(msg.sender);
        owner = owner_;
        market = market_;
        saleJobId = saleJobId_;
        modelHash = modelHash_;
        royaltyRecipient = royaltyRecipient_;
        royaltyBps = royaltyBps_;
        pricePerPrediction = pricePerPrediction_;
        acceptingRequests = true;
    }

    /*//////////////////////////////////////////////////////////////
                               OPERATIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice Escrows count × pricePerPrediction for predictions of the rows hashing to `inputsHash`,
    /// and refunds any excess to the caller.
    /// @dev requestId = keccak256(abi.encode(chainid, this feed, nonce)), unique across feeds, markets
    /// and chains, so a journal proven for one request settles no other.
    /// @param inputsHash The hash of the canonical input rows the guest will commit (see the backend).
    /// @param count How many rows, hence predictions: 1..MAX_COUNT.
    /// @param maxPrice Slippage guard: revert if count × the current price is above this.
    /// @return requestId The new request's id.
    function requestPredictions(bytes32 inputsHash, uint32 count, uint256 maxPrice)
        external
        payable
        nonReentrant
        returns (bytes32 requestId)
    {
        if (!acceptingRequests) revert FeedClosed();
        if (inputsHash == bytes32(0)) revert EmptyInputsHash();
        if (count == 0 || count > MAX_COUNT) revert CountOutOfRange(count, MAX_COUNT);
        // Both factors are bounded (uint32 × uint128): the product fits, and ProvenEscrow checks it
        // fits the escrow's uint128.
        uint256 price_ = uint256(count) * pricePerPrediction;
        requestId = keccak256(abi.encode(block.chainid, address(this), requestCount++));
        Escrow storage e = _openEscrow(requestId, price_, maxPrice, uint8(InferenceJournal.FORMAT_INFERENCE), count);
        _inputsHashes[requestId] = inputsHash;
        emit PredictionsRequested(requestId, msg.sender, inputsHash, count, price_, e.deadline, e.verifierId);
        _refundExcess(price_);
    }

    /// @notice Settles an open request with a zkVerify-attested format-3 journal and the predictions it
    /// committed. Anyone may call it: the proof, not the caller, releases the money.
    /// @dev Checks, in order: the request is Open; the journal is a 192-byte format-3 journal naming
    /// this request, this feed's model, the request's inputs and count; the predictions are 2 × count
    /// bytes whose sha256 is the journal's predictionsHash; the aggregation attests the journal under
    /// the request's verifier config. Then stores the predictions and pays out.
    /// @param requestId The request to settle.
    /// @param journal The raw guest journal (see {InferenceJournal}).
    /// @param predictions The canonical predictions (count × u16 little-endian class indices).
    /// @param proof Where the journal's statement sits in a zkVerify aggregation.
    function settle(
        bytes32 requestId,
        bytes calldata journal,
        bytes calldata predictions,
        AggregationProof calldata proof
    ) external nonReentrant {
        Escrow storage e = _openJob(requestId);
        InferenceJournal.Journal memory j = _decodeBoundJournal(e, requestId, journal, predictions);
        _checkAttested(e.verifierId, journal, proof);
        _predictions[requestId] = predictions;
        (uint256 ownerAmount, uint256 royalty, uint256 fee) = _payOut(e, owner, royaltyRecipient, royaltyBps);
        emit PredictionsSettled(requestId, j.predictionsHash, ownerAmount, royalty, fee);
    }

    /// @notice The owner sets the price of requests opened from now on (open requests keep theirs).
    /// @param pricePerPrediction_ Price of one prediction, in wei (non-zero).
    function setPrice(uint128 pricePerPrediction_) external {
        _checkOwner();
        if (pricePerPrediction_ == 0) revert ZeroPrice();
        pricePerPrediction = pricePerPrediction_;
        emit PriceUpdated(pricePerPrediction_);
    }

    /// @notice The owner opens or closes the feed to new requests; open requests are unaffected.
    /// @param acceptingRequests_ Whether requestPredictions accepts new requests.
    function setAcceptingRequests(bool acceptingRequests_) external {
        _checkOwner();
        acceptingRequests = acceptingRequests_;
        emit AcceptingRequestsUpdated(acceptingRequests_);
    }

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @notice The price of `count` predictions at the current price.
    /// @param count Number of predictions.
    function priceOf(uint32 count) external view returns (uint256) {
        return uint256(count) * pricePerPrediction;
    }

    /// @notice A request; status None when `requestId` is unknown.
    /// @param requestId The request id.
    function getRequest(bytes32 requestId) external view returns (RequestView memory r) {
        Escrow storage e = _escrows[requestId];
        r = RequestView({
            customer: e.customer,
            status: e.status,
            feeBps: e.feeBps,
            verifierId: e.verifierId,
            count: e.term,
            price: e.price,
            deadline: e.deadline,
            inputsHash: _inputsHashes[requestId]
        });
    }

    /// @notice The proven predictions of a settled request (count × u16 little-endian class indices).
    /// Reverts {PredictionsNotSettled} for any request that is not Settled.
    /// @param requestId The request id.
    function predictionsOf(bytes32 requestId) external view returns (bytes memory) {
        _checkSettled(requestId);
        return _predictions[requestId];
    }

    /// @notice The `index`th proven prediction (a class index) of a settled request. This is what a
    /// consumer contract reads; it reverts unless the request is Settled and `index` < its count.
    /// @param requestId The request id.
    /// @param index Zero-based row of the request's inputs.
    function predictionAt(bytes32 requestId, uint256 index) external view returns (uint16) {
        _checkSettled(requestId);
        uint32 count = _escrows[requestId].term;
        if (index >= count) revert PredictionIndexOutOfRange(index, count);
        return InferenceJournal.predictionAt(_predictions[requestId], index);
    }

    /*//////////////////////////////////////////////////////////////
                                INTERNAL
    //////////////////////////////////////////////////////////////*/

    /// @dev Decodes the journal, checks it names this request, this feed's model and the request's
    /// inputs and count, and that `predictions` are exactly the predictions it committed.
    function _decodeBoundJournal(
        Escrow storage e,
        bytes32 requestId,
        bytes calldata journal,
        bytes calldata predictions
    )
        private
        view
        returns (InferenceJournal.Journal memory j)
    {
        j = InferenceJournal.decode(journal);
        if (j.requestId != requestId) revert RequestMismatch(requestId, j.requestId);
        if (j.modelHash != modelHash) revert ModelMismatch(modelHash, j.modelHash);
        bytes32 inputsHash = _inputsHashes[requestId];
        if (j.inputsHash != inputsHash) revert InputsMismatch(inputsHash, j.inputsHash);
        uint32 count = e.term;
        if (j.count != count) revert CountMismatch(count, j.count);
        uint256 expectedLength = uint256(j.count) * InferenceJournal.PREDICTION_BYTES;
        if (predictions.length != expectedLength) revert PredictionsLengthInvalid(predictions.length, expectedLength);
        bytes32 computed = sha256(predictions);
        if (computed != j.predictionsHash) revert PredictionsMismatch(computed, j.predictionsHash);
    }

    function _checkSettled(bytes32 requestId) private view {
        JobStatus status = _escrows[requestId].status;
        if (status != JobStatus.Settled) revert PredictionsNotSettled(requestId, status);
    }

    function _checkOwner() private view {
        if (msg.sender != owner) revert NotFeedOwner(msg.sender, owner);
    }
}
