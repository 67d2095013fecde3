/// mimalloc: a batch allocates and frees a few buffers the size of each file, thousands of
/// times; glibc's allocator spent a tenth of a lint run returning and consolidating them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(vendorkit::cli::run());
}
