//! Helpers for the tests of a program that links our client next to `aws-config`: the
//! environment `aws-config` reads, and a throwaway CA with a server certificate for 127.0.0.1.

use std::sync::{Arc, Once};

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// The static credentials `aws-config` finds in the environment.
pub const ACCESS_KEY: &str = "AKIDAWSCONFIGTEST";

/// Points `aws-config` at static credentials and a region in the environment, and away from
/// any shared config files on this machine. Every test of a binary sets the same values, once.
pub fn aws_environment() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: the only writes to this process's environment, made once, with the same
        // values for every test, before any test reads it.
        unsafe {
            std::env::set_var("AWS_ACCESS_KEY_ID", ACCESS_KEY);
            std::env::set_var("AWS_SECRET_ACCESS_KEY", "secret-from-env");
            std::env::set_var("AWS_REGION", "us-east-1");
            std::env::set_var("AWS_CONFIG_FILE", "/nonexistent/aws-config");
            std::env::set_var(
                "AWS_SHARED_CREDENTIALS_FILE",
                "/nonexistent/aws-credentials",
            );
            std::env::set_var("AWS_EC2_METADATA_DISABLED", "true");
        }
    });
}

/// `aws_config::load_defaults` with the latest behavior version.
pub async fn sdk_config() -> aws_config::SdkConfig {
    aws_environment();
    aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await
}

/// A `Config` from `aws_config::load_defaults`, pointed at `endpoint`.
pub async fn config_for(endpoint: &str) -> amazon_ecs::ConfigBuilder {
    amazon_ecs::Config::from_sdk_config(&sdk_config().await)
        .to_builder()
        .endpoint_url(endpoint)
}

/// The RunTask call every test makes.
pub async fn run_task(
    config: &amazon_ecs::Config,
) -> Result<
    amazon_ecs::operation::run_task::RunTaskOutput,
    amazon_ecs::error::SdkError<amazon_ecs::operation::run_task::RunTaskError>,
> {
    amazon_ecs::Client::new(config)
        .run_task()
        .task_definition("sleep:1")
        .send()
        .await
}

/// True when rustls cannot choose a process-level provider by itself, which is the situation
/// these tests are about: both of its providers are compiled in and none was installed.
pub fn rustls_cannot_choose_a_provider() -> bool {
    rustls::crypto::CryptoProvider::get_default().is_none()
        && std::panic::catch_unwind(|| {
            let _ = rustls::ClientConfig::builder();
        })
        .is_err()
}

/// A CA and a server certificate for 127.0.0.1 that it signed.
pub struct TestPki {
    /// The CA certificate, PEM.
    pub ca_pem: String,
    /// A server configuration presenting the 127.0.0.1 certificate.
    pub server: Arc<rustls::ServerConfig>,
}

/// Makes a fresh [`TestPki`]; the server side uses `provider`.
pub fn test_pki(provider: Arc<rustls::crypto::CryptoProvider>) -> TestPki {
    let ca_key = KeyPair::generate().expect("CA key");
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "amazon-ecs test CA");
    let ca_cert = ca_params.self_signed(&ca_key).expect("CA certificate");
    let issuer = Issuer::new(ca_params, ca_key);
    let leaf_key = KeyPair::generate().expect("server key");
    let leaf = CertificateParams::new(vec!["127.0.0.1".to_owned()])
        .expect("server params")
        .signed_by(&leaf_key, &issuer)
        .expect("server certificate");
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der()));
    let server = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
        .with_no_client_auth()
        .with_single_cert(vec![CertificateDer::from(leaf.der().to_vec())], key)
        .expect("server certificate and key");
    TestPki {
        ca_pem: ca_cert.pem(),
        server: Arc::new(server),
    }
}
