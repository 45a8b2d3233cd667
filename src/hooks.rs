//! The app's effects: the URL's hash and the stored language. Components stay pure functions of
//! their props and state; everything that talks to the browser is here.

use crate::i18n::Lang;
use crate::route::Route;
use gloo::events::EventListener;
use yew::prelude::*;

/// Where the language choice is remembered.
const LANG_KEY: &str = "kafka-lab.lang";

fn window() -> web_sys::Window {
    web_sys::window().expect("the app runs in a browser window")
}

fn current_route() -> Route {
    Route::parse(&window().location().hash().unwrap_or_default())
}

/// The route in the URL's hash, updated on every `hashchange`.
#[hook]
pub fn use_hash_route() -> Route {
    let route = use_state(current_route);
    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let listener =
                EventListener::new(&window(), "hashchange", move |_| route.set(current_route()));
            move || drop(listener)
        });
    }
    (*route).clone()
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// The stored language; a missing, unreadable or corrupted value gives the default.
fn stored_lang() -> Lang {
    storage()
        .and_then(|s| s.get_item(LANG_KEY).ok().flatten())
        .and_then(|tag| Lang::from_tag(&tag))
        .unwrap_or_default()
}

/// The interface language: read from local storage once, then remembered on every change and
/// mirrored to `<html lang>` so that screen readers and fonts follow it. A link's language
/// (`lang=en`, `link`) wins for the visit without being remembered: a teacher's link must not
/// change a student's own choice.
#[hook]
pub fn use_lang(link: Option<Lang>) -> (Lang, Callback<Lang>) {
    let lang = use_state(|| link.unwrap_or_else(stored_lang));
    use_effect_with(link, {
        let lang = lang.clone();
        move |link| {
            if let Some(link) = *link {
                lang.set(link);
            }
        }
    });
    use_effect_with(*lang, |lang| {
        if let Some(root) = window().document().and_then(|d| d.document_element()) {
            // A failure here only affects the attribute, never the page.
            let _ = root.set_attribute("lang", lang.tag());
        }
    });
    let set = {
        let lang = lang.clone();
        Callback::from(move |choice: Lang| {
            if let Some(storage) = storage() {
                // Private browsing can refuse storage: the choice then lasts for this visit.
                let _ = storage.set_item(LANG_KEY, choice.tag());
            }
            lang.set(choice);
        })
    };
    (*lang, set)
}

/// A reducer whose state plays a run: a step-through's page ([`crate::state::RunState`]) or a
/// bare [`Playback`](crate::state::playback::Playback) (the playground).
pub trait Plays: Reducible<Action: From<crate::state::playback::PlaybackAction>> {
    fn playing(&self) -> bool;
}

impl Plays for crate::state::playback::Playback {
    fn playing(&self) -> bool {
        self.playing
    }
}

/// Dispatches a run's actions, and a playback frame on every animation frame while it plays:
/// what every page playing a run (a lesson's step-through, the playground) wires up.
#[hook]
pub fn use_playing<S: Plays + 'static>(state: UseReducerHandle<S>) -> Callback<S::Action> {
    use crate::state::playback::PlaybackAction;
    let playing = state.playing();
    let on_action = Callback::from(move |action| state.dispatch(action));
    use_animation_frames(
        playing,
        on_action.reform(|elapsed_ms| PlaybackAction::Frame { elapsed_ms }.into()),
    );
    on_action
}

/// Calls `on_frame` with the real milliseconds since the previous frame, once per animation
/// frame, while `running` is true (the browser's `requestAnimationFrame`, so it pauses in
/// hidden tabs and follows the display's refresh rate).
#[hook]
pub fn use_animation_frames(running: bool, on_frame: Callback<f64>) {
    use gloo::render::{AnimationFrame, request_animation_frame};
    use std::cell::RefCell;
    use std::rc::Rc;

    use_effect_with(running, move |&running| {
        // The pending frame request; dropping it cancels the request.
        let pending: Rc<RefCell<Option<AnimationFrame>>> = Rc::default();
        if running {
            fn schedule(
                pending: Rc<RefCell<Option<AnimationFrame>>>,
                last: Option<f64>,
                on_frame: Callback<f64>,
            ) {
                let next = pending.clone();
                let request = request_animation_frame(move |now| {
                    if let Some(last) = last {
                        on_frame.emit(now - last);
                    }
                    schedule(next, Some(now), on_frame);
                });
                *pending.borrow_mut() = Some(request);
            }
            schedule(pending.clone(), None, on_frame);
        }
        move || drop(pending.borrow_mut().take())
    });
}

