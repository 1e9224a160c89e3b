//! Addressable results: every scalar metric of a projection, named by id.
