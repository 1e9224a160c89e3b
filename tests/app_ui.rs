//! The real app, driven through its widgets as a user would.

use std::path::Path;
use std::sync::Arc;

use agreement_explorer::app::files::ScriptedDialogs;
use agreement_explorer::app::settings::Settings;
use agreement_explorer::app::{App, Pending};
use agreement_explorer::io;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use egui_system_font_provider::SystemFontProvider;

/// The app in a harness the size of the default window, after its first frames.
fn harness_of(app: App) -> Harness<'static, App> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1600.0, 1000.0))
        // Like the real window, fall back on the system's fonts for symbols and any script.
        .with_context_setup(|ctx| ctx.add_font_provider(Arc::new(SystemFontProvider::new())))
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    harness.run_steps(2);
    harness
}

fn harness_with(path: Option<&Path>, dialogs: ScriptedDialogs) -> Harness<'static, App> {
    harness_of(App::new(path, Settings::default(), Box::new(dialogs)))
}

/// The app on `file`, keeping recovery copies in `recovery`.
fn recovering(file: &Path, recovery: &Path) -> Harness<'static, App> {
    let mut app = App::new(
        Some(file),
        Settings::default(),
        Box::new(ScriptedDialogs::default()),
    );
    app.enable_recovery(recovery);
    harness_of(app)
}

fn harness() -> Harness<'static, App> {
    harness_with(None, ScriptedDialogs::default())
}

fn clause_count(h: &Harness<'_, App>) -> usize {
    h.state()
        .document()
        .expect("a document")
        .agreement()
        .clauses
        .len()
}

fn click(h: &mut Harness<'_, App>, label: &str) {
    h.get_by_label(label).click();
    // One frame to react, one to apply what it asked for, one to show the result.
    h.run_steps(3);
}

#[test]
fn the_app_opens_on_the_built_in_example() {
    let h = harness();
    let doc = h.state().document().expect("a document");
    assert!(doc.agreement().title.contains("Microsoft"));
    assert!(doc.problems().is_empty());
    assert!(!doc.is_modified());
    assert!(h.state().window_title().starts_with(&doc.agreement().title));
}

#[test]
fn adding_and_deleting_a_clause() {
    let mut h = harness();
    let before = clause_count(&h);
    click(&mut h, "+ Add");
    click(&mut h, "Note clause");
    assert_eq!(clause_count(&h), before + 1);
    let doc = h.state().document().expect("doc");
    let added = doc.agreement().clauses.last().expect("added");
    assert_eq!(added.title, "New note");
    assert!(doc.is_modified());
    assert!(h.state().window_title().contains('●'));
    // The new clause is selected; delete it.
    assert_eq!(h.state().view.selected.as_ref(), Some(&added.id));
    click(&mut h, "Delete");
    assert_eq!(clause_count(&h), before);
}

#[test]
fn undo_and_redo_restore_the_exact_document() {
    let mut h = harness();
    let original = h.state().document().expect("doc").agreement().clone();
    click(&mut h, "+ Add");
    click(&mut h, "Revenue share clause");
    let edited = h.state().document().expect("doc").agreement().clone();
    assert_ne!(edited, original);
    click(&mut h, "Edit");
    click(&mut h, "Undo: Add revenue share Ctrl+Z");
    assert_eq!(h.state().document().expect("doc").agreement(), &original);
    assert!(!h.state().document().expect("doc").is_modified());
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    h.run_steps(2);
    assert_eq!(h.state().document().expect("doc").agreement(), &edited);
}

#[test]
fn a_file_with_problems_opens_and_lists_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("problems.ron");
    let text = std::fs::read_to_string("tests/fixtures/v1.ron")
        .expect("fixture")
        .replace("rate: 0.2)", "rate: 1.5)")
        .replace("base: \"revenue\"", "base: \"missing\"");
    std::fs::write(&path, text).expect("writes");
    let mut h = harness_with(Some(&path), ScriptedDialogs::default());
    assert_eq!(h.state().document().expect("opens").problems().len(), 2);
    click(&mut h, "⚠ 2 problems");
    let listed = "⚠ clause \"share\", base: unknown stream \"missing\"";
    h.get_by_label(listed).click();
    h.run_steps(2);
    assert_eq!(h.state().view.selected.as_deref(), Some("share"));
}

