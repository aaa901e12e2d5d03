// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IMarketConfig
/// @notice What a {DatasetMarket} reads from the factory that made it. The fee and the verifier config
/// id are read at openJob and kept with the job, so a later change never alters an open deal; the
/// operator is read when it acts.
interface IMarketConfig {
    /// @notice What a job's journal is verified against: the guest's image id, the zkVerify aggregation
    /// contract and the zkVerify domain whose aggregations are accepted.
    struct VerifierConfig {
        bytes32 imageId;
        address zkVerify;
        uint256 domainId;
    }

    /// @notice Protocol fee in basis points of a met job's price.
    function protocolFeeBps() external view returns (uint16);

    /// @notice Who is credited the protocol fee.
    function feeRecipient() external view returns (address);

    /// @notice Seconds after openJob until the customer may reclaim an unsettled escrow.
    function jobTimeout() external view returns (uint64);

    /// @notice Id of the newest verifier config (ids run from 1; the list is append-only).
    function currentVerifierId() external view returns (uint32);

    /// @notice The verifier config with this id; reverts for an unknown id.
    function verifierConfig(uint32 id) external view returns (VerifierConfig memory);

    /// @notice The backend's settler account, the only one allowed to refund an unprovable job.
    function operator() external view returns (address);
}
