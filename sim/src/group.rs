//! Consumer groups (placeholder for the foundation's first view).
