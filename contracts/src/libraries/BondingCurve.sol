// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title BondingCurve
/// @notice Price of the next sale of a dataset as a function of how many sales already met their threshold.
/// @dev Two curve kinds, both non-decreasing in `sales`:
///
///   LINEAR       price(n) = basePrice + step * n                           (exact, no rounding)
///   EXPONENTIAL  price(n) = ceil(basePrice * g^n),  g = step / 1e18         (WAD fixed point)
///
/// For the exponential curve `g^n` is computed by square-and-multiply in WAD fixed point, and every
/// multiplication rounds UP, so the quoted price is never below the exact real-number price: rounding
/// always favours the market, never the buyer. Each rounding adds under 1e-18 of a value >= 1, and a
/// squaring doubles the relative error carried into it, so the relative excess over the exact price
/// is below about (n + 2*log2(n)) * 1e-18 (under 1e-14 for the first 10,000 sales), plus at most one
/// wei from the final rounding.
///
/// Overflow bound: a price must fit in a uint128 (about 3.4e20 ether) and the growth factor g^n may not
/// exceed MAX_GROWTH_FACTOR (1e18, i.e. a million-trillion-fold rise). Past either bound `price` reverts
/// with {PriceOverflow}: the market then has no next price and stops opening jobs, which is the honest
/// outcome for a curve that has left any realistic range. Keeping factors <= 1e36 (WAD-scaled) also keeps
/// every intermediate product below 2^256 without 512-bit arithmetic.
library BondingCurve {
    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    /// @notice The curve kind is neither LINEAR nor EXPONENTIAL.
    error UnknownCurveKind(uint8 kind);
    /// @notice basePrice must be at least 1 wei, so that every job escrows something.
    error ZeroBasePrice();
    /// @notice A linear curve must rise: step must be at least 1 wei.
    error ZeroStep();
    /// @notice An exponential curve's growth factor is outside [MIN_GROWTH_WAD, MAX_GROWTH_WAD].
    error GrowthOutOfRange(uint256 growthWad, uint256 minWad, uint256 maxWad);
    /// @notice The price after `sales` sales does not fit the curve's documented bound.
    error PriceOverflow(uint256 sales);

    /*//////////////////////////////////////////////////////////////
                                 TYPES
    //////////////////////////////////////////////////////////////*/

    /// @notice A bonding curve. ABI: (uint8 kind, uint128 basePrice, uint128 step).
    /// @param kind LINEAR (0) or EXPONENTIAL (1).
    /// @param basePrice Price of the first sale, in wei (> 0).
    /// @param step LINEAR: wei added per sale. EXPONENTIAL: growth factor per sale in WAD (1e18 = x1).
    struct Curve {
        uint8 kind;
        uint128 basePrice;
        uint128 step;
    }

    /*//////////////////////////////////////////////////////////////
                               CONSTANTS
    //////////////////////////////////////////////////////////////*/

    uint8 internal constant LINEAR = 0;
    uint8 internal constant EXPONENTIAL = 1;

    uint256 internal constant WAD = 1e18;
    /// @dev +0.01% per sale. Below this, roundings could outweigh growth and the price could dip.
    uint256 internal constant MIN_GROWTH_WAD = 1.0001e18;
    /// @dev x2 per sale.
    uint256 internal constant MAX_GROWTH_WAD = 2e18;
    /// @dev g^n may grow at most a 1e18-fold (WAD-scaled: 1e36).
    uint256 internal constant MAX_GROWTH_FACTOR = 1e36;
    uint256 internal constant MAX_PRICE = type(uint128).max;

    /*//////////////////////////////////////////////////////////////
                               OPERATIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice Reverts unless `curve` is a well-formed curve.
    /// @param curve The curve to check.
    function validate(Curve memory curve) internal pure {
        if (curve.basePrice == 0) revert ZeroBasePrice();
        if (curve.kind == LINEAR) {
            if (curve.step == 0) revert ZeroStep();
            return;
        }
        if (curve.kind != EXPONENTIAL) revert UnknownCurveKind(curve.kind);
        if (curve.step < MIN_GROWTH_WAD || curve.step > MAX_GROWTH_WAD) {
            revert GrowthOutOfRange(curve.step, MIN_GROWTH_WAD, MAX_GROWTH_WAD);
        }
    }

    /// @notice The price of the next sale after `sales` sales, rounded up (see the library NatSpec).
    /// @dev Assumes `curve` passed {validate}. Reverts with {PriceOverflow} past the documented bound.
    /// @param curve A validated curve.
    /// @param sales The number of sales already made.
    /// @return The price in wei, at most type(uint128).max.
    function priceAt(Curve memory curve, uint256 sales) internal pure returns (uint256) {
        uint256 price;
        if (curve.kind == LINEAR) {
            // step >= 1, so sales > MAX_PRICE already overflows the price; checking it first also
            // keeps step * sales (< 2^256) from panicking.
            if (sales > MAX_PRICE) revert PriceOverflow(sales);
            price = uint256(curve.basePrice) + uint256(curve.step) * sales;
        } else {
            uint256 factor = _powWadUp(curve.step, sales);
            if (factor > MAX_GROWTH_FACTOR) revert PriceOverflow(sales);
            // basePrice < 2^128 and factor <= 1e36 < 2^120: the product fits in 256 bits.
            price = Math.ceilDiv(uint256(curve.basePrice) * factor, WAD);
        }
        if (price > MAX_PRICE) revert PriceOverflow(sales);
        return price;
    }

    /// @dev ceil-rounded growth^n in WAD by square-and-multiply; returns type(uint256).max once the
    /// factor is known to exceed MAX_GROWTH_FACTOR. The loop runs once per bit of n (<= 256 times).
    /// Both operands stay <= MAX_GROWTH_FACTOR < 2^120, so each product is < 2^240. Because growth >= 1,
    /// every factor still to be multiplied in is >= the current square, so once the square exceeds the
    /// bound while bits of n remain, the final result must exceed it too and we can stop early.
    function _powWadUp(uint256 growthWad, uint256 n) private pure returns (uint256 result) {
        result = WAD;
        uint256 square = growthWad;
        while (true) {
            if (n & 1 == 1) {
                result = Math.ceilDiv(result * square, WAD);
                if (result > MAX_GROWTH_FACTOR) return type(uint256).max;
            }
            n >>= 1;
            if (n == 0) return result;
            square = Math.ceilDiv(square * square, WAD);
            if (square > MAX_GROWTH_FACTOR) return type(uint256).max;
        }
    }
}
