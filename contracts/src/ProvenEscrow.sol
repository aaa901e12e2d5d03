// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Initializable} from "@openzeppelin/contracts/proxy/utils/Initializable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IMarketConfig} from "./interfaces/IMarketConfig.sol";
import {IZkVerifyAggregation} from "./interfaces/IZkVerifyAggregation.sol";
import {Risc0Statement} from "./libraries/Risc0Statement.sol";

/// @title ProvenEscrow
/// @notice The escrow rules every paid, proven piece of Veritree work follows, written once: a
/// {DatasetMarket} job (a model trained and its accuracy proven) and an {InferenceFeed} request (a
/// batch of predictions proven to come from a bought model) are both a "job" here.
///
///   open      the customer pays exactly the price (slippage guard, excess refunded to the caller); the
///             job snapshots the protocol fee, the factory's current verifier config id and its deadline
///   settle    only a journal attested by zkVerify under the job's verifier config releases the escrow:
///             the payee (and a royalty recipient, if any) and the fee recipient are credited
///   refund    a journal that proves failure credits the customer back in full
///   unprovable the factory's operator credits the customer back in full, never pays anyone else
///   reclaim   from the deadline on, the customer takes an unsettled escrow back
///   withdraw  every credit is pulled by its owner (pull payments)
///
/// Each job leaves Open exactly once. Every state-changing entry point holds a transient-storage
/// reentrancy guard, and all effects happen before any ether leaves. Ether is only ever pushed to the
/// caller itself (the excess refund, reclaim, withdraw); everyone else is credited.
/// @dev Subclasses decide what a job is and how its journal binds to it: they call {_openEscrow} from
/// their open function, and {_openJob}, {_checkAttested}, then {_payOut} or {_refundCustomer} from their
/// settle. The subclass's own per-job data lives in its own mapping under the same id.
abstract contract ProvenEscrow is Initializable, ReentrancyGuardTransient {
    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    /// @notice Only the factory's operator may refund an unprovable job.
    error NotOperator(address caller, address operator);
    /// @notice The unprovable reason is not one of UNPROVABLE_* (1..5).
    error UnprovableReasonOutOfRange(uint8 reason);
    /// @notice The current price is above what the customer agreed to pay.
    error SlippageExceeded(uint256 price, uint256 maxPrice);
    /// @notice Less ether was sent than the current price.
    error InsufficientPayment(uint256 sent, uint256 price);
    /// @notice The job is unknown or has already left the Open state.
    error JobNotOpen(bytes32 jobId, JobStatus status);
    /// @notice The aggregation is from another zkVerify domain than the job's verifier config accepts.
    error DomainMismatch(uint256 domainId, uint256 expectedDomainId);
    /// @notice The Merkle index does not name a leaf of the aggregation.
    error MerkleIndexOutOfRange(uint256 index, uint256 leafCount);
    /// @notice zkVerify's aggregation contract does not attest this statement at that position.
    error ProofNotVerified(bytes32 statement, uint256 domainId, uint256 aggregationId);
    /// @notice Only the job's customer may reclaim it.
    error NotJobCustomer(bytes32 jobId, address caller, address customer);
    /// @notice The job can be reclaimed only from its deadline on.
    error DeadlineNotReached(bytes32 jobId, uint64 deadline);
    /// @notice The caller has no balance to withdraw.
    error NothingToWithdraw(address account);
    /// @notice Sending ether to `to` failed.
    error TransferFailed(address to, uint256 amount);

    /*//////////////////////////////////////////////////////////////
                                 EVENTS
    //////////////////////////////////////////////////////////////*/

    /// @notice A job's escrow was credited back to its customer because its journal proved failure
    /// (withdraw to collect).
    event JobRefunded(bytes32 indexed jobId, address indexed customer, uint256 amount);
    /// @notice The operator refunded a job that can never be proven (`reason`: UNPROVABLE_*); the
    /// customer is credited `amount` (withdraw to collect).
    event JobUnprovable(bytes32 indexed jobId, address indexed customer, uint8 reason, uint256 amount);
    /// @notice The customer took an unsettled escrow back after the deadline.
    event JobReclaimed(bytes32 indexed jobId, address indexed customer, uint256 amount);
    /// @notice `account` withdrew its whole balance.
    event Withdrawn(address indexed account, uint256 amount);

    /*//////////////////////////////////////////////////////////////
                                 TYPES
    //////////////////////////////////////////////////////////////*/

    /// @notice Where a job is in its life. None means "no such job".
    enum JobStatus {
        None,
        Open,
        Settled,
        Refunded,
        Reclaimed,
        Unprovable
    }

    /// @notice Where a journal's statement sits in a zkVerify aggregation.
    struct AggregationProof {
        uint256 domainId;
        uint256 aggregationId;
        bytes32[] merklePath;
        uint256 leafCount;
        uint256 index;
    }

    /// @notice The money side of a job (two storage slots).
    /// @param customer Who paid, and who is refunded.
    /// @param feeBps Protocol fee snapshotted at open, so a later fee change cannot alter this deal.
    /// @param status See {JobStatus}.
    /// @param verifierId The factory's verifier config the job is verified against (current at open).
    /// @param journalFormat The journal format that must settle the job (a market job: 1 or 2; a feed
    /// request: 3).
    /// @param term The subclass's one small per-job term: a market job's accuracy threshold in basis
    /// points, a feed request's prediction count. It fills the first slot, which settle reads anyway for
    /// the status, so binding the journal to it costs no extra cold storage read (2,100 gas).
    /// @param price Escrowed amount, in wei.
    /// @param deadline Unix time from which the customer may reclaim an unsettled job.
    struct Escrow {
        address customer;
        uint16 feeBps;
        JobStatus status;
        uint32 verifierId;
        uint8 journalFormat;
        uint32 term;
        uint128 price;
        uint64 deadline;
    }

    /*//////////////////////////////////////////////////////////////
                                STORAGE
    //////////////////////////////////////////////////////////////*/

    uint32 internal constant BPS = 10_000;

    /// @notice Why a job can never be proven (mirrored by UNPROVABLE_REASON in the TS module
    /// job-terms): the input (a test set, a batch of rows) is too large for zkVerify's receipt limits.
    uint8 public constant UNPROVABLE_TEST_SET_TOO_LARGE = 1;
    /// @notice The model the backend holds does not match the one the job binds.
    uint8 public constant UNPROVABLE_MODEL_MISMATCH = 2;
    /// @notice The job's recorded verifier config is not the one the backend proves for.
    uint8 public constant UNPROVABLE_VERIFIER_MISMATCH = 3;
    /// @notice The job's terms differ from the stored quote, or the quote is unknown or expired.
    uint8 public constant UNPROVABLE_TERMS_MISMATCH = 4;
    /// @notice A permanent, non-transient proving failure.
    uint8 public constant UNPROVABLE_PROVER_FAILED = 5;

    /// @notice The factory that made this contract; it supplies fee, operator, timeout and verifier configs.
    IMarketConfig public factory;
    /// @notice Amounts each account may withdraw (payee earnings, royalties, protocol fees, refunds).
    mapping(address => uint256) public balances;

    mapping(bytes32 => Escrow) internal _escrows;

    /*//////////////////////////////////////////////////////////////
                               OPERATIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice The operator (the backend's settler) refunds a job that can never be proven, at once,
    /// instead of leaving the customer to wait for the deadline. It can only credit the customer the
    /// whole escrow, never pay anyone else.
    /// @param jobId The job to refund.
    /// @param reason Why it cannot be proven: one of UNPROVABLE_* (1..5).
    function refundUnprovable(bytes32 jobId, uint8 reason) external nonReentrant {
        address operator_ = factory.operator();
        if (msg.sender != operator_) revert NotOperator(msg.sender, operator_);
        if (reason < UNPROVABLE_TEST_SET_TOO_LARGE || reason > UNPROVABLE_PROVER_FAILED) {
            revert UnprovableReasonOutOfRange(reason);
        }
        Escrow storage e = _openJob(jobId);
        uint256 amount = e.price;
        address customer = e.customer;
        e.status = JobStatus.Unprovable;
        balances[customer] += amount;
        emit JobUnprovable(jobId, customer, reason, amount);
    }

    /// @notice The customer takes back the escrow of a job nobody settled before its deadline.
    /// @dev Settling stays possible after the deadline until the customer reclaims: whichever comes
    /// first closes the job.
    /// @param jobId The job to reclaim.
    function reclaim(bytes32 jobId) external nonReentrant {
        Escrow storage e = _openJob(jobId);
        if (msg.sender != e.customer) revert NotJobCustomer(jobId, msg.sender, e.customer);
        if (block.timestamp < e.deadline) revert DeadlineNotReached(jobId, e.deadline);

        uint256 amount = e.price;
        e.status = JobStatus.Reclaimed;
        _send(msg.sender, amount);
        emit JobReclaimed(jobId, msg.sender, amount);
    }

    /// @notice Sends the caller their whole balance.
    /// @dev Reads, zeroes, sends, then emits: the balance is gone before any ether leaves.
    /// @return amount The amount sent.
    function withdraw() external nonReentrant returns (uint256 amount) {
        amount = balances[msg.sender];
        if (amount == 0) revert NothingToWithdraw(msg.sender);
        balances[msg.sender] = 0;
        _send(msg.sender, amount);
        emit Withdrawn(msg.sender, amount);
    }

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @notice The zkVerify statement settle would look for: the journal under the image id of the
    /// job's verifier config. Reverts {IMarketConfig-verifierConfig} for an unknown job (id 0).
    /// @param jobId The job whose verifier config applies.
    /// @param journal The raw journal bytes.
    function statementFor(bytes32 jobId, bytes calldata journal) external view returns (bytes32) {
        return Risc0Statement.compute(factory.verifierConfig(_escrows[jobId].verifierId).imageId, journal);
    }

    /*//////////////////////////////////////////////////////////////
                                INTERNAL
    //////////////////////////////////////////////////////////////*/

    /// @dev Escrows exactly `price` for a new job `jobId` paid by the caller, after the slippage and
    /// payment checks; snapshots the fee, the current verifier config and the deadline, and records the
    /// job's journal format and term (see {Escrow}). The caller emits its open event, then calls
    /// {_refundExcess} last.
    function _openEscrow(bytes32 jobId, uint256 price, uint256 maxPrice, uint8 journalFormat, uint32 term)
        internal
        returns (Escrow storage e)
    {
        if (price > maxPrice) revert SlippageExceeded(price, maxPrice);
        if (msg.value < price) revert InsufficientPayment(msg.value, price);
        IMarketConfig config = factory;
        e = _escrows[jobId];
        e.customer = msg.sender;
        e.feeBps = config.protocolFeeBps();
        e.status = JobStatus.Open;
        e.verifierId = config.currentVerifierId();
        e.journalFormat = journalFormat;
        e.term = term;
        // Callers bound prices to uint128 (the curve's MAX_PRICE, a feed's count × price); a cast
        // would silently wrap, so check.
        e.price = SafeCast.toUint128(price);
        e.deadline = uint64(block.timestamp) + config.jobTimeout();
    }

    /// @dev Sends the caller what it paid above `price` (an interaction: call it last).
    function _refundExcess(uint256 price) internal {
        uint256 excess = msg.value - price;
        if (excess != 0) _send(msg.sender, excess);
    }

    /// @dev The escrow of `jobId`, which must be Open.
    function _openJob(bytes32 jobId) internal view returns (Escrow storage e) {
        e = _escrows[jobId];
        if (e.status != JobStatus.Open) revert JobNotOpen(jobId, e.status);
    }

    /// @dev Reverts unless the zkVerify contract of verifier config `verifierId` attests the statement
    /// of (that config's image id, journal) in the given aggregation of that config's domain.
    function _checkAttested(uint32 verifierId, bytes calldata journal, AggregationProof calldata proof)
        internal
        view
    {
        IMarketConfig.VerifierConfig memory config = factory.verifierConfig(verifierId);
        if (proof.domainId != config.domainId) revert DomainMismatch(proof.domainId, config.domainId);
        // zkVerify's contract reverts on this too, with an error this ABI could not decode.
        if (proof.index >= proof.leafCount) revert MerkleIndexOutOfRange(proof.index, proof.leafCount);
        bytes32 statement = Risc0Statement.compute(config.imageId, journal);
        bool attested = IZkVerifyAggregation(config.zkVerify).verifyProofAggregation(
            proof.domainId, proof.aggregationId, statement, proof.merklePath, proof.leafCount, proof.index
        );
        if (!attested) revert ProofNotVerified(statement, proof.domainId, proof.aggregationId);
    }

    /// @dev Settles an Open escrow as paid: fee = ceil(price × feeBps / 10000) (the protocol's favour)
    /// to the fee recipient, royalty = floor(price × royaltyBps / 10000) to `royaltyRecipient`, the rest
    /// to `payee`, all as credits. feeBps <= 1000 (the factory's cap) and royaltyBps <= 2000 (the
    /// market's cap) keep fee + royalty below the price.
    function _payOut(Escrow storage e, address payee, address royaltyRecipient, uint256 royaltyBps)
        internal
        returns (uint256 payeeAmount, uint256 royalty, uint256 fee)
    {
        uint256 amount = e.price;
        fee = Math.mulDiv(amount, e.feeBps, BPS, Math.Rounding.Ceil);
        royalty = royaltyBps == 0 ? 0 : Math.mulDiv(amount, royaltyBps, BPS);
        payeeAmount = amount - fee - royalty;
        address feeRecipient = factory.feeRecipient();
        e.status = JobStatus.Settled;
        balances[payee] += payeeAmount;
        if (royalty != 0) balances[royaltyRecipient] += royalty;
        if (fee != 0) balances[feeRecipient] += fee;
    }

    /// @dev Settles an Open escrow as failed: the whole price is credited back to the customer.
    function _refundCustomer(Escrow storage e, bytes32 jobId) internal {
        uint256 amount = e.price;
        address customer = e.customer;
        e.status = JobStatus.Refunded;
        balances[customer] += amount;
        emit JobRefunded(jobId, customer, amount);
    }

    function _send(address to, uint256 amount) internal {
        (bool ok,) = payable(to).call{value: amount}("");
        if (!ok) revert TransferFailed(to, amount);
    }
}
