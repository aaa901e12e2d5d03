// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IMarketConfig
/// @notice What a {DatasetMarket} reads from the factory that made it. Verification settings are read
/// at settle time (so the protocol can rotate them); the fee is read at openJob and kept with the job.
interface IMarketConfig {
    /// @notice Protocol fee in basis points of a met job's price.
    function protocolFeeBps() external view returns (uint16);

    /// @notice Who is credited the protocol fee.
    function feeRecipient() external view returns (address);

    /// @notice The RISC Zero image id of the accepted guest program.
    function imageId() external view returns (bytes32);

    /// @notice The zkVerify aggregation contract settle checks proofs against.
    function zkVerify() external view returns (address);

    /// @notice The zkVerify domain whose aggregations settle accepts.
    function domainId() external view returns (uint256);

    /// @notice Seconds after openJob until the customer may reclaim an unsettled escrow.
    function jobTimeout() external view returns (uint64);
}
