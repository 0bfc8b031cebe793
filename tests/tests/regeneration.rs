//! What newer published models hold and ECS does not, through the crate generated from
//! `tests/fixtures/regen` (`tests/regen-fixture`), over a socket to the scripted server:
//! `@default` values sent in nested input and filled in for members a response leaves out, the
//! zero value for a `@required` member a faulty server forgets (aggregate-types.rst, "Client
//! error correction"), and a paginator whose token is a map. And, through the generator: the
//! streaming operations left out with their reason, the crate named after its service, and the
//! protocol chosen among several.

use amazon_ecs::TimeoutConfig;
use ecs_tests::client::{config, fast_retries};
use ecs_tests::server::{Reply, TestServer};
use regen_fixture::types::{Choice, Defaults, Level, Suit};
use serde_json::{Value, json};

fn client(server: &TestServer) -> regen_fixture::Client {
    regen_fixture::Client::from_conf(config(server, fast_retries(1), TimeoutConfig::default()))
}

/// Every member of `Defaults` at its `@default`, as the wire has it.
fn defaults_on_the_wire() -> Value {
    json!({
        "defaultString": "hi",
        "defaultBoolean": true,
        "defaultList": [],
        "defaultDocumentMap": {},
        "defaultDocumentString": "hi",
        "defaultDocumentBoolean": true,
        "defaultDocumentList": [],
        "defaultTimestamp": 0,
        "defaultBlob": "YWJj",
        "defaultByte": 1,
        "defaultShort": 1,
        "defaultInteger": 10,
        "defaultLong": 100,
        "defaultFloat": 1.0,
        "defaultDouble": 1.0,
        "defaultMap": {},
        "defaultEnum": "FOO",
        "defaultIntEnum": 1,
        "emptyString": "",
        "falseBoolean": false,
        "emptyBlob": "",
        "zeroByte": 0,
        "zeroShort": 0,
        "zeroInteger": 0,
        "zeroLong": 0,
        "zeroFloat": 0.0,
        "zeroDouble": 0.0
    })
}

/// JSON equality with numbers compared by value (`1` and `1.0` are the same number).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

fn assert_same(actual: &Value, expected: &Value) {
    assert!(
        same(actual, expected),
        "\n  actual: {actual}\nexpected: {expected}"
    );
}

#[tokio::test]
async fn nested_members_are_sent_at_their_defaults_and_top_level_ones_are_not() {
    let server = TestServer::start(vec![Reply::json(200, "{}")]).await;
    client(&server)
        .operation_with_defaults()
        .defaults(Defaults::builder().build())
        .client_optional_defaults(regen_fixture::types::ClientOptionalDefaults::builder().build())
        .send()
        .await
        .unwrap();
    let body = server.requests()[0].json();
    // `topLevelDefault` (a member of the input itself) is not sent; `clientOptionalDefaults`'s
    // member ignores its default.
    assert_same(
        &body,
        &json!({ "defaults": defaults_on_the_wire(), "clientOptionalDefaults": {} }),
    );
}

#[tokio::test]
async fn values_set_explicitly_are_sent_instead_of_the_defaults() {
    let server = TestServer::start(vec![Reply::json(200, "{}")]).await;
    let defaults = Defaults::builder()
        .default_string("bye")
        .default_boolean(false)
        .default_integer(20)
        .default_enum(Suit::Bar)
        .default_int_enum(Level::Two)
        .default_document_string(Value::from("bye"))
        .zero_integer(3)
        .build();
    client(&server)
        .operation_with_defaults()
        .defaults(defaults)
        .top_level_default("set")
        .send()
        .await
        .unwrap();
    let mut expected = defaults_on_the_wire();
    for (k, v) in [
        ("defaultString", json!("bye")),
        ("defaultBoolean", json!(false)),
        ("defaultInteger", json!(20)),
        ("defaultEnum", json!("BAR")),
        ("defaultIntEnum", json!(2)),
        ("defaultDocumentString", json!("bye")),
        ("zeroInteger", json!(3)),
    ] {
        expected[k] = v;
    }
    assert_same(
        &server.requests()[0].json(),
        &json!({ "defaults": expected, "topLevelDefault": "set" }),
    );
}

