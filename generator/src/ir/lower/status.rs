//! Names for HTTP status codes, from their RFC 9110 reason phrases.

use crate::ir::ErrorStatus;

/// The reason phrase of `status` in `UpperCamelCase`, if it has one.
pub fn reason(status: u16) -> Option<&'static str> {
    Some(match status {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        300 => "MultipleChoices",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        407 => "ProxyAuthenticationRequired",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "ContentTooLarge",
        414 => "UriTooLong",
        415 => "UnsupportedMediaType",
        416 => "RangeNotSatisfiable",
        417 => "ExpectationFailed",
        421 => "MisdirectedRequest",
        422 => "UnprocessableContent",
        423 => "Locked",
        424 => "FailedDependency",
        425 => "TooEarly",
        426 => "UpgradeRequired",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        431 => "RequestHeaderFieldsTooLarge",
        451 => "UnavailableForLegalReasons",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        505 => "HttpVersionNotSupported",
        507 => "InsufficientStorage",
        508 => "LoopDetected",
        511 => "NetworkAuthenticationRequired",
        _ => return None,
    })
}

/// The variant name for `status`: its reason phrase, or `Status{code}`;
/// `ClientError` and `ServerError` for the `4XX` and `5XX` ranges.
pub fn variant(status: ErrorStatus) -> String {
    match status {
        ErrorStatus::Code(code) => reason(code).map_or_else(|| format!("Status{code}"), str::to_owned),
        ErrorStatus::Range(3) => "Redirection".to_owned(),
        ErrorStatus::Range(4) => "ClientError".to_owned(),
        ErrorStatus::Range(5) => "ServerError".to_owned(),
        ErrorStatus::Range(hundreds) => format!("Status{hundreds}xx"),
        ErrorStatus::Default => "Default".to_owned(),
    }
}
