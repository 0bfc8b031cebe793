//! [`BuildError`]: what a builder returns when a value cannot be made on the client side (a
//! missing required member, an invalid field), so that nothing is sent.

use std::fmt;

/// A value could not be built on the client side; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BuildError {
    /// `@required` members were not set.
    MissingMembers {
        /// The type being built.
        shape: &'static str,
        /// The members' wire names, in model order.
        members: Vec<&'static str>,
    },
    /// A value is not acceptable for another reason.
    Invalid {
        /// The type being built.
        shape: &'static str,
        /// What is wrong.
        message: String,
    },
}

impl BuildError {
    /// `members` of `shape` are required but were not set.
    pub fn missing_members(shape: &'static str, members: Vec<&'static str>) -> Self {
        BuildError::MissingMembers { shape, members }
    }

    /// Any other reason `shape` cannot be built.
    pub fn invalid(shape: &'static str, message: impl Into<String>) -> Self {
        BuildError::Invalid {
            shape,
            message: message.into(),
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::MissingMembers { shape, members } => {
                let plural = if members.len() == 1 {
                    "member"
                } else {
                    "members"
                };
                write!(f, "cannot build {shape}: required {plural} ")?;
                for (i, m) in members.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "`{m}`")?;
                }
                f.write_str(" not set")
            }
            BuildError::Invalid { shape, message } => write!(f, "cannot build {shape}: {message}"),
        }
    }
}

impl std::error::Error for BuildError {}

#[cfg(test)]
mod tests {
    use super::BuildError;

    #[test]
    fn names_every_missing_member() {
        let e = BuildError::missing_members("AwsVpcConfiguration", vec!["subnets"]);
        assert_eq!(
            e.to_string(),
            "cannot build AwsVpcConfiguration: required member `subnets` not set"
        );
        let e = BuildError::missing_members("Tag", vec!["key", "value"]);
        assert_eq!(
            e.to_string(),
            "cannot build Tag: required members `key`, `value` not set"
        );
    }
}
