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
        /// A pair per item; else one pair of the items joined by `delimiter`.
        explode: bool,
        /// `,` (`form`), ` ` (`spaceDelimited`) or `|` (`pipeDelimited`).
        delimiter: char,
    },
    /// A header; a list's items joined by commas.
    Header,
    /// A cookie (percent-encoded); a list's items joined by commas.
    Cookie,
}

impl Style {
    /// Whether a list's items travel as one value, joined by
    /// [`delimiter`](Self::delimiter).
    pub fn joins(self) -> bool {
        !matches!(self, Style::QueryList { explode: true, .. })
    }

    /// What a list's items are joined by, where they travel as one value.
    pub fn delimiter(self) -> char {
        match self {
            Style::QueryList { delimiter, .. } => delimiter,
            _ => ',',
        }
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

/// How a value is written where it has no one text (a list or an object
/// in the path, a header or a cookie), or where the spec describes it by
/// `content`: OpenAPI's `style` values, and JSON text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Serialization {
    /// `a,b` and `k,v,k2,v2` (exploded `k=v,k2=v2`).
    Simple,
    /// `.a,b` (exploded `.a.b`), `.k,v` (exploded `.k=v`).
    Label,
    /// `;name=a,b` (exploded `;name=a;name=b`), `;name=k,v` (exploded `;k=v`).
    Matrix,
    /// A cookie's `a,b` and `k,v,k2,v2`.
    Form,
    /// The value as JSON text (a parameter described by `content`).
    Json,
}

/// How the parts of serialized text are escaped, by where it travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Escape {
    /// Percent-encoded as a path segment's parts.
    Path,
    /// Percent-encoded as a cookie value's parts.
    Cookie,
    /// As they are (a query pair is encoded whole; a header is text).
    Nothing,
}

/// What a serialized value is, for reading it back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// One value.
    Scalar,
    /// A list of values.
    List,
    /// An object: names and values.
    Object,
}

/// `value` written as `form` says (`explode` as the spec sets it), its
/// parts escaped for where it goes. A path's text may not be empty, `.`
/// or `..`.
pub fn serialize<T: serde::Serialize>(name: &'static str, value: &T, form: Serialization, explode: bool, escape: Escape) -> Result<String, InvalidArgument> {
    let json = serde_json::to_value(value).map_err(|error| InvalidArgument::new(name, error.to_string()))?;
    let part = |text: &str| match escape {
        Escape::Path => utf8_percent_encode(text, PATH_SEGMENT).to_string(),
        Escape::Cookie => cookie_value(text),
        Escape::Nothing => text.to_owned(),
    };
    let atom = |value: &serde_json::Value| match value {
        serde_json::Value::String(text) => part(text),
        serde_json::Value::Null => String::new(),
        other => part(&other.to_string()),
    };
    let text = match (&json, form) {
        (_, Serialization::Json) => part(&json.to_string()),
        (serde_json::Value::Array(items), _) => {
            let items: Vec<String> = items.iter().map(atom).collect();
            match (form, explode) {
                (Serialization::Label, true) => format!(".{}", items.join(".")),
                (Serialization::Label, false) => format!(".{}", items.join(",")),
                (Serialization::Matrix, true) => items.iter().map(|item| format!(";{name}={item}")).collect(),
                (Serialization::Matrix, false) => format!(";{name}={}", items.join(",")),
                _ => items.join(","),
            }
        }
        (serde_json::Value::Object(fields), _) => {
            let fields: Vec<(String, String)> = fields.iter().filter(|(_, value)| !value.is_null()).map(|(key, value)| (part(key), atom(value))).collect();
            let pairs = |between: &str| fields.iter().map(|(key, value)| format!("{key}{between}{value}")).collect::<Vec<_>>();
            match (form, explode) {
                (Serialization::Label, true) => format!(".{}", pairs("=").join(".")),
                (Serialization::Label, false) => format!(".{}", pairs(",").join(",")),
                (Serialization::Matrix, true) => pairs("=").iter().map(|pair| format!(";{pair}")).collect(),
                (Serialization::Matrix, false) => format!(";{name}={}", pairs(",").join(",")),
                (Serialization::Simple, true) => pairs("=").join(","),
                _ => pairs(",").join(","),
            }
        }
        (scalar, Serialization::Label) => format!(".{}", atom(scalar)),
        (scalar, Serialization::Matrix) => format!(";{name}={}", atom(scalar)),
        (scalar, _) => atom(scalar),
    };
    if escape == Escape::Path && matches!(text.as_str(), "" | "." | "..") {
        return Err(InvalidArgument::new(name, format!("a path parameter may not be `{text}`")));
    }
    Ok(text)
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

#[cfg(test)]
mod tests {
    use super::{serialize, Escape, Serialization};
    use std::collections::BTreeMap;

    /// The examples of OpenAPI 3.0's style table, for `color`: the string
    /// `blue`, the list `blue, black, brown`, the object `B: 150, G: 200,
    /// R: 100`.
    #[test]
    fn every_style_writes_what_openapi_s_table_shows() {
        let list = ["blue", "black", "brown"];
        let object = BTreeMap::from([("B", 150), ("G", 200), ("R", 100)]);
        let write = |value: &dyn erased::Value, form, explode| value.write(form, explode);
        let cases: [(&dyn erased::Value, Serialization, bool, &str); 15] = [
            (&"blue", Serialization::Simple, false, "blue"),
            (&list, Serialization::Simple, false, "blue,black,brown"),
            (&object, Serialization::Simple, false, "B,150,G,200,R,100"),
            (&object, Serialization::Simple, true, "B=150,G=200,R=100"),
            (&"blue", Serialization::Label, false, ".blue"),
            (&list, Serialization::Label, false, ".blue,black,brown"),
            (&list, Serialization::Label, true, ".blue.black.brown"),
            (&object, Serialization::Label, false, ".B,150,G,200,R,100"),
            (&object, Serialization::Label, true, ".B=150.G=200.R=100"),
            (&"blue", Serialization::Matrix, false, ";color=blue"),
            (&list, Serialization::Matrix, false, ";color=blue,black,brown"),
            (&list, Serialization::Matrix, true, ";color=blue;color=black;color=brown"),
            (&object, Serialization::Matrix, false, ";color=B,150,G,200,R,100"),
            (&object, Serialization::Matrix, true, ";B=150;G=200;R=100"),
            (&object, Serialization::Json, false, "{\"B\":150,\"G\":200,\"R\":100}"),
        ];
        for (value, form, explode, expected) in cases {
            assert_eq!(write(value, form, explode), expected, "{form:?}, explode {explode}");
        }
        // In a path, each part is escaped, never the style's delimiters.
        assert_eq!(serialize("color", &["a/b", "c d"], Serialization::Label, true, Escape::Path).unwrap(), ".a%2Fb.c%20d");
        assert!(serialize("color", &Vec::<String>::new(), Serialization::Simple, false, Escape::Path).is_err(), "an empty path segment");
    }

    /// `serialize` for values of different types behind one reference.
    mod erased {
        use super::super::{serialize, Escape, Serialization};

        pub trait Value {
            fn write(&self, form: Serialization, explode: bool) -> String;
        }

        impl<T: serde::Serialize> Value for T {
            fn write(&self, form: Serialization, explode: bool) -> String {
                serialize("color", self, form, explode, Escape::Nothing).expect("serializes")
            }
        }
    }
}
