//! Timestamps on the wire read as botocore reads them: the same instant to the microsecond for
//! fractions finer than that, far-future and negative values, and an error where botocore
//! refuses the value. botocore comes from the moto venv (`ecs_tests::moto`, set up on first use).

use std::path::PathBuf;
use std::process::Command;

use amazon_ecs::primitives::DateTime;

const VALUES: &[&str] = &[
    "0",
    "1.5",
    "1589000000.123",
    "1614320832.677212521",
    "1614320832.6772125",
    "1614320832.9999996",
    "1700000000.000001",
    "-0.0000004",
    "-1.0000006",
    "-1.25",
    "32503680000.5",
    "253402300799.5",
    "1.589e9",
    "1e14",
    "-1e14",
];

/// botocore's reading of each value: `YYYY-MM-DDTHH:MM:SS.ffffff`, or `error`.
fn botocore(python: &PathBuf) -> Vec<String> {
    let script = r#"
import json, sys
from botocore.utils import parse_timestamp
for text in sys.argv[1:]:
    try:
        print(parse_timestamp(json.loads(text)).strftime("%Y-%m-%dT%H:%M:%S.%f"))
    except (ValueError, OverflowError, OSError):
        print("error")
"#;
    let output = Command::new(python)
        .arg("-c")
        .arg(script)
        .args(VALUES)
        .output()
        .expect("run python");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .expect("utf-8")
        .lines()
        .map(str::to_owned)
        .collect()
}

/// Ours, in the same form.
fn ours(text: &str) -> String {
    // Through the adapter generated code uses, whichever `DateTime` the build has.
    let read = aws_json_runtime::serde::epoch_seconds::deserialize::<DateTime, _>(
        &mut serde_json::Deserializer::from_str(text),
    );
    match read {
        Err(_) => "error".to_owned(),
        Ok(t) => {
            let shown = t.to_string();
            let shown = shown.trim_end_matches('Z');
            match shown.split_once('.') {
                Some((whole, fraction)) => format!("{whole}.{fraction:0<6}"),
                None => format!("{shown}.000000"),
            }
        }
    }
}

#[test]
fn timestamps_read_as_botocore_reads_them() {
    let Some(venv) = ecs_tests::moto::venv("botocore timestamp oracle") else {
        return;
    };
    let python = venv.join("bin/python");
    let expected = botocore(&python);
    assert_eq!(expected.len(), VALUES.len());
    for (text, want) in VALUES.iter().zip(&expected) {
        assert_eq!(&ours(text), want, "timestamp {text}");
    }
}
