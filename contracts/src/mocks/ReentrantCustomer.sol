// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DatasetMarket} from "../DatasetMarket.sol";

/// @title ReentrantCustomer
/// @notice TEST ONLY. A customer contract that tries to re-enter its market from `receive` (or refuses
/// ether), so the tests can show the reentrancy guard and the failed-transfer path at work.
contract ReentrantCustomer {
    /// @notice What `receive` does when ether arrives.
    enum Mode {
        Accept,
        Reject,
        ReenterWithdraw,
        ReenterReclaim,
        ReenterOpenJob
    }

    DatasetMarket public immutable market;
    Mode public mode;
    bytes32 public lastJobId;
    /// @notice The selector the re-entering call reverted with (zero if it did not revert).
    bytes4 public reentryError;
    /// @notice Whether the re-entering call succeeded (it never should).
    bool public reentrySucceeded;

    /// @param market_ The market to attack.
    constructor(DatasetMarket market_) {
        market = market_;
    }

    /// @notice Chooses what `receive` does next.
    function setMode(Mode mode_) external {
        mode = mode_;
    }

    /// @notice Opens a job as this contract, forwarding the ether.
    function openJob(DatasetMarket.JobTerms calldata terms, uint256 maxPrice) external payable {
        lastJobId = market.openJob{value: msg.value}(terms, maxPrice);
    }

    /// @notice Reclaims the last job opened.
    function reclaim() external {
        market.reclaim(lastJobId);
    }

    /// @notice Withdraws this contract's credit.
    function withdraw() external {
        market.withdraw();
    }

    /// @notice Accepts, refuses, or re-enters once, as `mode` says.
    receive() external payable {
        Mode current = mode;
        if (current == Mode.Accept) return;
        if (current == Mode.Reject) revert("ReentrantCustomer: no ether");
        // Re-enter once only.
        mode = Mode.Accept;
        if (current == Mode.ReenterWithdraw) {
            try market.withdraw() {
                reentrySucceeded = true;
            } catch (bytes memory reason) {
                reentryError = bytes4(reason);
            }
        } else if (current == Mode.ReenterReclaim) {
            try market.reclaim(lastJobId) {
                reentrySucceeded = true;
            } catch (bytes memory reason) {
                reentryError = bytes4(reason);
            }
        } else {
            DatasetMarket.JobTerms memory terms = DatasetMarket.JobTerms({
                testSetHash: bytes32(uint256(1)),
                paramsHash: bytes32(uint256(1)),
                modelCommitment: bytes32(uint256(1)),
                quoteId: bytes32(0),
                quoteExpiresAt: type(uint64).max,
                thresholdBps: 1,
                journalFormat: 1
            });
            try market.openJob{value: 0}(terms, type(uint256).max) {
                reentrySucceeded = true;
            } catch (bytes memory reason) {
                reentryError = bytes4(reason);
            }
        }
    }
}
