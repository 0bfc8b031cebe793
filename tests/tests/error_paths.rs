//! The member path a response-parse error names (`tasks[1].createdAt: ...`) is read off the
//! body's text where serde_json stopped. Checked here against serde_path_to_error, which tracks
//! the path while deserializing: every leaf and every container of a DescribeTasks body is
//! replaced in turn by values of the wrong type, in compact and in pretty-printed JSON.

use amazon_ecs::operation::describe_tasks::DescribeTasksOutput;
use serde_json::{Value, json};

fn body() -> Value {
    let container = |name: &str| {
        json!({
            "containerArn": format!("arn:aws:ecs:us-east-1:1:container/c/{name}"),
            "name": name,
            "exitCode": 0,
            "lastStatus": "RUNNING",
            "healthStatus": "HEALTHY",
            "networkBindings": [{ "containerPort": 80, "hostPort": 8080, "protocol": "tcp" }],
            "managedAgents": [{ "lastStartedAt": 1_700_000_000.5, "name": "ExecuteCommandAgent" }],
            "gpuIds": ["0", "1"]
        })
    };
    json!({
        "tasks": [
            {
                "taskArn": "arn:aws:ecs:us-east-1:1:task/c/0",
                "createdAt": 1_700_000_000,
                "version": 3,
                "enableExecuteCommand": true,
                "containers": [container("app"), container("sidecar \"quoted\", {braced}")],
                "attachments": [{ "id": "a", "details": [{ "name": "subnetId", "value": "s-1" }] }],
                "overrides": { "containerOverrides": [{ "name": "app", "command": ["sh", "-c", "echo ,]}"] }] },
                "tags": [{ "key": "k", "value": "v" }],
                "ephemeralStorage": { "sizeInGiB": 20 }
            },
            { "taskArn": "arn:aws:ecs:us-east-1:1:task/c/1", "launchType": "FARGATE", "startedAt": 1.5 }
        ],
        "failures": [{ "arn": "arn:x", "reason": "MISSING", "detail": "d" }]
    })
}

/// Every value in `v` with its JSON pointer.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                pointers(child, format!("{at}/{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                pointers(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    if !at.is_empty() {
        out.push(at);
    }
}

/// The path serde_path_to_error gives for the first error, or `None` when the body parses.
fn oracle(text: &str) -> Option<String> {
    let mut de = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize::<_, DescribeTasksOutput>(&mut de)
        .err()
        .map(|e| e.path().to_string())
}

#[test]
fn error_paths_match_serde_path_to_error() {
    let original = body();
    let mut at = Vec::new();
    pointers(&original, String::new(), &mut at);
    let wrong = [
        json!(12345),
        json!("text"),
        json!({}),
        json!([true]),
        json!(-1.5e300),
    ];
    let mut compared = 0;
    for pointer in &at {
        for replacement in &wrong {
            let mut v = original.clone();
            *v.pointer_mut(pointer).expect("pointer") = replacement.clone();
            for text in [
                v.to_string(),
                serde_json::to_string_pretty(&v).expect("pretty"),
            ] {
                let Some(expected) = oracle(&text) else {
                    continue;
                };
                let ours = aws_json_runtime::aws_json::parse_output::<DescribeTasksOutput>(
                    text.as_bytes(),
                )
                .expect_err("the oracle failed, so must we")
                .to_string();
                assert!(
                    ours.starts_with(&format!("{expected}: ")),
                    "{pointer} = {replacement}: serde_path_to_error says {expected:?}, we say {ours:?}\n{text}"
                );
                compared += 1;
            }
        }
    }
    // Most replacements are errors; make sure the comparison did not quietly run on nothing.
    assert!(
        compared > 200,
        "only {compared} failing bodies were compared"
    );
}
