//! `kafka-sim assign` (being written).

use serde_json::Value;

pub fn handle(_request: Value) -> Result<Value, String> {
    Err("not implemented yet".into())
}
