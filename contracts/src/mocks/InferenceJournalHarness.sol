// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {InferenceJournal} from "../libraries/InferenceJournal.sol";

/// @title InferenceJournalHarness
/// @notice TEST ONLY. Exposes the InferenceJournal library so the golden format-3 vectors
/// (zkvm-guest/vectors/golden.json, also read by the Rust and TypeScript tests) can be decoded by
/// the exact Solidity code InferenceFeed settles with.
contract InferenceJournalHarness {
    /// @notice InferenceJournal.decode on `journal`.
    function decode(bytes calldata journal) external pure returns (InferenceJournal.Journal memory) {
        return InferenceJournal.decode(journal);
    }

    /// @notice InferenceJournal.predictionAt on canonical prediction bytes.
    function predictionAt(bytes memory predictions, uint256 index) external pure returns (uint16) {
        return InferenceJournal.predictionAt(predictions, index);
    }
}
