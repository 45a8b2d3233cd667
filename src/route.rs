//! Hash routes (`#/...`): they work on any static host and under any sub-path, because the
//! server only ever sees the page's own URL.

/// A page of the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    /// A path that names no page; kept so the page can say which.
    NotFound(String),
}

impl Route {
    /// Reads `location.hash` (`""`, `"#"`, `"#/"` and `"#/..."`).
    pub fn parse(hash: &str) -> Route {
        let path = hash.strip_prefix('#').unwrap_or(hash);
        match path.trim_end_matches('/') {
            "" => Route::Home,
            other => Route::NotFound(other.to_string()),
        }
    }

    /// The `href` that leads to this route.
    pub fn href(&self) -> String {
        match self {
            Route::Home => "#/".to_string(),
            Route::NotFound(path) => format!("#{path}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_empty_hash_and_the_root_are_home() {
        for hash in ["", "#", "#/", "/"] {
            assert_eq!(Route::parse(hash), Route::Home, "{hash:?}");
        }
    }

    #[test]
    fn unknown_paths_are_kept_for_the_error_page() {
        assert_eq!(
            Route::parse("#/no/such/page"),
            Route::NotFound("/no/such/page".into())
        );
        assert_eq!(
            Route::parse("#%E0%A4%A"),
            Route::NotFound("%E0%A4%A".into())
        );
    }

    #[test]
    fn href_parses_back_to_the_same_route() {
        for route in [Route::Home, Route::NotFound("/x".into())] {
            assert_eq!(Route::parse(&route.href()), route);
        }
    }
}