#[test]
fn a_file_that_cannot_be_parsed_shows_the_error_with_its_position() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("broken.ron");
    std::fs::write(&path, "(\n    version: 1,\n    title: broken\n").expect("writes");
    let h = harness_with(Some(&path), ScriptedDialogs::default());
    assert!(h.state().document().is_none());
    let failure = h.state().failure().expect("shows the failure");
    assert!(
        failure.message.contains("broken.ron:3:"),
        "{}",
        failure.message
    );
    h.get_by_label("This file could not be opened");
    h.get_by_label("Open…");
    h.get_by_label("New");
}

/// The built-in example with a licence clause added, and a save dialog that answers `path`.
fn edited_then_saving_to(path: &Path) -> Harness<'static, App> {
    let dialogs = ScriptedDialogs {
        save: vec![path.to_owned()],
        ..ScriptedDialogs::default()
    };
    let mut h = harness_with(None, dialogs);
    click(&mut h, "+ Add");
    click(&mut h, "Licence clause");
    h
}

#[test]
fn save_writes_a_file_that_loads_back_equal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("saved.ron");
    let mut h = edited_then_saving_to(&path);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_steps(2);
    let doc = h.state().document().expect("doc");
    assert!(!doc.is_modified());
    assert_eq!(doc.path.as_deref(), Some(path.as_path()));
    assert_eq!(&io::load(&path).expect("loads back"), doc.agreement());
    assert!(!h.state().window_title().contains('●'));
    assert!(h.state().window_title().starts_with("saved.ron"));
}

#[test]
fn a_failed_save_says_where_and_keeps_the_edits() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A folder that does not exist: the save cannot even start.
    let path = dir.path().join("missing").join("saved.ron");
    let mut h = edited_then_saving_to(&path);
    let edited = h.state().document().expect("doc").agreement().clone();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_steps(2);
    let message = h.state().error.clone().expect("the failure is shown");
    assert!(
        message.starts_with("Could not save saved.ron; the file on disk is unchanged: "),
        "{message}"
    );
    assert!(message.contains("missing"), "names the place: {message}");
    let doc = h.state().document().expect("doc");
    assert!(doc.is_modified());
    assert_eq!(doc.agreement(), &edited);
    assert!(doc.path.is_none());
    assert!(!path.exists());
}

#[test]
fn new_with_unsaved_edits_asks_and_cancel_keeps_the_edits() {
    let mut h = harness();
    click(&mut h, "+ Add");
    click(&mut h, "Note clause");
    let edited = h.state().document().expect("doc").agreement().clone();
    click(&mut h, "File");
    click(&mut h, "New Ctrl+N");
    assert_eq!(h.state().pending(), Some(&Pending::New));
    h.get_by_label("Save changes?");
    click(&mut h, "Cancel");
    assert_eq!(h.state().pending(), None);
    let doc = h.state().document().expect("doc");
    assert_eq!(doc.agreement(), &edited);
    assert!(doc.is_modified());
    // Asked again, Discard starts a new agreement.
    click(&mut h, "File");
    click(&mut h, "New Ctrl+N");
    click(&mut h, "Discard");
    let doc = h.state().document().expect("doc");
    assert_eq!(doc.agreement().title, "Untitled agreement");
    assert!(!doc.is_modified());
}

#[test]
fn editing_a_rate_changes_the_payment_metric_by_the_hand_computed_amount() {
    let path = Path::new("tests/fixtures/rate_edit.ron");
    let mut h = harness_with(Some(path), ScriptedDialogs::default());
    // $100M a month at 20 % for twelve months.
    assert!((paid(&h) - 240e6).abs() < 1e-3);
    // The title stands in the clause list and on the timeline; either selects it.
    h.get_all_by_label("Maker pays Cloud Co a share")
        .next()
        .expect("listed")
        .click();
    h.run_steps(3);
    assert_eq!(
        h.state()
            .view
            .selected_index(h.state().document().expect("doc").agreement()),
        Some(0)
    );
    h.get_by_label("Rate, step 1").set_value_accesskit(25.0);
    h.run_steps(3);
    // At 25 %: $300M, $60M more.
    assert!((paid(&h) - 300e6).abs() < 1e-3, "paid {}", paid(&h));
    assert!(
        h.query_by_label("$300M").is_some()
            || h.query_all(egui_kittest::kittest::by().label_contains("$300M"))
                .next()
                .is_some()
    );
    let doc = h.state().document().expect("doc");
    assert_eq!(doc.undo_label(), Some("Change rate"));
    assert!(doc.is_modified());
}

