//! The meaning colours of the app, as plain colours: exclusivity levels, clause kinds
//! and source statuses. The screen and exported charts draw with the same ones.

use crate::model::{ClauseKind, KindTag, LevelKind, Rgb, SourceStatus};

/// Exclusivity levels from strong to open: deep red, amber, yellow, teal.
pub fn level(level: LevelKind) -> Rgb {
    match level {
        LevelKind::Exclusive => Rgb([0xb3, 0x1b, 0x1b]),
        LevelKind::RightOfFirstRefusal => Rgb([0xe0, 0x8e, 0x0b]),
        LevelKind::Preferred => Rgb([0xe6, 0xc2, 0x29]),
        LevelKind::NonExclusive => Rgb([0x14, 0x9c, 0x8f]),
    }
}

/// Clause kinds; exclusivity shares the exclusive level's red.
pub fn kind(kind: KindTag) -> Rgb {
    match kind {
        KindTag::Exclusivity => level(LevelKind::Exclusive),
        KindTag::RevenueShare => Rgb([0x3b, 0x6e, 0xc4]),
        KindTag::ComputeCommitment => Rgb([0x7a, 0x4f, 0xb8]),
        KindTag::Licence => Rgb([0x5a, 0x7d, 0x4a]),
        KindTag::EquityStake => Rgb([0x8a, 0x6d, 0x3b]),
        KindTag::Note => Rgb([0x80, 0x80, 0x80]),
    }
}

/// An exclusive licence reads like exclusivity; a non-exclusive one like open terms.
pub fn licence(exclusive: bool) -> Rgb {
    if exclusive {
        Rgb([0x8e, 0x2a, 0x5a])
    } else {
        Rgb([0x5a, 0x9b, 0xa8])
    }
}

/// How far a source can be trusted: green, amber, grey.
pub fn status(status: SourceStatus) -> Rgb {
    match status {
        SourceStatus::Verified => Rgb([0x2e, 0x8b, 0x57]),
        SourceStatus::Reported => Rgb([0xd0, 0x8c, 0x00]),
        SourceStatus::Assumption => Rgb([0x80, 0x80, 0x90]),
    }
}

/// A clause's colour: its level for exclusivity, exclusive or not for a licence, its
/// kind otherwise.
pub fn clause(kind: &ClauseKind) -> Rgb {
    match kind {
        ClauseKind::Exclusivity { level, .. } => self::level(level.kind()),
        ClauseKind::Licence { exclusive, .. } => licence(*exclusive),
        other => self::kind(other.tag()),
    }
}
