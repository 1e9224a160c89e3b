//! Analysis speed.

fn main() {}