#[test]
fn closing_the_window_with_unsaved_edits_asks_and_cancel_keeps_it_open() {
    let mut h = harness();
    click(&mut h, "+ Add");
    click(&mut h, "Note clause");
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run_steps(3);
    // The close is held back and the user is asked.
    assert_eq!(h.state().pending(), Some(&Pending::Quit));
    h.get_by_label("Save changes?");
    click(&mut h, "Cancel");
    assert_eq!(h.state().pending(), None);
    assert!(h.state().document().expect("doc").is_modified());
}

#[test]
fn ctrl_z_undoes_while_a_clause_row_has_focus() {
    let mut h = harness();
    let before = clause_count(&h);
    click(&mut h, "+ Add");
    click(&mut h, "Note clause");
    // Clicking the new clause in the list gives it focus; that must not block undo.
    let row = h.get_all_by_label("New note").next().expect("listed");
    row.click();
    row.focus();
    h.run_steps(3);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(3);
    assert_eq!(clause_count(&h), before);
    assert!(!h.state().document().expect("doc").is_modified());
}

/// The file name field of the app's own file dialog: its last text field.
fn name_field<'h>(h: &'h Harness<'_, App>) -> egui_kittest::Node<'h> {
    h.get_all_by_role(Role::TextInput)
        .last()
        .expect("the file name field")
}

/// Types `path` into the app's own file dialog's file name field and presses Enter.
fn answer_in_app_dialog(h: &mut Harness<'_, App>, title: &str, path: &Path) {
    h.get_by_label_contains(title);
    name_field(h).focus();
    h.run_steps(1);
    // Replace whatever name the dialog suggests.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    name_field(h).type_text(&path.display().to_string());
    h.run_steps(2);
    h.key_press(egui::Key::Enter);
    h.run_steps(4);
}

#[test]
fn without_a_desktop_dialog_open_asks_in_the_window_and_takes_a_typed_path() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("typed.ron");
    std::fs::copy("tests/fixtures/v1.ron", &path).expect("copies");
    let dialogs = ScriptedDialogs {
        native: false,
        ..ScriptedDialogs::default()
    };
    let mut h = harness_with(None, dialogs);
    click(&mut h, "File");
    click(&mut h, "Open… Ctrl+O");
    answer_in_app_dialog(&mut h, "Open agreement", &path);
    let doc = h.state().document().expect("doc");
    assert_eq!(doc.path.as_deref(), Some(path.as_path()));
    assert_eq!(doc.agreement(), &io::load(&path).expect("loads"));
}

#[test]
fn without_a_desktop_dialog_save_from_the_prompt_saves_then_goes_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("kept");
    let dialogs = ScriptedDialogs {
        native: false,
        ..ScriptedDialogs::default()
    };
    let mut h = harness_with(None, dialogs);
    click(&mut h, "+ Add");
    click(&mut h, "Licence clause");
    let edited = h.state().document().expect("doc").agreement().clone();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run_steps(3);
    click(&mut h, "Save");
    answer_in_app_dialog(&mut h, "Save agreement", &path);
    // Saved with the extension added, then the new document opened.
    let saved = dir.path().join("kept.ron");
    assert_eq!(&io::load(&saved).expect("saved"), &edited);
    let doc = h.state().document().expect("doc");
    assert_eq!(doc.agreement().title, "Untitled agreement");
    assert!(!doc.is_modified());
    h.get_by_label_contains(&format!("Saved to {}", saved.display()));
}

/// The files an app that died leaves in its recovery folder: the copy, what it is, and
/// a lock nobody holds any more.
fn leave_orphan(dir: &Path, stem: &str, a: &agreement_explorer::model::Agreement, path: &Path) {
    std::fs::create_dir_all(dir).expect("folder");
    io::save(&dir.join(format!("{stem}.ron")), a).expect("copy");
    let info = format!(
        "{{\"path\": {:?}, \"title\": {:?}, \"written_secs\": 1796040000}}",
        path.display().to_string(),
        a.title
    );
    std::fs::write(dir.join(format!("{stem}.json")), info).expect("info");
    std::fs::write(dir.join(format!("{stem}.lock")), "").expect("lock");
}

