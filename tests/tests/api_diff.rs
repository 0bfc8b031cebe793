//! What a regeneration says about the public API, on two published ECS models: the April 2026
//! model (`../shared/models/ecs-2026-04.json`) and the current one. The expected entries were
//! checked against a diff of the two models' shapes (19 shapes new, none removed; members
//! added; two members of CreateExpressGatewayService no longer required).

use std::path::Path;

use ecs_codegen::api::{self, Api, Change, ChangeKind};
use ecs_codegen::{Operations, Options};

fn api_of(model: &Path, operations: Operations) -> Api {
    let options = Options {
        models: vec![model.to_owned()],
        service: None,
        operations,
        package: Some("amazon-ecs".into()),
        runtime_path: "../runtime".into(),
        standalone: true,
        protocol_tests: false,
    };
    ecs_codegen::generate(&options)
        .unwrap_or_else(|e| panic!("{e}"))
        .api
}

fn models(test: &str) -> Option<(std::path::PathBuf, std::path::PathBuf)> {
    let shared = ecs_tests::shared_dir(test)?;
    Some((
        shared.join("models/ecs-2026-04.json"),
        shared.join("models/ecs.json"),
    ))
}

fn find<'a>(changes: &'a [Change], item: &str) -> &'a Change {
    changes.iter().find(|c| c.item == item).unwrap_or_else(|| {
        panic!(
            "`{item}` is not among the changes:\n{}",
            api::markdown(changes)
        )
    })
}

#[test]
fn the_newer_model_adds_to_the_api_and_breaks_nothing() {
    let Some((older, newer)) = models("the_newer_model_adds_to_the_api") else {
        return;
    };
    let changes = api::diff(
        &api_of(&older, Operations::All),
        &api_of(&newer, Operations::All),
    );
    assert_eq!(
        api::summary(&changes),
        "API: 63 added, 0 removed, 2 changed; 0 breaking"
    );
    for added in [
        "operation ContinueServiceDeployment",
        "struct types::MonitoringConfiguration",
        "member operation::create_service::CreateServiceInput.monitoring",
        "member types::Container.neuron_device_ids",
        "variant types::PlatformDeviceType::NeuronDevice",
        "variant types::DeploymentLifecycleHookStage::PreProductionTrafficShift",
        "enum types::DaemonIpcMode",
        "error operation::continue_service_deployment::ContinueServiceDeploymentError::ServiceDeploymentNotFoundException",
    ] {
        assert_eq!(find(&changes, added).kind, ChangeKind::Added, "{added}");
    }
    // A required member of a struct that is itself new breaks nobody.
    let member = find(
        &changes,
        "member types::MetricConfiguration.resolution_seconds",
    );
    assert_eq!(
        (member.what.as_str(), member.breaking),
        ("i32, required", false)
    );
    for relaxed in ["execution_role_arn", "primary_container"] {
        let item = format!(
            "member operation::create_express_gateway_service::CreateExpressGatewayServiceInput.{relaxed}"
        );
        let change = find(&changes, &item);
        assert!(
            matches!(&change.kind, ChangeKind::Changed(before) if before.ends_with(", required")),
            "{change:?}"
        );
        assert!(!change.breaking, "no longer required: {change:?}");
    }
}

#[test]
fn going_back_to_the_older_model_is_breaking_and_says_why() {
    let Some((older, newer)) = models("going_back_to_the_older_model") else {
        return;
    };
    let changes = api::diff(
        &api_of(&newer, Operations::All),
        &api_of(&older, Operations::All),
    );
    assert!(
        api::summary(&changes).starts_with("API: 0 added, 63 removed, 2 changed; 65 breaking"),
        "{}",
        api::summary(&changes)
    );
    let removed = find(&changes, "operation ContinueServiceDeployment");
    assert_eq!(removed.kind, ChangeKind::Removed);
    assert!(removed.breaking);
    let required = find(
        &changes,
        "member operation::create_express_gateway_service::CreateExpressGatewayServiceInput.execution_role_arn",
    );
    assert!(required.breaking);
    assert_eq!(required.what, "Option<String>, required");
    assert!(
        required.why.contains("becomes required"),
        "{}",
        required.why
    );
}

#[test]
fn for_our_four_operations_the_newer_model_adds_two_items() {
    let Some((older, newer)) = models("for_our_four_operations") else {
        return;
    };
    let ours = || {
        Operations::Named(
            ["RunTask", "DescribeTasks", "StopTask", "ListTasks"]
                .map(String::from)
                .to_vec(),
        )
    };
    let changes = api::diff(&api_of(&older, ours()), &api_of(&newer, ours()));
    let items: Vec<(&str, &str)> = changes
        .iter()
        .map(|c| (c.item.as_str(), c.what.as_str()))
        .collect();
    assert_eq!(
        items,
        [
            (
                "member types::Container.neuron_device_ids",
                "Option<Vec<String>>"
            ),
            (
                "variant types::ResourceType::NeuronDevice",
                "\"NeuronDevice\""
            ),
        ]
    );
    assert!(
        changes
            .iter()
            .all(|c| c.kind == ChangeKind::Added && !c.breaking)
    );
}

/// The committed crate's `api.txt` is what the generator says its API is (`codegen --check`
/// holds the file itself up to date; this reads it back).
#[test]
fn the_committed_api_summary_reads_back() {
    let text = std::fs::read_to_string(ecs_tests::workspace_root().join("generated/api.txt"))
        .expect("generated/api.txt");
    let api = Api::parse(&text).expect("api.txt parses");
    assert!(
        text.contains("operation RunTask = Client::run_task\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "member operation::run_task::RunTaskInput.task_definition = Option<String>, required\n"
        ),
        "{text}"
    );
    assert_eq!(Api::parse(&api.to_text()).unwrap(), api);
}
