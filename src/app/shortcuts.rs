//! The keyboard shortcuts: one table that the app handles keys from, the menus show
//! beside their items, and Help → Keyboard shortcuts lists.

use egui::{Key, KeyboardShortcut, Modifiers};

use super::Action;

const fn shortcut(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}

const SHIFT_COMMAND: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);

pub const NEW: KeyboardShortcut = shortcut(Modifiers::COMMAND, Key::N);
pub const OPEN: KeyboardShortcut = shortcut(Modifiers::COMMAND, Key::O);
pub const SAVE: KeyboardShortcut = shortcut(Modifiers::COMMAND, Key::S);
pub const SAVE_AS: KeyboardShortcut = shortcut(SHIFT_COMMAND, Key::S);
pub const QUIT: KeyboardShortcut = shortcut(Modifiers::COMMAND, Key::Q);
pub const UNDO: KeyboardShortcut = shortcut(Modifiers::COMMAND, Key::Z);
pub const REDO: KeyboardShortcut = shortcut(SHIFT_COMMAND, Key::Z);
const REDO_Y: KeyboardShortcut = shortcut(Modifiers::COMMAND, Key::Y);
pub const RESET_VIEW: KeyboardShortcut = shortcut(Modifiers::COMMAND, Key::Num0);
pub const PRESENT: KeyboardShortcut = shortcut(Modifiers::NONE, Key::F5);
pub const FULL_SCREEN: KeyboardShortcut = shortcut(Modifiers::NONE, Key::F11);

/// One shortcut: its keys, what it does, and whether it still works while a text
/// field has the keyboard (Ctrl+Z there belongs to the field).
#[derive(Clone, Debug)]
pub struct Shortcut {
    pub keys: KeyboardShortcut,
    pub action: Action,
    pub what: &'static str,
    pub while_typing: bool,
}

/// Every shortcut, in the order Help lists them. Longer chords come before the
/// shorter ones they contain, so that Ctrl+Shift+S is not taken for Ctrl+S.
pub fn table() -> [Shortcut; 11] {
    let s = |keys, action, what, while_typing| Shortcut {
        keys,
        action,
        what,
        while_typing,
    };
    [
        s(NEW, Action::New, "New agreement", true),
        s(OPEN, Action::Open, "Open an agreement file…", true),
        s(SAVE_AS, Action::SaveAs, "Save as…", true),
        s(SAVE, Action::Save, "Save", true),
        s(REDO, Action::Redo, "Redo", false),
        s(REDO_Y, Action::Redo, "Redo", false),
        s(UNDO, Action::Undo, "Undo", false),
        s(
            RESET_VIEW,
            Action::ResetView,
            "Show the whole horizon",
            true,
        ),
        s(
            PRESENT,
            Action::Present,
            "Present: start or leave presenter mode",
            true,
        ),
        s(
            FULL_SCREEN,
            Action::FullScreen,
            "Full screen on or off",
            true,
        ),
        s(QUIT, Action::Quit, "Quit", true),
    ]
}

/// Keys that act on what is selected or pointed at, beside the table above.
pub const GESTURES: [(&str, &str); 8] = [
    (
        "In presenter mode: → Page Down Space, or a click",
        "Next step; ← or Page Up: the step before; Home: the first",
    ),
    ("In presenter mode: Esc", "Leave presenter mode"),
    (
        "Delete",
        "Delete the selected clause (when no text field has the keyboard)",
    ),
    (
        "Ctrl + scroll, or pinch",
        "Zoom the timeline and the plots around the pointer",
    ),
    (
        "Scroll sideways, or drag the lanes",
        "Pan the timeline and the plots",
    ),
    (
        "Drag a segment's edge",
        "Move that date; an event's edge moves the event",
    ),
    ("Click or drag the ruler", "Move the playhead"),
    ("Double-click the ruler or a plot", "Show the whole horizon"),
];

/// The actions whose shortcuts were pressed this frame; consumes their keys.
pub fn pressed(ctx: &egui::Context) -> Vec<Action> {
    let typing = ctx.text_edit_focused();
    ctx.input_mut(|i| {
        table()
            .into_iter()
            .filter(|s| (s.while_typing || !typing) && i.consume_shortcut(&s.keys))
            .map(|s| s.action)
            .collect()
    })
}

/// Help → Keyboard shortcuts: the table, then the gestures.
pub fn help_ui(ui: &mut egui::Ui) {
    egui::Grid::new("shortcuts_help")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for s in table() {
                ui.monospace(ui.ctx().format_shortcut(&s.keys));
                ui.label(s.what);
                ui.end_row();
            }
            for (keys, what) in GESTURES {
                ui.monospace(keys);
                ui.label(what);
                ui.end_row();
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_shortcuts_share_keys_and_longer_chords_come_first() {
        let table = table();
        for (i, a) in table.iter().enumerate() {
            for b in &table[i + 1..] {
                assert_ne!(a.keys, b.keys, "{} and {}", a.what, b.what);
                // A later shortcut must not be a longer chord of the same key.
                if a.keys.logical_key == b.keys.logical_key {
                    assert!(
                        !b.keys.modifiers.contains(a.keys.modifiers)
                            || b.keys.modifiers == a.keys.modifiers,
                        "{} would swallow {}",
                        a.what,
                        b.what
                    );
                }
            }
        }
    }
}
