//! Date arithmetic the editors share.
