//! Code that hands values between the ECS client and the rest of the AWS crates, written
//! against the official crates: a task's times kept as aws-smithy-types' `DateTime`, an error
//! helper typed against aws-smithy-runtime-api's `SdkError` and aws-smithy-types'
//! `ProvideErrorMetadata`, and a region and behavior version as aws-types' and
//! aws-smithy-runtime-api's. It compiles against the official `aws-sdk-ecs` and against ours
//! with `interop` (feature `interop` of this crate).

use aws_sdk_ecs::Client;
use aws_sdk_ecs::operation::describe_tasks::DescribeTasksError;

/// When each task started, kept as aws-smithy-types' `DateTime` (as programs store it to
/// convert with aws-smithy-types-convert).
pub async fn started_times(
    client: &Client,
    cluster: &str,
    arns: &[&str],
) -> Result<Vec<Option<aws_smithy_types::DateTime>>, aws_sdk_ecs::Error> {
    let out = client
        .describe_tasks()
        .cluster(cluster)
        .set_tasks(Some(arns.iter().map(|a| (*a).to_owned()).collect()))
        .send()
        .await?;
    Ok(out
        .tasks()
        .iter()
        .map(|t| t.started_at().copied())
        .collect())
}

/// A program's shared error helper, written against the official crates only.
pub fn explain<E, R>(err: &aws_smithy_runtime_api::client::result::SdkError<E, R>) -> String
where
    E: aws_smithy_types::error::metadata::ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    use aws_smithy_runtime_api::client::result::SdkError;
    match err {
        SdkError::ServiceError(service) => format!(
            "{}: {}",
            service.err().code().unwrap_or("unknown"),
            service.err().message().unwrap_or("no message")
        ),
        other => aws_smithy_types::error::display::DisplayErrorContext(other).to_string(),
    }
}

/// Describes a task and explains the failure with the helper above.
pub async fn describe_or_explain(client: &Client, cluster: &str, arn: &str) -> String {
    let result: Result<_, aws_smithy_runtime_api::client::result::SdkError<DescribeTasksError, _>> =
        client
            .describe_tasks()
            .cluster(cluster)
            .tasks(arn)
            .send()
            .await;
    match result {
        Ok(out) => format!("{} task(s)", out.tasks().len()),
        Err(err) => explain(&err),
    }
}

/// A region and a behavior version as the official crates' types, given to our builder.
pub fn client_in(
    endpoint: &str,
    region: aws_types::region::Region,
    version: aws_smithy_runtime_api::client::behavior_version::BehaviorVersion,
) -> Client {
    let config = aws_sdk_ecs::Config::builder()
        .behavior_version(version)
        .region(region)
        .credentials_provider(
            aws_sdk_ecs::config::Credentials::builder()
                .access_key_id("AKIDCOMPAT")
                .secret_access_key("compat-secret")
                .provider_name("compat")
                .build(),
        )
        .endpoint_url(endpoint)
        .build();
    Client::from_conf(config)
}
