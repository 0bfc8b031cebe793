//! Runs a task on ECS and says what happened.
//!
//! ```sh
//! cargo run -p ecs-examples --example run_task -- \
//!     --cluster default --task-definition sleep360:1 \
//!     --launch-type FARGATE --subnets subnet-1,subnet-2 --security-groups sg-1
//! ```
//!
//! Each option can also come from the environment: `ECS_CLUSTER`, `ECS_TASK_DEFINITION`,
//! `ECS_LAUNCH_TYPE`, `ECS_SUBNETS`, `ECS_SECURITY_GROUPS`, `ECS_COUNT`. Region, credentials
//! and endpoint come from the usual `AWS_*` variables and `~/.aws` files.

use std::process::ExitCode;

use amazon_ecs::types::{AssignPublicIp, AwsVpcConfiguration, LaunchType, NetworkConfiguration};
use amazon_ecs::{Client, Config};

const USAGE: &str =
    "usage: run_task --task-definition FAMILY[:REVISION] [--cluster NAME] [--count N]
                [--launch-type EC2|FARGATE|EXTERNAL] [--subnets ID,ID] [--security-groups ID,ID]";

#[derive(Debug, Default)]
struct Options {
    cluster: Option<String>,
    task_definition: Option<String>,
    launch_type: Option<String>,
    subnets: Vec<String>,
    security_groups: Vec<String>,
    count: Option<i32>,
}

fn list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn parse(args: impl Iterator<Item = String>) -> Result<Options, String> {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let mut o = Options {
        cluster: env("ECS_CLUSTER"),
        task_definition: env("ECS_TASK_DEFINITION"),
        launch_type: env("ECS_LAUNCH_TYPE"),
        subnets: env("ECS_SUBNETS").map(|v| list(&v)).unwrap_or_default(),
        security_groups: env("ECS_SECURITY_GROUPS")
            .map(|v| list(&v))
            .unwrap_or_default(),
        count: None,
    };
    let mut count = env("ECS_COUNT");
    let mut args = args.peekable();
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
        };
        match flag.as_str() {
            "--cluster" => o.cluster = Some(value()?),
            "--task-definition" => o.task_definition = Some(value()?),
            "--launch-type" => o.launch_type = Some(value()?),
            "--subnets" => o.subnets = list(&value()?),
            "--security-groups" => o.security_groups = list(&value()?),
            "--count" => count = Some(value()?),
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown option {other}\n{USAGE}")),
        }
    }
    if let Some(c) = count {
        o.count = Some(
            c.parse()
                .map_err(|_| format!("--count must be a number, not `{c}`"))?,
        );
    }
    if o.task_definition.is_none() {
        return Err(format!(
            "a task definition is required (--task-definition or ECS_TASK_DEFINITION)\n{USAGE}"
        ));
    }
    Ok(o)
}

async fn run(o: Options) -> Result<bool, Box<dyn std::error::Error>> {
    let client = Client::new(&Config::from_env().await?);
    let mut request = client
        .run_task()
        .set_cluster(o.cluster.clone())
        .set_task_definition(o.task_definition.clone())
        .set_count(o.count);
    if let Some(launch_type) = &o.launch_type {
        let launch_type = LaunchType::from(launch_type.to_ascii_uppercase().as_str());
        if let LaunchType::Unknown(other) = &launch_type {
            eprintln!("note: launch type {other} is not one this program knows; sending it anyway");
        }
        request = request.launch_type(launch_type);
    }
    if !o.subnets.is_empty() {
        let vpc = AwsVpcConfiguration::builder()
            .set_subnets(Some(o.subnets.clone()))
            .set_security_groups((!o.security_groups.is_empty()).then(|| o.security_groups.clone()))
            .assign_public_ip(AssignPublicIp::Disabled)
            .build()?;
        request = request.network_configuration(
            NetworkConfiguration::builder()
                .awsvpc_configuration(vpc)
                .build(),
        );
    }
    let output = request.send().await?;
    let cluster = o.cluster.as_deref().unwrap_or("default");
    let tasks = output.tasks.unwrap_or_default();
    let failures = output.failures.unwrap_or_default();
    if tasks.is_empty() && failures.is_empty() {
        println!("ECS started no task and reported no failure.");
    }
    for task in &tasks {
        let arn = task.task_arn.as_deref().unwrap_or("(no ARN)");
        let status = task.last_status.as_deref().unwrap_or("unknown");
        println!("Started task {arn} on cluster {cluster} (status {status}).");
    }
    for failure in &failures {
        let what = failure.arn.as_deref().unwrap_or("a resource");
        let reason = failure.reason.as_deref().unwrap_or("no reason given");
        match failure.detail.as_deref() {
            Some(detail) => println!("Could not start a task on {what}: {reason} ({detail})."),
            None => println!("Could not start a task on {what}: {reason}."),
        }
    }
    Ok(failures.is_empty() && !tasks.is_empty())
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = match parse(std::env::args().skip(1)) {
        Ok(o) => o,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    match run(options).await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("error: {error}");
            let mut source = error.source();
            while let Some(cause) = source {
                eprintln!("  caused by: {cause}");
                source = cause.source();
            }
            ExitCode::FAILURE
        }
    }
}
