// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title SubstrateMerkle
/// @notice Verifies a proof of membership in a Substrate `binary-merkle-tree` with keccak256, the tree
/// zkVerify builds over the statements of one aggregation.
/// @dev The tree: each leaf node is keccak256(leaf); a parent is keccak256(left || right) (unsorted);
/// an odd last node is promoted to the next row unchanged, and contributes no path element for that row.
/// A promoted node stays the last of every later row, so whenever it does get a sibling that sibling is
/// on its left - which is why the walk also puts the path element on the left when `pos + 1 == width`.
/// A path therefore has at most ceil(log2(leafCount)) elements; longer ones are rejected before hashing,
/// which bounds the loop.
library SubstrateMerkle {
    /// @notice `index` does not name a leaf of a tree with `leafCount` leaves.
    error IndexOutOfBounds(uint256 index, uint256 leafCount);

    /// @notice True when `leaf` at `index` of a `leafCount`-leaf tree hashes up to `root` along `path`.
    /// @param root The expected root.
    /// @param path Sibling hashes from the leaf's row upwards.
    /// @param leafCount Number of leaves in the tree.
    /// @param index Zero-based position of the leaf in the bottom row.
    /// @param leaf The leaf value (it is hashed once more to form the leaf node).
    function verifyKeccak(
        bytes32 root,
        bytes32[] calldata path,
        uint256 leafCount,
        uint256 index,
        bytes32 leaf
    ) internal pure returns (bool) {
        if (index >= leafCount) revert IndexOutOfBounds(index, leafCount);
        if (path.length > Math.log2(leafCount, Math.Rounding.Ceil)) return false;

        bytes32 node = keccak256(abi.encodePacked(leaf));
        uint256 pos = index;
        uint256 width = leafCount;
        for (uint256 i; i < path.length; ++i) {
            node = (pos % 2 == 1 || pos + 1 == width)
                ? keccak256(abi.encodePacked(path[i], node))
                : keccak256(abi.encodePacked(node, path[i]));
            pos /= 2;
            width = (width - 1) / 2 + 1;
        }
        return node == root;
    }
}
