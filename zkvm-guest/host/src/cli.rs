//! Command-line parsing, kept dependency-free: five subcommands with `--flag value` pairs.

use std::path::PathBuf;

use anyhow::{anyhow, bail, Context, Result};
use veritree_core::train::{TrainParams, TRAIN_PARAMS_BYTES};
use veritree_core::{JOURNAL_FORMAT_ACCURACY, JOURNAL_FORMAT_INFERENCE, JOURNAL_FORMAT_TRAINING};

/// Default segment size (log2 cycles). See README: zkVerify accepts po2 <= 21 and <= 4 segments.
pub const DEFAULT_SEGMENT_PO2: u32 = 20;

/// What the guest is asked to prove, by mode (= the journal format it commits).
pub enum Statement {
    /// Mode 1: this model's accuracy on the test set (`--model`).
    Accuracy { model: PathBuf, sale: Sale },
    /// Mode 2: the model trained on this dataset with these parameters, and its accuracy
    /// (`--dataset`, `--params` as the 11 canonical bytes in hex, checked here).
    Training { dataset: PathBuf, params: [u8; TRAIN_PARAMS_BYTES], sale: Sale },
    /// Mode 3: this model's predictions for these input rows, for one InferenceFeed request
    /// (`--model`, `--inputs`, `--request-id`).
    Inference { model: PathBuf, inputs: PathBuf, request_id: [u8; 32] },
}

/// What modes 1 and 2 evaluate the model on, for one sale.
pub struct Sale {
    pub test_set: PathBuf,
    pub job_id: [u8; 32],
    pub threshold_bps: u32,
}

impl Statement {
    /// The guest's mode word, equal to the journal format it commits.
    pub fn mode(&self) -> u32 {
        match self {
            Statement::Accuracy { .. } => JOURNAL_FORMAT_ACCURACY,
            Statement::Training { .. } => JOURNAL_FORMAT_TRAINING,
            Statement::Inference { .. } => JOURNAL_FORMAT_INFERENCE,
        }
    }
}

/// Inputs shared by `execute` and `prove`.
pub struct ProofInputs {
    pub statement: Statement,
    pub segment_po2: u32,
}

pub enum Command {
    ImageId,
    Execute(ProofInputs),
    Prove { inputs: ProofInputs, out: PathBuf },
    Verify { receipt: PathBuf, image_id: [u8; 32], journal: Option<Vec<u8>> },
    Train(crate::train::TrainArgs),
}