#[tokio::test]
async fn members_a_response_leaves_out_read_as_their_defaults() {
    let server = TestServer::start(vec![Reply::json(200, "{}")]).await;
    let out = client(&server)
        .operation_with_defaults()
        .send()
        .await
        .unwrap();
    assert_eq!(out.default_string(), "hi");
    assert!(out.default_boolean());
    assert_eq!(out.default_integer(), 10);
    assert_eq!(out.default_long(), 100);
    assert_eq!(out.default_byte(), 1);
    assert_eq!(out.default_float(), 1.0);
    assert_eq!(out.default_enum(), &Suit::Foo);
    assert_eq!(out.default_int_enum(), &Level::One);
    assert_eq!(out.default_blob().as_ref(), b"abc");
    assert_eq!(out.default_timestamp().secs(), 0);
    assert_eq!(out.default_document_map(), &json!({}));
    assert_eq!(out.default_document_list(), &json!([]));
    assert_eq!(out.default_document_string(), &json!("hi"));
    assert_eq!(out.default_document_boolean(), &json!(true));
    assert_eq!(out.zero_integer(), 0);
    // What the output serializes to (serde, as on the wire) holds every default.
    assert_same(
        &serde_json::to_value(&out).unwrap(),
        &defaults_on_the_wire(),
    );
}

#[tokio::test]
async fn values_in_a_response_win_over_the_defaults() {
    let server = TestServer::start(vec![Reply::json(
        200,
        r#"{"defaultString":"bye","defaultInteger":20,"defaultEnum":"BAR","defaultIntEnum":2,"defaultDocumentMap":{"a":1},"zeroInteger":5}"#,
    )])
    .await;
    let out = client(&server)
        .operation_with_defaults()
        .send()
        .await
        .unwrap();
    assert_eq!(out.default_string(), "bye");
    assert_eq!(out.default_integer(), 20);
    assert_eq!(out.default_enum(), &Suit::Bar);
    assert_eq!(out.default_int_enum(), &Level::Two);
    assert_eq!(out.default_document_map(), &json!({"a": 1}));
    assert_eq!(out.zero_integer(), 5);
    assert_eq!(
        out.default_long(),
        100,
        "the members it leaves out still default"
    );
}

#[tokio::test]
async fn required_members_a_faulty_server_leaves_out_read_as_zero_values() {
    let server = TestServer::start(vec![Reply::json(200, "{}")]).await;
    let out = client(&server)
        .operation_with_required_members()
        .send()
        .await
        .unwrap();
    assert_eq!(out.required_string(), "");
    assert!(!out.required_boolean());
    assert!(out.required_list().is_empty());
    assert_eq!(out.required_timestamp().secs(), 0);
    assert!(out.required_blob().as_ref().is_empty());
    assert_eq!(out.required_byte(), 0);
    assert_eq!(out.required_short(), 0);
    assert_eq!(out.required_integer(), 0);
    assert_eq!(out.required_long(), 0);
    assert_eq!(out.required_float(), 0.0);
    assert_eq!(out.required_double(), 0.0);
    assert!(out.required_map().is_empty());
    assert_eq!(
        out.required_enum().as_str(),
        "",
        "the unknown variant, with no value"
    );
    assert_eq!(out.required_int_enum().value(), 0);
    assert_eq!(out.required_document(), &Value::Null);
    // A structure reads as `{}` would: its own members at their defaults.
    assert_eq!(out.required_structure(), &Defaults::builder().build());
    assert_eq!(out.required_structure().default_integer(), 10);
    assert_eq!(out.required_union(), &Choice::Unknown);
}

