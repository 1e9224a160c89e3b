//! The metric cards' view model.
