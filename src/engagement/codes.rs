//! Checks for the standard codes the file uses: ISO 3166 countries, ISO 4217 currencies, IANA
//! time zones and ISO 639-1 languages. Each wraps a maintained data crate, so the lists stay
//! current without us keeping tables.

use std::str::FromStr;

/// ISO 3166-1 alpha-2, upper case (`GB`, `IN`).
pub fn is_country(s: &str) -> bool {
    s.len() == 2
        && s.bytes().all(|b| b.is_ascii_uppercase())
        && isocountry::CountryCode::for_alpha2(s).is_ok()
}

/// ISO 4217 alphabetic code, upper case (`GBP`, `EUR`).
pub fn is_currency(s: &str) -> bool {
    iso_currency::Currency::from_code(s).is_some()
}

/// An IANA time zone name (`Europe/London`), or `UTC`.
pub fn is_timezone(s: &str) -> bool {
    chrono_tz::Tz::from_str(s).is_ok()
}

/// ISO 639-1 two-letter code, lower case (`en`, `hi`), optionally with a region (`en-GB`).
pub fn is_language(s: &str) -> bool {
    let (lang, region) = match s.split_once('-') {
        Some((l, r)) => (l, Some(r)),
        None => (s, None),
    };
    LANGUAGES.binary_search(&lang).is_ok() && region.is_none_or(is_country)
}

/// ISO 639-1 codes (the 183 two-letter codes), sorted for binary search.
const LANGUAGES: &[&str] = &[
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bh",
    "bi", "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da",
    "de", "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr",
    "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz",
    "ia", "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj",
    "kk", "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln",
    "lo", "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb",
    "nd", "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi",
    "pl", "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk",
    "sl", "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti",
    "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo",
    "wa", "wo", "xh", "yi", "yo", "za", "zh", "zu",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert!(is_country("GB") && is_country("IN") && !is_country("UK") && !is_country("gb"));
        assert!(is_currency("GBP") && !is_currency("GPB"));
        assert!(is_timezone("Europe/London") && !is_timezone("Europe/Londn"));
        assert!(is_language("en") && is_language("en-GB") && !is_language("english"));
        assert!(LANGUAGES.windows(2).all(|w| w[0] < w[1]));
    }
}
