/// mimalloc: a batch allocates and frees a few buffers the size of each file, thousands of
/// times; glibc's allocator spent a tenth of a lint run returning and consolidating them.
/// Built without transparent huge pages (`no_thp`): with them, every page mimalloc handed
/// back and took again was a 2 MB page the kernel had to clear, a tenth of a lint run
/// over 85 MB, at twice the peak memory.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(vendorkit::cli::run());
}
