//! The headline cards of every shipped example say what they count.

use agreement_explorer::engine::project;
use agreement_explorer::io::load;
use agreement_explorer::view::cards::cards;

#[test]
fn no_card_shows_a_total_beyond_its_cap_without_saying_why() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("saves");
    let mut capped = 0;
    for entry in std::fs::read_dir(&dir).expect("saves/") {
        let path = entry.expect("an entry").path();
        if path.extension().is_none_or(|x| x != "ron") {
            continue;
        }
        let a = load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for card in cards(&a, &project(&a)) {
            assert!(
                !card.scope.is_empty(),
                "{}: the card {:?} does not say what it counts",
                path.display(),
                card.caption
            );
            let (Some(total), Some(cap)) = (card.money(), card.cap) else {
                continue;
            };
            capped += 1;
            if total > cap * (1.0 + 1e-9) {
                assert!(
                    !card.beyond_cap.is_empty() && card.detail.contains(&card.beyond_cap),
                    "{}: {:?} shows {} against a cap of {cap} without saying why",
                    path.display(),
                    card.caption,
                    card.value
                );
            }
        }
    }
    assert!(capped > 0, "some example shows a total against a cap");
}
