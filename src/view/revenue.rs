//! The revenue-share chart's view model.
