//! Tests of the trainer: the shared golden vectors (`vectors/training.json`, written from the
//! TypeScript reference and also checked by backend/src/training/rustTrainer.test.ts), the rules
//! one by one, and bad input.

extern crate std;

use alloc::vec;
use alloc::vec::Vec;
use std::string::String;

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::grow::mean_threshold;
use super::*;
use crate::{encode_table, Model, Node, TableView};

fn vectors() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../vectors/training.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("read training.json")).expect("parse training.json")
}

fn unhex(v: &Value) -> Vec<u8> {
    hex::decode(v.as_str().unwrap().trim_start_matches("0x")).unwrap()
}

#[test]
fn golden_vectors_train_to_the_pinned_bytes_and_hashes() {
    let v = vectors();
    let cases = v["cases"].as_array().unwrap();
    assert!(cases.len() >= 10);
    for c in cases {
        let name = c["name"].as_str().unwrap();
        let classes = c["classes"].as_u64().unwrap() as u16;
        let params = TrainParams::decode(&unhex(&c["paramsHex"])).unwrap();
        let p = &c["params"];
        assert_eq!(params.max_depth as u64, p["maxDepth"].as_u64().unwrap(), "{name}");
        assert_eq!(params.min_leaf_size as u64, p["minLeafSize"].as_u64().unwrap(), "{name}");
        assert_eq!(params.gain_threshold_ppm as u64, p["gainThresholdPpm"].as_u64().unwrap(), "{name}");
        assert_eq!(params.encode().to_vec(), unhex(&c["paramsHex"]), "{name}");
        let model = train_bytes(&unhex(&c["datasetHex"]), classes, &unhex(&c["paramsHex"])).unwrap();
        assert_eq!(hex::encode(&model), hex::encode(unhex(&c["modelHex"])), "{name}: {}", c["why"]);
        let hash: [u8; 32] = Sha256::digest(&model).into();
        assert_eq!(String::from("0x") + &hex::encode(hash), c["modelHash"].as_str().unwrap(), "{name}");
    }
}

#[test]
fn golden_rejects_name_their_code() {
    let v = vectors();
    for r in v["rejects"].as_array().unwrap() {
        let err = train_bytes(&unhex(&r["datasetHex"]), r["classes"].as_u64().unwrap() as u16, &unhex(&r["paramsHex"]))
            .expect_err(r["name"].as_str().unwrap());
        assert_eq!(err.code(), r["code"].as_str().unwrap(), "{}: {err}", r["name"]);
    }
}

#[test]
fn mean_threshold_is_ceil_of_the_mean_minus_one() {
    assert_eq!(mean_threshold(10, 21), 15); // 15.5 → x <= 15
    assert_eq!(mean_threshold(10, 20), 14); // 15   → x < 15 → x <= 14
    assert_eq!(mean_threshold(-7, -4), -6); // -5.5 → x <= -6
    assert_eq!(mean_threshold(-1, 0), -1); // -0.5 → x <= -1
    assert_eq!(mean_threshold(i64::MAX - 1, i64::MAX), i64::MAX - 1);
    assert_eq!(mean_threshold(i64::MIN, i64::MIN + 1), i64::MIN);
    assert_eq!(mean_threshold(i64::MIN, i64::MAX), -1); // -0.5
}

/// A tiny deterministic generator for property tests (no dependency, no floats).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

fn random_table(seed: u64, rows: u32, features: u32, classes: u16, distinct: u64) -> Vec<u8> {
    let mut g = Lcg(seed);
    let values: Vec<i64> = (0..rows * features).map(|_| g.next(distinct) as i64 * 1000 - 500).collect();
    let labels: Vec<u16> = (0..rows).map(|_| g.next(u64::from(classes)) as u16).collect();
    encode_table(rows, features, &values, &labels).unwrap()
}

/// Rows reaching each leaf, in preorder.
fn leaf_sizes(model: &Model, table: &TableView<'_>) -> Vec<u32> {
    let mut sizes = vec![0u32; model.nodes.len()];
    for r in 0..table.rows() {
        let mut i = 0usize;
        while let Node::Split { feature, threshold, left, right } = model.nodes[i] {
            i = if table.value(r, u32::from(feature)) <= threshold { left } else { right } as usize;
        }
        sizes[i] += 1;
    }
    model.nodes.iter().zip(sizes).filter(|(n, _)| matches!(n, Node::Leaf { .. })).map(|(_, s)| s).collect()
}

#[test]
fn every_leaf_holds_at_least_min_leaf_size_rows_and_the_bytes_are_canonical() {
    for seed in 0..40u64 {
        let bytes = random_table(
            seed,
            50 + (seed as u32 * 37) % 400,
            1 + seed as u32 % 5,
            2 + (seed % 4) as u16,
            3 + seed % 40,
        );
        let table = TableView::decode(&bytes).unwrap();
        for min_leaf_size in [1u32, 3, 5, 17] {
            let params = TrainParams { max_depth: 12, min_leaf_size, gain_threshold_ppm: 0 };
            let model = train(&table, 2 + (seed % 4) as u16, &params).unwrap();
            let encoded = model.encode();
            assert_eq!(Model::decode(&encoded).unwrap(), model, "seed {seed}");
            let sizes = leaf_sizes(&model, &table);
            assert!(sizes.iter().all(|&s| s >= min_leaf_size), "seed {seed} floor {min_leaf_size}: {sizes:?}");
            // Same input, same bytes.
            assert_eq!(train(&table, 2 + (seed % 4) as u16, &params).unwrap().encode(), encoded);
        }
    }
}

