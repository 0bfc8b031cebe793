//! Timestamps on the wire read as botocore reads them: the same instant to the microsecond for
//! fractions finer than that, far-future and negative values, and an error where botocore
//! refuses the value; for the listed values and for 3,000 generated ones (1 to 9 fraction
//! digits, up to the year 9999, where a double's last bit is 30 µs); and a member sent twice
//! in one object, read as the last value, as botocore's JSON parser does. botocore comes from
//! the moto venv (`ecs_tests::moto`, set up on first use).

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
fn botocore(python: &PathBuf, values: &[String]) -> Vec<String> {
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
        .args(values)
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
    let values: Vec<String> = VALUES
        .iter()
        .map(|v| (*v).to_owned())
        .chain(generated(3000))
        .collect();
    let expected = botocore(&python, &values);
    assert_eq!(expected.len(), values.len());
    let wrong: Vec<String> = values
        .iter()
        .zip(&expected)
        .filter(|(text, want)| ours(text) != **want)
        .map(|(text, want)| format!("{text}: botocore {want}, ours {}", ours(text)))
        .collect();
    assert!(
        wrong.is_empty(),
        "{} of {} differ:\n{}",
        wrong.len(),
        values.len(),
        wrong.join("\n")
    );
}

/// `n` epoch-seconds texts from a fixed seed: whole seconds around today, far in the future
/// (past 2^33, to the year 9999) and before 1970, with 1 to 9 fraction digits.
fn generated(n: usize) -> Vec<String> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |bound: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % bound
    };
    (0..n)
        .map(|i| {
            let whole: i64 = match i % 3 {
                0 => next(1 << 31) as i64,
                1 => (1 << 33) + next(253_402_300_799 - (1 << 33)) as i64,
                _ => -(next(1 << 31) as i64),
            };
            let digits = 1 + next(9) as usize;
            let fraction: String = (0..digits)
                .map(|_| char::from(b'0' + next(10) as u8))
                .collect();
            format!("{whole}.{fraction}")
        })
        .collect()
}

/// A member sent twice in one object (a service should not, a proxy or a bug might) reads as
/// botocore's JSON parser reads it: the last value, at the top of a structure and nested.
#[test]
fn a_member_sent_twice_reads_as_botocore_reads_it() {
    let Some(venv) = ecs_tests::moto::venv("botocore duplicate-member oracle") else {
        return;
    };
    let body = r#"{"tasks":[{"lastStatus":"PENDING","containers":[{"name":"a","name":"b"}],"lastStatus":"RUNNING"}]}"#;
    let script = r#"
import sys, botocore.session
from botocore.parsers import create_parser
model = botocore.session.get_session().get_service_model("ecs")
shape = model.operation_model("DescribeTasks").output_shape
parsed = create_parser("json").parse(
    {"status_code": 200, "headers": {}, "body": sys.argv[1].encode()}, shape)
task = parsed["tasks"][0]
print(task["lastStatus"], task["containers"][0]["name"])
"#;
    let output = Command::new(venv.join("bin/python"))
        .arg("-c")
        .arg(script)
        .arg(body)
        .output()
        .expect("run python");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let botocore = String::from_utf8(output.stdout).expect("utf-8");
    let out = aws_json_runtime::aws_json::parse_output::<
        amazon_ecs::operation::describe_tasks::DescribeTasksOutput,
    >(body.as_bytes())
    .expect("parses");
    let task = &out.tasks()[0];
    let ours = format!(
        "{} {}",
        task.last_status().unwrap_or("-"),
        task.containers()[0].name().unwrap_or("-")
    );
    assert_eq!(ours, botocore.trim(), "ours against botocore");
    assert_eq!(ours, "RUNNING b");
}
