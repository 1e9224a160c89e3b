//! Numbers that may carry an uncertainty range.

use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeStruct as _;

/// How values are drawn between `low` and `high`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Distribution {
    /// Every value between low and high equally likely.
    #[default]
    Uniform,
    /// Most likely at the base value, falling to zero at low and high.
    Triangular,
}

/// The range an uncertain number may take.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Range {
    pub low: f64,
    pub high: f64,
    pub distribution: Distribution,
}

/// A numeric assumption: a base value, and optionally the range it may take.
///
/// In a file it is written as a plain number (`0.2`) when it has no range, and
/// as `(value: 0.2, low: 0.08, high: 0.2, distribution: Triangular)` when it has.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Uncertain {
    pub value: f64,
    pub range: Option<Range>,
}

impl Uncertain {
    /// A value with no range.
    pub const fn exact(value: f64) -> Self {
        Self { value, range: None }
    }

    /// A value with a range.
    pub const fn between(value: f64, low: f64, high: f64, distribution: Distribution) -> Self {
        Self {
            value,
            range: Some(Range {
                low,
                high,
                distribution,
            }),
        }
    }
}

impl Default for Uncertain {
    fn default() -> Self {
        Self::exact(0.0)
    }
}

impl From<f64> for Uncertain {
    fn from(value: f64) -> Self {
        Self::exact(value)
    }
}

impl serde::Serialize for Uncertain {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.range {
            None => s.serialize_f64(self.value),
            Some(r) => {
                let mut st = s.serialize_struct("Uncertain", 4)?;
                st.serialize_field("value", &self.value)?;
                st.serialize_field("low", &r.low)?;
                st.serialize_field("high", &r.high)?;
                st.serialize_field("distribution", &r.distribution)?;
                st.end()
            }
        }
    }
}

struct UncertainVisitor;

const FIELDS: &[&str] = &["value", "low", "high", "distribution"];

impl<'de> Visitor<'de> for UncertainVisitor {
    type Value = Uncertain;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, or (value: …, low: …, high: …, distribution: …)")
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Uncertain, E> {
        Ok(Uncertain::exact(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Uncertain, E> {
        Ok(Uncertain::exact(v as f64))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Uncertain, E> {
        Ok(Uncertain::exact(v as f64))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Uncertain, A::Error> {
        let mut value = None;
        let mut low = None;
        let mut high = None;
        let mut distribution = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "value" => value = Some(map.next_value::<f64>()?),
                "low" => low = Some(map.next_value::<f64>()?),
                "high" => high = Some(map.next_value::<f64>()?),
                "distribution" => distribution = Some(map.next_value::<Distribution>()?),
                other => return Err(de::Error::unknown_field(other, FIELDS)),
            }
        }
        let value = value.ok_or_else(|| de::Error::missing_field("value"))?;
        let range = match (low, high) {
            (None, None) => None,
            (Some(low), Some(high)) => Some(Range {
                low,
                high,
                distribution: distribution.unwrap_or_default(),
            }),
            (None, Some(_)) => return Err(de::Error::missing_field("low")),
            (Some(_), None) => return Err(de::Error::missing_field("high")),
        };
        Ok(Uncertain { value, range })
    }
}

impl<'de> serde::Deserialize<'de> for Uncertain {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(UncertainVisitor)
    }
}
