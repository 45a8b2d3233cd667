//! Hash routes (`#/...`): they work on any static host and under any sub-path, because the
//! server only ever sees the page's own URL.

use crate::deep_link::MomentLink;
use crate::i18n::Lang;

/// A page of the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    /// An exercise's step-through, by its slug (`#/exercise/consumer-02-auto-commit`), opened
    /// at the moment its query names (`?step=<name>`, `?at=<ms>&seq=<n>&whatif=...`:
    /// `crate::deep_link`).
    Exercise {
        id: String,
        link: MomentLink,
    },
    /// The quiz, with its query as written (`#/quiz?part=commits&seed=7` holds
    /// `part=commits&seed=7`); the quiz page reads and checks it (`crate::quiz_link`).
    Quiz(String),
    /// The playground, with its query as written (`#/playground?s=...` holds `s=...`); the
    /// page reads the scenario from it (`crate::playground::link`).
    Playground(String),
    /// An exercise or the quiz without the site around it, for a course page's iframe
    /// (`#/embed/exercise/<id>?...`, `#/embed/quiz?...`); holds only those two.
    Embed(Box<Route>),
    /// A path that names no page; kept so the page can say which.
    NotFound(String),
}

impl Route {
    /// Reads `location.hash` (`""`, `"#"`, `"#/"` and `"#/..."`). The quiz and the exercises
    /// take a query (`?...`); elsewhere a query is part of an unknown path.
    pub fn parse(hash: &str) -> Route {
        let path = hash.strip_prefix('#').unwrap_or(hash);
        if let Some(inner) = path.strip_prefix("/embed/") {
            return match Route::parse(&format!("/{inner}")) {
                page @ (Route::Exercise { .. } | Route::Quiz(_)) => Route::Embed(Box::new(page)),
                _ => Route::NotFound(path.trim_end_matches('/').to_string()),
            };
        }
        let (page, query) = path.split_once('?').unwrap_or((path, ""));
        if page.trim_end_matches('/') == "/quiz" {
            return Route::Quiz(query.to_string());
        }
        if page.trim_end_matches('/') == "/playground" {
            return Route::Playground(query.to_string());
        }
        let exercise = page.trim_end_matches('/').strip_prefix("/exercise/");
        if let Some(id) = exercise.filter(|id| !id.is_empty() && !id.contains('/')) {
            return Route::Exercise {
                id: id.to_string(),
                link: MomentLink::parse(query),
            };
        }
        let trimmed = path.trim_end_matches('/');
        match trimmed {
            "" => Route::Home,
            _ => Route::NotFound(trimmed.to_string()),
        }
    }

    /// The language a link asks for (`lang=en`), for this visit.
    pub fn lang(&self) -> Option<Lang> {
        match self {
            Route::Exercise { link, .. } => link.lang,
            Route::Quiz(query) | Route::Playground(query) => MomentLink::parse(query).lang,
            Route::Embed(page) => page.lang(),
            Route::Home | Route::NotFound(_) => None,
        }
    }

    /// The `href` that leads to this route.
    pub fn href(&self) -> String {
        match self {
            Route::Home => "#/".to_string(),
            Route::Exercise { id, link } => match link.query() {
                query if query.is_empty() => format!("#/exercise/{id}"),
                query => format!("#/exercise/{id}?{query}"),
            },
            Route::Quiz(query) if query.is_empty() => "#/quiz".to_string(),
            Route::Quiz(query) => format!("#/quiz?{query}"),
            Route::Playground(query) if query.is_empty() => "#/playground".to_string(),
            Route::Playground(query) => format!("#/playground?{query}"),
            Route::Embed(page) => page.href().replacen("#/", "#/embed/", 1),
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
                link: MomentLink::default()
            }
        );
        assert_eq!(
            Route::parse("#/exercise/producer-03-async/"),
            Route::Exercise {
                id: "producer-03-async".into(),
                link: MomentLink::default()
            }
        );
    }

    #[test]
    fn an_exercise_link_can_name_a_step_or_a_moment() {
        let route = Route::parse("#/exercise/consumer-01-cgroup?step=rebalance");
        assert_eq!(
            route,
            Route::Exercise {
                id: "consumer-01-cgroup".into(),
                link: MomentLink::at_step("rebalance")
            }
        );
        assert_eq!(route.href(), "#/exercise/consumer-01-cgroup?step=rebalance");
        let moment = "#/exercise/consumer-01-cgroup?at=12000&seq=340&whatif=0@9000&lang=en";
        assert_eq!(Route::parse(moment).href(), moment);
        assert_eq!(Route::parse(moment).lang(), Some(Lang::En));
        // Empty parameters are ignored: the exercise opens at its start.
        for hash in [
            "#/exercise/consumer-01-cgroup?",
            "#/exercise/consumer-01-cgroup?step=",
        ] {
            assert_eq!(
                Route::parse(hash),
                Route::Exercise {
                    id: "consumer-01-cgroup".into(),
                    link: MomentLink::default()
                },
                "{hash}"
            );
        }
    }

    #[test]
    fn the_embed_view_holds_an_exercise_or_the_quiz() {
        let exercise = Route::parse("#/embed/exercise/producer-03-async?at=5&compact=1");
        let Route::Embed(page) = &exercise else {
            panic!("{exercise:?}")
        };
        assert!(
            matches!(&**page, Route::Exercise { id, link } if id == "producer-03-async" && link.compact)
        );
        assert_eq!(
            exercise.href(),
            "#/embed/exercise/producer-03-async?at=5&compact=1"
        );
        let quiz = Route::parse("#/embed/quiz?part=commits&seed=7&lang=zh-TW");
        assert_eq!(
            quiz,
            Route::Embed(Box::new(Route::Quiz(
                "part=commits&seed=7&lang=zh-TW".into()
            )))
        );
        assert_eq!(quiz.lang(), Some(Lang::ZhTw));
        for (hash, path) in [("#/embed/", "/embed"), ("#/embed/home", "/embed/home")] {
            assert_eq!(Route::parse(hash), Route::NotFound(path.into()), "{hash}");
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
                link: MomentLink::default(),
            },
            Route::Embed(Box::new(Route::Quiz("seed=2".into()))),
            Route::Quiz(String::new()),
            Route::Quiz("part=commits&seed=7".into()),
            Route::Playground(String::new()),
            Route::Playground("s=q1YqSs3JSS1WsqpWslIqSSxSqgUA".into()),
            Route::NotFound("/x".into()),
        ] {
            assert_eq!(Route::parse(&route.href()), route);
        }
    }

    #[test]
    fn the_playground_keeps_its_query() {
        for (hash, query) in [
            ("#/playground", ""),
            ("#/playground/", ""),
            ("#/playground?s=abc_-", "s=abc_-"),
            ("#/playground?s=abc&lang=en", "s=abc&lang=en"),
        ] {
            assert_eq!(
                Route::parse(hash),
                Route::Playground(query.into()),
                "{hash}"
            );
        }
        assert_eq!(Route::parse("#/playground?lang=en").lang(), Some(Lang::En));
        assert_eq!(
            Route::parse("#/embed/playground"),
            Route::NotFound("/embed/playground".into())
        );
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