/// The step-through's keyboard: space plays or pauses, the arrow keys step, while `enabled`
/// (a page with several runs lets the keyboard drive one of them). Keys typed into a form
/// field, pressed with a modifier, or pressed while a modal dialog is open are left alone.
#[hook]
pub fn use_playback_keys(enabled: bool, on_key: Callback<crate::state::playback::PlaybackAction>) {
    use crate::state::playback::PlaybackAction;
    use wasm_bindgen::JsCast;

    use_effect_with(enabled, move |&enabled| {
        // Not passive: the handled keys must not also scroll the page.
        let options = gloo::events::EventListenerOptions::enable_prevent_default();
        let listener = enabled.then(|| {
            EventListener::new_with_options(&window(), "keydown", options, move |event| {
                let Some(event) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
                    return;
                };
                let key = event.key();
                // A focused button or field already acts on these keys itself.
                let focused_control = event
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .map(|e| e.tag_name())
                    .is_some_and(|tag| {
                        matches!(tag.as_str(), "INPUT" | "SELECT" | "TEXTAREA")
                            || (tag == "BUTTON" && key == " ")
                    });
                // A modal dialog (the embed code) owns the keyboard while it is open.
                let modal_open = gloo::utils::document()
                    .query_selector("dialog[open]")
                    .ok()
                    .flatten()
                    .is_some();
                if focused_control
                    || modal_open
                    || event.alt_key()
                    || event.ctrl_key()
                    || event.meta_key()
                {
                    return;
                }
                let action = match key.as_str() {
                    " " => PlaybackAction::TogglePlay,
                    "ArrowRight" => PlaybackAction::StepForward,
                    "ArrowLeft" => PlaybackAction::StepBack,
                    _ => return,
                };
                event.prevent_default();
                on_key.emit(action);
            })
        });
        move || drop(listener)
    });
}

/// Moves the keyboard's focus to `node` when `now` turns true. A control that is replaced by
/// what it brought (a quiz's "check", "open this question") would otherwise leave the focus on
/// the page itself, and the next Tab would start over from the top.
#[hook]
pub fn use_focus_when(node: NodeRef, now: bool) {
    use_effect_with(now, move |now| {
        if let Some(element) = now.then(|| node.cast::<web_sys::HtmlElement>()).flatten() {
            let _ = element.focus();
        }
    });
}

/// Whether the element `node` points at is on screen, or within [`ON_SCREEN_MARGIN`] of it, as
/// the browser's `IntersectionObserver` tells (no layout read of ours); `true` until it has
/// told.
#[hook]
pub fn use_on_screen(node: NodeRef) -> bool {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    use web_sys::js_sys::Array;
    use web_sys::{IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

    let on_screen = use_state_eq(|| true);
    {
        let on_screen = on_screen.clone();
        use_effect_with(node, move |node| {
            let observed = node.cast::<web_sys::Element>().and_then(|element| {
                let callback = Closure::<dyn FnMut(Array)>::new(move |entries: Array| {
                    // Entries come oldest first: the last one says where the element is now.
                    let last = entries.iter().last();
                    if let Some(entry) =
                        last.and_then(|e| e.dyn_into::<IntersectionObserverEntry>().ok())
                    {
                        on_screen.set(entry.is_intersecting());
                    }
                });
                let options = IntersectionObserverInit::new();
                options.set_root_margin(ON_SCREEN_MARGIN);
                let observer = IntersectionObserver::new_with_options(
                    callback.as_ref().unchecked_ref(),
                    &options,
                )
                .ok()?;
                observer.observe(&element);
                Some((observer, callback))
            });
            move || {
                if let Some((observer, _callback)) = observed {
                    observer.disconnect();
                }
            }
        });
    }
    *on_screen
}

/// How near the screen an element counts as on it: drawn a little before it scrolls in.
const ON_SCREEN_MARGIN: &str = "200px";

/// A component's last drawing, kept while it is out of sight and `lazy`: a page that plays a
/// run redraws only what the student can see (the playground's scale preset has eleven
/// programs and consoles, most of them below the fold), and draws the rest as it comes into
/// view, or at once when the run stops (the component's owner clears `lazy`). The drawing is
/// kept only once out of sight (the first drawing there is kept): a kept copy shares its nodes
/// with the one Yew is given, which Yew then copies whole to update the page, so a component
/// in sight that draws on every frame would pay that copy on every frame.
pub struct LazyView {
    hold: bool,
    kept: std::rc::Rc<std::cell::RefCell<Option<Html>>>,
}

impl LazyView {
    /// Whether the component keeps its last drawing instead of drawing anew.
    pub fn holds(&self) -> bool {
        self.hold && self.kept.borrow().is_some()
    }

    /// The last drawing, when the component need not draw anew.
    pub fn drawn(&self) -> Option<Html> {
        self.hold.then(|| self.kept.borrow().clone()).flatten()
    }

    /// Returns `html`, the drawing shown, remembered if the component is out of sight.
    pub fn keep(&self, html: Html) -> Html {
        *self.kept.borrow_mut() = self.hold.then(|| html.clone());
        html
    }
}

/// The [`LazyView`] of the component whose outermost element `node` points at.
#[hook]
pub fn use_lazy_view(node: NodeRef, lazy: bool) -> LazyView {
    let on_screen = use_on_screen(node);
    let kept = use_mut_ref(|| None);
    LazyView {
        hold: lazy && !on_screen,
        kept,
    }
}
