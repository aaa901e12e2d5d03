// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DatasetFactory} from "../DatasetFactory.sol";
import {DatasetMarket} from "../DatasetMarket.sol";
import {ProvenEscrow} from "../ProvenEscrow.sol";
import {ZkVerifyAggregation} from "../ZkVerifyAggregation.sol";
import {IMarketConfig} from "../interfaces/IMarketConfig.sol";
import {BondingCurve} from "../libraries/BondingCurve.sol";
import {Risc0Statement} from "../libraries/Risc0Statement.sol";
import {ForceSend} from "./ForceSend.sol";
import {InvariantActor} from "./InvariantActor.sol";

/// @title InvariantHarness
/// @notice TEST ONLY. Runs seeded random walks over three markets of one factory inside the EVM, so a
/// thousand walks of 200 operations fit in a CI run. It owns the factory, is its operator and the
/// operator of two aggregation contracts, and drives six {InvariantActor}s (customers, vendors, fee
/// recipients; some refuse ether or re-enter). It keeps its own model of every job and credit, predicts
/// each operation's outcome (including the expected reverts), and after every operation checks:
///   - solvency: each market's balance == open escrows + credits + forced ether (so >= what it owes);
///   - the model: the touched job's status and the touched credits equal the contract's;
///   - every job leaves Open exactly once: a second close always reverts, statuses never move again.
/// A full scan of every job and credit ends each walk. Any break reverts {InvariantBroken}.
contract InvariantHarness {
    error InvariantBroken(string what, uint256 a, uint256 b);

    uint8 internal constant OPEN = 1;
    uint8 internal constant SETTLED = 2;
    uint8 internal constant REFUNDED = 3;
    uint8 internal constant RECLAIMED = 4;
    uint8 internal constant UNPROVABLE = 5;
    uint256 internal constant ACTORS = 6;
    uint256 internal constant MARKETS = 3;

    struct JobModel {
        bytes32 id;
        bytes32 modelHash;
        bytes32 testSetHash;
        bytes32 paramsHash;
        uint8 format;
        uint8 market;
        uint8 customer;
        uint8 status;
        uint16 feeBps;
        uint32 threshold;
        uint32 verifierId;
        uint128 price;
        uint64 deadline;
    }

    /// @notice What one walk did (read after each walk and summed by the test).
    struct Counts {
        uint32 ops;
        uint32 opened;
        uint32 settledMet;
        uint32 settledNotMet;
        uint32 unprovable;
        uint32 reclaimed;
        uint32 withdrawn;
        uint32 refusedWithdraws;
        uint32 setterChanges;
        uint32 expectedReverts;
        uint32 forcedEther;
        uint32 fullScans;
    }

    DatasetFactory public factory;
    ZkVerifyAggregation[2] public aggregations;
    DatasetMarket[3] public markets;
    InvariantActor[6] public actors;
    /// @dev Mirror of the factory's verifier configs (index = id - 1), with which aggregation contract.
    bytes32[] internal _imageIds;
    uint8[] internal _aggIndex;
    uint256[] internal _domains;

    JobModel[] internal _jobs;
    mapping(uint256 market => mapping(uint256 actor => uint256)) internal _credit;
    uint256[3] internal _escrow;
    uint256[3] internal _credits;
    uint256[3] internal _surplus;
    uint8 internal _feeRecipient;
    bool internal _actorOperator;
    uint256 internal _rng;
    uint256 internal _aggregationNonce;
    Counts public counts;

    receive() external payable {}

    /// @notice Takes over the factory (after transferOwnership to this harness), makes the actors and
    /// one market per vendor actor (3, 4, 5). The deployer must have made this harness the operator of
    /// the factory and of both aggregation contracts.
    function setUp(DatasetFactory factory_, ZkVerifyAggregation agg0, ZkVerifyAggregation agg1) external {
        factory = factory_;
        aggregations = [agg0, agg1];
        factory_.acceptOwnership();
        IMarketConfig.VerifierConfig memory c = factory_.verifierConfig(1);
        _imageIds.push(c.imageId);
        _aggIndex.push(0);
        _domains.push(c.domainId);
        require(c.zkVerify == address(agg0), "harness: config 1 must use agg0");
        for (uint256 i; i < ACTORS; ++i) {
            actors[i] = new InvariantActor();
        }
        factory_.setFeeRecipient(address(actors[4]));
        _feeRecipient = 4;
        BondingCurve.Curve[3] memory curves = [
            BondingCurve.Curve({kind: 0, basePrice: 1e15, step: 5e14}),
            BondingCurve.Curve({kind: 1, basePrice: 1e15, step: 1.1e18}),
            BondingCurve.Curve({kind: 0, basePrice: 10_001, step: 7})
        ];
        for (uint256 m; m < MARKETS; ++m) {
            bytes32 commitment = keccak256(abi.encode("invariant dataset", m));
            (bool ok, bytes memory ret) = actors[3 + m].exec(
                address(factory_),
                0,
                abi.encodeCall(DatasetFactory.createDataset, (commitment, curves[m], "ipfs://invariant"))
            );
            require(ok, "harness: createDataset");
            markets[m] = DatasetMarket(abi.decode(ret, (address)));
        }
    }

    /// @notice Runs `ops` operations of walk `seed`, chunk `chunk`; then, if `scan` (the walk's last
    /// chunk), checks every job and credit of every market against the model.
    function run(uint256 seed, uint256 chunk, uint256 ops, bool scan) external {
        _rng = uint256(keccak256(abi.encode(seed, chunk)));
        for (uint256 i; i < ops; ++i) {
            _step();
            counts.ops += 1;
        }
        if (scan) _fullScan();
    }

    /*//////////////////////////////////////////////////////////////
                               OPERATIONS
    //////////////////////////////////////////////////////////////*/

    function _step() private {
        uint256 roll = _rand(100);
        if (roll < 30 || _jobs.length == 0) _open();
        else if (roll < 50) _settle();
        else if (roll < 57) _refundUnprovable();
        else if (roll < 64) _reclaim();
        else if (roll < 79) _withdraw();
        else if (roll < 83) _closeAgain();
        else if (roll < 86) _appendVerifierConfig();
        else if (roll < 89) _setFee();
        else if (roll < 91) _setFeeRecipient();
        else if (roll < 93) _setOperator();
        else if (roll < 97) _setMode();
        else if (roll < 98) _forceEther();
        else _setJobTimeout();
    }

    function _open() private {
        uint8 m = uint8(_rand(MARKETS));
        uint8 c = uint8(_rand(ACTORS));
        DatasetMarket market = markets[m];
        uint256 price = market.price();
        uint256 excess = _rand(3) == 0 ? _rand(1e15) : 0;
        bool stale = _rand(20) == 0;
        (DatasetMarket.JobTerms memory terms, bytes32 modelHash) = _newTerms(stale);
        uint256 balanceBefore = address(market).balance;
        bool refusesExcess = actors[c].mode() == InvariantActor.Mode.Reject && excess != 0;
        // exec is payable, so the actor is funded without running its receive.
        (bool ok, bytes memory ret) = actors[c].exec{value: price + excess}(
            address(market), price + excess, abi.encodeCall(DatasetMarket.openJob, (terms, price))
        );
        if (stale || refusesExcess) {
            _expect(!ok, "stale quote or refused excess must revert", c, 0);
            if (stale) _expectError(ret, DatasetMarket.QuoteExpired.selector);
            counts.expectedReverts += 1;
            _check(address(market).balance == balanceBefore, "open revert moved ether", address(market).balance, 0);
            return;
        }
        _expect(ok, "openJob failed", c, m);
        _recordOpen(abi.decode(ret, (bytes32)), m, c, terms, modelHash, price);
    }

    function _newTerms(bool stale) private returns (DatasetMarket.JobTerms memory terms, bytes32 modelHash) {
        modelHash = keccak256(abi.encode("model", _rng));
        terms = DatasetMarket.JobTerms({
            testSetHash: keccak256(abi.encode("test set", _rng)),
            paramsHash: keccak256(abi.encode("params", _rng)),
            modelCommitment: keccak256(abi.encodePacked(modelHash, _salt(modelHash))),
            quoteId: bytes32(_rng),
            quoteExpiresAt: stale ? uint64(block.timestamp - 1) : uint64(block.timestamp + 600),
            thresholdBps: uint32(1 + _rand(10_000)),
            journalFormat: uint8(1 + _rand(2))
        });
    }

    function _recordOpen(
        bytes32 jobId,
        uint8 m,
        uint8 c,
        DatasetMarket.JobTerms memory terms,
        bytes32 modelHash,
        uint256 price
    ) private {
        DatasetMarket.Job memory job = markets[m].getJob(jobId);
        _check(job.verifierId == _imageIds.length, "job verifier id", job.verifierId, _imageIds.length);
        _check(job.price == price, "job price", job.price, price);
        _check(job.journalFormat == terms.journalFormat, "job format", job.journalFormat, terms.journalFormat);
        _jobs.push(
            JobModel({
                id: jobId,
                modelHash: modelHash,
                testSetHash: terms.testSetHash,
                paramsHash: terms.paramsHash,
                format: terms.journalFormat,
                market: m,
                customer: c,
                status: OPEN,
                feeBps: factory.protocolFeeBps(),
                threshold: terms.thresholdBps,
                verifierId: uint32(_imageIds.length),
                price: uint128(price),
                deadline: job.deadline
            })
        );
        _escrow[m] += price;
        counts.opened += 1;
        _checkMarket(m);
        _checkJob(_jobs.length - 1);
    }

    function _settle() private {
        (bool found, uint256 k) = _pickOpen();
        if (!found) return _open();
        JobModel storage job = _jobs[k];
        DatasetMarket market = markets[job.market];
        uint32 total = uint32(1 + _rand(50));
        uint32 correct = uint32(_rand(total + 1));
        bool met = uint256(correct) * 10_000 >= uint256(job.threshold) * total;

        // Sometimes first try another model's genuine journal: it must never settle.
        if (_rand(5) == 0) {
            bytes32 otherModel = keccak256(abi.encode("other model", _rng));
            (bytes memory j2, ProvenEscrow.AggregationProof memory p2) =
                _attest(job, otherModel, met ? 0 : total, total, job.verifierId);
            (bool ok2, bytes memory ret2) = address(market).call(
                abi.encodeCall(DatasetMarket.settle, (job.id, j2, _salt(otherModel), p2))
            );
            _expect(!ok2, "another model settled", k, 0);
            _expectError(ret2, DatasetMarket.ModelMismatch.selector);
            counts.expectedReverts += 1;
        }
        // Sometimes first try a genuine journal of the other format: it must never settle.
        if (_rand(5) == 0) {
            (bytes memory j4, ProvenEscrow.AggregationProof memory p4) =
                _attestAs(job, 3 - job.format, job.modelHash, correct, total, job.verifierId);
            (bool ok4, bytes memory ret4) = address(market).call(
                abi.encodeCall(DatasetMarket.settle, (job.id, j4, _salt(job.modelHash), p4))
            );
            _expect(!ok4, "a journal of the other format settled", k, job.format);
            _expectError(ret4, DatasetMarket.JournalFormatMismatch.selector);
            counts.expectedReverts += 1;
        }
        // Sometimes first try the newest verifier config when the job recorded an older one.
        if (job.verifierId < _imageIds.length && _rand(3) == 0) {
            (bytes memory j3, ProvenEscrow.AggregationProof memory p3) =
                _attest(job, job.modelHash, correct, total, uint32(_imageIds.length));
            (bool ok3,) = address(market).call(
                abi.encodeCall(DatasetMarket.settle, (job.id, j3, _salt(job.modelHash), p3))
            );
            // Equal configs would be indistinguishable; appended configs always change the image id.
            _expect(!ok3, "settled under a config the job did not record", k, job.verifierId);
            counts.expectedReverts += 1;
        }

        (bytes memory journal, ProvenEscrow.AggregationProof memory proof) =
            _attest(job, job.modelHash, correct, total, job.verifierId);
        address feeRecipient = factory.feeRecipient();
        (bool ok, bytes memory ret) = address(market).call(
            abi.encodeCall(DatasetMarket.settle, (job.id, journal, _salt(job.modelHash), proof))
        );
        _expect(ok, "settle failed", k, uint256(bytes32(ret.length >= 4 ? bytes4(ret) : bytes4(0))));
        _escrow[job.market] -= job.price;
        if (met) {
            uint256 fee = (uint256(job.price) * job.feeBps + 9_999) / 10_000;
            _creditTo(job.market, _vendorOf(job.market), job.price - fee);
            if (fee != 0) _creditTo(job.market, _actorIndex(feeRecipient), fee);
            job.status = SETTLED;
            counts.settledMet += 1;
        } else {
            _creditTo(job.market, job.customer, job.price);
            job.status = REFUNDED;
            counts.settledNotMet += 1;
        }
        _check(market.getJob(job.id).modelHash == job.modelHash, "stored modelHash", k, 0);
        _checkMarket(job.market);
        _checkJob(k);
    }

    function _refundUnprovable() private {
        (bool found, uint256 k) = _pickOpen();
        if (!found) return _open();
        JobModel storage job = _jobs[k];
        DatasetMarket market = markets[job.market];
        uint8 reason = uint8(1 + _rand(5));
        // A non-operator (an actor, or the harness when an actor is operator) is always refused.
        bytes memory call_ = abi.encodeCall(ProvenEscrow.refundUnprovable, (job.id, reason));
        bool okWrong;
        if (_actorOperator) (okWrong,) = address(market).call(call_);
        else (okWrong,) = actors[_rand(ACTORS)].exec(address(market), 0, call_);
        _expect(!okWrong, "non-operator refunded", k, 0);
        counts.expectedReverts += 1;
        if (_rand(5) == 0) {
            bytes memory bad = abi.encodeCall(ProvenEscrow.refundUnprovable, (job.id, _rand(2) == 0 ? 0 : 6));
            (bool okBad,) = _asOperator(address(market), bad);
            _expect(!okBad, "bad reason accepted", k, 0);
            counts.expectedReverts += 1;
        }
        (bool ok,) = _asOperator(address(market), call_);
        _expect(ok, "operator refund failed", k, reason);
        _escrow[job.market] -= job.price;
        _creditTo(job.market, job.customer, job.price);
        job.status = UNPROVABLE;
        counts.unprovable += 1;
        _checkMarket(job.market);
        _checkJob(k);
    }

    function _reclaim() private {
        // Prefer a job past its deadline (most are settled long before), else any open one.
        (bool found, uint256 k) = _pickExpired();
        if (!found) (found, k) = _pickOpen();
        if (!found) return _open();
        JobModel storage job = _jobs[k];
        DatasetMarket market = markets[job.market];
        InvariantActor customer = actors[job.customer];
        uint256 before = address(customer).balance;
        (bool ok, bytes memory ret) =
            customer.exec(address(market), 0, abi.encodeCall(ProvenEscrow.reclaim, (job.id)));
        if (block.timestamp < job.deadline) {
            _expect(!ok, "reclaim before the deadline", k, job.deadline);
            _expectError(ret, ProvenEscrow.DeadlineNotReached.selector);
            counts.expectedReverts += 1;
        } else if (customer.mode() == InvariantActor.Mode.Reject) {
            _expect(!ok, "reclaim to a refusing receiver", k, 0);
            _expectError(ret, ProvenEscrow.TransferFailed.selector);
            counts.expectedReverts += 1;
        } else {
            _expect(ok, "reclaim failed", k, 0);
            _check(address(customer).balance == before + job.price, "reclaim paid", address(customer).balance, before);
            _escrow[job.market] -= job.price;
            job.status = RECLAIMED;
            counts.reclaimed += 1;
            _checkReentry(customer);
        }
        _checkMarket(job.market);
        _checkJob(k);
    }

    function _withdraw() private {
        uint8 m = uint8(_rand(MARKETS));
        uint8 a = uint8(_rand(ACTORS));
        DatasetMarket market = markets[m];
        InvariantActor actor = actors[a];
        uint256 owed = _credit[m][a];
        uint256 before = address(actor).balance;
        (bool ok, bytes memory ret) = actor.exec(address(market), 0, abi.encodeCall(ProvenEscrow.withdraw, ()));
        if (owed == 0) {
            _expect(!ok, "withdrew nothing", a, m);
            _expectError(ret, ProvenEscrow.NothingToWithdraw.selector);
            counts.expectedReverts += 1;
        } else if (actor.mode() == InvariantActor.Mode.Reject) {
            _expect(!ok, "paid a refusing receiver", a, m);
            _expectError(ret, ProvenEscrow.TransferFailed.selector);
            counts.refusedWithdraws += 1;
        } else {
            _expect(ok, "withdraw failed", a, m);
            _check(address(actor).balance == before + owed, "withdraw paid", address(actor).balance - before, owed);
            _credits[m] -= owed;
            _credit[m][a] = 0;
            counts.withdrawn += 1;
            _checkReentry(actor);
        }
        _check(market.balances(address(actor)) == _credit[m][a], "credit after withdraw", a, m);
        _checkMarket(m);
    }

    /// @dev Any way of closing an already closed job must revert and change nothing.
    function _closeAgain() private {
        uint256 k = _rand(_jobs.length);
        JobModel storage job = _jobs[k];
        if (job.status == OPEN) return _settle();
        DatasetMarket market = markets[job.market];
        bool ok;
        uint256 how = _rand(3);
        if (how == 0) {
            (bytes memory journal, ProvenEscrow.AggregationProof memory proof) =
                _attest(job, job.modelHash, 1, 1, job.verifierId);
            (ok,) = address(market).call(
                abi.encodeCall(DatasetMarket.settle, (job.id, journal, _salt(job.modelHash), proof))
            );
        } else if (how == 1) {
            (ok,) = _asOperator(address(market), abi.encodeCall(ProvenEscrow.refundUnprovable, (job.id, 5)));
        } else {
            (ok,) = actors[job.customer].exec(address(market), 0, abi.encodeCall(ProvenEscrow.reclaim, (job.id)));
        }
        _expect(!ok, "a closed job closed again", k, how);
        counts.expectedReverts += 1;
        _checkMarket(job.market);
        _checkJob(k);
    }

    function _appendVerifierConfig() private {
        uint8 agg = uint8(_rand(2));
        bytes32 imageId = keccak256(abi.encode("image", _rng));
        uint256 domain = _rand(4);
        factory.setVerifierConfig(
            IMarketConfig.VerifierConfig({imageId: imageId, zkVerify: address(aggregations[agg]), domainId: domain})
        );
        _imageIds.push(imageId);
        _aggIndex.push(agg);
        _domains.push(domain);
        _check(factory.currentVerifierId() == _imageIds.length, "verifier id", factory.currentVerifierId(), _imageIds.length);
        counts.setterChanges += 1;
    }

    function _setFee() private {
        factory.setProtocolFee(uint16(_rand(1_001)));
        counts.setterChanges += 1;
    }

    function _setFeeRecipient() private {
        _feeRecipient = uint8(_rand(ACTORS));
        factory.setFeeRecipient(address(actors[_feeRecipient]));
        counts.setterChanges += 1;
    }

    function _setOperator() private {
        _actorOperator = !_actorOperator;
        factory.setOperator(_actorOperator ? address(actors[5]) : address(this));
        counts.setterChanges += 1;
    }

    function _setMode() private {
        uint256 a = _rand(ACTORS);
        actors[a].setMode(InvariantActor.Mode(_rand(3)));
    }

    function _setJobTimeout() private {
        factory.setJobTimeout(uint64(6 hours + _rand(2 days)));
        counts.setterChanges += 1;
    }

    function _forceEther() private {
        uint8 m = uint8(_rand(MARKETS));
        uint256 amount = 1 + _rand(1e15);
        new ForceSend{value: amount}(payable(address(markets[m])));
        _surplus[m] += amount;
        counts.forcedEther += 1;
        _checkMarket(m);
    }

    /*//////////////////////////////////////////////////////////////
                                 CHECKS
    //////////////////////////////////////////////////////////////*/

    function _checkMarket(uint256 m) private view {
        uint256 balance = address(markets[m]).balance;
        uint256 owed = _escrow[m] + _credits[m];
        _check(balance >= owed, "market holds less than it owes", balance, owed);
        _check(balance == owed + _surplus[m], "market balance != owed + forced ether", balance, owed + _surplus[m]);
    }

    function _checkJob(uint256 k) private view {
        JobModel storage job = _jobs[k];
        DatasetMarket market = markets[job.market];
        DatasetMarket.Job memory onChain = market.getJob(job.id);
        _check(uint8(onChain.status) == job.status, "job status", uint8(onChain.status), job.status);
        address customer = address(actors[job.customer]);
        _check(market.balances(customer) == _credit[job.market][job.customer], "customer credit", k, 0);
    }

    function _checkReentry(InvariantActor actor) private view {
        _check(!actor.reentrySucceeded(), "a re-entering withdraw succeeded", 0, 0);
    }

    function _fullScan() private {
        uint256[3] memory escrow;
        for (uint256 k; k < _jobs.length; ++k) {
            JobModel storage job = _jobs[k];
            DatasetMarket.Job memory onChain = markets[job.market].getJob(job.id);
            _check(uint8(onChain.status) == job.status, "scan: job status", k, uint8(onChain.status));
            if (job.status == OPEN) escrow[job.market] += onChain.price;
            else _check(onChain.status != ProvenEscrow.JobStatus.Open, "scan: closed job open", k, 0);
        }
        for (uint256 m; m < MARKETS; ++m) {
            uint256 credits;
            for (uint256 a; a < ACTORS; ++a) {
                uint256 onChain = markets[m].balances(address(actors[a]));
                _check(onChain == _credit[m][a], "scan: credit", m * 16 + a, onChain);
                credits += onChain;
            }
            _check(escrow[m] == _escrow[m], "scan: escrow", escrow[m], _escrow[m]);
            uint256 balance = address(markets[m]).balance;
            _check(balance >= escrow[m] + credits, "scan: insolvent", balance, escrow[m] + credits);
            _check(balance == escrow[m] + credits + _surplus[m], "scan: balance", balance, escrow[m] + credits);
        }
        counts.fullScans += 1;
    }

    /*//////////////////////////////////////////////////////////////
                                HELPERS
    //////////////////////////////////////////////////////////////*/

    /// @dev Builds a journal of `modelHash` for `job`, aggregates its statement under verifier config
    /// `verifierId` (alone, or beside a filler) and posts the root as that config's aggregation operator.
    function _attest(JobModel storage job, bytes32 modelHash, uint32 correct, uint32 total, uint32 verifierId)
        private
        returns (bytes memory journal, ProvenEscrow.AggregationProof memory proof)
    {
        return _attestAs(job, job.format, modelHash, correct, total, verifierId);
    }

    /// @dev {_attest} with a journal of `format` (1, or 2 with the market's commitment and the job's
    /// params), whatever the job's own format.
    function _attestAs(
        JobModel storage job,
        uint8 format,
        bytes32 modelHash,
        uint32 correct,
        uint32 total,
        uint32 verifierId
    ) private returns (bytes memory journal, ProvenEscrow.AggregationProof memory proof) {
        bool met = uint256(correct) * 10_000 >= uint256(job.threshold) * total;
        journal = abi.encode(uint32(1), job.id, modelHash, job.testSetHash, correct, total, job.threshold, met);
        if (format == 2) {
            journal[31] = 0x02;
            journal = bytes.concat(journal, abi.encode(markets[job.market].commitment(), job.paramsHash));
        }
        bytes32 statement = this.statementOf(_imageIds[verifierId - 1], journal);
        uint256 domain = _domains[verifierId - 1];
        uint256 aggregationId = ++_aggregationNonce;
        bytes32 node = keccak256(abi.encodePacked(statement));
        bytes32 root;
        bytes32[] memory path;
        uint256 leafCount;
        uint256 index;
        if (_rand(2) == 0) {
            root = node;
            leafCount = 1;
        } else {
            bytes32 filler = keccak256(abi.encodePacked(keccak256(abi.encode("filler", _rng))));
            path = new bytes32[](1);
            path[0] = filler;
            leafCount = 2;
            index = _rand(2);
            root = index == 0 ? keccak256(abi.encodePacked(node, filler)) : keccak256(abi.encodePacked(filler, node));
        }
        aggregations[_aggIndex[verifierId - 1]].submitAggregation(domain, aggregationId, root);
        proof = ProvenEscrow.AggregationProof({
            domainId: domain,
            aggregationId: aggregationId,
            merklePath: path,
            leafCount: leafCount,
            index: index
        });
    }

    /// @notice The statement of `journal` under `imageId` (external so calldata slicing applies).
    function statementOf(bytes32 imageId, bytes calldata journal) external pure returns (bytes32) {
        return Risc0Statement.compute(imageId, journal);
    }

    function _asOperator(address target, bytes memory data) private returns (bool ok, bytes memory ret) {
        if (_actorOperator) return actors[5].exec(target, 0, data);
        return target.call(data);
    }

    function _pickOpen() private returns (bool, uint256) {
        uint256 n = _jobs.length;
        if (n == 0) return (false, 0);
        uint256 start = _rand(n);
        for (uint256 i; i < n; ++i) {
            uint256 k = (start + i) % n;
            if (_jobs[k].status == OPEN) return (true, k);
        }
        return (false, 0);
    }

    function _pickExpired() private view returns (bool, uint256) {
        for (uint256 k; k < _jobs.length; ++k) {
            if (_jobs[k].status == OPEN && block.timestamp >= _jobs[k].deadline) return (true, k);
        }
        return (false, 0);
    }

    function _creditTo(uint256 m, uint256 a, uint256 amount) private {
        _credit[m][a] += amount;
        _credits[m] += amount;
    }

    function _vendorOf(uint256 m) private pure returns (uint256) {
        return 3 + m;
    }

    function _actorIndex(address who) private view returns (uint256) {
        for (uint256 a; a < ACTORS; ++a) {
            if (address(actors[a]) == who) return a;
        }
        revert InvariantBroken("fee recipient is not an actor", uint160(who), 0);
    }

    function _salt(bytes32 modelHash) private pure returns (bytes32) {
        return keccak256(abi.encode("salt", modelHash));
    }

    function _rand(uint256 n) private returns (uint256) {
        _rng = uint256(keccak256(abi.encode(_rng)));
        return _rng % n;
    }

    function _check(bool ok, string memory what, uint256 a, uint256 b) private pure {
        if (!ok) revert InvariantBroken(what, a, b);
    }

    function _expect(bool ok, string memory what, uint256 a, uint256 b) private pure {
        if (!ok) revert InvariantBroken(what, a, b);
    }

    function _expectError(bytes memory ret, bytes4 selector) private pure {
        bytes4 got = ret.length >= 4 ? bytes4(ret) : bytes4(0);
        if (got != selector) revert InvariantBroken("unexpected revert reason", uint32(got), uint32(selector));
    }
}
