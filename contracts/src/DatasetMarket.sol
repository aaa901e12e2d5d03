// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMarketConfig} from "./interfaces/IMarketConfig.sol";
import {AccuracyJournal} from "./libraries/AccuracyJournal.sol";
import {BondingCurve} from "./libraries/BondingCurve.sol";
import {ProvenEscrow} from "./ProvenEscrow.sol";

/// @title DatasetMarket
/// @notice One dataset's market: customers escrow the bonding-curve price for a job (train a model on
/// this dataset, prove its accuracy on the customer's test set), and the escrow is released only by a
/// zkVerify aggregation proof of a RISC Zero journal bound to that job.
///
/// Life of a job: openJob (Open) -> settle with met = true (Settled: vendor credited minus the protocol
/// fee, curve one step up) | settle with met = false (Refunded: customer credited) | refundUnprovable
/// by the factory's operator (Unprovable: customer credited) | reclaim after the deadline by the
/// customer (Reclaimed). Each job leaves Open exactly once.
///
/// A job binds the model it pays for: openJob stores modelCommitment = keccak256(modelHash ‖ salt),
/// and settle accepts only a journal whose modelHash opens it with the salt the backend reveals then.
/// Without that, anyone could prove another model (one that misses, or one that memorises the test
/// set) for the same job and choose whether the escrow pays or refunds. The job also records the
/// factory's verifier config id, so the owner's later configs never apply to it.
///
/// @dev Deployed once as an implementation and used through EIP-1167 clones made by {DatasetFactory},
/// which initialises each clone in the same transaction. Anyone can clone the implementation and
/// initialise it with their own "factory", so a market is genuine only if the real factory's
/// `marketOf(vendor(), commitment())` returns it: clients must check that before trusting `factory()`.
/// The escrow itself (open with payment, pay out with the fee snapshot, refund, refundUnprovable by the
/// operator, reclaim after the deadline, pull-payment withdraw, reentrancy guard) is {ProvenEscrow}'s,
/// shared with {InferenceFeed}; this contract adds the curve, the job terms and the journal binding.
contract DatasetMarket is ProvenEscrow {
    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    /// @notice The vendor must be a real account.
    error ZeroVendor();
    /// @notice Only the vendor may call this.
    error NotVendor(address caller, address vendor);
    /// @notice The vendor has stopped accepting new jobs.
    error MarketClosed();
    /// @notice The royalty rate on feeds of models trained here is above MAX_ROYALTY_BPS.
    error RoyaltyTooHigh(uint16 royaltyBps, uint16 maxRoyaltyBps);
    /// @notice The test set hash may not be zero.
    error EmptyTestSetHash();
    /// @notice The threshold is not in 1..10000 bps.
    error ThresholdOutOfRange(uint32 thresholdBps, uint32 maxBps);
    /// @notice The training parameters hash may not be zero.
    error EmptyParamsHash();
    /// @notice The model commitment may not be zero.
    error EmptyModelCommitment();
    /// @notice The quote expired before the job was opened.
    error QuoteExpired(uint64 quoteExpiresAt);
    /// @notice The journal's model does not open the job's model commitment with this salt.
    error ModelMismatch(bytes32 modelCommitment, bytes32 modelHash);
    /// @notice The journal was produced for another job.
    error JournalJobMismatch(bytes32 jobId, bytes32 journalJobId);
    /// @notice The journal evaluated another test set than the customer escrowed for.
    error JournalTestSetMismatch(bytes32 testSetHash, bytes32 journalTestSetHash);
    /// @notice The journal used another threshold than the customer escrowed for.
    error JournalThresholdMismatch(uint32 thresholdBps, uint32 journalThresholdBps);
    /// @notice The journal's format is not the one the job was opened for.
    error JournalFormatMismatch(uint8 expected, uint32 got);
    /// @notice A format-2 journal trained on another dataset than this market's commitment.
    error DatasetMismatch(bytes32 commitment, bytes32 journalDatasetCommitment);
    /// @notice A format-2 journal trained with other parameters than the job's paramsHash.
    error ParamsMismatch(bytes32 paramsHash, bytes32 journalParamsHash);

    /*//////////////////////////////////////////////////////////////
                                 EVENTS
    //////////////////////////////////////////////////////////////*/

    /// @notice A customer escrowed `price` for a job; it can be reclaimed from `deadline` on.
    event JobOpened(
        bytes32 indexed jobId, address indexed customer, JobTerms terms, uint256 price, uint64 deadline, uint32 verifierId
    );
    /// @notice A job was settled by a verified journal. When not met, `vendorAmount` and `fee` are zero
    /// and a {JobRefunded} follows.
    event JobSettled(
        bytes32 indexed jobId,
        bool met,
        bytes32 modelHash,
        uint32 correct,
        uint32 total,
        uint256 vendorAmount,
        uint256 fee
    );
    /// @notice The vendor changed the dataset's metadata URI.
    event MetadataURIUpdated(string metadataURI);
    /// @notice The vendor opened or closed the market to new jobs.
    event AcceptingJobsUpdated(bool acceptingJobs);

    /*//////////////////////////////////////////////////////////////
                                 TYPES
    //////////////////////////////////////////////////////////////*/

    /// @notice What a customer escrows for, as quoted by the backend.
    /// @param testSetHash SHA-256 of the customer's canonical test-set bytes (the guest recomputes it).
    /// @param paramsHash SHA-256 of the canonical training parameters (trainingParamsHash in @veritree/core).
    /// @param modelCommitment keccak256(abi.encodePacked(modelHash, modelSalt)); the salt is 32 random
    /// bytes the backend keeps secret until settle, so the quote never reveals the model's hash.
    /// @param quoteId Opaque backend quote id.
    /// @param quoteExpiresAt Unix time after which the quote may no longer be opened.
    /// @param thresholdBps Required accuracy in basis points, 1..10000.
    /// @param journalFormat The journal that settles the job (see {AccuracyJournal}): 1 proves the
    /// model's accuracy only; 2 also proves the guest trained that model on this market's dataset with
    /// `paramsHash`'s parameters.
    struct JobTerms {
        bytes32 testSetHash;
        bytes32 paramsHash;
        bytes32 modelCommitment;
        bytes32 quoteId;
        uint64 quoteExpiresAt;
        uint32 thresholdBps;
        uint8 journalFormat;
    }

    /// @notice One escrowed job, as {getJob} returns it.
    /// @param customer Who paid, and who is refunded.
    /// @param thresholdBps Accuracy the customer requires, in basis points (10000 = 100%).
    /// @param feeBps Protocol fee snapshotted at openJob, so a later fee change cannot alter this deal.
    /// @param status See {JobStatus}.
    /// @param verifierId The factory's verifier config the job is verified against (current at openJob).
    /// @param journalFormat The journal format that settles the job (1 or 2, from its terms).
    /// @param testSetHash SHA-256 of the customer's canonical test-set bytes.
    /// @param quoteId Opaque id of the backend quote.
    /// @param paramsHash SHA-256 of the canonical training parameters.
    /// @param modelCommitment keccak256(abi.encodePacked(modelHash, modelSalt)).
    /// @param modelHash The settled journal's model; zero until settle.
    /// @param price Escrowed amount, in wei.
    /// @param deadline Unix time from which the customer may reclaim an unsettled job.
    struct Job {
        address customer;
        uint32 thresholdBps;
        uint16 feeBps;
        JobStatus status;
        uint32 verifierId;
        uint8 journalFormat;
        bytes32 testSetHash;
        bytes32 quoteId;
        bytes32 paramsHash;
        bytes32 modelCommitment;
        bytes32 modelHash;
        uint128 price;
        uint64 deadline;
    }

    /// @dev A job's terms and model, beside its {ProvenEscrow-Escrow} under the same id.
    /// (Its threshold and journal format live in the escrow's first slot, as its term and journalFormat.)
    struct JobData {
        bytes32 testSetHash;
        bytes32 quoteId;
        bytes32 paramsHash;
        bytes32 modelCommitment;
        bytes32 modelHash;
    }

    /*//////////////////////////////////////////////////////////////
                                STORAGE
    //////////////////////////////////////////////////////////////*/

    /// @notice Highest royalty a vendor may ask on feeds of models trained on their dataset: 20%.
    uint16 public constant MAX_ROYALTY_BPS = 2_000;

    /// @dev Stored in a job's modelHash slot while it is unset. Settle then rewrites a non-zero slot
    /// (2,900 gas) instead of filling an empty one (20,000 gas): openJob pays the difference, which
    /// keeps settle under 100k gas. {getJob} reports it as zero. SHA-256 never yields it in practice.
    bytes32 private constant MODEL_HASH_UNSET = bytes32(uint256(1));

    /// @notice The dataset's owner, who administers this market and earns from it.
    address public vendor;
    /// @notice Sales whose threshold was met; the curve's x coordinate.
    uint64 public sales;
    /// @notice Jobs opened so far; the nonce in each job id.
    uint64 public jobCount;
    /// @notice Whether openJob accepts new jobs (settle, reclaim and withdraw always work).
    bool public acceptingJobs;
    /// @notice The share of every {InferenceFeed} request fee, in basis points, paid to the vendor when
    /// a model bought here is listed as a feed. Fixed at creation, at most MAX_ROYALTY_BPS.
    uint16 public royaltyBps;
    /// @notice The backend's commitment to the vendor's canonical dataset.
    bytes32 public commitment;
    /// @notice Where the dataset's public description lives.
    string public metadataURI;

    BondingCurve.Curve private _curve;
    mapping(bytes32 => JobData) private _jobs;

    /*//////////////////////////////////////////////////////////////
                         CONSTRUCTOR / INITIALIZER
    //////////////////////////////////////////////////////////////*/

    /// @dev The implementation is never used directly: lock it so nobody can initialise (and own) it.
    constructor() {
        _disableInitializers();
    }

    /// @notice Sets up a freshly cloned market; the factory calls it in the transaction that clones.
    /// @param vendor_ The dataset's owner.
    /// @param commitment_ The dataset commitment.
    /// @param curve_ The bonding curve (validated here).
    /// @param metadataURI_ The dataset's metadata URI.
    /// @param royaltyBps_ The vendor's royalty on feeds of models trained here (at most MAX_ROYALTY_BPS).
    function initialize(
        address vendor_,
        bytes32 commitment_,
        BondingCurve.Curve calldata curve_,
        string calldata metadataURI_,
        uint16 royaltyBps_
    ) external initializer {
        if (vendor_ == address(0)) revert ZeroVendor();
        if (royaltyBps_ > MAX_ROYALTY_BPS) revert RoyaltyTooHigh(royaltyBps_, MAX_ROYALTY_BPS);
        BondingCurve.validate(curve_);
        factory = IMarketConfig(msg.sender);
        vendor = vendor_;
        commitment = commitment_;
        _curve = curve_;
        metadataURI = metadataURI_;
        royaltyBps = royaltyBps_;
        acceptingJobs = true;
    }

    /*//////////////////////////////////////////////////////////////
                               OPERATIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice Escrows exactly the current price for a job and refunds any excess to the caller.
    /// @dev The price is fixed now; it only moves when a job settles with met = true. The job id is
    /// keccak256(abi.encode(chainid, this market, nonce)), unique across markets and chains. The job
    /// records the protocol fee and the factory's current verifier config id ({ProvenEscrow-_openEscrow}).
    /// @param terms What the customer escrows for (see {JobTerms}).
    /// @param maxPrice Slippage guard: revert if the current price is above this.
    /// @return jobId The new job's id.
    function openJob(JobTerms calldata terms, uint256 maxPrice) external payable nonReentrant returns (bytes32 jobId) {
        if (!acceptingJobs) revert MarketClosed();
        if (terms.testSetHash == bytes32(0)) revert EmptyTestSetHash();
        if (terms.paramsHash == bytes32(0)) revert EmptyParamsHash();
        if (terms.modelCommitment == bytes32(0)) revert EmptyModelCommitment();
        if (terms.thresholdBps == 0 || terms.thresholdBps > BPS) revert ThresholdOutOfRange(terms.thresholdBps, BPS);
        if (block.timestamp > terms.quoteExpiresAt) revert QuoteExpired(terms.quoteExpiresAt);
        if (!AccuracyJournal.isSupported(terms.journalFormat)) {
            revert AccuracyJournal.JournalFormatUnsupported(terms.journalFormat);
        }
        uint256 price_ = BondingCurve.priceAt(_curve, sales);
        jobId = keccak256(abi.encode(block.chainid, address(this), jobCount++));
        Escrow storage e = _openEscrow(jobId, price_, maxPrice, terms.journalFormat, terms.thresholdBps);
        _jobs[jobId] = JobData({
            testSetHash: terms.testSetHash,
            quoteId: terms.quoteId,
            paramsHash: terms.paramsHash,
            modelCommitment: terms.modelCommitment,
            modelHash: MODEL_HASH_UNSET
        });
        emit JobOpened(jobId, msg.sender, terms, price_, e.deadline, e.verifierId);
        _refundExcess(price_);
    }

    /// @notice Settles an open job with a zkVerify-attested journal. Anyone may call it: the proof, not
    /// the caller, is what releases the money.
    /// @dev Checks, in order: the job is Open; the journal is a consistent journal of the job's format
    /// for this job id, test set and threshold (and, for format 2, this market's dataset commitment and
    /// the job's training parameters); its modelHash opens the job's model commitment with `modelSalt`; the
    /// aggregation is from the domain of the job's verifier config and contains the statement rebuilt
    /// from that config's image id and the journal. Then: met -> credit the vendor price minus fee,
    /// where fee = ceil(price * feeBps / 10000) rounds in the protocol's favour, credit the fee
    /// recipient, and move the curve one sale up; not met -> credit the customer the price.
    /// @param jobId The job to settle.
    /// @param journal The raw guest journal (256 bytes for format 1, 320 for format 2; see {AccuracyJournal}).
    /// @param modelSalt The salt of the job's model commitment.
    /// @param proof Where the journal's statement sits in a zkVerify aggregation.
    function settle(bytes32 jobId, bytes calldata journal, bytes32 modelSalt, AggregationProof calldata proof)
        external
        nonReentrant
    {
        Escrow storage e = _openJob(jobId);
        JobData storage job = _jobs[jobId];
        AccuracyJournal.Journal memory j = _decodeBoundJournal(e, job, jobId, journal);
        bytes32 modelCommitment_ = job.modelCommitment;
        if (keccak256(abi.encodePacked(j.modelHash, modelSalt)) != modelCommitment_) {
            revert ModelMismatch(modelCommitment_, j.modelHash);
        }
        _checkAttested(e.verifierId, journal, proof);
        job.modelHash = j.modelHash;
        if (j.met) {
            // A dataset sale carries no royalty: the vendor is the payee.
            (uint256 vendorAmount,, uint256 fee) = _payOut(e, vendor, address(0), 0);
            ++sales;
            emit JobSettled(jobId, true, j.modelHash, j.correct, j.total, vendorAmount, fee);
        } else {
            emit JobSettled(jobId, false, j.modelHash, j.correct, j.total, 0, 0);
            _refundCustomer(e, jobId);
        }
    }

    /// @notice The vendor replaces the dataset's metadata URI.
    /// @param metadataURI_ The new URI.
    function setMetadataURI(string calldata metadataURI_) external {
        _checkVendor();
        metadataURI = metadataURI_;
        emit MetadataURIUpdated(metadataURI_);
    }

    /// @notice The vendor opens or closes the market to new jobs; open jobs are unaffected.
    /// @param acceptingJobs_ Whether openJob accepts new jobs.
    function setAcceptingJobs(bool acceptingJobs_) external {
        _checkVendor();
        acceptingJobs = acceptingJobs_;
        emit AcceptingJobsUpdated(acceptingJobs_);
    }

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @notice The price of the next job, in wei. Reverts with {BondingCurve.PriceOverflow} once the
    /// curve has passed its bound.
    function price() external view returns (uint256) {
        return BondingCurve.priceAt(_curve, sales);
    }

    /// @notice The price after `sales_` met sales (see {BondingCurve} for the formulas and rounding).
    /// @param sales_ Number of sales already made.
    function priceAt(uint256 sales_) external view returns (uint256) {
        return BondingCurve.priceAt(_curve, sales_);
    }

    /// @notice The market's bonding curve.
    function curve() external view returns (BondingCurve.Curve memory) {
        return _curve;
    }

    /// @notice A job; status None when `jobId` is unknown. Read it before settling so a retry never
    /// settles twice. modelHash is zero until the job settles.
    /// @param jobId The job id.
    function getJob(bytes32 jobId) external view returns (Job memory job) {
        Escrow storage e = _escrows[jobId];
        JobData storage d = _jobs[jobId];
        job = Job({
            customer: e.customer,
            thresholdBps: e.term,
            feeBps: e.feeBps,
            status: e.status,
            verifierId: e.verifierId,
            journalFormat: e.journalFormat,
            testSetHash: d.testSetHash,
            quoteId: d.quoteId,
            paramsHash: d.paramsHash,
            modelCommitment: d.modelCommitment,
            modelHash: d.modelHash == MODEL_HASH_UNSET ? bytes32(0) : d.modelHash,
            price: e.price,
            deadline: e.deadline
        });
    }

    /// @notice The vendor, under the name tooling expects for an administered contract.
    function owner() external view returns (address) {
        return vendor;
    }

    /*//////////////////////////////////////////////////////////////
                                INTERNAL
    //////////////////////////////////////////////////////////////*/

    /// @dev Decodes the journal and checks it is of the job's format and names this job, its test set
    /// and its threshold; a format-2 journal must also name this market's dataset and the job's
    /// training parameters, so the model it proves was trained on what the customer paid for.
    function _decodeBoundJournal(Escrow storage e, JobData storage job, bytes32 jobId, bytes calldata journal)
        private
        view
        returns (AccuracyJournal.Journal memory j)
    {
        j = AccuracyJournal.decode(journal);
        uint8 format = e.journalFormat;
        if (j.format != format) revert JournalFormatMismatch(format, j.format);
        if (j.jobId != jobId) revert JournalJobMismatch(jobId, j.jobId);
        if (j.testSetHash != job.testSetHash) revert JournalTestSetMismatch(job.testSetHash, j.testSetHash);
        uint32 thresholdBps = e.term;
        if (j.thresholdBps != thresholdBps) revert JournalThresholdMismatch(thresholdBps, j.thresholdBps);
        if (format == AccuracyJournal.FORMAT_TRAINING) {
            if (j.datasetCommitment != commitment) revert DatasetMismatch(commitment, j.datasetCommitment);
            if (j.paramsHash != job.paramsHash) revert ParamsMismatch(job.paramsHash, j.paramsHash);
        }
    }

    function _checkVendor() private view {
        if (msg.sender != vendor) revert NotVendor(msg.sender, vendor);
    }
}
