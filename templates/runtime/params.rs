//! Checks and encodings for request parameters, applied before anything is
//! sent.

use super::Error;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but RFC 3986's unreserved characters is percent-encoded, so a
/// value can never add a `/`, `?` or `#` to the path.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// `value` as one path segment. `.` and `..` are refused: URL parsers
/// resolve them even percent-encoded, which would change the path.
pub fn path_segment<E>(name: &'static str, value: &str) -> Result<String, Error<E>> {
    match value {
        "" => Err(Error::InvalidArgument { name, reason: "a path parameter may not be empty".to_owned() }),
        "." | ".." => Err(Error::InvalidArgument { name, reason: format!("a path parameter may not be `{value}`") }),
        _ => Ok(utf8_percent_encode(value, PATH_SEGMENT).to_string()),
    }
}

/// `value` as the parameter's integer type, for offsets and page sizes
/// computed while paginating.
pub fn narrow<T: TryFrom<i64>, E>(name: &'static str, value: i64) -> Result<T, Error<E>> {
    T::try_from(value).map_err(|_| Error::InvalidArgument { name, reason: format!("{value} does not fit the parameter's type") })
}

/// Checks `value` against the spec's `minimum` and `maximum`.
pub fn check_range<E>(name: &'static str, value: i64, minimum: Option<i64>, maximum: Option<i64>) -> Result<(), Error<E>> {
    let too_small = minimum.is_some_and(|minimum| value < minimum);
    let too_large = maximum.is_some_and(|maximum| value > maximum);
    if too_small || too_large {
        let range = match (minimum, maximum) {
            (Some(minimum), Some(maximum)) => format!("from {minimum} to {maximum}"),
            (Some(minimum), None) => format!("at least {minimum}"),
            (None, _) => format!("at most {}", maximum.unwrap_or_default()),
        };
        return Err(Error::InvalidArgument { name, reason: format!("{value} is out of range: it must be {range}") });
    }
    Ok(())
}

/// Checks a string's length (in characters) against `minLength`/`maxLength`.
pub fn check_length<E>(name: &'static str, value: &str, minimum: Option<usize>, maximum: Option<usize>) -> Result<(), Error<E>> {
    let length = value.chars().count();
    if minimum.is_some_and(|minimum| length < minimum) || maximum.is_some_and(|maximum| length > maximum) {
        return Err(Error::InvalidArgument {
            name,
            reason: format!("its length {length} is outside {}..={}", minimum.unwrap_or(0), maximum.map_or("".to_owned(), |m| m.to_string())),
        });
    }
    Ok(())
}

/// Characters a cookie value may not hold (RFC 6265 `cookie-octet`), and `%`.
const COOKIE_VALUE: &AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b',')
    .add(b';')
    .add(b'\\')
    .add(b'%');

/// `value` percent-encoded for a `Cookie` header.
pub fn cookie_value(value: &str) -> String {
    utf8_percent_encode(value, COOKIE_VALUE).to_string()
}