#[test]
fn after_a_crash_the_copy_is_offered_and_restores_the_unsaved_edit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("deal.ron");
    std::fs::copy("tests/fixtures/v1.ron", &file).expect("copies");
    let mut edited = io::load(&file).expect("loads");
    edited.title = "Edited before the crash".into();
    let recovery = dir.path().join("recovery");
    leave_orphan(&recovery, "4242-1", &edited, &file);

    let mut h = recovering(&file, &recovery);
    h.get_by_label_contains("closed unexpectedly while \"deal.ron\" had unsaved changes");
    h.get_by_label_contains("2026-11-30 ");
    click(&mut h, "Restore");
    let doc = h.state().document().expect("doc");
    assert_eq!(doc.agreement(), &edited);
    assert_eq!(doc.path.as_deref(), Some(file.as_path()));
    assert!(doc.is_modified(), "restored changes are not saved yet");
    assert!(h.state().window_title().contains('●'));
    assert!(
        !recovery.join("4242-1.ron").exists(),
        "the old copy is gone"
    );
    // Saving puts the edit in the user's file.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_steps(2);
    assert_eq!(
        io::load(&file).expect("loads").title,
        "Edited before the crash"
    );
}

#[test]
fn unsaved_edits_are_copied_when_the_window_loses_focus_and_the_copy_goes_on_save() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("deal.ron");
    std::fs::copy("tests/fixtures/v1.ron", &file).expect("copies");
    let recovery = dir.path().join("recovery");
    let mut h = recovering(&file, &recovery);
    let copies = |ext: &str| {
        std::fs::read_dir(&recovery)
            .expect("lists")
            .filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.path().extension().is_some_and(|x| x == ext))
            })
            .count()
    };
    assert_eq!(copies("lock"), 1, "the app holds its place");
    assert_eq!(copies("ron"), 0, "nothing unsaved, no copy");
    click(&mut h, "+ Add");
    click(&mut h, "Note clause");
    let edited = h.state().document().expect("doc").agreement().clone();
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .focused = Some(false);
    h.run_steps(2);
    assert_eq!(copies("ron"), 1, "losing focus writes the copy");
    let copy = std::fs::read_dir(&recovery)
        .expect("lists")
        .filter_map(Result::ok)
        .find(|e| e.path().extension().is_some_and(|x| x == "ron"))
        .expect("the copy");
    assert_eq!(&io::load(&copy.path()).expect("loads"), &edited);
    assert_ne!(
        copy.path().parent(),
        file.parent(),
        "never beside the user's file"
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_steps(2);
    assert_eq!(copies("ron"), 0, "a save removes the copy");
}

#[test]
fn help_lists_every_shortcut_and_explains_the_panels() {
    let mut h = harness();
    click(&mut h, "Help");
    click(&mut h, "Keyboard shortcuts");
    for (keys, what) in [
        ("Ctrl+Shift+S", "Save as…"),
        ("Ctrl+S", "Save"),
        ("Ctrl+Z", "Undo"),
        ("Ctrl+Q", "Quit"),
    ] {
        h.get_by_label(keys);
        h.get_by_label(what);
    }
    h.get_by_label("Ctrl+Shift+Z");
    h.get_by_label("Ctrl+Y");
    h.get_by_label("Ctrl+0");
    assert_eq!(h.get_all_by_label("Redo").count(), 2);
    h.get_by_label_contains("Delete the selected clause");
    click(&mut h, "Help");
    click(&mut h, "Getting started");
    h.get_by_label("Timeline (centre, top)");
    h.get_by_label("microsoft-openai-history.ron");
}

/// Whether some widget's label contains `text`.
fn shows(h: &Harness<'_, App>, text: &str) -> bool {
    h.query_all(egui_kittest::kittest::by().label_contains(text))
        .next()
        .is_some()
}

/// What the document's first direction pays in all.
fn paid(h: &Harness<'_, App>) -> f64 {
    h.state()
        .document()
        .expect("doc")
        .projection()
        .metrics
        .directions[0]
        .total_paid
}

/// Opens the Compare menu (not the scenario window's button of the same name).
fn open_compare_menu(h: &mut Harness<'_, App>) {
    h.get_all_by_label("Compare")
        .next()
        .expect("the menu")
        .click();
    h.run_steps(3);
}

fn set_rate(h: &mut Harness<'_, App>, percent: f64) {
    h.get_all_by_label("Maker pays Cloud Co a share")
        .next()
        .expect("listed")
        .click();
    h.run_steps(3);
    h.get_by_label("Rate, step 1").set_value_accesskit(percent);
    h.run_steps(3);
}

