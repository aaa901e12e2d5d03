// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title InferenceJournal
/// @notice Decodes the journal the Veritree guest commits for a batch of predictions (format 3,
/// "inference proof"), six static words = 192 bytes:
///
///   abi.encode(uint32 format=3, bytes32 requestId, bytes32 modelHash, bytes32 inputsHash,
///              uint32 count, bytes32 predictionsHash)
///
/// The predictions themselves stay out of the journal (zkVerify limits public inputs to 2,052 bytes);
/// the journal commits their hash, and settle checks the predictions it is given against it.
///
/// Predictions, canonically: `count` class indices, each a u16 little-endian (the canonical table's
/// label encoding), concatenated with no header: exactly 2 × count bytes. predictionsHash is the
/// SHA-256 of those bytes: the hash the guest computes with RISC Zero's SHA-256 accelerator, and the
/// one the backend and verify-receipt recompute, so one hash serves guest, contract and clients.
library InferenceJournal {
    /// @notice The journal is not exactly 192 bytes.
    error InferenceJournalLengthInvalid(uint256 length);
    /// @notice The journal's format is not 3.
    error InferenceJournalFormatUnsupported(uint32 format);
    /// @notice The journal claims no predictions.
    error InferenceJournalEmpty();

    /// @notice A decoded format-3 journal.
    struct Journal {
        uint32 format;
        bytes32 requestId;
        bytes32 modelHash;
        bytes32 inputsHash;
        uint32 count;
        bytes32 predictionsHash;
    }

    uint32 internal constant FORMAT_INFERENCE = 3;
    uint256 internal constant LENGTH = 192;
    /// @notice Bytes per canonical prediction (a u16 little-endian class index).
    uint256 internal constant PREDICTION_BYTES = 2;

    /// @notice Decodes a format-3 journal, reverting on any other length or format, or a zero count.
    /// @dev abi.decode itself reverts on dirty high bits of the uint32 words.
    /// @param journal The raw journal bytes.
    function decode(bytes calldata journal) internal pure returns (Journal memory j) {
        if (journal.length != LENGTH) revert InferenceJournalLengthInvalid(journal.length);
        (j.format, j.requestId, j.modelHash, j.inputsHash, j.count, j.predictionsHash) =
            abi.decode(journal, (uint32, bytes32, bytes32, bytes32, uint32, bytes32));
        if (j.format != FORMAT_INFERENCE) revert InferenceJournalFormatUnsupported(j.format);
        if (j.count == 0) revert InferenceJournalEmpty();
    }

    /// @notice The `index`th prediction of canonical prediction bytes (u16 little-endian).
    /// @dev The caller bounds `index` by the count.
    function predictionAt(bytes memory predictions, uint256 index) internal pure returns (uint16) {
        uint256 at = index * PREDICTION_BYTES;
        return uint16(uint8(predictions[at])) | (uint16(uint8(predictions[at + 1])) << 8);
    }
}
