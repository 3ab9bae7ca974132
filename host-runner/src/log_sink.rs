//! The host's log sink for connector events (placeholder).
