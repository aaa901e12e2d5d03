// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {DatasetMarket} from "./DatasetMarket.sol";
import {ProvenEscrow} from "./ProvenEscrow.sol";
import {InferenceFeed} from "./InferenceFeed.sol";
import {IMarketConfig} from "./interfaces/IMarketConfig.sol";
import {BondingCurve} from "./libraries/BondingCurve.sol";

/// @title DatasetFactory
/// @notice Makes one {DatasetMarket} per dataset (an EIP-1167 clone owned by the vendor) and one
/// {InferenceFeed} per bought model (a clone owned by the sale's customer), keeps the registries of
/// datasets and feeds, and holds the protocol settings every market reads: the fee, the append-only
/// list of verifier configs (guest image id, zkVerify aggregation contract, domain), the operator and
/// the job timeout.
/// @dev Trust: the owner chooses the verifier configs, so the owner is trusted to point them at
/// zkVerify and the real guest. A config is never edited, only appended, and a job records the id of
/// the current config when it opens: a later config only applies to later jobs, never to open ones.
/// The owner cannot touch escrow, and the fee of an open job is snapshotted at openJob. The operator
/// (the backend's settler) can only refund a customer in full, never pay a vendor.
/// Datasets are keyed by (vendor, commitment), not by the commitment alone: a commitment is public as
/// soon as its createDataset is in the mempool, so a key without the vendor would let anyone who copies
/// it register first and lock the vendor out for good. With the vendor in the key (and in the CREATE2
/// salt), a copy only makes the copier a market of their own, at another address.
contract DatasetFactory is Ownable2Step, IMarketConfig {
    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    /// @notice The protocol fee is above MAX_FEE_BPS.
    error FeeTooHigh(uint256 feeBps, uint256 maxFeeBps);
    /// @notice An address setting may not be zero.
    error ZeroAddress();
    /// @notice The image id may not be zero.
    error ZeroImageId();
    /// @notice No verifier config has this id.
    error UnknownVerifierConfig(uint32 id, uint32 currentId);
    /// @notice The job timeout is outside [MIN_JOB_TIMEOUT, MAX_JOB_TIMEOUT].
    error JobTimeoutOutOfRange(uint256 jobTimeout, uint256 minJobTimeout, uint256 maxJobTimeout);
    /// @notice The dataset commitment may not be zero.
    error ZeroCommitment();
    /// @notice This vendor already has a market for this commitment.
    error DatasetAlreadyRegistered(address vendor, bytes32 commitment, address market);
    /// @notice There is no dataset at this index.
    error DatasetIndexOutOfRange(uint256 index, uint256 count);
    /// @notice The address is not a market this factory made.
    error UnknownMarket(address market);
    /// @notice The job did not sell a model (it is not Settled, i.e. not settled with met = true).
    error ModelNotSold(address market, bytes32 jobId, ProvenEscrow.JobStatus status);
    /// @notice Only the customer who bought the model may list it.
    error NotModelOwner(address caller, address customer);
    /// @notice This model already has a feed.
    error FeedAlreadyListed(address market, bytes32 jobId, address feed);

    /*//////////////////////////////////////////////////////////////
                                 EVENTS
    //////////////////////////////////////////////////////////////*/

    /// @notice A vendor registered a dataset and got its market.
    event DatasetCreated(
        uint256 indexed datasetId, address indexed vendor, address market, bytes32 commitment, string metadataURI
    );
    /// @notice The customer of a sale listed the model it bought as an inference feed.
    event FeedCreated(
        address indexed market,
        bytes32 indexed jobId,
        address indexed owner,
        address feed,
        bytes32 modelHash,
        uint128 pricePerPrediction,
        uint16 royaltyBps
    );
    /// @notice The protocol fee for jobs opened from now on changed.
    event ProtocolFeeUpdated(uint16 feeBps);
    /// @notice The fee recipient changed.
    event FeeRecipientUpdated(address feeRecipient);
    /// @notice A verifier config was appended; jobs opened from now on are verified against it.
    event VerifierConfigAdded(uint32 id, VerifierConfig c);
    /// @notice The operator (the backend's settler) changed.
    event OperatorUpdated(address operator);
    /// @notice The job timeout for jobs opened from now on changed.
    event JobTimeoutUpdated(uint64 jobTimeout);

    /*//////////////////////////////////////////////////////////////
                                 TYPES
    //////////////////////////////////////////////////////////////*/

    /// @notice Protocol settings, as passed to the constructor.
    struct Config {
        uint16 protocolFeeBps;
        address feeRecipient;
        VerifierConfig verifier;
        address operator;
        uint64 jobTimeout;
    }

    /*//////////////////////////////////////////////////////////////
                                STORAGE
    //////////////////////////////////////////////////////////////*/

    /// @notice Highest protocol fee: 10%.
    uint16 public constant MAX_FEE_BPS = 1_000;
    /// @notice Shortest job timeout. A customer may reclaim from the deadline on, so the deadline must
    /// leave room for the worst-case pipeline, or a sale that was really proven cannot settle. Budget:
    /// proving a receipt at zkVerify's size limit (4 segments of po2 20; one po2-16 segment takes about
    /// 38 s on 2 idle cores, so about 10 minutes per po2-20 segment and 40 minutes for four, several
    /// times that on a loaded machine), waiting for the zkVerify domain to fill and publish an
    /// aggregation, the relay of its root to the settlement chain, and retries after a crash or a
    /// congested chain. Six hours covers that with a wide margin; a job that can never be proven is
    /// refunded at once by the operator (refundUnprovable), so a long timeout never strands money.
    uint64 public constant MIN_JOB_TIMEOUT = 6 hours;
    /// @notice Longest job timeout: a customer's money is never locked longer.
    uint64 public constant MAX_JOB_TIMEOUT = 30 days;

    /// @notice The locked {DatasetMarket} every clone delegates to.
    address public immutable marketImplementation;
    /// @notice The locked {InferenceFeed} every feed clone delegates to (deployed by the constructor).
    address public immutable feedImplementation;

    /// @inheritdoc IMarketConfig
    uint16 public protocolFeeBps;
    /// @inheritdoc IMarketConfig
    address public feeRecipient;
    /// @inheritdoc IMarketConfig
    uint64 public jobTimeout;
    /// @inheritdoc IMarketConfig
    address public operator;

    /// @notice The market `vendor` registered for `commitment`, or zero. This is the check that a
    /// market is genuine: `marketOf(market.vendor(), market.commitment()) == market`.
    mapping(address vendor => mapping(bytes32 commitment => address market)) public marketOf;
    address[] private _markets;
    /// @notice The feed of the model sold by `jobId` of `market`, or zero. A feed is genuine only if
    /// `feedOf(feed.market(), feed.saleJobId()) == feed`.
    mapping(address market => mapping(bytes32 jobId => address feed)) public feedOf;
    /// @dev Verifier config with id `i + 1` at index `i`; append-only.
    VerifierConfig[] private _verifierConfigs;

    /*//////////////////////////////////////////////////////////////
                              CONSTRUCTOR
    //////////////////////////////////////////////////////////////*/

    /// @param initialOwner Who may change the protocol settings.
    /// @param marketImplementation_ A deployed {DatasetMarket} (its initializer is locked by its constructor).
    /// @param config Initial protocol settings (each checked as its setter checks it).
    constructor(address initialOwner, address marketImplementation_, Config memory config) Ownable(initialOwner) {
        if (marketImplementation_ == address(0)) revert ZeroAddress();
        marketImplementation = marketImplementation_;
        // Created here rather than passed in, so deployments (and the constructor's ABI) stay as they were.
        feedImplementation = address(new InferenceFeed());
        _setProtocolFee(config.protocolFeeBps);
        _setFeeRecipient(config.feeRecipient);
        _addVerifierConfig(config.verifier);
        _setOperator(config.operator);
        _setJobTimeout(config.jobTimeout);
    }

    /*//////////////////////////////////////////////////////////////
                               OPERATIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice Registers a dataset and deploys its market, owned by the caller.
    /// @dev The clone is made with CREATE2 salted by keccak256(abi.encode(msg.sender, commitment)) (see
    /// {predictMarket}) and initialised in this same transaction, so nobody can initialise it first.
    /// Only the same vendor registering the same commitment twice is a duplicate; another account
    /// registering a copied commitment gets its own market and does not block the vendor.
    /// @param commitment The backend's commitment to the canonical dataset (non-zero, once per vendor).
    /// @param curve The market's bonding curve (see {BondingCurve}).
    /// @param metadataURI Where the dataset's public description lives.
    /// @return market The new market.
    function createDataset(bytes32 commitment, BondingCurve.Curve calldata curve, string calldata metadataURI)
        external
        returns (address market)
    {
        return _createDataset(commitment, curve, metadataURI, 0);
    }

    /// @notice {createDataset}, with a royalty: the vendor's share, in basis points, of every request
    /// fee of an inference feed of a model bought from this market. Fixed for the market's life; the
    /// market refuses more than its MAX_ROYALTY_BPS (20%). (A separate name rather than an overload, so
    /// clients that call createDataset keep an unambiguous ABI.)
    /// @param royaltyBps The royalty rate, 0..MAX_ROYALTY_BPS.
    function createDatasetWithRoyalty(
        bytes32 commitment,
        BondingCurve.Curve calldata curve,
        string calldata metadataURI,
        uint16 royaltyBps
    ) external returns (address market) {
        return _createDataset(commitment, curve, metadataURI, royaltyBps);
    }

    /// @notice The customer of a sale (a job settled with met = true) lists the model it bought as an
    /// inference feed: an {InferenceFeed} clone it owns, selling proven predictions of that model at
    /// `pricePerPrediction`, paying the market's vendor the market's royalty. One feed per model.
    /// @dev The sale is read from the market, which must be one this factory made: its `getJob` is
    /// then the genuine record of who bought which model (status Settled only after a met journal).
    /// @param market The market of the sale.
    /// @param jobId The sale's job id.
    /// @param pricePerPrediction Price of one prediction, in wei (non-zero).
    /// @return feed The new feed.
    function createFeed(address market, bytes32 jobId, uint128 pricePerPrediction) external returns (address feed) {
        if (!_isMarket(market)) revert UnknownMarket(market);
        DatasetMarket m = DatasetMarket(market);
        DatasetMarket.Job memory job = m.getJob(jobId);
        if (job.status != ProvenEscrow.JobStatus.Settled) revert ModelNotSold(market, jobId, job.status);
        if (msg.sender != job.customer) revert NotModelOwner(msg.sender, job.customer);
        address existing = feedOf[market][jobId];
        if (existing != address(0)) revert FeedAlreadyListed(market, jobId, existing);

        uint16 royaltyBps = m.royaltyBps();
        feed = Clones.cloneDeterministic(feedImplementation, keccak256(abi.encode(market, jobId)));
        feedOf[market][jobId] = feed;
        InferenceFeed(feed).initialize(
            msg.sender, market, jobId, job.modelHash, m.vendor(), royaltyBps, pricePerPrediction
        );
        emit FeedCreated(market, jobId, msg.sender, feed, job.modelHash, pricePerPrediction, royaltyBps);
    }

    /// @dev Registers a dataset and clones its market (see {createDataset}).
    function _createDataset(
        bytes32 commitment,
        BondingCurve.Curve calldata curve,
        string calldata metadataURI,
        uint16 royaltyBps
    ) private returns (address market) {
        if (commitment == bytes32(0)) revert ZeroCommitment();
        address existing = marketOf[msg.sender][commitment];
        if (existing != address(0)) revert DatasetAlreadyRegistered(msg.sender, commitment, existing);
        // The market validates the curve again; checking here too puts the curve errors in this
        // contract's ABI, so a client decoding createDataset's revert can name them.
        BondingCurve.validate(curve);

        market = Clones.cloneDeterministic(marketImplementation, _salt(msg.sender, commitment));
        uint256 datasetId = _markets.length;
        marketOf[msg.sender][commitment] = market;
        _markets.push(market);
        DatasetMarket(market).initialize(msg.sender, commitment, curve, metadataURI, royaltyBps);
        emit DatasetCreated(datasetId, msg.sender, market, commitment, metadataURI);
    }

    /// @notice Sets the protocol fee for jobs opened from now on (at most MAX_FEE_BPS).
    /// @param feeBps The fee in basis points.
    function setProtocolFee(uint16 feeBps) external onlyOwner {
        _setProtocolFee(feeBps);
    }

    /// @notice Sets who is credited protocol fees from now on.
    /// @param feeRecipient_ The new recipient (non-zero).
    function setFeeRecipient(address feeRecipient_) external onlyOwner {
        _setFeeRecipient(feeRecipient_);
    }

    /// @notice Appends a verifier config; jobs opened from now on record its id and are verified against
    /// it. Open jobs keep the config they opened with. Configs are never edited or removed.
    /// @param c The guest image id (non-zero), the zkVerify aggregation contract (non-zero), the domain.
    function setVerifierConfig(VerifierConfig calldata c) external onlyOwner {
        _addVerifierConfig(c);
    }

    /// @notice Sets the operator: the backend's settler account, which may refund unprovable jobs.
    /// @param operator_ The new operator (non-zero).
    function setOperator(address operator_) external onlyOwner {
        _setOperator(operator_);
    }

    /// @notice Sets the reclaim timeout for jobs opened from now on.
    /// @param jobTimeout_ Seconds, within [MIN_JOB_TIMEOUT, MAX_JOB_TIMEOUT].
    function setJobTimeout(uint64 jobTimeout_) external onlyOwner {
        _setJobTimeout(jobTimeout_);
    }

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IMarketConfig
    function currentVerifierId() external view returns (uint32) {
        return uint32(_verifierConfigs.length);
    }

    /// @inheritdoc IMarketConfig
    function verifierConfig(uint32 id) external view returns (VerifierConfig memory) {
        uint32 currentId = uint32(_verifierConfigs.length);
        if (id == 0 || id > currentId) revert UnknownVerifierConfig(id, currentId);
        return _verifierConfigs[id - 1];
    }

    /// @notice Number of registered datasets; ids run from 0 to datasetCount() - 1.
    function datasetCount() external view returns (uint256) {
        return _markets.length;
    }

    /// @notice The market of dataset `datasetId`.
    /// @param datasetId Index in registration order.
    function datasetAt(uint256 datasetId) external view returns (address) {
        if (datasetId >= _markets.length) revert DatasetIndexOutOfRange(datasetId, _markets.length);
        return _markets[datasetId];
    }

    /// @notice The address createDataset(commitment, ...) deploys when `vendor` sends it, whether or not
    /// it exists yet.
    /// @param vendor The account that calls (or called) createDataset.
    /// @param commitment The dataset commitment.
    function predictMarket(address vendor, bytes32 commitment) external view returns (address) {
        return Clones.predictDeterministicAddress(marketImplementation, _salt(vendor, commitment));
    }

    /*//////////////////////////////////////////////////////////////
                                INTERNAL
    //////////////////////////////////////////////////////////////*/

    /// @dev Whether `market` is a market this factory made: a market made by anyone else could report
    /// any sale, so only this registry is trusted. The address is asked for its vendor and commitment
    /// with static calls whose answers are checked rather than typed calls, so that an account without code, a contract
    /// without those functions, or one returning short data gets UnknownMarket instead of an opaque
    /// revert. Whatever it answers, only the registry's own entry equal to `market` passes.
    function _isMarket(address market) private view returns (bool) {
        DatasetMarket m = DatasetMarket(market);
        (bool okVendor, bytes memory vendorData) = market.staticcall(abi.encodeWithSelector(m.vendor.selector));
        (bool okCommitment, bytes memory commitmentData) =
            market.staticcall(abi.encodeWithSelector(m.commitment.selector));
        if (!okVendor || !okCommitment || vendorData.length != 32 || commitmentData.length != 32) return false;
        // A dirty high word only names another vendor, whose entry cannot equal `market`.
        address vendor = address(uint160(uint256(bytes32(vendorData))));
        return marketOf[vendor][bytes32(commitmentData)] == market;
    }

    /// @dev The CREATE2 salt of a vendor's market for a commitment.
    function _salt(address vendor, bytes32 commitment) private pure returns (bytes32) {
        return keccak256(abi.encode(vendor, commitment));
    }

    function _setProtocolFee(uint16 feeBps) private {
        if (feeBps > MAX_FEE_BPS) revert FeeTooHigh(feeBps, MAX_FEE_BPS);
        protocolFeeBps = feeBps;
        emit ProtocolFeeUpdated(feeBps);
    }

    function _setFeeRecipient(address feeRecipient_) private {
        if (feeRecipient_ == address(0)) revert ZeroAddress();
        feeRecipient = feeRecipient_;
        emit FeeRecipientUpdated(feeRecipient_);
    }

    function _addVerifierConfig(VerifierConfig memory c) private {
        if (c.imageId == bytes32(0)) revert ZeroImageId();
        if (c.zkVerify == address(0)) revert ZeroAddress();
        _verifierConfigs.push(c);
        // At most 2^32 - 1 configs: each costs an owner transaction, so the bound is never reached.
        emit VerifierConfigAdded(uint32(_verifierConfigs.length), c);
    }

    function _setOperator(address operator_) private {
        if (operator_ == address(0)) revert ZeroAddress();
        operator = operator_;
        emit OperatorUpdated(operator_);
    }

    function _setJobTimeout(uint64 jobTimeout_) private {
        if (jobTimeout_ < MIN_JOB_TIMEOUT || jobTimeout_ > MAX_JOB_TIMEOUT) {
            revert JobTimeoutOutOfRange(jobTimeout_, MIN_JOB_TIMEOUT, MAX_JOB_TIMEOUT);
        }
        jobTimeout = jobTimeout_;
        emit JobTimeoutUpdated(jobTimeout_);
    }
}
