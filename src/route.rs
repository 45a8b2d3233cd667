//! Hash routes (`#/...`): they work on any static host and under any sub-path, because the
//! server only ever sees the page's own URL.

/// A page of the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    /// An exercise's step-through, by its slug (`#/exercise/consumer-02-auto-commit`).
    Exercise(String),
    /// A path that names no page; kept so the page can say which.
    NotFound(String),
}

impl Route {
    /// Reads `location.hash` (`""`, `"#"`, `"#/"` and `"#/..."`).
    pub fn parse(hash: &str) -> Route {
        let path = hash.strip_prefix('#').unwrap_or(hash);
        let trimmed = path.trim_end_matches('/');
        match trimmed.strip_prefix("/exercise/") {
            _ if trimmed.is_empty() => Route::Home,
            Some(id) if !id.is_empty() && !id.contains('/') => Route::Exercise(id.to_string()),
            _ => Route::NotFound(trimmed.to_string()),
        }
    }

    /// The `href` that leads to this route.
    pub fn href(&self) -> String {
        match self {
            Route::Home => "#/".to_string(),
            Route::Exercise(id) => format!("#/exercise/{id}"),
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
    fn exercises_are_named_by_their_slug() {
        assert_eq!(
            Route::parse("#/exercise/consumer-02-auto-commit"),
            Route::Exercise("consumer-02-auto-commit".into())
        );
        assert_eq!(
            Route::parse("#/exercise/producer-03-async/"),
            Route::Exercise("producer-03-async".into())
        );
    }

    #[test]
    fn unknown_paths_are_kept_for_the_error_page() {
        for (hash, path) in [
            ("#/no/such/page", "/no/such/page"),
            ("#%E0%A4%A", "%E0%A4%A"),
            ("#/exercise/", "/exercise"),
            ("#/exercise/a/b", "/exercise/a/b"),
        ] {
            assert_eq!(Route::parse(hash), Route::NotFound(path.into()), "{hash}");
        }
    }

    #[test]
    fn href_parses_back_to_the_same_route() {
        for route in [
            Route::Home,
            Route::Exercise("producer-01-fire-and-forget".into()),
            Route::NotFound("/x".into()),
        ] {
            assert_eq!(Route::parse(&route.href()), route);
        }
    }
}
