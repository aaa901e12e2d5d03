// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title AccuracyJournal
/// @notice Decodes and sanity-checks the journals the Veritree guest commits for a job. Two formats, one
/// guest (its stdin `mode` selects the format):
///
///   format 1, "accuracy proof", 8 static words = 256 bytes:
///     abi.encode(uint32 format=1, bytes32 jobId, bytes32 modelHash, bytes32 testSetHash,
///                uint32 correct, uint32 total, uint32 thresholdBps, bool met)
///   format 2, "proof of training", 10 static words = 320 bytes: the same 8 words, then
///     bytes32 datasetCommitment  SHA-256 of the canonical dataset the guest trained on
///     bytes32 paramsHash         SHA-256 of the 11 canonical training-parameter bytes
///
/// Words 0..7 mean the same in both formats. Each format has exactly one length: a journal whose length
/// is not its format's length is refused, so no format-1 journal can be read as format 2 or the reverse.
library AccuracyJournal {
    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    /// @notice The journal is neither 256 bytes (format 1) nor 320 bytes (format 2), or its length is
    /// not the one its format word names.
    error JournalLengthInvalid(uint256 length);
    /// @notice The format is neither 1 nor 2 (a journal's format word, or a job's requested format).
    error JournalFormatUnsupported(uint32 format);
    /// @notice The journal's counts are impossible, or `met` disagrees with them.
    error JournalInconsistent(uint32 correct, uint32 total, uint32 thresholdBps, bool met);

    /*//////////////////////////////////////////////////////////////
                                 TYPES
    //////////////////////////////////////////////////////////////*/

    /// @notice A decoded journal. `datasetCommitment` and `paramsHash` are zero for format 1.
    struct Journal {
        uint32 format;
        bytes32 jobId;
        bytes32 modelHash;
        bytes32 testSetHash;
        uint32 correct;
        uint32 total;
        uint32 thresholdBps;
        bool met;
        bytes32 datasetCommitment;
        bytes32 paramsHash;
    }

    uint32 internal constant FORMAT_ACCURACY = 1;
    uint32 internal constant FORMAT_TRAINING = 2;
    uint256 internal constant LENGTH_ACCURACY = 256;
    uint256 internal constant LENGTH_TRAINING = 320;
    uint256 internal constant BPS = 10_000;

    /*//////////////////////////////////////////////////////////////
                               OPERATIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice True for the formats a job may request (1 and 2).
    function isSupported(uint32 format) internal pure returns (bool) {
        return format == FORMAT_ACCURACY || format == FORMAT_TRAINING;
    }

    /// @notice Decodes a format-1 or format-2 journal, reverting on any other length, format, a length
    /// that is not its format's, or inconsistent counts.
    /// @dev abi.decode itself reverts on dirty high bits (e.g. a uint32 word above 2^32, a bool word
    /// above 1). The `met` check repeats the guest's own rule so a buggy guest cannot pay on a miss.
    /// @param journal The raw journal bytes.
    function decode(bytes calldata journal) internal pure returns (Journal memory j) {
        uint256 length = journal.length;
        if (length != LENGTH_ACCURACY && length != LENGTH_TRAINING) revert JournalLengthInvalid(length);
        j = _decodeCommonWords(journal[:LENGTH_ACCURACY]);
        if (j.format == FORMAT_ACCURACY) {
            if (length != LENGTH_ACCURACY) revert JournalLengthInvalid(length);
        } else if (j.format == FORMAT_TRAINING) {
            if (length != LENGTH_TRAINING) revert JournalLengthInvalid(length);
            (j.datasetCommitment, j.paramsHash) = abi.decode(journal[LENGTH_ACCURACY:], (bytes32, bytes32));
        } else {
            revert JournalFormatUnsupported(j.format);
        }
        // uint32 operands: both products fit in uint256 without overflow.
        bool metByCounts = uint256(j.correct) * BPS >= uint256(j.thresholdBps) * j.total;
        if (j.total == 0 || j.correct > j.total || j.met != metByCounts) {
            revert JournalInconsistent(j.correct, j.total, j.thresholdBps, j.met);
        }
    }

    /// @dev Words 0..7, which both formats share. A function of its own keeps decode's stack shallow.
    function _decodeCommonWords(bytes calldata head) private pure returns (Journal memory j) {
        (j.format, j.jobId, j.modelHash, j.testSetHash, j.correct, j.total, j.thresholdBps, j.met) =
            abi.decode(head, (uint32, bytes32, bytes32, bytes32, uint32, uint32, uint32, bool));
    }
}
