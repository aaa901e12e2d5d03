//! `veritree-prover`: prove, execute and verify Veritree claims with RISC Zero (mode 1: a model's
//! accuracy; mode 2: training on a dataset, then accuracy), and train the canonical model with the
//! same integer trainer the guest links.
//! stdout carries exactly one JSON object; stderr carries human messages and progress lines.

mod cli;
mod estimate;
mod execute;
mod guest;
mod prove;
mod refusal;
mod report;
mod train;
mod verify;
mod zkverify;

use std::process::ExitCode;

use serde_json::json;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{}\n{}", cli::USAGE, refusal::EXIT_CODES);
        return ExitCode::SUCCESS;
    }
    let command = match cli::parse(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("veritree-prover: {e:#}\n\n{}\n{}", cli::USAGE, refusal::EXIT_CODES);
            return ExitCode::from(2);
        }
    };
    let result = match &command {
        cli::Command::ImageId => report::print(&json!({ "imageId": guest::hex0x(guest::image_id().as_bytes()) })),
        cli::Command::Execute(inputs) => execute::run(inputs),
        cli::Command::Prove { inputs, out } => prove::run(inputs, out),
        cli::Command::Verify { receipt, image_id, journal } => verify::run(receipt, image_id, journal.as_deref()),
        cli::Command::Train(args) => train::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => match e.downcast_ref::<refusal::TooLarge>() {
            Some(too_large) => {
                let _ = report::print(&too_large.report());
                eprintln!("veritree-prover: {too_large}");
                ExitCode::from(refusal::EXIT_TOO_LARGE)
            }
            None => {
                eprintln!("veritree-prover: error: {e:#}");
                ExitCode::FAILURE
            }
        },
    }
}
