//! Checks the Rust core against zkvm-guest/vectors/golden.json, the same file the TypeScript tests
//! read: if both pass, both languages agree on every byte, hash, prediction and journal.

use serde_json::Value;
use sha2::{Digest, Sha256};
use sha3::Keccak256;
use veritree_core::*;

fn golden() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../vectors/golden.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("read golden.json")).expect("parse golden.json")
}

fn unhex(s: &Value) -> Vec<u8> {
    hex::decode(s.as_str().unwrap().trim_start_matches("0x")).unwrap()
}

fn sha256(b: &[u8]) -> [u8; 32] {
    Sha256::digest(b).into()
}

fn keccak(b: &[u8]) -> [u8; 32] {
    Keccak256::digest(b).into()
}

fn arr<'a>(v: &'a Value, key: &str) -> &'a Vec<Value> {
    v[key].as_array().unwrap_or_else(|| panic!("{key} is not an array"))
}

fn find<'a>(v: &'a Value, key: &str, name: &str) -> &'a Value {
    arr(v, key).iter().find(|x| x["name"] == name).unwrap_or_else(|| panic!("no {key} named {name}"))
}

#[test]
fn fixed_point_parse_reject_format() {
    let g = golden();
    let fp = &g["fixedPoint"];
    for c in arr(fp, "parse") {
        let text = c["text"].as_str().unwrap();
        let want: i64 = c["value"].as_str().unwrap().parse().unwrap();
        assert_eq!(parse_fixed(text), Ok(want), "parse_fixed({text:?})");
    }
    for c in arr(fp, "reject") {
        let text = c["text"].as_str().unwrap();
        let err = parse_fixed(text).expect_err(text);
        assert_eq!(err.code(), c["code"].as_str().unwrap(), "parse_fixed({text:?})");
    }
    for c in arr(fp, "format") {
        let v: i64 = c["value"].as_str().unwrap().parse().unwrap();
        assert_eq!(format_fixed(v), c["text"].as_str().unwrap());
    }
}

#[test]
fn tables_encode_decode_hash() {
    let g = golden();
    for t in arr(&g, "tables") {
        let bytes = unhex(&t["hex"]);
        let rows = t["rows"].as_u64().unwrap() as u32;
        let features = t["features"].as_u64().unwrap() as u32;
        let values: Vec<i64> = arr(t, "values").iter().map(|v| v.as_str().unwrap().parse().unwrap()).collect();
        let labels: Vec<u16> = arr(t, "labels").iter().map(|v| v.as_u64().unwrap() as u16).collect();
        assert_eq!(encode_table(rows, features, &values, &labels).unwrap(), bytes, "{}", t["name"]);
        let view = TableView::decode(&bytes).unwrap();
        assert_eq!((view.rows(), view.features()), (rows, features));
        for r in 0..rows {
            assert_eq!(view.label(r), labels[r as usize]);
            for f in 0..features {
                assert_eq!(view.value(r, f), values[(r * features + f) as usize]);
            }
        }
        assert_eq!(sha256(&bytes).to_vec(), unhex(&t["sha256"]), "{}", t["name"]);
    }
}

#[test]
fn models_encode_decode_hash() {
    let g = golden();
    for m in arr(&g, "models") {
        let bytes = unhex(&m["hex"]);
        let model = Model::decode(&bytes).unwrap_or_else(|e| panic!("{}: {e}", m["name"]));
        assert_eq!(u64::from(model.features), m["features"].as_u64().unwrap());
        assert_eq!(u64::from(model.classes), m["classes"].as_u64().unwrap());
        let nodes: Vec<Node> = arr(m, "nodes")
            .iter()
            .map(|n| match n["kind"].as_str().unwrap() {
                "split" => Node::Split {
                    feature: n["feature"].as_u64().unwrap() as u16,
                    threshold: n["threshold"].as_str().unwrap().parse().unwrap(),
                    left: n["left"].as_u64().unwrap() as u32,
                    right: n["right"].as_u64().unwrap() as u32,
                },
                _ => Node::Leaf { class: n["label"].as_u64().unwrap() as u16 },
            })
            .collect();
        assert_eq!(model.nodes, nodes, "{}", m["name"]);
        assert_eq!(model.encode(), bytes);
        assert_eq!(sha256(&bytes).to_vec(), unhex(&m["sha256"]));
    }
}

