//! The cluster as a picture, without Yew: the messages on the wire ([`flights`]), where the
//! nodes and the chips go ([`geometry`]), and how playback slows around hops ([`lens`]).

pub mod flights;
pub mod geometry;
pub mod lens;