#[test]
fn depth_never_exceeds_max_depth() {
    fn depth(nodes: &[Node]) -> u32 {
        // Preorder walk with explicit depths.
        let mut stack = vec![(0usize, 0u32)];
        let mut deepest = 0;
        while let Some((i, d)) = stack.pop() {
            deepest = deepest.max(d);
            if let Node::Split { left, right, .. } = nodes[i] {
                stack.push((left as usize, d + 1));
                stack.push((right as usize, d + 1));
            }
        }
        deepest
    }
    let bytes = random_table(7, 2000, 4, 3, 1000);
    let table = TableView::decode(&bytes).unwrap();
    for max_depth in [0u16, 1, 2, 5, 9] {
        let model = train(&table, 3, &TrainParams { max_depth, min_leaf_size: 1, gain_threshold_ppm: 0 }).unwrap();
        assert!(depth(&model.nodes) <= u32::from(max_depth), "max depth {max_depth}");
        if max_depth == 0 {
            assert_eq!(model.nodes.len(), 1);
        }
    }
}

#[test]
fn a_very_deep_tree_trains_and_prunes_without_recursion() {
    // A staircase: labels alternate in runs, so every level peels one run off: a ~2,000-deep chain.
    let rows = 6000u32;
    let values: Vec<i64> = (0..rows as i64).collect();
    let labels: Vec<u16> = (0..rows).map(|r| ((r / 3) % 2) as u16).collect();
    let bytes = encode_table(rows, 1, &values, &labels).unwrap();
    let table = TableView::decode(&bytes).unwrap();
    let model =
        train(&table, 2, &TrainParams { max_depth: u16::MAX, min_leaf_size: 3, gain_threshold_ppm: 0 }).unwrap();
    assert!(model.nodes.len() > 1000, "{} nodes", model.nodes.len());
    assert_eq!(Model::decode(&model.encode()).unwrap(), model);
    let correct = (0..rows).filter(|&r| model.predict(&table, r) == table.label(r)).count();
    assert_eq!(correct, rows as usize, "a pure staircase is learned exactly");
}

#[test]
fn bad_input_is_refused_before_any_work() {
    let ok = TrainParams { max_depth: 3, min_leaf_size: 1, gain_threshold_ppm: 0 };
    let bytes = encode_table(2, 1, &[1, 2], &[0, 1]).unwrap();
    let table = TableView::decode(&bytes).unwrap();
    assert_eq!(train(&table, 0, &ok).unwrap_err().code(), "TRAIN_CLASSES");
    assert_eq!(train(&table, 1, &ok).unwrap_err(), TrainError::Label { row: 1, label: 1, classes: 1 });
    let too_big = TrainParams { min_leaf_size: 3, ..ok };
    assert_eq!(train(&table, 2, &too_big).unwrap_err().code(), "TRAIN_ROWS");
    assert_eq!(TrainParams::decode(&[1; 10]).unwrap_err().code(), "PARAMS_LENGTH");
    assert_eq!(TrainParams::decode(&[1; 12]).unwrap_err().code(), "PARAMS_LENGTH");
    let mut p = ok.encode();
    p[0] = 0;
    assert_eq!(TrainParams::decode(&p).unwrap_err().code(), "PARAMS_VERSION");
    let p = TrainParams { gain_threshold_ppm: PPM + 1, ..ok }.encode();
    assert_eq!(TrainParams::decode(&p).unwrap_err(), TrainError::ParamsRange { ppm: PPM + 1 });
    let p = TrainParams { gain_threshold_ppm: PPM, ..ok }.encode();
    assert_eq!(TrainParams::decode(&p).unwrap().gain_threshold_ppm, PPM);
    // A header that claims more rows than the bytes hold is a table error, not an allocation.
    let mut lying = bytes.clone();
    lying[0..4].copy_from_slice(&u32::MAX.to_le_bytes());
    assert_eq!(train_bytes(&lying, 2, &ok.encode()).unwrap_err().code(), "TABLE_LENGTH");
    let wide = encode_table(1, 65536, &vec![0; 65536], &[0]).unwrap();
    let wide = TableView::decode(&wide).unwrap();
    assert_eq!(train(&wide, 1, &ok).unwrap_err().code(), "TRAIN_FEATURES");
}

#[test]
fn gain_threshold_one_never_splits_and_zero_splits_any_gain() {
    let bytes = random_table(3, 300, 3, 3, 50);
    let table = TableView::decode(&bytes).unwrap();
    let none = train(&table, 3, &TrainParams { max_depth: 8, min_leaf_size: 1, gain_threshold_ppm: PPM }).unwrap();
    assert_eq!(none.nodes.len(), 1);
    let all = train(&table, 3, &TrainParams { max_depth: 8, min_leaf_size: 1, gain_threshold_ppm: 0 }).unwrap();
    assert!(all.nodes.len() > 1);
}
