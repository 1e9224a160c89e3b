//! Scenarios: named sets of overrides of inputs on top of the agreement's base terms
//! (DESIGN §3 "Scenarios").

use serde::{Deserialize, Serialize};

use super::Agreement;
use super::param::{ParamError, ParamRef};

/// One input set to another value than the base terms give it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Override {
    pub input: ParamRef,
    /// The value, in the input's unit (a date as [`super::param::value_from_date`] gives it).
    pub value: f64,
}

/// A named set of overrides: "Cap $50B", "AGI mid-2028", "Bear revenue".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    /// One line on what question it answers.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default)]
    pub overrides: Vec<Override>,
}

impl Scenario {
    /// A scenario with no overrides yet.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            description: String::new(),
            overrides: Vec::new(),
        }
    }

    /// The override of `input`, if the scenario has one.
    pub fn value_of(&self, input: &ParamRef) -> Option<f64> {
        self.overrides
            .iter()
            .find(|o| o.input == *input)
            .map(|o| o.value)
    }

    /// Sets `input` to `value` in this scenario, adding the override or changing it.
    pub fn set(&mut self, input: &ParamRef, value: f64) {
        match self.overrides.iter_mut().find(|o| o.input == *input) {
            Some(o) => o.value = value,
            None => self.overrides.push(Override {
                input: input.clone(),
                value,
            }),
        }
    }

    /// Drops the override of `input`: the scenario takes the base value again.
    pub fn reset(&mut self, input: &ParamRef) {
        self.overrides.retain(|o| o.input != *input);
    }

    /// The agreement as this scenario sees it: the base terms with each override set.
    /// Overrides that no longer apply (their item is gone, the value is out of range)
    /// are left out and returned with why.
    pub fn apply(&self, base: &Agreement) -> (Agreement, Vec<(usize, ParamError)>) {
        let mut a = base.clone();
        let mut failed = Vec::new();
        for (i, o) in self.overrides.iter().enumerate() {
            if let Err(e) = o.input.set(&mut a, o.value) {
                failed.push((i, e));
            }
        }
        (a, failed)
    }
}

/// The base terms after an edit made while `scenario` (at `index` in the base's list)
/// was shown: numbers the edit changed become the scenario's overrides, everything
/// else the edit did goes to the base terms.
///
/// `before` and `after` are the agreement as the scenario showed it before and after
/// the edit. When the edit leaves every input in place (it changed numbers only),
/// each changed input is set in the scenario and keeps its base value. When it
/// changes what inputs there are (a clause or a rate step added or removed), it is
/// a change of the terms: it goes to the base, and the scenario keeps its overrides.
pub fn fold_edit(
    base: &Agreement,
    index: usize,
    before: &Agreement,
    mut after: Agreement,
) -> Agreement {
    let Some(scenario) = base.scenarios.get(index) else {
        return after;
    };
    let inputs = ParamRef::inputs(before);
    let same_inputs = inputs == ParamRef::inputs(&after);
    // The scenario as the edit left it (renamed, an override reset…), unless the edit
    // added or removed scenarios, which moves it.
    let same_list = after.scenarios.len() == base.scenarios.len();
    let mut edited = after.scenarios.get(index).filter(|_| same_list).cloned();
    for input in &inputs {
        let (was, now) = (input.get(before), input.get(&after));
        if same_inputs && was != now {
            if let (Some(now), Some(edited)) = (now, edited.as_mut()) {
                edited.set(input, now);
            }
        } else if scenario.value_of(input).is_none() {
            continue;
        }
        // The base keeps its own value of every input the scenario overrides.
        if let Some(base_value) = input.get(base) {
            // The input exists in the base with this value, so setting it back succeeds.
            let _ = input.set(&mut after, base_value);
        }
    }
    if let Some(edited) = edited {
        after.scenarios[index] = edited;
    }
    after
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ids::{ItemKind, rename_clause_references, rename_references};
    use crate::model::param::tests::SMALL;

    fn small() -> Agreement {
        crate::io::from_ron_str(SMALL).expect("parses")
    }

    fn bear() -> Scenario {
        let mut s = Scenario::new("Bear revenue");
        s.description = "Revenue 40 % below plan".into();
        s.set(
            &ParamRef::Scale {
                stream: "revenue".into(),
            },
            0.6,
        );
        s.set(
            &ParamRef::Cap {
                clause: "share".into(),
            },
            2e9,
        );
        s
    }

    #[test]
    fn a_scenario_sets_its_overrides_on_a_copy_of_the_base() {
        let base = small();
        let (a, failed) = bear().apply(&base);
        assert!(failed.is_empty());
        assert_eq!(a.streams[0].scale.value, 0.6);
        assert_eq!(base.streams[0].scale.value, 1.0);
        // An override whose item is gone is reported, not applied.
        let mut s = bear();
        s.set(
            &ParamRef::Weight {
                provider: "gone".into(),
            },
            1.0,
        );
        let (_, failed) = s.apply(&base);
        assert_eq!(failed.len(), 1);
        assert_eq!(failed[0].0, 2);
    }

    #[test]
    fn setting_twice_changes_the_override_and_reset_drops_it() {
        let mut s = bear();
        let scale = ParamRef::Scale {
            stream: "revenue".into(),
        };
        s.set(&scale, 0.7);
        assert_eq!(s.overrides.len(), 2);
        assert_eq!(s.value_of(&scale), Some(0.7));
        s.reset(&scale);
        assert_eq!(s.value_of(&scale), None);
    }

    #[test]
    fn scenarios_round_trip_through_the_file() {
        let mut a = small();
        a.scenarios.push(bear());
        let text = crate::io::to_ron_string(&a).expect("serializes");
        assert!(text.contains("Bear revenue"), "{text}");
        assert_eq!(crate::io::from_ron_str(&text).expect("parses"), a);
    }

    #[test]
    fn renamed_items_keep_their_overrides() {
        let mut a = small();
        a.scenarios.push(bear());
        rename_references(&mut a, ItemKind::Stream, "revenue", "sales");
        rename_clause_references(&mut a, "share", "split");
        let s = &a.scenarios[0];
        assert_eq!(
            s.value_of(&ParamRef::Scale {
                stream: "sales".into()
            }),
            Some(0.6)
        );
        assert_eq!(
            s.value_of(&ParamRef::Cap {
                clause: "split".into()
            }),
            Some(2e9)
        );
    }

    #[test]
    fn problems_name_a_missing_name_a_twin_and_an_override_that_no_longer_applies() {
        let mut a = small();
        let mut twin = bear();
        twin.set(
            &ParamRef::Rate {
                clause: "share".into(),
                step: 7,
            },
            0.1,
        );
        a.scenarios = vec![bear(), twin, Scenario::new(" ")];
        let messages: Vec<String> = crate::model::validate::validate(&a)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            messages,
            [
                "agreement, scenarios[1].name: two scenarios are called \"Bear revenue\"",
                "agreement, scenarios[1].overrides[2]: scenario \"Bear revenue\": clause \"share\" has no rate step 8",
                "agreement, scenarios[2].name: a scenario needs a name",
            ]
        );
    }
}