#[test]
fn evaluations_and_journals() {
    let g = golden();
    for e in arr(&g, "evaluations") {
        let model_bytes = unhex(&find(&g, "models", e["model"].as_str().unwrap())["hex"]);
        let table_bytes = unhex(&find(&g, "tables", e["table"].as_str().unwrap())["hex"]);
        let model = Model::decode(&model_bytes).unwrap();
        let table = TableView::decode(&table_bytes).unwrap();
        let predictions: Vec<u64> = (0..table.rows()).map(|r| u64::from(model.predict(&table, r))).collect();
        let want: Vec<u64> = arr(e, "predictions").iter().map(|p| p.as_u64().unwrap()).collect();
        assert_eq!(predictions, want);

        let job_id: [u8; 32] = unhex(&e["jobId"]).try_into().unwrap();
        let bps = e["thresholdBps"].as_u64().unwrap() as u32;
        let journal = accuracy_journal(&model_bytes, &table_bytes, job_id, bps, sha256).unwrap();
        assert_eq!(u64::from(journal.correct), e["correct"].as_u64().unwrap());
        assert_eq!(u64::from(journal.total), e["total"].as_u64().unwrap());
        assert_eq!(journal.met, e["met"].as_bool().unwrap());
        let encoded = journal.encode();
        assert_eq!(encoded.to_vec(), unhex(&e["journal"]), "{} on {}", e["model"], e["table"]);
        assert_eq!(Journal::decode(&encoded), Ok(journal));
    }
}

#[test]
fn malformed_inputs_are_rejected_with_the_same_code() {
    let g = golden();
    let bad = &g["malformed"];
    for c in arr(bad, "models") {
        let err = Model::decode(&unhex(&c["hex"])).expect_err(c["name"].as_str().unwrap());
        assert_eq!(err.code(), c["code"].as_str().unwrap(), "model {}: {err}", c["name"]);
    }
    for c in arr(bad, "tables") {
        let err = TableView::decode(&unhex(&c["hex"])).expect_err(c["name"].as_str().unwrap());
        assert_eq!(err.code(), c["code"].as_str().unwrap(), "table {}: {err}", c["name"]);
    }
    for c in arr(bad, "evaluations") {
        let bps = c["thresholdBps"].as_u64().unwrap() as u32;
        let err = accuracy_journal(&unhex(&c["model"]), &unhex(&c["table"]), [0; 32], bps, sha256)
            .expect_err(c["name"].as_str().unwrap());
        assert_eq!(err.code(), c["code"].as_str().unwrap(), "evaluation {}: {err}", c["name"]);
    }
    for c in arr(bad, "journals") {
        let err = Journal::decode(&unhex(&c["hex"])).expect_err(c["name"].as_str().unwrap());
        assert_eq!(err.code(), c["code"].as_str().unwrap(), "journal {}: {err}", c["name"]);
    }
}

#[test]
fn zkverify_statement() {
    let g = golden();
    let z = &g["zkVerify"];
    assert_eq!(keccak(b"risc0").to_vec(), unhex(&z["risc0Context"]));
    assert_eq!(sha256(b"risc0:v3.0").to_vec(), unhex(&z["versionTag"]));
    let mut pre = Vec::new();
    pre.extend_from_slice(&keccak(b"risc0"));
    pre.extend_from_slice(&unhex(&z["imageId"]));
    pre.extend_from_slice(&sha256(b"risc0:v3.0"));
    pre.extend_from_slice(&keccak(&unhex(&z["journal"])));
    assert_eq!(keccak(&pre).to_vec(), unhex(&z["statement"]));
}

#[test]
fn zkverify_limits_match_the_typescript_list() {
    let g = golden();
    let l = &g["zkVerifyLimits"];
    assert_eq!(l["maxSegments"].as_u64(), Some(limits::ZKVERIFY_MAX_SEGMENTS as u64));
    assert_eq!(l["maxSegmentBytes"].as_u64(), Some(limits::ZKVERIFY_MAX_SEGMENT_BYTES as u64));
    assert_eq!(l["maxPo2"].as_u64(), Some(u64::from(limits::ZKVERIFY_MAX_PO2)));
    assert_eq!(l["maxPublicInputsBytes"].as_u64(), Some(limits::ZKVERIFY_MAX_PUBLIC_INPUTS_BYTES as u64));
    assert_eq!(l.as_object().map(|o| o.len()), Some(4), "a new limit in limits.ts needs a Rust twin here");
}

