// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IZkVerifyAggregation
/// @notice The read side of zkVerify's aggregation contract (zkVerify calls it `IVerifyProofAggregation`).
/// On a public network a market points at zkVerify's deployed proxy; locally at {ZkVerifyAggregation}.
interface IZkVerifyAggregation {
    /// @notice True when `_leaf` (a statement) is in the aggregation `_aggregationId` posted for `_domainId`.
    /// @param _domainId zkVerify domain the aggregation belongs to.
    /// @param _aggregationId Aggregation id within the domain.
    /// @param _leaf The statement (hashed once more to form the Merkle leaf node).
    /// @param _merklePath Sibling hashes from the leaf's row upwards.
    /// @param _leafCount Number of statements in the aggregation.
    /// @param _index Zero-based position of the statement in the aggregation.
    function verifyProofAggregation(
        uint256 _domainId,
        uint256 _aggregationId,
        bytes32 _leaf,
        bytes32[] calldata _merklePath,
        uint256 _leafCount,
        uint256 _index
    ) external view returns (bool);
}
