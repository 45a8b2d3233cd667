//! The cluster as a picture, without Yew: the messages on the wire ([`flights`]), where the
//! nodes and the chips go ([`geometry`]), how playback slows around hops ([`lens`]), and the
//! periodic traffic it does not slow for ([`cadence`]).

pub mod cadence;
pub mod flights;
pub mod geometry;
pub mod lens;
