// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ForceSend
/// @notice TEST ONLY. Forces its value into `target` by self-destructing in its constructor. Under
/// Cancun (EIP-6780) a contract that self-destructs in the transaction that created it is still
/// deleted and its balance still moves, without calling the target's code: a market cannot refuse it.
contract ForceSend {
    /// @param target Who receives the ether.
    constructor(address payable target) payable {
        selfdestruct(target);
    }
}
