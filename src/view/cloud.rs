//! The cloud-distribution chart's view model.
