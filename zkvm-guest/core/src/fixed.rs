//! Decimal text <-> 6-decimal fixed point (`round(v * 10^6)` as i64), exact, no floats.
//!
//! Grammar (ASCII, no surrounding whitespace): `[+-]? (D+ ('.' D*)? | '.' D+) ([eE] [+-]? D+)?`.
//! So "3", "-1.5", ".5", "5.", "+2", "1e-3" and "2.5E+2" are accepted. Rounding is half away from
//! zero. NaN/Inf (any case, optional sign), empty text and anything else are rejected.

use alloc::string::String;
use core::fmt::Write;

use crate::Error;

/// Fixed-point scale: values are stored as `round(v * SCALE)`.
pub const SCALE: i64 = 1_000_000;
const SCALE_DIGITS: i64 = 6;

/// Parses decimal text into fixed point.
pub fn parse_fixed(text: &str) -> Result<i64, Error> {
    let s = text.as_bytes();
    if s.is_empty() {
        return Err(Error::FixedEmpty);
    }
    let (negative, body) = match s[0] {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    if is_not_finite(body) {
        return Err(Error::FixedNotFinite);
    }

    let mut i = 0;
    let int_start = i;
    while i < body.len() && body[i].is_ascii_digit() {
        i += 1;
    }
    let int_digits = &body[int_start..i];
    let mut frac_digits: &[u8] = &[];
    if i < body.len() && body[i] == b'.' {
        i += 1;
        let start = i;
        while i < body.len() && body[i].is_ascii_digit() {
            i += 1;
        }
        frac_digits = &body[start..i];
    }
    if int_digits.is_empty() && frac_digits.is_empty() {
        return Err(Error::FixedSyntax);
    }
    let mut exponent: i64 = 0;
    if i < body.len() && (body[i] == b'e' || body[i] == b'E') {
        i += 1;
        let exp_negative = match body.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let start = i;
        while i < body.len() && body[i].is_ascii_digit() {
            // Saturate: anything this large is zero or out of range either way.
            exponent = (exponent * 10 + i64::from(body[i] - b'0')).min(1_000_000_000_000);
            i += 1;
        }
        if i == start {
            return Err(Error::FixedSyntax);
        }
        if exp_negative {
            exponent = -exponent;
        }
    }
    if i != body.len() {
        return Err(Error::FixedSyntax);
    }

    // value * 10^6 = mantissa * 10^shift, with mantissa the digits without the point.
    let shift = SCALE_DIGITS + exponent - frac_digits.len() as i64;
    let digits = strip_leading_zeros(int_digits, frac_digits);
    let magnitude = scaled_magnitude(&digits, shift)?;
    let limit = if negative { i64::MAX as u128 + 1 } else { i64::MAX as u128 };
    if magnitude > limit {
        return Err(Error::FixedRange);
    }
    Ok(if negative { (magnitude as i128).wrapping_neg() as i64 } else { magnitude as i64 })
}

/// Formats fixed point as the shortest decimal text that parses back to the same value.
pub fn format_fixed(value: i64) -> String {
    let magnitude = value.unsigned_abs();
    let int = magnitude / SCALE as u64;
    let frac = magnitude % SCALE as u64;
    let mut out = String::new();
    if value < 0 {
        out.push('-');
    }
    let _ = write!(out, "{int}");
    if frac != 0 {
        let mut frac_text = String::new();
        let _ = write!(frac_text, "{frac:06}");
        out.push('.');
        out.push_str(frac_text.trim_end_matches('0'));
    }
    out
}

fn is_not_finite(body: &[u8]) -> bool {
    ["nan", "inf", "infinity"].iter().any(|w| body.eq_ignore_ascii_case(w.as_bytes()))
}

fn strip_leading_zeros(int_digits: &[u8], frac_digits: &[u8]) -> alloc::vec::Vec<u8> {
    int_digits
        .iter()
        .chain(frac_digits.iter())
        .copied()
        .skip_while(|&d| d == b'0')
        .collect()
}

/// `round_half_away(digits * 10^shift)`, or `FixedRange` if it cannot fit in i64's magnitude.
fn scaled_magnitude(digits: &[u8], shift: i64) -> Result<u128, Error> {
    if digits.is_empty() {
        return Ok(0);
    }
    // Anything with more than 20 integer digits exceeds i64 (19 digits) by far; u128 holds 38.
    const MAX_DIGITS: i64 = 20;
    if shift >= 0 {
        if digits.len() as i64 + shift > MAX_DIGITS {
            return Err(Error::FixedRange);
        }
        let mut v = to_u128(digits);
        for _ in 0..shift {
            v *= 10;
        }
        return Ok(v);
    }
    let dropped = (-shift) as u64;
    if dropped > digits.len() as u64 {
        // digits < 10^len <= 10^(dropped-1): the value is below 0.1 units, rounds to 0.
        return Ok(0);
    }
    let keep = digits.len() - dropped as usize;
    if keep as i64 > MAX_DIGITS {
        return Err(Error::FixedRange);
    }
    let round_up = digits[keep] >= b'5';
    Ok(to_u128(&digits[..keep]) + u128::from(round_up))
}

fn to_u128(digits: &[u8]) -> u128 {
    digits.iter().fold(0u128, |acc, &d| acc * 10 + u128::from(d - b'0'))
}
