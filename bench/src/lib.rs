//! Only the benchmark lives here: `cargo bench` (see benches/throughput.rs).
