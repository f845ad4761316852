//! Keep coded readout/1 documents in a store — SQLite embedded by default, PostgreSQL as the
//! server option, the same schema on both — and answer questions of them.
