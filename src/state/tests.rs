use super::*;
use crate::deep_link::Ignored;
use crate::state::playback::Stop;
use course::lesson::Action;

fn lesson(id: &str) -> Rc<Lesson> {
    Rc::new(course::lesson(id).expect("the lesson exists"))
}

fn open(id: &str, open: OpenAt) -> Rc<RunState> {
    Rc::new(RunState::open(lesson(id), open))
}

fn apply(state: Rc<RunState>, actions: &[RunAction]) -> Rc<RunState> {
    actions.iter().fold(state, |s, a| s.reduce(*a))
}

fn linked(query: &str) -> OpenAt {
    OpenAt {
        link: Some(Rc::new(MomentLink::parse(query))),
        ..OpenAt::default()
    }
}

fn built(state: &RunState) -> &Rc<Run> {
    state.run.as_ref().expect("the run builds")
}

const FRAME: RunAction = RunAction::Playback(PlaybackAction::Frame { elapsed_ms: 50.0 });

#[test]
fn playback_actions_move_the_playback_and_a_no_op_keeps_the_state() {
    let s = open("producer-03-async", OpenAt::default());
    let same = s.clone().reduce(PlaybackAction::StepBack.into());
    assert!(Rc::ptr_eq(&s, &same), "nothing before the start");
    let stops = built(&s).stops.clone();
    let s = apply(s, &[PlaybackAction::StepForward.into(); 2]);
    assert_eq!(s.playback.position(), stops[1]);
    let s = apply(s, &[PlaybackAction::Restart.into()]);
    assert_eq!((s.playback.time, s.playback.cursor), (0, Some(0)));
}

#[test]
fn the_prediction_is_asked_answered_revealed_and_closed_by_playing() {
    let s = open("producer-01-fire-and-forget", OpenAt::default());
    let asking = s.asking.clone().expect("the lesson's first prediction");
    assert_eq!(s.phase, Phase::Pending);
    assert_eq!(
        s.playback.hold,
        Some(asking.ask),
        "playing stops at the question"
    );
    let s = apply(s, &[PlaybackAction::Play.into()]);
    let s = (0..1_000)
        .try_fold(s, |s, _| match s.phase {
            Phase::Asking => Err(s),
            _ => Ok(s.reduce(FRAME)),
        })
        .expect_err("the question is reached");
    assert_eq!(s.playback.position(), asking.ask);
    assert!(!s.playback.playing);
    let answer = asking.key.expect("a right answer");
    let s = apply(s, &[RunAction::Answer(answer)]);
    assert_eq!(s.phase, Phase::Answered(answer));
    assert_eq!(s.playback.hold, Some(asking.reveal));
    assert!(s.playback.playing, "an answer plays on");
    let s = apply(
        s,
        &[RunAction::Playback(PlaybackAction::GoTo(asking.reveal))],
    );
    assert_eq!(s.phase, Phase::Revealed(answer));
    assert_eq!(s.playback.hold, None);
    let s = apply(s, &[RunAction::Skip]);
    assert_eq!(s.phase, Phase::Revealed(answer), "a verdict is not skipped");
    let s = apply(s, &[RunAction::CloseVerdict]);
    assert_eq!(s.phase, Phase::Dismissed);
}

#[test]
fn skipping_or_jumping_to_the_key_moment_puts_the_question_away() {
    let s = open("producer-01-fire-and-forget", OpenAt::default());
    let skipped = apply(s.clone(), &[RunAction::Skip]);
    assert_eq!(
        (skipped.phase, skipped.playback.hold),
        (Phase::Dismissed, None)
    );
    let key = built(&s).key_moment.expect("a key moment");
    let jumped = apply(s, &[RunAction::KeyMoment]);
    assert_eq!(jumped.phase, Phase::Dismissed);
    assert_eq!(jumped.playback.position(), key);
}

