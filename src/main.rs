/// mimalloc: a batch allocates and frees a few buffers the size of each file, thousands of
/// times, and glibc's allocator spent a visible share of a lint run returning and
/// consolidating them. Built without transparent huge pages (`no_thp`): with them, every page
/// mimalloc handed back and took again was a 2 MB page the kernel had to clear, at twice the
/// peak memory. (Measurements: bench/RESULTS.md.)
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(vendorkit::cli::run());
}
