//! The step-through's playback state: where in virtual time the run is shown, whether it plays,
//! how fast, and through the time lens or not. A pure reducer: the animation frame hook sends
//! `Frame`, the controls and the keyboard send the rest. Stepping back is just a smaller time:
//! the run is deterministic, so the page replays it to that point.

use crate::diagram::lens::{self, Hops};
use std::rc::Rc;
use yew::Reducible;

/// Virtual milliseconds, as the model counts them.
pub type Millis = u64;

/// Playback speeds: multiples of real time, and instant (jump to the end).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Speed {
    Quarter,
    Half,
    #[default]
    One,
    Two,
    Four,
    Eight,
    Instant,
}

impl Speed {
    pub const ALL: [Speed; 7] = [
        Speed::Quarter,
        Speed::Half,
        Speed::One,
        Speed::Two,
        Speed::Four,
        Speed::Eight,
        Speed::Instant,
    ];

    /// How many virtual milliseconds pass per real millisecond; `None` for instant.
    pub fn factor(self) -> Option<f64> {
        match self {
            Speed::Quarter => Some(0.25),
            Speed::Half => Some(0.5),
            Speed::One => Some(1.0),
            Speed::Two => Some(2.0),
            Speed::Four => Some(4.0),
            Speed::Eight => Some(8.0),
            Speed::Instant => None,
        }
    }

    /// The name tests and labels use: the multiple (`0.25`) or `instant`.
    pub fn name(self) -> &'static str {
        match self {
            Speed::Quarter => "0.25",
            Speed::Half => "0.5",
            Speed::One => "1",
            Speed::Two => "2",
            Speed::Four => "4",
            Speed::Eight => "8",
            Speed::Instant => "instant",
        }
    }
}

/// A moment worth stepping to: a trace entry (its time and sequence number). Several can fall
/// on the same millisecond (a program runs many statements without virtual time passing), so a
/// step is an entry of the trace, not a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Stop {
    pub time: Millis,
    pub seq: u64,
}

/// What the page shows of a run.
#[derive(Clone, Debug, PartialEq)]
pub struct Playback {
    /// The virtual time shown.
    pub time: Millis,
    /// When stepping: the trace is shown up to and including this entry; `None` shows all of
    /// it up to `time` (playing).
    pub cursor: Option<u64>,
    pub playing: bool,
    pub speed: Speed,
    /// The stops in trace order.
    pub stops: Rc<Vec<Stop>>,
    /// The end of the run.
    pub end: Millis,
    /// Virtual milliseconds per real millisecond at 1x (the lesson's `ms_per_second` / 1000):
    /// a producer's run lasts milliseconds, a consumer's minutes.
    pub scale: f64,
    /// Fractional virtual time carried between frames, so slow speeds still advance.
    carry: f64,
    /// Where playing stops by itself (a prediction's question or its reveal): a frame that
    /// would reach it lands on it, paused.
    pub hold: Option<Stop>,
    /// When messages are on the wire: playing slows there and skips the quiet between
    /// (`diagram::lens`).
    pub hops: Rc<Hops>,
    /// Whether playing goes through the time lens (on unless the student turns it off).
    pub lens: bool,
    /// The last quiet stretch skipped while playing: virtual ms skipped, and real ms since.
    pub skipped: Option<(Millis, f64)>,
}

impl Playback {
    /// A playback at the start, before anything has run, showing `ms_per_second` virtual
    /// milliseconds per real second at 1x.
    pub fn new(stops: Vec<Stop>, end: Millis, ms_per_second: u64) -> Self {
        Self {
            time: 0,
            cursor: Some(0),
            playing: false,
            speed: Speed::default(),
            stops: Rc::new(stops),
            end,
            scale: ms_per_second as f64 / 1_000.0,
            carry: 0.0,
            hold: None,
            hops: Rc::default(),
            lens: true,
            skipped: None,
        }
    }

    /// The same playback, playing through the run's `hops` with the time lens.
    pub fn with_hops(mut self, hops: Rc<Hops>) -> Self {
        self.hops = hops;
        self
    }

