//! The pipeline's stages, in the order they run. Each reads the layers before it and adds one.

pub mod entities;
pub mod events;
pub mod mentions;
pub mod quotes;
pub mod sentences;
pub mod sources;
pub mod timex;
pub mod tokenize;
