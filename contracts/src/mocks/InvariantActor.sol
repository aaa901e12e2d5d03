// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DatasetMarket} from "../DatasetMarket.sol";

/// @title InvariantActor
/// @notice TEST ONLY. A customer, vendor or fee recipient driven by {InvariantHarness}: it forwards calls
/// and, when ether arrives, accepts it, refuses it, or tries to re-enter the paying market's withdraw.
contract InvariantActor {
    enum Mode {
        Accept,
        Reject,
        Reenter
    }

    address public immutable harness;
    Mode public mode;
    /// @notice Set if a re-entering withdraw ever succeeded (it never should).
    bool public reentrySucceeded;
    /// @notice The selector the last re-entering call reverted with.
    bytes4 public lastReentryError;

    constructor() {
        harness = msg.sender;
    }

    function setMode(Mode mode_) external {
        require(msg.sender == harness, "InvariantActor: not harness");
        mode = mode_;
    }

    /// @notice Calls `target` as this actor (with any ether sent along); returns the raw outcome
    /// instead of reverting.
    function exec(address target, uint256 value, bytes calldata data) external payable returns (bool ok, bytes memory ret) {
        require(msg.sender == harness, "InvariantActor: not harness");
        (ok, ret) = target.call{value: value}(data);
    }

    receive() external payable {
        Mode current = mode;
        if (current == Mode.Reject) revert("InvariantActor: no ether");
        if (current == Mode.Reenter && msg.sender != harness) {
            try DatasetMarket(msg.sender).withdraw() {
                reentrySucceeded = true;
            } catch (bytes memory reason) {
                lastReentryError = bytes4(reason);
            }
        }
    }
}
