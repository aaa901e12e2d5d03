// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IZkVerifyAggregation} from "./interfaces/IZkVerifyAggregation.sol";
import {SubstrateMerkle} from "./libraries/SubstrateMerkle.sol";

/// @title ZkVerifyAggregation
/// @notice A local stand-in for zkVerify's aggregation contract, with the same functions and event: an
/// operator posts the Merkle root of each aggregation of statements, and anyone can check that a
/// statement belongs to a posted aggregation.
/// @dev Only for chains zkVerify does not post to (the local Hardhat chain). Two deliberate differences
/// from zkVerify's deployment, both of which only reject more: a posted root can never be replaced by a
/// different one (re-posting the same root is an idempotent no-op, so a relayer may retry), and a Merkle
/// path longer than the tree is deep returns false instead of being hashed.
contract ZkVerifyAggregation is AccessControl, IZkVerifyAggregation {
    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    /// @notice The ids and roots of a batch have different lengths.
    error InvalidBatchCounts(uint256 ids, uint256 roots);
    /// @notice A batch holds more than MAX_BATCH aggregations.
    error BatchTooLarge(uint256 count, uint256 max);
    /// @notice A different root is already posted under this domain and aggregation id.
    error AggregationAlreadyPosted(uint256 domainId, uint256 aggregationId, bytes32 postedRoot);
    /// @notice The zero root is reserved for "not posted".
    error EmptyAggregation(uint256 domainId, uint256 aggregationId);

    /*//////////////////////////////////////////////////////////////
                                 EVENTS
    //////////////////////////////////////////////////////////////*/

    /// @notice An aggregation root was posted. Names and indexing match zkVerify's event, so the same
    /// indexer code decodes both.
    event AggregationPosted(
        uint256 indexed _domainId, uint256 indexed _aggregationId, bytes32 indexed _proofsAggregation
    );

    /*//////////////////////////////////////////////////////////////
                                STORAGE
    //////////////////////////////////////////////////////////////*/

    /// @notice Role allowed to post aggregations (same role id as zkVerify's).
    bytes32 public constant OPERATOR = keccak256("OPERATOR");
    /// @notice Bound on one batch, so a batch always fits in a block.
    uint256 public constant MAX_BATCH = 64;

    /// @notice Posted roots: domain id => aggregation id => Merkle root (zero when not posted).
    mapping(uint256 => mapping(uint256 => bytes32)) public proofsAggregations;

    /*//////////////////////////////////////////////////////////////
                              CONSTRUCTOR
    //////////////////////////////////////////////////////////////*/

    /// @param _operator Account allowed to post aggregations; the deployer becomes the role admin.
    constructor(address _operator) {
        _grantRole(DEFAULT_ADMIN_ROLE, msg.sender);
        _grantRole(OPERATOR, _operator);
    }

    /*//////////////////////////////////////////////////////////////
                               OPERATIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice Posts the Merkle root of aggregation `_aggregationId` in domain `_domainId`.
    /// @param _domainId zkVerify domain id.
    /// @param _aggregationId Aggregation id within the domain.
    /// @param _proofsAggregation The aggregation's Merkle root.
    function submitAggregation(uint256 _domainId, uint256 _aggregationId, bytes32 _proofsAggregation)
        external
        onlyRole(OPERATOR)
    {
        _registerAggregation(_domainId, _aggregationId, _proofsAggregation);
    }

    /// @notice Posts several aggregations of one domain, e.g. when a relayer catches up.
    /// @param _domainId zkVerify domain id.
    /// @param _aggregationIds Aggregation ids, parallel to `_proofsAggregations`.
    /// @param _proofsAggregations Merkle roots.
    function submitAggregationBatchByDomainId(
        uint256 _domainId,
        uint256[] calldata _aggregationIds,
        bytes32[] calldata _proofsAggregations
    ) external onlyRole(OPERATOR) {
        uint256 count = _aggregationIds.length;
        if (count != _proofsAggregations.length) revert InvalidBatchCounts(count, _proofsAggregations.length);
        if (count > MAX_BATCH) revert BatchTooLarge(count, MAX_BATCH);
        for (uint256 i; i < count; ++i) {
            _registerAggregation(_domainId, _aggregationIds[i], _proofsAggregations[i]);
        }
    }

    /// @inheritdoc IZkVerifyAggregation
    /// @dev Reverts with {SubstrateMerkle.IndexOutOfBounds} when `_index >= _leafCount`, as zkVerify's does.
    function verifyProofAggregation(
        uint256 _domainId,
        uint256 _aggregationId,
        bytes32 _leaf,
        bytes32[] calldata _merklePath,
        uint256 _leafCount,
        uint256 _index
    ) external view returns (bool) {
        // An aggregation that was never posted reads as the zero root, which no keccak256 output matches.
        bytes32 root = proofsAggregations[_domainId][_aggregationId];
        return SubstrateMerkle.verifyKeccak(root, _merklePath, _leafCount, _index, _leaf);
    }

    /// @dev Stores a root once; the same root again is accepted without a second event.
    function _registerAggregation(uint256 domainId, uint256 aggregationId, bytes32 root) private {
        if (root == bytes32(0)) revert EmptyAggregation(domainId, aggregationId);
        bytes32 posted = proofsAggregations[domainId][aggregationId];
        if (posted == root) return;
        if (posted != bytes32(0)) revert AggregationAlreadyPosted(domainId, aggregationId, posted);
        proofsAggregations[domainId][aggregationId] = root;
        emit AggregationPosted(domainId, aggregationId, root);
    }
}
