//! The generated types serialize exactly as awsJson1_1 puts them on the wire, and read back
//! what the service (or a newer one) sends.

use amazon_ecs::operation::describe_tasks::DescribeTasksOutput;
use amazon_ecs::operation::run_task::{RunTaskInput, RunTaskOutput};
use amazon_ecs::operation::stop_task::{StopTaskInput, StopTaskOutput};
use amazon_ecs::primitives::DateTime;
use amazon_ecs::types::{
    AssignPublicIp, AwsVpcConfiguration, CapacityProviderStrategyItem, ContainerOverride,
    EbsResourceType, EbsTagSpecification, KeyValuePair, LaunchType, NetworkConfiguration,
    PlacementConstraint, PlacementConstraintType, PlacementStrategy, PlacementStrategyType,
    PropagateTags, Tag, TaskField, TaskManagedEbsVolumeConfiguration, TaskOverride,
    TaskVolumeConfiguration,
};
use serde_json::{Value, json};

fn to_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap()
}

fn full_run_task_request() -> RunTaskInput {
    RunTaskInput::builder()
        .capacity_provider_strategy(
            CapacityProviderStrategyItem::builder()
                .capacity_provider("FARGATE_SPOT")
                .weight(2)
                .base(1)
                .build()
                .unwrap(),
        )
        .cluster("prod")
        .count(3)
        .enable_ecs_managed_tags(true)
        .enable_execute_command(false)
        .group("family:batch")
        .launch_type(LaunchType::Fargate)
        .network_configuration(
            NetworkConfiguration::builder()
                .awsvpc_configuration(
                    AwsVpcConfiguration::builder()
                        .subnets("subnet-1")
                        .subnets("subnet-2")
                        .security_groups("sg-1")
                        .assign_public_ip(AssignPublicIp::Enabled)
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .overrides(
            TaskOverride::builder()
                .container_overrides(
                    ContainerOverride::builder()
                        .name("app")
                        .command("echo")
                        .command("héllo wörld ✓")
                        .environment(
                            KeyValuePair::builder()
                                .name("TOKEN")
                                .value("s3cr3t-value")
                                .build(),
                        )
                        .memory(512)
                        .build(),
                )
                .cpu("256")
                .build(),
        )
        .placement_constraints(
            PlacementConstraint::builder()
                .r#type(PlacementConstraintType::MemberOf)
                .expression("attribute:x == y")
                .build(),
        )
        .placement_strategy(
            PlacementStrategy::builder()
                .r#type(PlacementStrategyType::Spread)
                .field("attribute:ecs.availability-zone")
                .build(),
        )
        .platform_version("1.4.0")
        .propagate_tags(PropagateTags::TaskDefinition)
        .reference_id("ref-1")
        .started_by("ci")
        .tags(Tag::builder().key("team").value("infra").build())
        .task_definition("sleep360:1")
        .client_token("token-1")
        .volume_configurations(
            TaskVolumeConfiguration::builder()
                .name("data")
                .managed_ebs_volume(
                    TaskManagedEbsVolumeConfiguration::builder()
                        .role_arn("arn:aws:iam::1:role/ebs")
                        .size_in_gib(20)
                        .tag_specifications(
                            EbsTagSpecification::builder()
                                .resource_type(EbsResourceType::Volume)
                                .build()
                                .unwrap(),
                        )
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap(),
        )
        .build()
        .unwrap()
}

#[test]
fn run_task_request_with_every_member_is_the_wire_json() {
    let request = full_run_task_request();
    let wire = to_json(&request);
    assert_eq!(
        wire.as_object().unwrap().len(),
        19,
        "RunTaskInput has 19 members: {wire}"
    );
    assert_eq!(
        wire,
        json!({
            "capacityProviderStrategy": [{ "capacityProvider": "FARGATE_SPOT", "weight": 2, "base": 1 }],
            "cluster": "prod",
            "count": 3,
            "enableECSManagedTags": true,
            "enableExecuteCommand": false,
            "group": "family:batch",
            "launchType": "FARGATE",
            "networkConfiguration": { "awsvpcConfiguration": { "subnets": ["subnet-1", "subnet-2"], "securityGroups": ["sg-1"], "assignPublicIp": "ENABLED" } },
            "overrides": { "containerOverrides": [{ "name": "app", "command": ["echo", "héllo wörld ✓"], "environment": [{ "name": "TOKEN", "value": "s3cr3t-value" }], "memory": 512 }], "cpu": "256" },
            "placementConstraints": [{ "type": "memberOf", "expression": "attribute:x == y" }],
            "placementStrategy": [{ "type": "spread", "field": "attribute:ecs.availability-zone" }],
            "platformVersion": "1.4.0",
            "propagateTags": "TASK_DEFINITION",
            "referenceId": "ref-1",
            "startedBy": "ci",
            "tags": [{ "key": "team", "value": "infra" }],
            "taskDefinition": "sleep360:1",
            "clientToken": "token-1",
            "volumeConfigurations": [{ "name": "data", "managedEBSVolume": { "roleArn": "arn:aws:iam::1:role/ebs", "sizeInGiB": 20, "tagSpecifications": [{ "resourceType": "volume" }] } }]
        })
    );
    let back: RunTaskInput = serde_json::from_value(wire).unwrap();
    assert_eq!(back, request);
}

#[test]
fn unset_members_are_omitted_and_empty_input_is_an_empty_object() {
    assert_eq!(to_json(&RunTaskInput::default()), json!({}));
    assert_eq!(
        to_json(
            &RunTaskInput::builder()
                .task_definition("td")
                .build()
                .unwrap()
        ),
        json!({ "taskDefinition": "td" })
    );
    // Members with a zero @default are plain values and are written even when they hold it
    // (type-refinement-traits.rst, "Default value serialization": effective defaults SHOULD be
    // serialized): CapacityProviderStrategyItem.weight and .base go out as 0.
    let item = CapacityProviderStrategyItem::builder()
        .capacity_provider("cp")
        .build()
        .unwrap();
    assert_eq!(
        to_json(&item),
        json!({ "capacityProvider": "cp", "weight": 0, "base": 0 })
    );
}

#[test]
fn missing_required_member_fails_the_build_and_is_named() {
    let err = RunTaskInput::builder().cluster("c").build().unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot build RunTaskInput: required member `taskDefinition` not set"
    );
    let err = AwsVpcConfiguration::builder()
        .security_groups("sg")
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot build AwsVpcConfiguration: required member `subnets` not set"
    );
    // Shapes without a required member build a value, not a `Result`.
    let tag: Tag = Tag::builder().build();
    assert_eq!(tag, Tag::default());
    let pair: KeyValuePair = KeyValuePair::builder().build();
    assert_eq!(pair, KeyValuePair::default());
    let constraint: PlacementConstraint = PlacementConstraint::builder().build();
    assert_eq!(constraint, PlacementConstraint::default());
}

#[test]
fn response_with_unknown_values_nulls_and_fractions() {
    let body = json!({
        "tasks": [{
            "taskArn": "arn:aws:ecs:us-east-1:1:task/c/abc",
            "launchType": "QUANTUM",
            "lastStatus": "RUNNING",
            "createdAt": 1589000000.123,
            "startedAt": 1589000001,
            "stoppedAt": null,
            "version": 4,
            "enableExecuteCommand": true,
            "connectivity": "CONNECTED",
            "brandNewField": { "nested": [1, 2, 3] },
            "containers": [{ "name": "app", "healthStatus": "HEALTHY", "exitCode": null, "networkBindings": [{ "protocol": "sctp", "containerPort": 80 }] }],
            "overrides": { "containerOverrides": [{ "name": "app" }] }
        }],
        "failures": [{ "arn": "arn:x", "reason": "MISSING" }],
        "somethingNew": true
    });
    let response: RunTaskOutput = serde_json::from_value(body).unwrap();
    let task = &response.tasks.as_ref().unwrap()[0];
    assert_eq!(
        task.launch_type,
        Some(LaunchType::Unknown("QUANTUM".into()))
    );
    assert_eq!(task.launch_type.as_ref().unwrap().as_str(), "QUANTUM");
    assert_eq!(
        task.created_at,
        Some(DateTime::from_millis(1_589_000_000_123))
    );
    assert_eq!(task.started_at, Some(DateTime::from_secs(1_589_000_001)));
    assert_eq!(task.stopped_at, None);
    assert_eq!(task.version, 4);
    assert!(task.enable_execute_command);
    let binding = &task.containers.as_ref().unwrap()[0]
        .network_bindings
        .as_ref()
        .unwrap()[0];
    assert_eq!(binding.protocol.as_ref().unwrap().to_string(), "sctp");

    // What we read, we write back: unknown enum values and fractional timestamps survive.
    let again = to_json(&response);
    assert_eq!(again["tasks"][0]["launchType"], "QUANTUM");
    assert_eq!(again["tasks"][0]["createdAt"].to_string(), "1589000000.123");
    assert_eq!(
        again["tasks"][0]["containers"][0]["networkBindings"][0]["protocol"],
        "sctp"
    );
    assert!(
        again["tasks"][0].get("stoppedAt").is_none(),
        "null is not set, so it is not written"
    );
    assert_eq!(
        serde_json::from_value::<RunTaskOutput>(again).unwrap(),
        response
    );
}

#[test]
fn missing_required_response_members_get_zero_values() {
    // Failure has no required members, but AwsVpcConfiguration.subnets is required.
    let config: AwsVpcConfiguration =
        serde_json::from_value(json!({ "securityGroups": ["sg"] })).unwrap();
    assert!(config.subnets.is_empty());
    let empty: DescribeTasksOutput = serde_json::from_str("{}").unwrap();
    assert_eq!(empty.tasks, None);
}

#[test]
fn describe_tasks_response_with_many_tasks_round_trips() {
    let tasks: Vec<Value> = (0..100)
        // `enableExecuteCommand` and `version` have zero defaults, so they are always written.
        .map(|i| json!({ "taskArn": format!("arn:aws:ecs:us-east-1:1:task/c/{i}"), "lastStatus": "RUNNING", "createdAt": 1_600_000_000.5 + f64::from(i), "enableExecuteCommand": false, "version": 0 }))
        .collect();
    let body = json!({ "tasks": tasks, "failures": [] });
    let response: DescribeTasksOutput = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(response.tasks.as_ref().unwrap().len(), 100);
    assert_eq!(to_json(&response), body);
}

#[test]
fn enums_parse_display_and_list_values() {
    assert_eq!(
        "FARGATE".parse::<LaunchType>().unwrap(),
        LaunchType::Fargate
    );
    assert_eq!(
        LaunchType::ManagedInstances.to_string(),
        "MANAGED_INSTANCES"
    );
    assert!(LaunchType::values().contains(&"EXTERNAL"));
    assert_eq!(TaskField::from("TAGS"), TaskField::Tags);
    assert_eq!(to_json(&LaunchType::from("NEW_KIND")), json!("NEW_KIND"));
}

#[test]
fn sensitive_environment_is_redacted_in_debug() {
    let request = full_run_task_request();
    let debug = format!("{request:?} {:?}", request.overrides);
    assert!(
        !debug.contains("s3cr3t-value"),
        "secret leaked into Debug: {debug}"
    );
    assert!(debug.contains("*** Sensitive Data Redacted ***"));
    assert!(
        debug.contains("héllo wörld"),
        "non-sensitive members are still shown"
    );
    let builder = ContainerOverride::builder().environment(
        KeyValuePair::builder()
            .name("K")
            .value("hidden-123")
            .build(),
    );
    assert!(!format!("{builder:?}").contains("hidden-123"));
}

/// The `smithy.api#examples` of our operations (same facts as the published model) parse and
/// re-serialize to equal JSON.
#[test]
fn model_examples_round_trip() {
    let model: Value = serde_json::from_str(
        &std::fs::read_to_string(ecs_tests::workspace_root().join("model/ecs.json")).unwrap(),
    )
    .unwrap();
    let examples = |op: &str| {
        model["shapes"][format!("com.amazonaws.ecs#{op}")]["traits"]["smithy.api#examples"]
            .as_array()
            .unwrap()
            .clone()
    };
    /// Every member of `part` is in `whole` with the same value (objects compared key by key).
    fn contained(part: &Value, whole: &Value) -> bool {
        match (part, whole) {
            (Value::Object(p), Value::Object(w)) => p
                .iter()
                .all(|(k, v)| w.get(k).is_some_and(|x| contained(v, x))),
            (Value::Array(p), Value::Array(w)) => {
                p.len() == w.len() && p.iter().zip(w).all(|(a, b)| contained(a, b))
            }
            _ => part == whole,
        }
    }
    /// The example parses; what we write holds everything it said (plus the zero defaults we
    /// always write) and reads back to the same value.
    fn round_trip<
        T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
    >(
        value: &Value,
    ) {
        let parsed: T = serde_json::from_value(value.clone()).unwrap();
        let written = serde_json::to_value(&parsed).unwrap();
        assert!(contained(value, &written), "{value}\nwritten as\n{written}");
        assert_eq!(serde_json::from_value::<T>(written).unwrap(), parsed);
    }
    fn round_trip_stop_task_output(value: &Value) {
        // `Task.version` has `@default(0)`: a plain `i64`, written back as the example has it.
        let parsed: StopTaskOutput = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(parsed.task.as_ref().unwrap().version, 0);
        round_trip::<StopTaskOutput>(value);
    }
    let mut seen = 0;
    for ex in examples("RunTask") {
        round_trip::<RunTaskInput>(&ex["input"]);
        round_trip::<RunTaskOutput>(&ex["output"]);
        seen += 1;
    }
    for ex in examples("DescribeTasks") {
        round_trip::<amazon_ecs::operation::describe_tasks::DescribeTasksInput>(&ex["input"]);
        round_trip::<DescribeTasksOutput>(&ex["output"]);
        seen += 1;
    }
    for ex in examples("StopTask") {
        round_trip::<StopTaskInput>(&ex["input"]);
        round_trip_stop_task_output(&ex["output"]);
        seen += 1;
    }
    assert_eq!(seen, 3);
}