#[tokio::test]
async fn a_map_page_token_is_sent_back_until_a_page_has_none() {
    let server = TestServer::start(vec![
        Reply::json(
            200,
            r#"{"items":["a","b"],"lastKey":{"id":"b","shard":"1"}}"#,
        ),
        Reply::json(200, r#"{"items":["c"],"lastKey":{"id":"c"}}"#),
        Reply::json(200, r#"{"items":["d"],"lastKey":{}}"#),
    ])
    .await;
    let items = client(&server)
        .list_pages()
        .into_paginator()
        .page_size(2)
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, ["a", "b", "c", "d"], "an empty map ends the pages");
    let bodies: Vec<Value> = server.requests().iter().map(|r| r.json()).collect();
    assert_eq!(
        bodies,
        [
            json!({ "limit": 2 }),
            json!({ "limit": 2, "startKey": { "id": "b", "shard": "1" } }),
            json!({ "limit": 2, "startKey": { "id": "c" } }),
        ]
    );
}

#[tokio::test]
async fn a_map_page_token_sent_back_unchanged_stops_the_paginator() {
    let server = TestServer::start(vec![
        Reply::json(200, r#"{"items":["a"],"lastKey":{"id":"a"}}"#),
        Reply::json(200, r#"{"items":["a"],"lastKey":{"id":"a"}}"#),
    ])
    .await;
    let pages: Vec<_> = client(&server)
        .list_pages()
        .into_paginator()
        .send()
        .collect()
        .await;
    assert_eq!(pages.len(), 3, "two pages, then the error");
    let error = pages[2].as_ref().unwrap_err().to_string();
    assert!(error.contains("page token it was sent"), "{error}");
    assert_eq!(server.requests().len(), 2);
}

// ---- the generator: what is left out, the crate's name, the protocol ----

fn generate(models: Vec<std::path::PathBuf>, package: Option<&str>) -> ecs_codegen::Generated {
    let options = ecs_codegen::Options {
        models,
        service: None,
        operations: ecs_codegen::Operations::All,
        package: package.map(str::to_owned),
        runtime_path: "../runtime".into(),
        standalone: true,
        protocol_tests: false,
    };
    ecs_codegen::generate(&options).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn streaming_operations_are_left_out_with_their_reason_in_the_crate_docs() {
    let generated = generate(vec![ecs_tests::fixture("regen")], None);
    let left_out: Vec<&str> = generated
        .left_out
        .iter()
        .map(|(op, _)| op.as_str())
        .collect();
    assert_eq!(left_out, ["SubscribeEvents", "Upload"]);
    assert!(
        generated.left_out[0]
            .1
            .contains("output member `events` is an event stream"),
        "{:?}",
        generated.left_out
    );
    assert!(
        generated.left_out[1]
            .1
            .contains("input member `body` is a streaming blob"),
        "{:?}",
        generated.left_out
    );
    assert!(
        !generated
            .files
            .keys()
            .any(|f| f.contains("subscribe_events") || f.contains("upload")),
        "no file for an operation left out"
    );
    let lib = &generated.files["src/lib.rs"];
    assert!(
        lib.contains("//! - `SubscribeEvents`: its output member `events` is an event stream"),
        "{lib}"
    );
    // Shapes only the streaming operations reach are not generated either.
    assert!(!generated.files.contains_key("src/types/message_event.rs"));
}

#[test]
fn a_crate_is_named_after_its_service_unless_a_name_is_given() {
    let Some(shared) = ecs_tests::shared_dir("a_crate_is_named_after_its_service") else {
        return;
    };
    for (model, expected) in [
        ("comprehendmedical.json", "amazon-comprehendmedical"),
        ("ecs.json", "amazon-ecs"),
    ] {
        let generated = generate(vec![shared.join("models").join(model)], None);
        assert_eq!(generated.package, expected);
        let manifest = &generated.files["Cargo.toml"];
        assert!(
            manifest.contains(&format!("name = \"{expected}\"")),
            "{manifest}"
        );
    }
    // Without an SDK id, from the shape name.
    assert_eq!(
        generate(vec![ecs_tests::fixture("regen")], None).package,
        "amazon-regen"
    );
    assert_eq!(
        generate(vec![ecs_tests::fixture("regen")], Some("mine")).package,
        "mine"
    );
}

#[test]
fn a_service_with_several_protocols_is_generated_for_the_json_one_and_says_so() {
    let Some(shared) = ecs_tests::shared_dir("a_service_with_several_protocols") else {
        return;
    };
    let generated = generate(vec![shared.join("models/comprehendmedical.json")], None);
    assert_eq!(
        generated.protocol,
        ("awsJson1_1", vec!["smithy.protocols#rpcv2Cbor".to_owned()])
    );
    let lib = &generated.files["src/lib.rs"];
    assert!(
        lib.contains(
            "The service also offers `smithy.protocols#rpcv2Cbor`, which this client does not use"
        ),
        "{lib}"
    );
}

/// A model that gains a protocol (as several AWS services gained rpcv2Cbor) regenerates with
/// the same wire format: every file but the crate docs is byte for byte the same.
#[test]
fn gaining_a_protocol_changes_nothing_but_the_crate_docs() {
    let model = ecs_tests::workspace_root().join("model/ecs.json");
    let text = std::fs::read_to_string(&model).unwrap();
    // Edited as text, so the members keep the model's order.
    let trait_key = "\"aws.protocols#awsJson1_1\": {}";
    assert_eq!(
        text.matches(trait_key).count(),
        1,
        "the service's protocol trait"
    );
    let text = text.replace(
        trait_key,
        &format!("{trait_key}, \"smithy.protocols#rpcv2Cbor\": {{}}"),
    );
    let dir = ecs_tests::scratch_dir("gaining-a-protocol");
    let gained = dir.join("ecs.json");
    std::fs::write(&gained, text).unwrap();
    let before = generate(vec![model], Some("amazon-ecs"));
    let after = generate(vec![gained], Some("amazon-ecs"));
    assert_eq!(
        before.files.keys().collect::<Vec<_>>(),
        after.files.keys().collect::<Vec<_>>()
    );
    for (path, text) in &before.files {
        if path != "src/lib.rs" {
            assert!(text == &after.files[path], "{path} changed");
        }
    }
    let code = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| !l.starts_with("//!"))
            .map(str::to_owned)
            .collect()
    };
    let (before_lib, after_lib) = (&before.files["src/lib.rs"], &after.files["src/lib.rs"]);
    assert!(
        code(before_lib) == code(after_lib),
        "src/lib.rs: only its docs may change"
    );
    assert!(after_lib.contains("`smithy.protocols#rpcv2Cbor`, which this client does not use"));
}

#[tokio::test]
async fn a_null_reads_as_the_members_default_as_an_absent_member_does() {
    let server = TestServer::start(vec![Reply::json(
        200,
        r#"{"defaultString":null,"defaultInteger":null,"defaultEnum":null,"defaultBoolean":null,"zeroInteger":null}"#,
    )])
    .await;
    let out = client(&server)
        .operation_with_defaults()
        .send()
        .await
        .unwrap();
    assert_eq!(out.default_string(), "hi");
    assert_eq!(out.default_integer(), 10);
    assert_eq!(out.default_enum(), &Suit::Foo);
    assert!(out.default_boolean());
    assert_eq!(out.zero_integer(), 0);
}

#[tokio::test]
async fn timestamps_blobs_and_floats_keep_their_wire_form_at_any_depth() {
    use regen_fixture::primitives::{Blob, DateTime};
    use regen_fixture::types::{Moment, Nested};
    // RFC 3339 two lists deep, floats in a sparse map (`null` kept, NaN as a string), base64
    // in a list, and a union member of each kind.
    let wire = json!({ "values": {
        "stamp": 1_700_000_000.25,
        "grid": [["2023-11-14T22:13:20Z", "1970-01-01T00:00:00.500Z"], []],
        "ratios": { "half": 0.5, "unset": null, "odd": "NaN" },
        "blobs": ["aGk=", ""],
        "moment": { "httpAt": "Tue, 14 Nov 2023 22:13:20 GMT" }
    }});
    let server = TestServer::start(vec![Reply::json(200, &wire.to_string())]).await;
    let at = DateTime::from_secs(1_700_000_000);
    let values = Nested::builder()
        .stamp(DateTime::from_secs_and_nanos(1_700_000_000, 250_000_000))
        .grid(vec![at, DateTime::from_secs_and_nanos(0, 500_000_000)])
        .grid(vec![])
        .ratios("half", Some(0.5))
        .ratios("unset", None)
        .ratios("odd", Some(f64::NAN))
        .blobs(Blob::new(b"hi".to_vec()))
        .blobs(Blob::new(Vec::new()))
        .moment(Moment::HttpAt(at))
        .build();
    let out = client(&server)
        .echo_values()
        .values(values)
        .send()
        .await
        .unwrap();
    assert_same(&server.requests()[0].json(), &wire);
    let back = out.values().unwrap();
    assert_eq!(
        back.stamp(),
        Some(&DateTime::from_secs_and_nanos(1_700_000_000, 250_000_000))
    );
    assert_eq!(
        back.grid()[0],
        [at, DateTime::from_secs_and_nanos(0, 500_000_000)]
    );
    assert!(back.grid()[1].is_empty());
    let ratios = back.ratios().unwrap();
    assert_eq!((ratios["half"], ratios["unset"]), (Some(0.5), None));
    assert!(ratios["odd"].unwrap().is_nan());
    assert_eq!(back.blobs()[0].as_ref(), b"hi");
    assert_eq!(back.moment(), Some(&Moment::HttpAt(at)));
    // The other union members, read and written the same way.
    for (member, value) in [
        (
            json!({ "at": 1.5 }),
            Moment::At(DateTime::from_secs_and_nanos(1, 500_000_000)),
        ),
        (
            json!({ "data": "aGk=" }),
            Moment::Data(Blob::new(b"hi".to_vec())),
        ),
        (
            json!({ "ratio": "-Infinity" }),
            Moment::Ratio(f64::NEG_INFINITY),
        ),
    ] {
        assert_eq!(
            serde_json::from_value::<Moment>(member.clone()).unwrap(),
            value
        );
        assert_eq!(serde_json::to_value(&value).unwrap(), member);
    }
}
