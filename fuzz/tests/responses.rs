//! Fuzz target: any status, headers and body through every operation of the client, on the
//! replay transport. A call returns `Ok` or a typed error, never panics or hangs.

use std::time::Duration;

use amazon_ecs::http::{HttpResponse, ReplayTransport};
use amazon_ecs::{Client, Config, Credentials, RetryConfig};
use ecs_fuzz::{fuzz, runtime};
use proptest::prelude::*;
use serde_json::Value;

/// Names the deserializers look for, so random JSON reaches deep into the output types.
const KEYS: &[&str] = &[
    "tasks",
    "failures",
    "taskArn",
    "createdAt",
    "stoppedAt",
    "containers",
    "exitCode",
    "name",
    "lastStatus",
    "version",
    "attachments",
    "details",
    "overrides",
    "containerOverrides",
    "environment",
    "cpu",
    "memory",
    "tags",
    "key",
    "value",
    "task",
    "launchType",
    "networkInterfaces",
    "ephemeralStorage",
    "sizeInGiB",
    "__type",
    "code",
    "message",
    "Message",
    "reason",
    "arn",
    "healthStatus",
    "inferenceAccelerators",
    "protection",
    "x",
];

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        prop_oneof![
            Just(1e14),
            Just(-1e300),
            Just(1_614_320_832.677_212_5),
            Just(0.5)
        ]
        .prop_map(Value::from),
        "[a-zA-Z0-9#:\\\\\"\u{0}-\u{1f} ]{0,12}".prop_map(Value::String),
        prop::sample::select(vec![
            "RUNNING", "STOPPED", "FARGATE", "NaN", "Infinity", "ENABLED"
        ])
        .prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(6, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..6).prop_map(|kv| {
                Value::Object(kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
            }),
        ]
    })
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => json().prop_map(|v| v.to_string().into_bytes()),
        1 => prop::collection::vec(any::<u8>(), 0..64),
        1 => json().prop_map(|v| {
            let mut s = v.to_string().into_bytes();
            s.truncate(s.len() / 2);
            s
        }),
        1 => (1usize..3000).prop_map(|depth| "[".repeat(depth).into_bytes()),
    ]
}

fn response() -> impl Strategy<Value = HttpResponse> {
    let status = prop_oneof![Just(200u16), Just(400), Just(500), Just(503), 100u16..600];
    let header = prop_oneof![
        "[ -~]{0,20}".prop_map(|v| ("x-amzn-errortype".to_owned(), v)),
        "[ -~]{0,20}".prop_map(|v| ("x-amzn-requestid".to_owned(), v)),
        prop::sample::select(vec![
            "ClusterNotFoundException",
            "ThrottlingException",
            "a:b#c"
        ])
        .prop_map(|v| ("x-amzn-errortype".to_owned(), v.to_owned())),
    ];
    (status, prop::collection::vec(header, 0..3), body()).prop_map(|(status, headers, body)| {
        let mut response = HttpResponse::new(status, body);
        for (k, v) in headers {
            response = response.with_header(&k, &v);
        }
        response
    })
}

#[test]
fn responses_never_panic_or_hang() {
    let rt = runtime();
    fuzz("responses", 400, (response(), 0u8..3), |(response, op)| {
        let transport = ReplayTransport::new([response]);
        let config = Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKID", "secret", None, None, "fuzz"))
            .retry_config(RetryConfig::disabled())
            .transport(transport)
            .build();
        let client = Client::new(&config);
        let call = async {
            // Display of any error must work too.
            let shown = match op {
                0 => client
                    .run_task()
                    .task_definition("td")
                    .send()
                    .await
                    .err()
                    .map(|e| e.to_string()),
                1 => client
                    .describe_tasks()
                    .tasks("t")
                    .send()
                    .await
                    .err()
                    .map(|e| e.to_string()),
                _ => client
                    .stop_task()
                    .task("t")
                    .send()
                    .await
                    .err()
                    .map(|e| e.to_string()),
            };
            drop(shown);
        };
        rt.block_on(async { tokio::time::timeout(Duration::from_secs(10), call).await })
            .map_err(|_| TestCaseError::fail("the call hung"))
    });
}
