// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Risc0Statement
/// @notice The statement zkVerify's RISC Zero verifier publishes for a verified receipt:
///
///   statement = keccak256( keccak256("risc0") || imageId || sha256("risc0:v3.0") || keccak256(journal) )
///
/// zkVerify aggregates these statements into a Merkle root that is posted on-chain, so rebuilding the
/// statement from the registered image id and the raw journal is what ties an aggregation proof to "this
/// guest program committed exactly this journal". The version hash pins risc0-zkvm 3.0 receipts
/// (zkverifyjs `Risc0Version.V3_0`); a receipt verified under another version yields another statement.
library Risc0Statement {
    /// @notice keccak256("risc0"): zkVerify's verifier context for RISC Zero.
    bytes32 internal constant CONTEXT_HASH = keccak256("risc0");

    /// @notice sha256("risc0:v3.0"), zkVerify's version hash for risc0-zkvm 3.0 receipts. A literal because
    /// sha256 is not a compile-time constant in Solidity; the test suite pins it against its preimage.
    bytes32 internal constant VERSION_HASH = 0xaa24368f9ce9025f58596d966209fc3f322c8cac37dae753bb9b0367d273700d;

    /// @notice The zkVerify statement for a RISC Zero 3.0 receipt of `imageId` that committed `journal`.
    /// @param imageId The guest's image id (zkVerify's `vk`).
    /// @param journal The raw journal bytes (zkVerify's `publicSignals`).
    function compute(bytes32 imageId, bytes calldata journal) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(CONTEXT_HASH, imageId, VERSION_HASH, keccak256(journal)));
    }
}