#[test]
fn a_pinned_baseline_shows_the_change_on_the_cards() {
    let path = Path::new("tests/fixtures/rate_edit.ron");
    let mut h = harness_with(Some(path), ScriptedDialogs::default());
    click(&mut h, "Compare");
    click(&mut h, "Pin as baseline");
    assert!(h.state().baseline.is_some());
    set_rate(&mut h, 25.0);
    // $240M at 20 %, $300M at 25 %: Δ +$60M, +25 %.
    assert!(shows(&h, "base $240M · Δ +$60.0M (+25.0 %)"));
    // The baseline stays as pinned through undo and redo.
    h.state_mut().document_mut().expect("doc").undo();
    h.run_steps(3);
    assert!(shows(&h, "base $240M · Δ no change"));
    // Redo the edit: the differences window names it, and a click selects its clause.
    h.state_mut().document_mut().expect("doc").redo();
    h.run_steps(3);
    click(&mut h, "Compare");
    click(&mut h, "Show differences…");
    let row = h
        .query_all(egui_kittest::kittest::by().label_contains("20 % → 25 %"))
        .next()
        .expect("the differences list the rate");
    row.click();
    h.run_steps(3);
    assert_eq!(h.state().view.selected.as_deref(), Some("share"));
    click(&mut h, "Compare");
    click(&mut h, "Clear baseline");
    assert!(h.state().baseline.is_none());
    assert!(!shows(&h, "base $240M"));
}

#[test]
fn a_scenario_takes_edited_numbers_and_switching_shows_each_set_of_terms() {
    let path = Path::new("tests/fixtures/rate_edit.ron");
    let mut h = harness_with(Some(path), ScriptedDialogs::default());
    click(&mut h, "Scenarios");
    click(&mut h, "New scenario");
    let doc = h.state().document().expect("doc");
    assert_eq!(doc.scenario_name(), Some("Scenario 1"));
    assert!(h.state().window_title().contains("· Scenario 1"));
    set_rate(&mut h, 30.0);
    assert!((paid(&h) - 360e6).abs() < 1e-3, "{}", paid(&h));
    assert!(shows(&h, "Scenario “Scenario 1” overrides"));
    // The base terms still pay 20 % (the menu's item, not the window's).
    h.get_by_role_and_label(Role::Button, "Scenarios").click();
    h.run_steps(3);
    h.get_all_by_role_and_label(Role::RadioButton, "Base terms")
        .next()
        .expect("the menu lists the base terms")
        .click();
    h.run_steps(3);
    assert!((paid(&h) - 240e6).abs() < 1e-3, "{}", paid(&h));
    assert!(shows(&h, "$240M"));
    // Undo takes back the override and shows the scenario as it was then.
    let doc = h.state_mut().document_mut().expect("doc");
    doc.undo();
    assert_eq!(doc.scenario_name(), Some("Scenario 1"));
    assert!(doc.base().scenarios[0].overrides.is_empty());
    assert!((doc.projection().metrics.directions[0].total_paid - 240e6).abs() < 1e-3);
}

#[test]
fn a_baseline_of_the_base_terms_follows_their_edits_and_undo() {
    let path = Path::new("tests/fixtures/rate_edit.ron");
    let mut h = harness_with(Some(path), ScriptedDialogs::default());
    let baseline_paid = |h: &Harness<'_, App>| {
        h.state()
            .baseline
            .as_ref()
            .expect("a baseline")
            .projection
            .metrics
            .directions[0]
            .total_paid
    };
    // A scenario shown, compared with the base terms.
    click(&mut h, "Scenarios");
    click(&mut h, "New scenario");
    open_compare_menu(&mut h);
    h.get_by_label("Compare with scenario").click();
    h.run_steps(3);
    h.get_all_by_role_and_label(Role::Button, "Base terms")
        .next()
        .expect("the menu lists the base terms")
        .click();
    h.run_steps(3);
    assert!((baseline_paid(&h) - 240e6).abs() < 1e-3);
    // An edit of the scenario leaves the base terms, and the baseline, as they were.
    set_rate(&mut h, 25.0);
    assert!((baseline_paid(&h) - 240e6).abs() < 1e-3);
    assert!(shows(&h, "base $240M · Δ +$60.0M (+25.0 %)"));
    let id = h.state().baseline.as_ref().map(|b| b.id);
    // An edit of the base terms moves the baseline with them: 30 % pays $360M.
    h.state_mut()
        .document_mut()
        .expect("doc")
        .show_scenario(None);
    h.run_steps(3);
    assert_eq!(
        h.state().baseline.as_ref().map(|b| b.id),
        id,
        "nothing to redo"
    );
    set_rate(&mut h, 30.0);
    assert!(
        (baseline_paid(&h) - 360e6).abs() < 1e-3,
        "{}",
        baseline_paid(&h)
    );
    assert!(shows(&h, "base $360M · Δ no change"));
    // Undo brings the base terms, and the baseline, back.
    h.state_mut().document_mut().expect("doc").undo();
    h.run_steps(3);
    assert!(
        (baseline_paid(&h) - 240e6).abs() < 1e-3,
        "{}",
        baseline_paid(&h)
    );
    // A pinned state does not follow.
    open_compare_menu(&mut h);
    click(&mut h, "Pin as baseline");
    set_rate(&mut h, 30.0);
    assert!(
        (baseline_paid(&h) - 240e6).abs() < 1e-3,
        "{}",
        baseline_paid(&h)
    );
}