pub const USAGE: &str = "usage:
  veritree-prover image-id
  veritree-prover execute [--mode 1] --model m.bin --test-set t.bin --job-id 0x<32 bytes> --threshold-bps N [--segment-po2 P]
  veritree-prover prove   [--mode 1] --model m.bin --test-set t.bin --job-id 0x<32 bytes> --threshold-bps N --out DIR [--segment-po2 P]
  veritree-prover execute --mode 2 --dataset d.bin --params 0x<11 canonical bytes> --test-set t.bin --job-id 0x<32 bytes> --threshold-bps N [--segment-po2 P]
  veritree-prover prove   --mode 2 --dataset d.bin --params 0x<11 canonical bytes> --test-set t.bin --job-id 0x<32 bytes> --threshold-bps N --out DIR [--segment-po2 P]
  veritree-prover execute --mode 3 --model m.bin --inputs i.bin --request-id 0x<32 bytes> [--segment-po2 P]
  veritree-prover prove   --mode 3 --model m.bin --inputs i.bin --request-id 0x<32 bytes> --out DIR [--segment-po2 P]
  veritree-prover verify  --receipt r.cbor --image-id 0x<32 bytes> [--journal 0x<hex>]
  veritree-prover train   --dataset d.bin --classes N --params 0x<11 canonical bytes> --out m.bin
                          (--dataset - reads stdin; --out - puts the model hex in the report's `model`)
stdout: one JSON object; stderr: messages and {\"event\":\"progress\",...} lines; exit 0 on success.";

struct Flags(Vec<(String, String)>);

impl Flags {
    fn parse(args: &[String], allowed: &[&str]) -> Result<Self> {
        let mut out = Vec::new();
        let mut it = args.iter();
        while let Some(flag) = it.next() {
            let name = flag.strip_prefix("--").ok_or_else(|| anyhow!("unexpected argument {flag:?}"))?;
            if !allowed.contains(&name) {
                bail!("unknown flag --{name} (allowed: --{})", allowed.join(", --"));
            }
            if out.iter().any(|(n, _)| n == name) {
                bail!("--{name} given twice");
            }
            let value = it.next().ok_or_else(|| anyhow!("--{name} needs a value"))?;
            out.push((name.to_string(), value.clone()));
        }
        Ok(Self(out))
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    fn required(&self, name: &str) -> Result<&str> {
        self.get(name).ok_or_else(|| anyhow!("missing --{name}"))
    }
}

/// Parses `0x`-prefixed (or bare) hex.
pub fn parse_hex(text: &str, what: &str) -> Result<Vec<u8>> {
    hex::decode(text.strip_prefix("0x").unwrap_or(text)).with_context(|| format!("{what} is not valid hex"))
}

fn parse_bytes32(text: &str, what: &str) -> Result<[u8; 32]> {
    let bytes = parse_hex(text, what)?;
    bytes.as_slice().try_into().map_err(|_| anyhow!("{what} must be 32 bytes, got {}", bytes.len()))
}

/// Refuses flags that belong to another mode, so a mixed-up call is a usage error.
fn refuse_flags(flags: &Flags, others: &[&str], why: &str) -> Result<()> {
    match others.iter().find(|other| flags.get(other).is_some()) {
        Some(other) => bail!("--{other} {why}"),
        None => Ok(()),
    }
}

fn sale(flags: &Flags) -> Result<Sale> {
    let threshold = flags.required("threshold-bps")?;
    let threshold_bps = threshold
        .parse::<u32>()
        .with_context(|| format!("--threshold-bps {threshold:?} is not a non-negative integer"))?;
    Ok(Sale {
        test_set: flags.required("test-set")?.into(),
        job_id: parse_bytes32(flags.required("job-id")?, "--job-id")?,
        threshold_bps,
    })
}

fn proof_inputs(flags: &Flags) -> Result<ProofInputs> {
    let segment_po2 = match flags.get("segment-po2") {
        None => DEFAULT_SEGMENT_PO2,
        Some(p) => p.parse().ok().filter(|p| (13..=22).contains(p)).ok_or_else(|| anyhow!("--segment-po2 must be 13..=22"))?,
    };
    let statement = match flags.get("mode").unwrap_or("1") {
        "1" => {
            refuse_flags(flags, &["dataset", "params"], "belongs to --mode 2 (training); mode 1 proves a given --model")?;
            refuse_flags(flags, &["inputs", "request-id"], "belongs to --mode 3 (inference)")?;
            Statement::Accuracy { model: flags.required("model")?.into(), sale: sale(flags)? }
        }
        "2" => {
            refuse_flags(flags, &["model"], "belongs to --mode 1 or 3; mode 2 trains the model itself from --dataset and --params")?;
            refuse_flags(flags, &["inputs", "request-id"], "belongs to --mode 3 (inference)")?;
            let params = parse_hex(flags.required("params")?, "--params")?;
            // Checked here so a bad --params is a usage error, not a guest panic.
            TrainParams::decode(&params).map_err(|e| anyhow!("--params: {e}"))?;
            Statement::Training {
                dataset: flags.required("dataset")?.into(),
                params: params.as_slice().try_into().expect("decode checked the length"),
                sale: sale(flags)?,
            }
        }
        "3" => {
            refuse_flags(
                flags,
                &["dataset", "params", "test-set", "job-id", "threshold-bps"],
                "belongs to a sale (--mode 1 or 2); mode 3 predicts --inputs with --model for --request-id",
            )?;
            Statement::Inference {
                model: flags.required("model")?.into(),
                inputs: flags.required("inputs")?.into(),
                request_id: parse_bytes32(flags.required("request-id")?, "--request-id")?,
            }
        }
        other => bail!("--mode {other:?}: expected 1 (accuracy), 2 (training) or 3 (inference)"),
    };
    Ok(ProofInputs { statement, segment_po2 })
}

/// Parses `args` (without the program name).
pub fn parse(args: &[String]) -> Result<Command> {
    let (sub, rest) = args.split_first().ok_or_else(|| anyhow!("missing command"))?;
    const INPUTS: [&str; 10] =
        ["mode", "model", "dataset", "params", "test-set", "job-id", "threshold-bps", "inputs", "request-id", "segment-po2"];
    match sub.as_str() {
        "image-id" => {
            Flags::parse(rest, &[])?;
            Ok(Command::ImageId)
        }
        "execute" => Ok(Command::Execute(proof_inputs(&Flags::parse(rest, &INPUTS)?)?)),
        "prove" => {
            let mut allowed = INPUTS.to_vec();
            allowed.push("out");
            let flags = Flags::parse(rest, &allowed)?;
            Ok(Command::Prove { inputs: proof_inputs(&flags)?, out: flags.required("out")?.into() })
        }
        "verify" => {
            let flags = Flags::parse(rest, &["receipt", "image-id", "journal"])?;
            Ok(Command::Verify {
                receipt: flags.required("receipt")?.into(),
                image_id: parse_bytes32(flags.required("image-id")?, "--image-id")?,
                journal: flags.get("journal").map(|j| parse_hex(j, "--journal")).transpose()?,
            })
        }
        "train" => {
            let f = Flags::parse(rest, &["dataset", "classes", "params", "out"])?;
            let (dataset, classes) = (f.required("dataset")?, f.required("classes")?);
            Ok(Command::Train(crate::train::TrainArgs::from_flags(dataset, classes, f.required("params")?, f.required("out")?)?))
        }
        other => bail!("unknown command {other:?}"),
    }
}
