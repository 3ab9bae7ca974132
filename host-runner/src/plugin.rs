//! Loading connector libraries (placeholder).