#[test]
fn training_journals_train_the_reference_model_and_encode_the_same_journal() {
    let g = golden();
    let cases = arr(&g, "trainingJournals");
    assert!(!cases.is_empty());
    for c in cases {
        let name = c["name"].as_str().unwrap();
        let dataset = unhex(&find(&g, "tables", c["dataset"].as_str().unwrap())["hex"]);
        let test_set = unhex(&find(&g, "tables", c["testSet"].as_str().unwrap())["hex"]);
        let params = unhex(&c["paramsHex"]);
        let job_id: [u8; 32] = unhex(&c["jobId"]).try_into().unwrap();
        let bps = c["thresholdBps"].as_u64().unwrap() as u32;
        // The Rust trainer must give the reference (ml-cart) model, with the derived class count.
        let table = TableView::decode(&dataset).unwrap();
        let classes = dataset_classes(&table).unwrap();
        assert_eq!(u64::from(classes), c["classes"].as_u64().unwrap(), "{name}");
        let model = train::train_bytes(&dataset, classes, &params).unwrap();
        assert_eq!(model, unhex(&c["modelHex"]), "{name}: model bytes");
        // The guest's function reproduces the journal byte for byte.
        let journal = training_journal(&dataset, &params, &test_set, job_id, bps, sha256).unwrap();
        assert_eq!(journal.encode().to_vec(), unhex(&c["journal"]), "{name}: journal");
        assert_eq!(journal.model_hash.to_vec(), unhex(&c["modelHash"]));
        assert_eq!(journal.dataset_commitment.to_vec(), unhex(&c["datasetCommitment"]));
        assert_eq!(journal.params_hash.to_vec(), unhex(&c["paramsHash"]));
        assert_eq!(u64::from(journal.correct), c["correct"].as_u64().unwrap());
        assert_eq!(u64::from(journal.total), c["total"].as_u64().unwrap());
        assert_eq!(journal.met, c["met"].as_bool().unwrap());
        assert_eq!(TrainingJournal::decode(&unhex(&c["journal"])), Ok(journal));
    }
}

#[test]
fn malformed_training_journals_and_either_format_decoding() {
    let g = golden();
    for c in arr(&g["malformed"], "trainingJournals") {
        let err = TrainingJournal::decode(&unhex(&c["hex"])).expect_err(c["name"].as_str().unwrap());
        assert_eq!(err.code(), c["code"].as_str().unwrap(), "training journal {}: {err}", c["name"]);
    }
    for c in arr(&g, "anyJournals") {
        let got = AnyJournal::decode(&unhex(&c["hex"]));
        match c["format"].as_u64() {
            Some(1) => assert!(matches!(got, Ok(AnyJournal::Accuracy(_))), "{}", c["name"]),
            Some(2) => assert!(matches!(got, Ok(AnyJournal::Training(_))), "{}", c["name"]),
            Some(3) => assert!(matches!(got, Ok(AnyJournal::Inference(_))), "{}", c["name"]),
            _ => assert_eq!(got.unwrap_err().code(), c["code"].as_str().unwrap(), "{}", c["name"]),
        }
    }
}

#[test]
fn training_cycle_bound_matches_the_typescript_twin() {
    use veritree_core::cost::{training_cycles_bound, TrainingShape, MAX_TRAINING_CYCLES, TRAINING_CYCLES};
    let g = golden();
    let t = &g["trainingCycles"];
    let m = &t["model"];
    let k = |name: &str| m[name].as_u64().unwrap_or_else(|| panic!("model.{name}"));
    let model = TRAINING_CYCLES;
    let pairs = [
        ("base", model.base),
        ("perDatasetByte", model.per_dataset_byte),
        ("perCell", model.per_cell),
        ("perCellLog", model.per_cell_log),
        ("perCellLevel", model.per_cell_level),
        ("perNodeFeature", model.per_node_feature),
        ("perNodeFeatureClass", model.per_node_feature_class),
        ("evalPerNode", model.eval_per_node),
        ("evalPerRow", model.eval_per_row),
        ("evalPerRowByte", model.eval_per_row_byte),
        ("evalPerLevel", model.eval_per_level),
    ];
    for (name, value) in pairs {
        assert_eq!(k(name), value, "constant {name}");
    }
    assert_eq!(m.as_object().map(|o| o.len()), Some(pairs.len()), "a new constant needs a Rust twin");
    assert_eq!(t["maxCycles"].as_u64(), Some(MAX_TRAINING_CYCLES));
    for c in arr(t, "cases") {
        let n = |key: &str| c[key].as_u64().unwrap_or_else(|| panic!("{key}"));
        let shape = TrainingShape {
            dataset_rows: n("datasetRows") as u32,
            features: n("features") as u32,
            classes: n("classes") as u32,
            max_depth: n("maxDepth") as u16,
            min_leaf_size: n("minLeafSize") as u32,
            test_rows: n("testRows") as u32,
        };
        let want: u64 = c["bound"].as_str().unwrap().parse().unwrap();
        assert_eq!(training_cycles_bound(&shape, &TRAINING_CYCLES), want, "{}", c["name"]);
    }
}

