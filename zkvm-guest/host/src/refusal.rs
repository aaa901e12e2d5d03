//! `TooLarge`: the input executes, but its receipt could not be accepted by zkVerify (too many
//! segments, or segments too big). `prove` refuses it before proving anything, and `main` exits
//! with code 3 and prints this refusal as its JSON, so callers can tell "cannot ever be proven"
//! (no retry helps) from "proving failed".

use serde::Serialize;

use crate::zkverify::{Limits, LIMITS};

/// Exit code of a refusal (1 = failure, 2 = bad usage).
pub const EXIT_TOO_LARGE: u8 = 3;

/// Printed after the usage text.
pub const EXIT_CODES: &str = "exit: 0 success, 1 failure, 2 bad usage, 3 refused: zkVerify could not accept the receipt
(too many or too big segments, or in mode 2 a cycle bound over 8x the limit, before executing; stdout is {\"error\":\"too_large\",...}).";

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TooLarge {
    pub cycles: u64,
    pub user_cycles: u64,
    pub segments: usize,
    pub segment_po2: u32,
    pub problems: Vec<String>,
    /// True when refused on the mode-2 cycle estimate, before executing: `cycles`, `userCycles`
    /// and `segments` are then the estimate's, not measured.
    pub estimated: bool,
}

impl TooLarge {
    /// The JSON printed on stdout: `{"error":"too_large", ...the fields above, "limits":{...}}`.
    pub fn report(&self) -> Report<'_> {
        Report { error: "too_large", refusal: self, limits: &LIMITS }
    }
}

#[derive(Serialize)]
pub struct Report<'a> {
    error: &'static str,
    #[serde(flatten)]
    refusal: &'a TooLarge,
    limits: &'a Limits,
}

impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "refused before proving, zkVerify could not accept this receipt: {}", self.problems.join("; "))
    }
}

impl std::error::Error for TooLarge {}
