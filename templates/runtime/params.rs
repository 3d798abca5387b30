//! Checks and encodings for request parameters, applied before anything is
//! sent.

use super::error::InvalidArgument;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but RFC 3986's unreserved characters is percent-encoded, so a
/// value can never add a `/`, `?` or `#` to the path.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// How a query, header or cookie parameter travels: the one table the
/// client's encoding ([`Prepared::put`](super::Prepared::put)) and the
/// mock's decoding read, so the two cannot disagree. (A path parameter is
/// part of the path, and an object in the query a pair per field.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// One `name=text` query pair.
    Query,
    /// A list in the query.
    QueryList {
        /// A pair per item; else one pair of the items joined by commas.
        explode: bool,
    },
    /// A header; a list's items joined by commas.
    Header,
    /// A cookie (percent-encoded); a list's items joined by commas.
    Cookie,
}

impl Style {
    /// Whether a list's items travel as one value, joined by commas.
    pub fn joins(self) -> bool {
        self != Style::QueryList { explode: true }
    }

    /// The parameter `name`, as a message names it.
    pub fn describe(self, name: &str) -> String {
        match self {
            Style::Query | Style::QueryList { .. } => format!("query parameter `{name}`"),
            Style::Header => format!("header `{name}`"),
            Style::Cookie => format!("cookie `{name}`"),
        }
    }
}

/// `value` as one path segment. `.` and `..` are refused: URL parsers
/// resolve them even percent-encoded, which would change the path.
pub fn path_segment(name: &'static str, value: &str) -> Result<String, InvalidArgument> {
    match value {
        "" => Err(InvalidArgument::new(name, "a path parameter may not be empty")),
        "." | ".." => Err(InvalidArgument::new(name, format!("a path parameter may not be `{value}`"))),
        _ => Ok(utf8_percent_encode(value, PATH_SEGMENT).to_string()),
    }
}

/// `value` as the parameter's integer type, for offsets and page sizes
/// computed while paginating.
pub fn narrow<T: TryFrom<i64>>(name: &'static str, value: i64) -> Result<T, InvalidArgument> {
    T::try_from(value).map_err(|_| InvalidArgument::new(name, format!("{value} does not fit the parameter's type")))
}

/// `value`, of any integer type, as the parameter's, refused where it does
/// not fit.
pub fn integer<T, V: TryInto<T>>(name: &'static str, value: V) -> Result<T, InvalidArgument> {
    value.try_into().map_err(|_| InvalidArgument::new(name, format!("the value does not fit the parameter's type, {}", std::any::type_name::<T>())))
}

/// Checks `value` against the spec's `minimum` and `maximum`.
pub fn check_range(name: &'static str, value: i64, minimum: Option<i64>, maximum: Option<i64>) -> Result<(), InvalidArgument> {
    let too_small = minimum.is_some_and(|minimum| value < minimum);
    let too_large = maximum.is_some_and(|maximum| value > maximum);
    if too_small || too_large {
        let range = match (minimum, maximum) {
            (Some(minimum), Some(maximum)) => format!("from {minimum} to {maximum}"),
            (Some(minimum), None) => format!("at least {minimum}"),
            (None, _) => format!("at most {}", maximum.unwrap_or_default()),
        };
        return Err(InvalidArgument::new(name, format!("{value} is out of range: it must be {range}")));
    }
    Ok(())
}

/// Checks a string's length (in characters) against `minLength`/`maxLength`.
pub fn check_length(name: &'static str, value: &str, minimum: Option<usize>, maximum: Option<usize>) -> Result<(), InvalidArgument> {
    let length = value.chars().count();
    if minimum.is_some_and(|minimum| length < minimum) || maximum.is_some_and(|maximum| length > maximum) {
        let allowed = match (minimum, maximum) {
            (Some(minimum), Some(maximum)) => format!("from {minimum} to {maximum} characters"),
            (Some(minimum), None) => format!("at least {minimum} characters"),
            (None, _) => format!("at most {} characters", maximum.unwrap_or_default()),
        };
        return Err(InvalidArgument::new(name, format!("it has {length} characters: it must have {allowed}")));
    }
    Ok(())
}

/// Characters a cookie value may not hold (RFC 6265 `cookie-octet`), and `%`.
const COOKIE_VALUE: &AsciiSet = &percent_encoding::CONTROLS.add(b' ').add(b'"').add(b',').add(b';').add(b'\\').add(b'%');

/// `value` percent-encoded for a `Cookie` header.
pub fn cookie_value(value: &str) -> String {
    utf8_percent_encode(value, COOKIE_VALUE).to_string()
}