#[test]
fn inference_journals_predict_hash_and_encode_the_same_bytes() {
    let g = golden();
    let vectors = arr(&g, "inferenceJournals");
    assert!(!vectors.is_empty());
    for v in vectors {
        let name = v["name"].as_str().unwrap();
        let table = unhex(&find(&g, "tables", v["table"].as_str().unwrap())["hex"]);
        let model_bytes = unhex(&find(&g, "models", v["model"].as_str().unwrap())["hex"]);
        let t = TableView::decode(&table).unwrap();
        let values: Vec<i64> =
            (0..t.rows()).flat_map(|r| (0..t.features()).map(move |f| (r, f))).map(|(r, f)| t.value(r, f)).collect();
        let inputs = encode_inputs(t.rows(), t.features(), &values).unwrap();
        assert_eq!(inputs, unhex(&v["inputsHex"]), "{name}: the table's rows without labels");
        assert_eq!(sha256(&inputs).to_vec(), unhex(&v["inputsHash"]), "{name}");
        let request_id: [u8; 32] = unhex(&v["requestId"]).try_into().unwrap();
        let (journal, predictions) = inference_journal(&model_bytes, &inputs, request_id, sha256).unwrap();
        assert_eq!(predictions, unhex(&v["predictionsHex"]), "{name}");
        let want: Vec<u16> = arr(v, "predictions").iter().map(|p| p.as_u64().unwrap() as u16).collect();
        assert_eq!(decode_predictions(&predictions).unwrap(), want, "{name}");
        assert_eq!(journal.model_hash.to_vec(), unhex(&v["modelHash"]), "{name}");
        assert_eq!(journal.predictions_hash.to_vec(), unhex(&v["predictionsHash"]), "{name}");
        assert_eq!(u64::from(journal.count), v["count"].as_u64().unwrap(), "{name}");
        assert_eq!(journal.encode().to_vec(), unhex(&v["journal"]), "{name}");
        assert_eq!(InferenceJournal::decode(&unhex(&v["journal"])), Ok(journal), "{name}");
    }
}

#[test]
fn malformed_inference_inputs_predictions_and_journals() {
    let g = golden();
    let bad = &g["malformed"];
    for c in arr(bad, "inputs") {
        let err = InputsView::decode(&unhex(&c["hex"])).expect_err(c["name"].as_str().unwrap());
        assert_eq!(err.code(), c["code"].as_str().unwrap(), "inputs {}: {err}", c["name"]);
    }
    for c in arr(bad, "predictions") {
        let err = decode_predictions(&unhex(&c["hex"])).expect_err(c["name"].as_str().unwrap());
        assert_eq!(err.code(), c["code"].as_str().unwrap(), "predictions {}: {err}", c["name"]);
    }
    for c in arr(bad, "inferenceJournals") {
        let err = InferenceJournal::decode(&unhex(&c["hex"])).expect_err(c["name"].as_str().unwrap());
        assert_eq!(err.code(), c["code"].as_str().unwrap(), "inference journal {}: {err}", c["name"]);
    }
    for c in arr(bad, "inferences") {
        let err = inference_journal(&unhex(&c["model"]), &unhex(&c["inputs"]), [0; 32], sha256)
            .expect_err(c["name"].as_str().unwrap());
        assert_eq!(err.code(), c["code"].as_str().unwrap(), "inference {}: {err}", c["name"]);
    }
}