#[test]
fn a_what_if_re_runs_at_the_same_time_and_a_reset_takes_it_back() {
    let s = open("consumer-01-cgroup", OpenAt::default());
    let add = what_if_buttons(s.lesson())
        .iter()
        .position(|&(action, _)| action == Action::AddConsumer)
        .expect("the lesson offers to add a consumer");
    let at = built(&s).end / 2;
    let s = apply(
        s,
        &[RunAction::Playback(PlaybackAction::GoTo(Stop {
            time: at,
            seq: 0,
        }))],
    );
    let first = built(&s).clone();
    let s = apply(s, &[RunAction::WhatIf(add)]);
    assert_eq!(s.keys, vec![WhatIfKey { button: add, at }]);
    assert_eq!(s.version, 1);
    assert!(!Rc::ptr_eq(built(&s), &first), "the lesson ran again");
    assert_eq!((s.playback.time, s.playback.cursor), (at, None), "resumed");
    assert_eq!(s.taken(), vec![(Action::AddConsumer, 0)]);
    let s = apply(s, &[RunAction::ResetWhatIfs]);
    assert!(s.keys.is_empty() && s.changes == s.base);
    assert_eq!((s.version, s.playback.time), (2, at));
    let none = apply(s.clone(), &[RunAction::WhatIf(usize::MAX)]);
    assert!(Rc::ptr_eq(&s, &none), "no such button: nothing changes");
}

#[test]
fn the_time_lens_is_turned_off_through_the_reducer_and_stays_off_across_a_what_if() {
    let s = open("consumer-01-cgroup", OpenAt::default());
    assert!(s.playback.lens, "on by default");
    let add = what_if_buttons(s.lesson())
        .iter()
        .position(|&(action, _)| action == Action::AddConsumer)
        .expect("the lesson offers to add a consumer");
    let s = apply(
        s,
        &[
            PlaybackAction::SetLens(false).into(),
            RunAction::KeyMoment,
            RunAction::WhatIf(add),
        ],
    );
    assert_eq!(s.version, 1, "the lesson ran again");
    assert!(!s.playback.lens, "the student's choice stays");
    let s = apply(s, &[PlaybackAction::SetLens(true).into()]);
    assert!(s.playback.lens);
}

#[test]
fn a_link_opens_at_its_moment_and_reads_back_the_same() {
    let s = open("producer-01-fire-and-forget", OpenAt::default());
    let stop = built(&s).stops[5];
    let query = format!("at={}&seq={}", stop.time, stop.seq);
    let s = open("producer-01-fire-and-forget", linked(&query));
    assert_eq!(s.playback.position(), stop);
    assert_eq!(s.phase, Phase::Dismissed, "a linked moment asks nothing");
    assert_eq!(s.link().query(), query);
    // Playing from a link's moment reads back as a time, without a step.
    let s = apply(
        s,
        &[
            PlaybackAction::Play.into(),
            FRAME,
            PlaybackAction::Pause.into(),
        ],
    );
    assert_eq!(s.link().seq, None);
    assert_eq!(MomentLink::parse(&s.link().query()), s.link());
}

#[test]
fn a_link_with_what_ifs_replays_them_and_reads_back_the_same() {
    let plain = open("consumer-01-cgroup", OpenAt::default());
    let at = built(&plain).end / 2;
    let add = what_if_buttons(plain.lesson())
        .iter()
        .position(|&(action, _)| action == Action::AddConsumer)
        .expect("the lesson offers to add a consumer");
    let query = format!("at={}&whatif={add}@{at}", at + 100);
    let s = open("consumer-01-cgroup", linked(&query));
    assert_eq!(s.keys, vec![WhatIfKey { button: add, at }]);
    assert_eq!(s.link().query(), query);
    assert!(s.ignored.is_empty());
    let past = open("consumer-01-cgroup", linked("at=99999999&whatif=99@0"));
    let end = built(&past).end;
    assert_eq!(past.playback.time, end);
    assert_eq!(
        past.ignored,
        vec![Ignored::WhatIf("99@0".into()), Ignored::PastEnd(99_999_999)]
    );
    // A re-run forgets what the link could not use.
    let rerun = apply(past, &[RunAction::ResetWhatIfs]);
    assert!(rerun.ignored.is_empty());
}

#[test]
fn a_quiz_question_opens_at_its_question_and_cannot_be_skipped_away() {
    let question = "ff-len-after-flush";
    let s = open(
        "producer-01-fire-and-forget",
        OpenAt {
            question: Some(question),
            ..OpenAt::default()
        },
    );
    let asking = s.asking.clone().expect("the quiz's question");
    assert_eq!(s.lesson().predictions[asking.index].id, question);
    assert!(s.quiz());
    assert_eq!(
        (s.phase, s.playback.position()),
        (Phase::Asking, asking.ask)
    );
}

#[test]
fn a_practice_task_opens_at_its_moment() {
    let plain = open("producer-03-async", OpenAt::default());
    let stop = built(&plain).stops[7];
    let s = open(
        "producer-03-async",
        OpenAt {
            start_at: Some(stop),
            ..OpenAt::default()
        },
    );
    assert_eq!((s.playback.position(), s.phase), (stop, Phase::Dismissed));
}
