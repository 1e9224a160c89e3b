//! Parameter references and metric ids on the shipped example, used as a
//! sensitivity analysis would: each uncertain input at its low and high.

use agreement_explorer::app::builtin_example;
use agreement_explorer::engine::{MetricId, project};
use agreement_explorer::model::param::ParamRef;

#[test]
fn every_uncertain_input_of_the_example_moves_within_its_range_and_back() {
    let base = builtin_example();
    let base_projection = project(&base);
    let metrics = MetricId::all(&base, &base_projection);
    let inputs = ParamRef::uncertain_inputs(&base);
    assert!(inputs.len() >= 10, "{inputs:?}");
    assert!(inputs.contains(&ParamRef::DiscountRate));
    assert!(inputs.contains(&ParamRef::EventDate {
        event: "agi_verified".into()
    }));
    let mut moved = std::collections::BTreeSet::new();
    for input in &inputs {
        let range = input
            .uncertainty(&base)
            .expect("an uncertain input has a range");
        let value = input.get(&base).expect("an input has a value");
        assert!(range.low <= value && value <= range.high, "{input:?}");
        let mut a = base.clone();
        for end in [range.low, range.high] {
            input.set(&mut a, end).expect("the range's ends are valid");
            assert_eq!(input.get(&a), Some(end), "{input:?}");
            let p = project(&a);
            let changed = |m: &MetricId| m.value(&a, &p) != m.value(&base, &base_projection);
            if metrics.iter().any(changed) {
                moved.insert(input.clone());
            }
        }
        input.set(&mut a, value).expect("the base value is valid");
        assert_eq!(a, base, "{input:?}");
    }
    // Most uncertain inputs matter to some figure at their low or high (some,
    // such as a rate step after a clause has ended, need not).
    assert!(2 * moved.len() > inputs.len(), "{moved:?}");
}

#[test]
fn labels_of_the_example_use_its_names() {
    let a = builtin_example();
    let p = project(&a);
    let labels: Vec<String> = MetricId::all(&a, &p)
        .iter()
        .map(|m| m.label(&a, &p))
        .collect();
    assert!(
        labels.contains(&"Paid OpenAI → Microsoft".to_owned()),
        "{labels:?}"
    );
    assert!(labels.contains(&"HHI in 2032".to_owned()), "{labels:?}");
    assert!(
        labels.contains(&"Microsoft Azure share in 2032".to_owned()),
        "{labels:?}"
    );
    let inputs: Vec<String> = ParamRef::inputs(&a).iter().map(|x| x.label(&a)).collect();
    assert!(inputs.contains(&"Discount rate".to_owned()), "{inputs:?}");
    assert!(
        inputs.contains(&"AGI verified by expert panel · date".to_owned()),
        "{inputs:?}"
    );
    assert!(
        inputs.contains(&"Microsoft Azure · weight".to_owned()),
        "{inputs:?}"
    );
}
