//! `aws.partition` (library-functions.rst): which AWS partition a region belongs to.
//!
//! The data is `partitions.json` beside this file, written for this project from the published
//! partition facts (ids, region patterns, known regions, DNS suffixes, FIPS and dual-stack
//! support). It is compiled in and parsed once.

use std::collections::HashMap;
use std::sync::OnceLock;

/// One partition of `partitions.json`, read by hand from the JSON value (this crate is in
/// every generated crate's build, which then needs no serde derive).
struct Partition {
    id: String,
    region_regex: String,
    regions: Vec<String>,
    name: String,
    dns_suffix: String,
    dual_stack_dns_suffix: String,
    supports_fips: bool,
    supports_dual_stack: bool,
    implicit_global_region: String,
}

impl Partition {
    fn from_json(p: &serde_json::Value) -> Option<Partition> {
        let text = |key: &str| p.get(key)?.as_str().map(str::to_owned);
        let flag = |key: &str| p.get(key)?.as_bool();
        Some(Partition {
            id: text("id")?,
            region_regex: text("regionRegex")?,
            regions: p
                .get("regions")?
                .as_array()?
                .iter()
                .map(|r| r.as_str().map(str::to_owned))
                .collect::<Option<_>>()?,
            name: text("name")?,
            dns_suffix: text("dnsSuffix")?,
            dual_stack_dns_suffix: text("dualStackDnsSuffix")?,
            supports_fips: flag("supportsFIPS")?,
            supports_dual_stack: flag("supportsDualStack")?,
            implicit_global_region: text("implicitGlobalRegion")?,
        })
    }
}

/// The partitions of `partitions.json`, in order.
fn partitions() -> Vec<Partition> {
    let file: serde_json::Value = serde_json::from_str(include_str!("partitions.json"))
        .expect("partitions.json is valid JSON (checked by the partition tests)");
    file["partitions"]
        .as_array()
        .expect("partitions.json lists partitions")
        .iter()
        .map(|p| {
            Partition::from_json(p)
                .expect("every partition has every field (checked by the partition tests)")
        })
        .collect()
}

/// The partitions ready for lookups: the rules-engine object of each, built once, an index of
/// known regions, and the compiled region patterns.
struct Compiled {
    infos: Vec<PartitionInfo>,
    /// Known regions, hashed with foldhash's fixed-seed hasher: the keys are our own data,
    /// not attacker-chosen, so a keyed hash buys nothing, and for these short keys SipHash and
    /// then FNV-1a (a multiply per byte) each took about a fifth of a resolution (perf, bench/).
    known: HashMap<String, usize, foldhash::fast::FixedState>,
    patterns: Vec<regex_lite::Regex>,
    aws: Option<usize>,
}

fn compiled() -> &'static Compiled {
    static DATA: OnceLock<Compiled> = OnceLock::new();
    DATA.get_or_init(|| {
        let mut compiled = Compiled {
            infos: Vec::new(),
            known: HashMap::default(),
            patterns: Vec::new(),
            aws: None,
        };
        for (i, p) in partitions().into_iter().enumerate() {
            for region in &p.regions {
                compiled.known.entry(region.clone()).or_insert(i);
            }
            compiled
                .patterns
                .push(regex_lite::Regex::new(&p.region_regex).expect(
                    "partition region patterns are valid (checked by the partition tests)",
                ));
            if p.id == "aws" {
                compiled.aws = Some(i);
            }
            compiled.infos.push(PartitionInfo {
                name: p.name,
                dns_suffix: p.dns_suffix,
                dual_stack_dns_suffix: p.dual_stack_dns_suffix,
                supports_fips: p.supports_fips,
                supports_dual_stack: p.supports_dual_stack,
                implicit_global_region: p.implicit_global_region,
            });
        }
        compiled
    })
}

/// What `aws.partition` returns, typed, for resolvers generated from a model's rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionInfo {
    /// `name` (`aws`, `aws-cn`, ...).
    pub name: String,
    /// `dnsSuffix`.
    pub dns_suffix: String,
    /// `dualStackDnsSuffix`.
    pub dual_stack_dns_suffix: String,
    /// `supportsFIPS`.
    pub supports_fips: bool,
    /// `supportsDualStack`.
    pub supports_dual_stack: bool,
    /// `implicitGlobalRegion`.
    pub implicit_global_region: String,
}

/// Which partition `region` is in: a known region first, then the region patterns, and
/// otherwise the `aws` partition (as the AWS SDKs do, so a region newer than this data still
/// resolves).
fn index(region: &str) -> Option<usize> {
    let data = compiled();
    data.known
        .get(region)
        .copied()
        .or_else(|| data.patterns.iter().position(|re| re.is_match(region)))
        .or(data.aws)
}

/// The partition of `region` as a rules-engine object (for the interpreter), made once from
/// the typed partitions.
#[cfg(feature = "interpreter")]
pub(crate) fn partition(region: &str) -> Option<&'static serde_json::Value> {
    use serde_json::{Map, Value};
    static OBJECTS: OnceLock<Vec<Value>> = OnceLock::new();
    let objects = OBJECTS.get_or_init(|| {
        let object = |p: &PartitionInfo| {
            let mut out = Map::new();
            out.insert("name".into(), p.name.clone().into());
            out.insert("dnsSuffix".into(), p.dns_suffix.clone().into());
            out.insert(
                "dualStackDnsSuffix".into(),
                p.dual_stack_dns_suffix.clone().into(),
            );
            out.insert("supportsFIPS".into(), p.supports_fips.into());
            out.insert("supportsDualStack".into(), p.supports_dual_stack.into());
            out.insert(
                "implicitGlobalRegion".into(),
                p.implicit_global_region.clone().into(),
            );
            Value::Object(out)
        };
        compiled().infos.iter().map(object).collect()
    });
    objects.get(index(region)?)
}

/// `aws.partition(region)`, typed.
pub fn partition_info(region: &str) -> Option<&'static PartitionInfo> {
    compiled().infos.get(index(region)?)
}

#[cfg(all(test, feature = "interpreter"))]
mod tests {
    use super::partition;

    fn name(region: &str) -> String {
        partition(region).unwrap()["name"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    #[test]
    fn regions_map_to_partitions() {
        assert_eq!(name("us-east-1"), "aws");
        assert_eq!(name("eu-west-3"), "aws");
        assert_eq!(name("us-gov-west-1"), "aws-us-gov");
        assert_eq!(name("cn-north-1"), "aws-cn");
        assert_eq!(name("us-iso-east-1"), "aws-iso");
        assert_eq!(name("us-isob-east-1"), "aws-iso-b");
        assert_eq!(name("eu-isoe-west-1"), "aws-iso-e");
        assert_eq!(name("us-isof-south-1"), "aws-iso-f");
        assert_eq!(name("eusc-de-east-1"), "aws-eusc");
        assert_eq!(name("aws-global"), "aws", "known non-pattern region");
        assert_eq!(
            name("us-gov-east-9"),
            "aws-us-gov",
            "unknown region matching a pattern"
        );
        assert_eq!(
            name("mars-east-1"),
            "aws",
            "anything else falls back to aws"
        );
        let p = partition("cn-north-1").unwrap();
        assert_eq!(p["dnsSuffix"], "amazonaws.com.cn");
        assert_eq!(p["dualStackDnsSuffix"], "api.amazonwebservices.com.cn");
        assert_eq!(p["supportsFIPS"], true);
        assert_eq!(p["implicitGlobalRegion"], "cn-northwest-1");
    }
}
