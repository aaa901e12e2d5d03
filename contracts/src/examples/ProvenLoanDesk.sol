// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DatasetFactory} from "../DatasetFactory.sol";
import {InferenceFeed} from "../InferenceFeed.sol";

/// @title ProvenLoanDesk
/// @notice Example consumer of an {InferenceFeed}: a lending desk that approves an application only
/// when a proven prediction of a model it trusts says so. It shows the three checks any consumer of a
/// feed should make before acting on a prediction:
///   1. the feed is genuine: the real factory's `feedOf(feed.market(), feed.saleJobId())` is the feed;
///   2. the feed sells the model the desk trusts (by hash; its accuracy is proven by the sale's
///      certificate), so a feed of another model cannot decide;
///   3. the request predicted exactly the applicant's row: its inputsHash is the application's and it
///      asked for one prediction. Otherwise anyone could point at a favourable prediction of other inputs.
/// The prediction itself is read with `predictionAt`, which reverts unless the request settled with a
/// verified journal.
contract ProvenLoanDesk {
    /// @notice The feed is not one the factory made.
    error UntrustedFeed(address feed);
    /// @notice The feed sells another model than the one the desk trusts.
    error UntrustedModel(bytes32 modelHash, bytes32 trustedModelHash);
    /// @notice The request did not predict exactly this application's single row.
    error NotThisApplication(bytes32 requestInputsHash, bytes32 applicationInputsHash, uint32 count);
    /// @notice This application was already decided.
    error AlreadyDecided(bytes32 applicationInputsHash);

    /// @notice An application (identified by its canonical row's inputs hash) was decided.
    event Decided(bytes32 indexed applicationInputsHash, address indexed feed, bytes32 requestId, bool approved);

    /// @notice The class the model predicts for a creditworthy applicant.
    uint16 public constant APPROVE_CLASS = 1;

    /// @notice The factory whose registry says which feeds are genuine.
    DatasetFactory public immutable factory;
    /// @notice The hash of the model whose predictions the desk acts on.
    bytes32 public immutable trustedModelHash;

    /// @notice Whether each application was approved, once decided.
    mapping(bytes32 applicationInputsHash => bool) public approved;
    /// @notice Whether each application was decided.
    mapping(bytes32 applicationInputsHash => bool) public decided;

    /// @param factory_ The Veritree factory.
    /// @param trustedModelHash_ The model the desk trusts.
    constructor(DatasetFactory factory_, bytes32 trustedModelHash_) {
        factory = factory_;
        trustedModelHash = trustedModelHash_;
    }

    /// @notice Decides the application whose canonical row hashes to `applicationInputsHash`, from the
    /// proven prediction of request `requestId` of `feed`.
    /// @return ok Whether the application is approved.
    function decide(InferenceFeed feed, bytes32 requestId, bytes32 applicationInputsHash)
        external
        returns (bool ok)
    {
        if (decided[applicationInputsHash]) revert AlreadyDecided(applicationInputsHash);
        if (factory.feedOf(feed.market(), feed.saleJobId()) != address(feed)) revert UntrustedFeed(address(feed));
        bytes32 modelHash = feed.modelHash();
        if (modelHash != trustedModelHash) revert UntrustedModel(modelHash, trustedModelHash);
        InferenceFeed.RequestView memory r = feed.getRequest(requestId);
        if (r.inputsHash != applicationInputsHash || r.count != 1) {
            revert NotThisApplication(r.inputsHash, applicationInputsHash, r.count);
        }
        ok = feed.predictionAt(requestId, 0) == APPROVE_CLASS;
        decided[applicationInputsHash] = true;
        approved[applicationInputsHash] = ok;
        emit Decided(applicationInputsHash, address(feed), requestId, ok);
    }
}
