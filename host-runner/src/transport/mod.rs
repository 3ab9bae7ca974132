//! The host's HTTP transport (placeholder; filled in by the transport work).