    /// The virtual instant shown, with the fraction of a millisecond reached while playing
    /// (where a message is on its trip).
    pub fn instant(&self) -> f64 {
        self.time as f64 + self.carry
    }

    /// The same playback showing `time` (within the run) in full: where a re-run resumes.
    pub fn resumed_at(mut self, time: Millis) -> Self {
        (self.time, self.cursor) = (time.min(self.end), None);
        self
    }

    pub fn at_end(&self) -> bool {
        self.time >= self.end
    }

    /// Where the page stands, comparable with stops.
    pub fn position(&self) -> Stop {
        Stop {
            time: self.time,
            seq: self.cursor.unwrap_or(u64::MAX),
        }
    }

    fn go(&mut self, stop: Option<Stop>, otherwise: (Millis, Option<u64>)) {
        (self.time, self.cursor) = stop.map_or(otherwise, |s| (s.time, Some(s.seq)));
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PlaybackAction {
    TogglePlay,
    Pause,
    StepForward,
    StepBack,
    Restart,
    SetSpeed(Speed),
    /// The time lens on or off.
    SetLens(bool),
    /// Jump to a stop (the key moment).
    GoTo(Stop),
    /// Jump to a virtual time (the scrub slider), paused, showing everything traced up to
    /// the end of that millisecond; 0 is the run's start.
    Seek(Millis),
    /// Play from here (not from the start at the end, unlike `TogglePlay`).
    Play,
    /// Playing stops by itself at this stop from now on (`None`: nowhere).
    Hold(Option<Stop>),
    /// An animation frame: this much real time passed since the last one.
    Frame {
        elapsed_ms: f64,
    },
}

impl Reducible for Playback {
    type Action = PlaybackAction;

    fn reduce(self: Rc<Self>, action: PlaybackAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            PlaybackAction::TogglePlay if self.at_end() => {
                (next.time, next.cursor) = (0, Some(0));
                next.playing = true;
            }
            PlaybackAction::TogglePlay => next.playing = !self.playing,
            PlaybackAction::Pause => next.playing = false,
            PlaybackAction::StepForward => {
                next.playing = false;
                let here = self.position();
                let stop = self.stops.iter().copied().find(|&stop| stop > here);
                next.go(stop, (self.end, None));
            }
            PlaybackAction::StepBack => {
                next.playing = false;
                let here = self.position();
                let stop = self.stops.iter().rev().copied().find(|&stop| stop < here);
                next.go(stop, (0, Some(0)));
            }
            PlaybackAction::Restart => {
                (next.time, next.cursor) = (0, Some(0));
                next.playing = false;
            }
            PlaybackAction::SetSpeed(speed) => next.speed = speed,
            PlaybackAction::SetLens(lens) => next.lens = lens,
            PlaybackAction::Play => next.playing = !self.at_end(),
            PlaybackAction::Hold(stop) => next.hold = stop,
            PlaybackAction::GoTo(stop) => {
                next.playing = false;
                next.go(Some(stop), (0, Some(0)));
            }
            PlaybackAction::Seek(0) => {
                (next.time, next.cursor, next.playing) = (0, Some(0), false);
            }
            PlaybackAction::Seek(time) => {
                (next.time, next.cursor, next.playing) = (time.min(self.end), None, false);
            }
            PlaybackAction::Frame { elapsed_ms } if self.playing => {
                next.cursor = None;
                match self.speed.factor() {
                    None => next.time = self.end,
                    Some(factor) => {
                        let pace = self.hops.pace(factor, self.scale, self.end);
                        let end = self.end as f64;
                        let from = self.instant();
                        let lensed = if self.lens {
                            lens::advance(&self.hops, from, elapsed_ms, pace, end)
                        } else {
                            lens::steady(from, elapsed_ms, pace, end)
                        };
                        (next.time, next.carry) = (lensed.to as Millis, lensed.to.fract());
                        next.skipped = match (lensed.skipped, self.skipped) {
                            (0, Some((skipped, ago))) => Some((skipped, ago + elapsed_ms)),
                            (0, None) => None,
                            (skipped, _) => Some((skipped, 0.0)),
                        };
                    }
                }
                next.playing = next.time < self.end;
                if let Some(hold) = self.hold.filter(|&hold| self.position() <= hold)
                    && next.time >= hold.time
                {
                    (next.time, next.cursor, next.playing) = (hold.time, Some(hold.seq), false);
                }
            }
            PlaybackAction::Frame { .. } => {}
        }
        if !next.playing {
            next.skipped = None;
        }
        // Only a pause keeps the fraction of a millisecond reached (a message half-way stays
        // half-way); a step, a jump, a restart or the end land on whole stops.
        if next.cursor.is_some() || next.at_end() {
            next.carry = 0.0;
        }
        if next == *self { self } else { Rc::new(next) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stop(time: Millis, seq: u64) -> Stop {
        Stop { time, seq }
    }

    fn playback() -> Rc<Playback> {
        let stops = vec![
            stop(0, 1),
            stop(0, 4),
            stop(100, 9),
            stop(3_000, 12),
            stop(6_000, 20),
        ];
        Rc::new(Playback::new(stops, 9_000, 1_000))
    }

    fn apply(state: Rc<Playback>, actions: &[PlaybackAction]) -> Rc<Playback> {
        actions.iter().fold(state, |s, a| s.reduce(*a))
    }

    #[test]
    fn steps_go_from_entry_to_entry_even_within_one_millisecond() {
        use PlaybackAction::*;
        let s = apply(playback(), &[StepForward]);
        assert_eq!((s.time, s.cursor), (0, Some(1)));
        let s = apply(s, &[StepForward]);
        assert_eq!((s.time, s.cursor), (0, Some(4)));
        let s = apply(s, &[StepForward, StepForward]);
        assert_eq!((s.time, s.cursor), (3_000, Some(12)));
        let s = apply(s, &[StepBack]);
        assert_eq!((s.time, s.cursor), (100, Some(9)));
        let s = apply(s, &[StepForward, StepForward, StepForward]);
        assert_eq!((s.time, s.cursor), (9_000, None));
        assert!(s.at_end());
        let s = apply(s, &[StepBack]);
        assert_eq!((s.time, s.cursor), (6_000, Some(20)));
        let s = apply(s, &[Restart]);
        assert_eq!((s.time, s.cursor), (0, Some(0)));
    }

    #[test]
    fn stepping_from_a_played_moment_goes_to_the_next_stop_after_it() {
        use PlaybackAction::*;
        let s = apply(
            playback(),
            &[TogglePlay, Frame { elapsed_ms: 150.0 }, Pause],
        );
        assert_eq!((s.time, s.cursor), (150, None));
        let s = apply(s, &[StepForward]);
        assert_eq!((s.time, s.cursor), (3_000, Some(12)));
        let s = apply(s, &[StepBack, StepBack]);
        assert_eq!((s.time, s.cursor), (0, Some(4)));
    }

    #[test]
    fn frames_advance_at_the_chosen_speed_and_stop_at_the_end() {
        use PlaybackAction::*;
        let s = apply(playback(), &[TogglePlay, Frame { elapsed_ms: 16.0 }]);
        assert_eq!(s.time, 16);
        let s = apply(s, &[SetSpeed(Speed::Eight), Frame { elapsed_ms: 100.0 }]);
        assert_eq!(s.time, 816);
        let s = apply(
            s,
            &[
                SetSpeed(Speed::Quarter),
                Frame { elapsed_ms: 2.0 },
                Frame { elapsed_ms: 2.0 },
            ],
        );
        assert_eq!(s.time, 817, "fractions of a millisecond add up");
        let s = apply(s, &[SetSpeed(Speed::Instant), Frame { elapsed_ms: 1.0 }]);
        assert_eq!(s.time, 9_000);
        assert!(!s.playing, "playback stops at the end");
    }

    #[test]
    fn paused_frames_and_no_op_actions_keep_the_same_state() {
        let s = playback();
        let same = s.clone().reduce(PlaybackAction::Frame { elapsed_ms: 50.0 });
        assert!(Rc::ptr_eq(&s, &same));
        let same = s.clone().reduce(PlaybackAction::StepBack);
        assert!(Rc::ptr_eq(&s, &same));
    }

    #[test]
    fn the_lesson_scales_time_and_a_jump_lands_on_its_stop() {
        use PlaybackAction::*;
        let slow = Rc::new(Playback::new(vec![stop(7, 3)], 100, 20));
        let s = apply(slow, &[TogglePlay, Frame { elapsed_ms: 100.0 }]);
        assert_eq!(s.time, 2, "20 virtual ms per real second");
        let s = apply(s, &[GoTo(stop(7, 3))]);
        assert_eq!((s.time, s.cursor, s.playing), (7, Some(3), false));
        let resumed = (*s).clone().resumed_at(500);
        assert_eq!((resumed.time, resumed.cursor), (100, None));
    }

    #[test]
    fn playing_stops_at_the_hold_and_stays_there() {
        use PlaybackAction::*;
        let s = apply(
            playback(),
            &[
                Hold(Some(stop(100, 9))),
                TogglePlay,
                Frame { elapsed_ms: 500.0 },
            ],
        );
        assert_eq!((s.time, s.cursor, s.playing), (100, Some(9), false));
        let s = apply(s, &[Play, Frame { elapsed_ms: 500.0 }]);
        assert_eq!(
            (s.time, s.cursor),
            (100, Some(9)),
            "the hold keeps it there"
        );
        let s = apply(s, &[Hold(None), Play, Frame { elapsed_ms: 500.0 }]);
        assert_eq!((s.time, s.playing), (600, true));
        let s = apply(s, &[Hold(Some(stop(100, 9))), Frame { elapsed_ms: 500.0 }]);
        assert_eq!(s.time, 1_100, "a hold already passed does not pull back");
    }

    /// A hop at 5 s: with the lens, playing skips the quiet before it and slows there; without
    /// it, time passes at the chosen speed throughout.
    #[test]
    fn the_lens_can_be_turned_off_and_on() {
        use PlaybackAction::*;
        let hops = Rc::new(Hops::of(vec![(5_000, 5_001)]));
        let lensed = Rc::new(playback().as_ref().clone().with_hops(hops));
        let s = apply(lensed.clone(), &[TogglePlay, Frame { elapsed_ms: 10.0 }]);
        assert_eq!(s.time, 5_000, "the quiet five seconds are skipped");
        assert_eq!(s.skipped, Some((5_000, 0.0)));
        let s = apply(lensed.clone(), &[SetLens(false), TogglePlay]);
        assert!(!s.lens);
        let s = apply(s, &[Frame { elapsed_ms: 10.0 }]);
        assert_eq!((s.time, s.skipped), (10, None), "1x: 10 virtual ms");
        let s = apply(
            s,
            &[Frame {
                elapsed_ms: 5_000.0,
            }],
        );
        assert_eq!(s.time, 5_010, "the hop passes at the chosen speed");
        let s = apply(s, &[SetLens(true)]);
        assert!(s.lens);
        assert!(Rc::ptr_eq(&s, &s.clone().reduce(SetLens(true))));
    }

    #[test]
    fn seeking_pauses_at_that_time_and_steps_go_on_from_there() {
        use PlaybackAction::*;
        let s = apply(playback(), &[TogglePlay, Seek(3_500)]);
        assert_eq!((s.time, s.cursor, s.playing), (3_500, None, false));
        let s = apply(s, &[StepForward]);
        assert_eq!((s.time, s.cursor), (6_000, Some(20)));
        let s = apply(s, &[Seek(3_500), StepBack]);
        assert_eq!((s.time, s.cursor), (3_000, Some(12)));
        let s = apply(s, &[Seek(50_000)]);
        assert_eq!(s.time, 9_000, "past the end lands on the end");
        let s = apply(s, &[Seek(0)]);
        assert_eq!((s.time, s.cursor), (0, Some(0)), "0 is the start");
    }

    #[test]
    fn play_at_the_end_starts_over() {
        use PlaybackAction::*;
        let s = apply(
            playback(),
            &[
                SetSpeed(Speed::Instant),
                TogglePlay,
                Frame { elapsed_ms: 1.0 },
            ],
        );
        assert!(s.at_end() && !s.playing);
        let s = apply(s, &[TogglePlay]);
        assert_eq!((s.time, s.playing), (0, true));
    }
}
