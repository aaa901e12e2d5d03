// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title AccuracyJournal
/// @notice Decodes and sanity-checks the journal the Veritree guest commits (format 1, "accuracy proof"):
///
///   abi.encode(uint32 format, bytes32 jobId, bytes32 modelHash, bytes32 testSetHash,
///              uint32 correct, uint32 total, uint32 thresholdBps, bool met)
///
/// Eight static words, so a well-formed journal is exactly 256 bytes.
library AccuracyJournal {
    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    /// @notice The journal is not exactly 256 bytes.
    error JournalLengthInvalid(uint256 length);
    /// @notice The journal's format is not 1.
    error JournalFormatUnsupported(uint32 format);
    /// @notice The journal's counts are impossible, or `met` disagrees with them.
    error JournalInconsistent(uint32 correct, uint32 total, uint32 thresholdBps, bool met);

    /*//////////////////////////////////////////////////////////////
                                 TYPES
    //////////////////////////////////////////////////////////////*/

    /// @notice A decoded format-1 journal.
    struct Journal {
        uint32 format;
        bytes32 jobId;
        bytes32 modelHash;
        bytes32 testSetHash;
        uint32 correct;
        uint32 total;
        uint32 thresholdBps;
        bool met;
    }

    uint32 internal constant FORMAT_ACCURACY = 1;
    uint256 internal constant LENGTH = 256;
    uint256 internal constant BPS = 10_000;

    /*//////////////////////////////////////////////////////////////
                               OPERATIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice Decodes a format-1 journal, reverting on any other length, format or inconsistency.
    /// @dev abi.decode itself reverts on dirty high bits (e.g. a uint32 word above 2^32, a bool word
    /// above 1). The `met` check repeats the guest's own rule so a buggy guest cannot pay on a miss.
    /// @param journal The raw journal bytes.
    function decode(bytes calldata journal) internal pure returns (Journal memory j) {
        if (journal.length != LENGTH) revert JournalLengthInvalid(journal.length);
        (j.format, j.jobId, j.modelHash, j.testSetHash, j.correct, j.total, j.thresholdBps, j.met) =
            abi.decode(journal, (uint32, bytes32, bytes32, bytes32, uint32, uint32, uint32, bool));
        if (j.format != FORMAT_ACCURACY) revert JournalFormatUnsupported(j.format);
        // uint32 operands: both products fit in uint256 without overflow.
        bool metByCounts = uint256(j.correct) * BPS >= uint256(j.thresholdBps) * j.total;
        if (j.total == 0 || j.correct > j.total || j.met != metByCounts) {
            revert JournalInconsistent(j.correct, j.total, j.thresholdBps, j.met);
        }
    }
}
