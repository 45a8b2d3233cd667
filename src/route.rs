//! Hash routes (`#/...`): they work on any static host and under any sub-path, because the
//! server only ever sees the page's own URL.

/// A page of the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    /// An exercise's step-through, by its slug (`#/exercise/consumer-02-auto-commit`), opened
    /// at a named moment with `?step=<name>` (`course::lesson::Lesson::step_named`; the quiz's
    /// "see it" links).
    Exercise {
        id: String,
        step: Option<String>,
    },
    /// The quiz, with its query as written (`#/quiz?part=commits&seed=7` holds
    /// `part=commits&seed=7`); the quiz page reads and checks it (`crate::quiz_link`).
    Quiz(String),
    /// A path that names no page; kept so the page can say which.
    NotFound(String),
}

impl Route {
    /// Reads `location.hash` (`""`, `"#"`, `"#/"` and `"#/..."`). The quiz and the exercises
    /// take a query (`?...`); elsewhere a query is part of an unknown path.
    pub fn parse(hash: &str) -> Route {
        let path = hash.strip_prefix('#').unwrap_or(hash);
        let (page, query) = path.split_once('?').unwrap_or((path, ""));
        if page.trim_end_matches('/') == "/quiz" {
            return Route::Quiz(query.to_string());
        }
        let exercise = page.trim_end_matches('/').strip_prefix("/exercise/");
        if let Some(id) = exercise.filter(|id| !id.is_empty() && !id.contains('/')) {
            let step = query
                .split('&')
                .find_map(|pair| pair.strip_prefix("step="))
                .filter(|step| !step.is_empty())
                .map(str::to_string);
            return Route::Exercise {
                id: id.to_string(),
                step,
            };
        }
        let trimmed = path.trim_end_matches('/');
        match trimmed {
            "" => Route::Home,
            _ => Route::NotFound(trimmed.to_string()),
        }
    }

    /// The `href` that leads to this route.
    pub fn href(&self) -> String {
        match self {
            Route::Home => "#/".to_string(),
            Route::Exercise { id, step: None } => format!("#/exercise/{id}"),
            Route::Exercise {
                id,
                step: Some(step),
            } => format!("#/exercise/{id}?step={step}"),
            Route::Quiz(query) if query.is_empty() => "#/quiz".to_string(),
            Route::Quiz(query) => format!("#/quiz?{query}"),
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
            Route::Exercise {
                id: "consumer-02-auto-commit".into(),
                step: None
            }
        );
        assert_eq!(
            Route::parse("#/exercise/producer-03-async/"),
            Route::Exercise {
                id: "producer-03-async".into(),
                step: None
            }
        );
    }

    #[test]
    fn an_exercise_link_can_name_a_step() {
        let route = Route::parse("#/exercise/consumer-01-cgroup?step=rebalance");
        assert_eq!(
            route,
            Route::Exercise {
                id: "consumer-01-cgroup".into(),
                step: Some("rebalance".into())
            }
        );
        assert_eq!(route.href(), "#/exercise/consumer-01-cgroup?step=rebalance");
        // Other or empty parameters are ignored: the exercise opens at its start.
        for hash in [
            "#/exercise/consumer-01-cgroup?",
            "#/exercise/consumer-01-cgroup?step=",
            "#/exercise/consumer-01-cgroup?at=x",
        ] {
            assert_eq!(
                Route::parse(hash),
                Route::Exercise {
                    id: "consumer-01-cgroup".into(),
                    step: None
                },
                "{hash}"
            );
        }
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
            Route::Exercise {
                id: "producer-01-fire-and-forget".into(),
                step: None,
            },
            Route::Quiz(String::new()),
            Route::Quiz("part=commits&seed=7".into()),
            Route::NotFound("/x".into()),
        ] {
            assert_eq!(Route::parse(&route.href()), route);
        }
    }

    #[test]
    fn the_quiz_keeps_its_query() {
        for (hash, query) in [
            ("#/quiz", ""),
            ("#/quiz/", ""),
            ("#/quiz?", ""),
            ("#/quiz?part=commits&seed=7", "part=commits&seed=7"),
            ("#/quiz/?seed=x", "seed=x"),
        ] {
            assert_eq!(Route::parse(hash), Route::Quiz(query.into()), "{hash}");
        }
        assert_eq!(
            Route::parse("#/quizzes"),
            Route::NotFound("/quizzes".into())
        );
    }
}
