fn main() {
    std::process::exit(vendorkit::cli::run());
}