#[test]
fn presenter_mode_steps_through_the_story_and_moves_the_playhead() {
    use agreement_explorer::model::story::steps;
    let mut h = harness();
    let a = h.state().document().expect("doc").base().clone();
    let story = steps(&a);
    assert!(story.len() >= 3, "{}", story.len());
    h.key_press(egui::Key::F5);
    h.run_steps(3);
    assert_eq!(h.state().presenter.as_ref().map(|p| p.step), Some(0));
    assert_eq!(h.state().view.playhead, story[0].when(&a));
    assert!(shows(&h, &story[0].title));
    // The editors are hidden: no clause list, no menu.
    assert!(h.query_by_label("+ Add").is_none());
    for (i, step) in story.iter().enumerate().skip(1).take(2) {
        h.key_press(egui::Key::ArrowRight);
        h.run_steps(3);
        assert_eq!(h.state().presenter.as_ref().map(|p| p.step), Some(i));
        assert_eq!(h.state().view.playhead, step.when(&a));
        assert_eq!(h.state().view.reveal_until, Some(step.when(&a)));
    }
    h.key_press(egui::Key::ArrowLeft);
    h.run_steps(3);
    assert_eq!(h.state().presenter.as_ref().map(|p| p.step), Some(1));
    h.key_press(egui::Key::Escape);
    h.run_steps(3);
    assert!(h.state().presenter.is_none());
    assert_eq!(h.state().view.reveal_until, None);
    assert!(h.query_by_label("+ Add").is_some());
    assert!(
        !h.state().document().expect("doc").is_modified(),
        "presenting edits nothing"
    );
}

#[test]
fn a_simulation_runs_in_the_background_and_an_edit_restarts_it() {
    let path = Path::new("saves/revenue-share-uncertain.ron");
    let mut h = harness_with(Some(path), ScriptedDialogs::default());
    h.state_mut().uncertainty.open = true;
    h.run_steps(2);
    click(&mut h, "Monte Carlo");
    // The run goes on while frames keep coming: the progress bar is there at first.
    let revision = h.state().document().expect("doc").revision();
    assert!(h.state().uncertainty.running());
    assert!(shows(&h, "samples"));
    // It finishes on background threads; the window keeps drawing meanwhile.
    let start = std::time::Instant::now();
    while h.state().uncertainty.outcome(revision).is_none() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(60),
            "no result"
        );
        h.run_steps(1);
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(shows(&h, "P50 "));
    // An edit starts a new run for the new revision; the old result does not show.
    h.state_mut()
        .document_mut()
        .expect("doc")
        .apply(agreement_explorer::document::Edit::new("Retitle", |a| {
            a.title = "Edited".into();
        }));
    h.run_steps(2);
    let edited = h.state().document().expect("doc").revision();
    assert_ne!(edited, revision);
    assert!(h.state().uncertainty.running());
    assert!(h.state().uncertainty.outcome(edited).is_none());
}

#[test]
fn the_tornado_lists_the_widest_input_first() {
    let path = Path::new("saves/revenue-share-uncertain.ron");
    let mut h = harness_with(Some(path), ScriptedDialogs::default());
    h.state_mut().uncertainty.open = true;
    h.run_steps(3);
    assert!(shows(&h, "Base: "));
    assert!(shows(&h, "Widest swing at the top"));
}
